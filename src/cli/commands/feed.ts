// tearline feed add|list|remove: remote TAXII collections that `tearline serve` pulls every
// --interval seconds (default 15 minutes), one pull of a feed at a time.
//
// Credentials: --password-env/--token-env store only the name of an environment variable of
// the server's process (the secret stays out of the database); --password-stdin/--token-stdin
// store the secret itself in the database, readable by whoever can read its file.
import type { Store } from '../../app/ports.ts';
import { addFeed, removeFeed } from '../../app/taxii/manageFeeds.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { AUTH_OPTIONS, authFromFlags } from './taxii.ts';
import { operatorActor } from './user.ts';

const USAGE = `usage: tearline feed add NAME <discovery-or-collection-url> [--collection ID] [--into LOCAL-COLLECTION] [--interval SECONDS] [AUTH] [--ca FILE]
       tearline feed list [--json]
       tearline feed remove NAME
AUTH: --user NAME (--password-env VAR | --password-stdin) | --token-env VAR | --token-stdin; common options: --db PATH`;

const DEFAULT_INTERVAL_SECONDS = 900;

const OPTIONS = {
  ...STORE_OPTIONS,
  ...AUTH_OPTIONS,
  collection: { type: 'string' },
  into: { type: 'string' },
  interval: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function feedCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parse(rest, OPTIONS);
  const arity = sub === 'add' ? 2 : sub === 'remove' ? 1 : 0;
  if (!['add', 'list', 'remove'].includes(sub ?? '') || !parsed.ok || parsed.values.help === true || parsed.positionals.length !== arity) {
    io.stderr.write(`${parsed.ok ? '' : `tearline feed: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const values = parsed.values;
  if (values.password !== undefined || values.token !== undefined) {
    io.stderr.write('tearline feed add: a secret on the command line would be stored and shown in the process list; use --password-env/--token-env or --password-stdin/--token-stdin\n');
    return EXIT_USAGE;
  }
  const auth = sub === 'add' ? await authFromFlags(values, io) : undefined;
  if (auth !== undefined && !auth.ok) {
    io.stderr.write(`tearline feed add: ${auth.message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const interval = values.interval === undefined ? DEFAULT_INTERVAL_SECONDS : /^\d{1,9}$/.test(values.interval) ? Number(values.interval) : Number.NaN;
  const opened = await openFor(io, deps, overridesFrom(values));
  if (!opened.ok) return opened.exitCode;
  const { store } = opened;
  const ctx = { store, clock: deps.clock, actor: operatorActor(io) };
  try {
    if (sub === 'list') return await list(store, io, values.json === true);
    if (sub === 'remove') {
      const removed = await removeFeed(parsed.positionals[0] as string, ctx);
      if (!removed.ok) return refused(io, 'remove', removed.message);
      io.stdout.write(`removed feed ${parsed.positionals[0] as string}\n`);
      return EXIT_OK;
    }
    const added = await addFeed({
      name: parsed.positionals[0] as string,
      url: parsed.positionals[1] as string,
      ...(values.collection === undefined ? {} : { collection: values.collection }),
      ...(values.into === undefined ? {} : { intoCollection: values.into }),
      ...(values.ca === undefined ? {} : { caFile: values.ca }),
      auth: auth?.ok === true ? auth.auth : { kind: 'none' },
      intervalSeconds: interval,
    }, ctx);
    if (!added.ok) return refused(io, 'add', added.message);
    io.stdout.write(`added feed ${added.value.name}: ${added.value.url} every ${added.value.intervalSeconds} s, pulled by \`tearline serve\`\n`);
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

function refused(io: CliIo, sub: string, message: string): number {
  io.stderr.write(`tearline feed ${sub}: ${message}\n`);
  return EXIT_REJECTED;
}

async function list(store: Store, io: CliIo, json: boolean): Promise<number> {
  // Secrets are never printed: the auth kind and user, or the variable's name.
  const feeds = (await store.taxii.listFeeds()).map((f) => ({
    ...f,
    auth: f.auth.kind === 'basic' ? { kind: 'basic', user: f.auth.user, ...(f.auth.passwordEnv === undefined ? {} : { passwordEnv: f.auth.passwordEnv }) }
      : f.auth.kind === 'token' ? { kind: 'token', ...(f.auth.tokenEnv === undefined ? {} : { tokenEnv: f.auth.tokenEnv }) } : f.auth,
  }));
  if (json) {
    io.stdout.write(`${JSON.stringify(feeds)}\n`);
    return EXIT_OK;
  }
  if (feeds.length === 0) io.stdout.write('no feeds (tearline feed add NAME URL)\n');
  for (const f of feeds) {
    const last = f.lastFinishedAt === null ? 'never run' : `last run ${f.lastFinishedAt}: ${f.lastError ?? `${f.lastStored ?? 0} new`}`;
    io.stdout.write(`${f.name}  ${f.url}${f.collection === null ? '' : ` (${f.collection})`}  every ${f.intervalSeconds} s  ${last}${f.leaseOwner === null ? '' : '  (running)'}\n`);
  }
  return EXIT_OK;
}
