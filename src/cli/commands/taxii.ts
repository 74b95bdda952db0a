// tearline taxii pull|push: this instance as a TAXII 2.1 client.
//
//   pull <discovery-, api-root- or collection-url>: every object the account may read, page
//        by page (`next`), through the same validation as files; resumes from the stored
//        checkpoint of that collection and account (or --since).
//   push <collection-url> <bundle|->: the bundle's objects as Add Objects requests, split to
//        fit the API root's max_content_length; prints each status.
//
// TLS is always verified; --ca FILE adds a trusted certificate authority (a partner's private
// CA, a pinned self-signed certificate). Secrets on the command line are visible to other
// local users in the process list: prefer --password-env/--token-env or the -stdin forms.
import { ingestObjects } from '../../app/ingest/ingestObjects.ts';
import { parseStixInput } from '../../app/ingest/parseStixInput.ts';
import type { FeedAuth, RemoteResult } from '../../app/ports/taxii.ts';
import { pullCollection, type PullReport } from '../../app/taxii/pullCollection.ts';
import { isUtcTimestamp } from '../../app/taxii/timestamps.ts';
import { checkTaxiiUrl } from '../../app/taxii/manageFeeds.ts';
import type { RemoteStatus, TaxiiClient } from '../../ingest/taxii/client.ts';
import { connect, type ConnectOptions } from '../../ingest/taxii/connect.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { configFor, openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { readInput } from '../readInput.ts';
import { operatorActor } from './user.ts';

const USAGE = `usage: tearline taxii pull <discovery-or-collection-url> [--collection ID] [--since TIMESTAMP] [--into LOCAL-COLLECTION] [--limit N] [AUTH] [--ca FILE] [--json] [--db PATH]
       tearline taxii push <collection-url> <bundle-file|-> [AUTH] [--ca FILE] [--json]
AUTH: --user NAME (--password P | --password-env VAR | --password-stdin) | --token T | --token-env VAR | --token-stdin`;

export const AUTH_OPTIONS = {
  user: { type: 'string' },
  password: { type: 'string' },
  'password-env': { type: 'string' },
  'password-stdin': { type: 'boolean' },
  token: { type: 'string' },
  'token-env': { type: 'string' },
  'token-stdin': { type: 'boolean' },
  ca: { type: 'string' },
} as const;

const OPTIONS = {
  ...STORE_OPTIONS,
  ...AUTH_OPTIONS,
  collection: { type: 'string' },
  since: { type: 'string' },
  into: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type AuthValues = { readonly [K in keyof typeof AUTH_OPTIONS]?: (typeof AUTH_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/**
 * Credentials from the flags. `store` says what a feed keeps: a secret read from stdin or
 * given, or only the name of the variable that holds it.
 */
export async function authFromFlags(values: AuthValues, io: CliIo): Promise<{ ok: true; auth: FeedAuth } | { ok: false; message: string }> {
  const passwordWays = [values.password, values['password-env'], values['password-stdin'] === true ? true : undefined].filter((v) => v !== undefined).length;
  const tokenWays = [values.token, values['token-env'], values['token-stdin'] === true ? true : undefined].filter((v) => v !== undefined).length;
  if (passwordWays + tokenWays > 1) return { ok: false, message: 'give one password or one token, one way' };
  if (values.user !== undefined) {
    if (passwordWays === 0) return { ok: false, message: '--user needs --password, --password-env or --password-stdin' };
    if (values['password-stdin'] === true) return { ok: true, auth: { kind: 'basic', user: values.user, password: await readSecret(io) } };
    return { ok: true, auth: values.password !== undefined ? { kind: 'basic', user: values.user, password: values.password } : { kind: 'basic', user: values.user, passwordEnv: values['password-env'] as string } };
  }
  if (passwordWays > 0) return { ok: false, message: 'a password needs --user' };
  if (values['token-stdin'] === true) return { ok: true, auth: { kind: 'token', token: await readSecret(io) } };
  if (values.token !== undefined) return { ok: true, auth: { kind: 'token', token: values.token } };
  if (values['token-env'] !== undefined) return { ok: true, auth: { kind: 'token', tokenEnv: values['token-env'] } };
  return { ok: true, auth: { kind: 'none' } };
}

/** The first line of stdin, without its line ending. */
export async function readSecret(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    if (chunks.reduce((n, c) => n + c.byteLength, 0) > 64 * 1024) break;
  }
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '');
}

export function userAgent(deps: CliDeps): string {
  return `Tearline/${deps.version} (TAXII 2.1 client)`;
}

export async function taxiiCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parse(rest, OPTIONS);
  if ((sub !== 'pull' && sub !== 'push') || !parsed.ok || parsed.values.help === true) {
    io.stderr.write(`${parsed.ok ? '' : `tearline taxii: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const values = parsed.values;
  const expected = sub === 'pull' ? 1 : 2;
  if (parsed.positionals.length !== expected) {
    io.stderr.write(`tearline taxii ${sub}: expected ${expected === 1 ? 'a URL' : 'a collection URL and a bundle'}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const url = parsed.positionals[0] as string;
  const urlProblem = checkTaxiiUrl(url);
  if (urlProblem !== null) {
    io.stderr.write(`tearline taxii ${sub}: ${urlProblem}\n`);
    return EXIT_USAGE;
  }
  const auth = await authFromFlags(values, io);
  if (!auth.ok) {
    io.stderr.write(`tearline taxii ${sub}: ${auth.message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const settings = { auth: auth.auth, caFile: values.ca ?? null, collection: values.collection ?? null };
  const connectOptions: ConnectOptions = { userAgent: userAgent(deps), env: io.env };
  return sub === 'pull'
    ? pull(url, settings, values, connectOptions, io, deps)
    : push(url, parsed.positionals[1] as string, settings, values, connectOptions, io);
}

async function pull(
  url: string,
  settings: Parameters<typeof connect>[1],
  values: { since?: string; into?: string; limit?: string; json?: boolean; db?: string },
  connectOptions: ConnectOptions,
  io: CliIo,
  deps: CliDeps,
): Promise<number> {
  if (values.since !== undefined && !isUtcTimestamp(values.since)) {
    io.stderr.write(`tearline taxii pull: --since must be a UTC timestamp like 2025-01-31T00:00:00Z, got '${values.since}'\n`);
    return EXIT_USAGE;
  }
  if (values.limit !== undefined && !/^[1-9]\d{0,5}$/.test(values.limit)) {
    io.stderr.write(`tearline taxii pull: --limit must be a positive integer, got '${values.limit}'\n`);
    return EXIT_USAGE;
  }
  const opened = await openFor(io, deps, overridesFrom(values));
  if (!opened.ok) return opened.exitCode;
  const { store } = opened;
  try {
    let into: string | undefined;
    if (values.into !== undefined) {
      const local = await store.taxii.resolveCollection(values.into);
      if (local === null) {
        io.stderr.write(`tearline taxii pull: no local collection ${values.into}\n`);
        return EXIT_USAGE;
      }
      into = local.id;
    }
    const connected = await connect(url, settings, { ...connectOptions, maxResponseBytes: opened.config.maxBundleBytes });
    if (!connected.ok) {
      io.stderr.write(`tearline taxii pull: ${connected.error.message}\n`);
      return EXIT_REJECTED;
    }
    const outcome = await pullCollection(connected.value.source, {
      ...(values.since === undefined ? {} : { since: values.since }),
      ...(into === undefined ? {} : { intoCollection: into }),
      ...(values.limit === undefined ? {} : { limit: Number(values.limit) }),
      actor: operatorActor(io),
    }, { store, clock: deps.clock, ingest: ingestObjects });
    report(io, values.json === true, connected.value.target.url, outcome.report, outcome.ok ? null : outcome.error.message);
    return outcome.ok && outcome.report.rejected === 0 ? EXIT_OK : EXIT_REJECTED;
  } finally {
    await store.close();
  }
}

function report(io: CliIo, json: boolean, url: string, r: PullReport, error: string | null): void {
  if (json) {
    io.stdout.write(`${JSON.stringify({ url, ...r, error })}\n`);
    return;
  }
  for (const issue of r.errors.slice(0, 50)) io.stderr.write(`rejected: ${issue.objectId ?? issue.path}: ${issue.code}: ${issue.message}\n`);
  if (error !== null) io.stderr.write(`tearline taxii pull: ${error}\n`);
  const from = r.startedFrom === 'beginning' ? 'from the beginning' : `from the ${r.startedFrom}`;
  io.stdout.write(`${url}: ${r.pages} pages ${from}, ${r.received} objects received, ${r.stored} new, ${r.unchanged} unchanged, ${r.rejected} rejected`
    + `${r.complete ? `; the next pull starts after ${r.addedAfter ?? 'the beginning'}` : '; incomplete, the next pull resumes here'}\n`);
}

async function push(
  url: string,
  source: string,
  settings: Parameters<typeof connect>[1],
  values: { json?: boolean; db?: string },
  connectOptions: ConnectOptions,
  io: CliIo,
): Promise<number> {
  const config = configFor(io, overridesFrom(values));
  if (config === undefined) return EXIT_USAGE;
  const input = await readInput(source, io.stdin, config.maxBundleBytes);
  if (!input.ok) {
    io.stderr.write(`tearline taxii push: ${input.message}\n`);
    return EXIT_REJECTED;
  }
  const parsed = parseStixInput(input.bytes, config.maxBundleBytes);
  if (!parsed.ok) {
    io.stderr.write(`tearline taxii push: ${parsed.error.message}\n`);
    return EXIT_REJECTED;
  }
  const connected = await connect(url, settings, connectOptions);
  if (!connected.ok) {
    io.stderr.write(`tearline taxii push: ${connected.error.message}\n`);
    return EXIT_REJECTED;
  }
  const { client, target } = connected.value;
  const limit = await client.maxContentLength(target.apiRoot);
  // Without the API root (some accounts may not read it), the TAXII 2.1 example size, 100 MiB, would be a guess; stay small.
  const batches = envelopes(parsed.objects, limit.ok ? limit.value : 10 * 1024 * 1024);
  const totals = { total: 0, success: 0, failure: 0 };
  const failures: string[] = [];
  const statuses: string[] = [];
  for (const batch of batches) {
    if (batch.tooLarge !== undefined) {
      totals.total += 1;
      totals.failure += 1;
      failures.push(`${batch.tooLarge}: larger than the server's max_content_length`);
      continue;
    }
    const status = await settled(client, target.apiRoot, await client.addObjects(target.url, batch.objects));
    if (!status.ok) {
      io.stderr.write(`tearline taxii push: ${status.error.message}\n`);
      return EXIT_REJECTED;
    }
    statuses.push(status.value.id);
    totals.total += status.value.total_count;
    totals.success += status.value.success_count;
    totals.failure += status.value.failure_count;
    for (const f of status.value.failures ?? []) failures.push(`${f.id}: ${f.message ?? 'failed'}`);
  }
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify({ url: target.url, ...totals, statuses, failures })}\n`);
  } else {
    for (const line of failures.slice(0, 50)) io.stderr.write(`failed: ${line}\n`);
    io.stdout.write(`${target.url}: ${totals.total} objects sent in ${batches.length} requests, ${totals.success} accepted, ${totals.failure} failed (status ${statuses.join(', ')})\n`);
  }
  return totals.failure === 0 ? EXIT_OK : EXIT_REJECTED;
}

type Batch = { readonly objects: readonly unknown[]; readonly tooLarge?: undefined } | { readonly objects: readonly []; readonly tooLarge: string };

/** Envelopes whose JSON fits in `limit` bytes; an object that fits in none is its own entry. */
function envelopes(objects: readonly unknown[], limit: number): Batch[] {
  const overhead = Buffer.byteLength('{"objects":[]}');
  const batches: Batch[] = [];
  let current: unknown[] = [];
  let size = overhead;
  for (const object of objects) {
    const bytes = Buffer.byteLength(JSON.stringify(object)) + 1;
    if (bytes + overhead > limit) {
      const id = (object as { id?: unknown } | null)?.id;
      batches.push({ objects: [], tooLarge: typeof id === 'string' ? id : 'an object' });
      continue;
    }
    if (size + bytes > limit && current.length > 0) {
      batches.push({ objects: current });
      current = [];
      size = overhead;
    }
    current.push(object);
    size += bytes;
  }
  if (current.length > 0) batches.push({ objects: current });
  return batches;
}

/** §5.5: a pending status is polled (§4.3) until complete, for at most a few minutes. */
async function settled(client: TaxiiClient, apiRoot: string, posted: RemoteResult<RemoteStatus>): Promise<RemoteResult<RemoteStatus>> {
  let status = posted;
  for (let wait = 500; status.ok && status.value.status === 'pending' && wait < 60_000; wait *= 2) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    status = await client.getStatus(apiRoot, status.value.id);
  }
  return status;
}
