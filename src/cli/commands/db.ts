// tearline db copy --from LOCATION --to LOCATION [--json]: moves a whole store from one
// adapter to another (SQLite to PostgreSQL when one machine is not enough, or back), into an
// empty target, all or nothing; then verifies the audit chain on the target. LOCATION is
// sqlite:PATH or a postgres:// URL (its `options=-c search_path=S` picks a schema).
import { isAbsolute, resolve } from 'node:path';
import type { StoreLocation } from '../../app/ports/storeCopy.ts';
import { formatAnchor, verifyAuditChain, type ChainReport } from '../../app/audit/verify.ts';
import { loadConfig } from '../../config/config.ts';
import { parse } from '../args.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { redactConfig } from './config.ts';

const USAGE = `usage: tearline db copy --from LOCATION --to LOCATION [--json]
  LOCATION  sqlite:PATH, or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?options=-c%20search_path%3DSCHEMA]
  Copies every table of the store at --from into the empty store at --to in one transaction,
  then verifies the audit chain there. A target that already holds rows is refused (exit 1).`;

const OPTIONS = { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export function parseLocation(text: string, cwd: string): StoreLocation | undefined {
  if (/^postgres(ql)?:\/\//.test(text)) return { kind: 'postgres', url: text };
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length);
    if (path === '' || path === ':memory:') return undefined;
    return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  return undefined;
}

function describe(location: StoreLocation): string {
  return location.kind === 'sqlite' ? `sqlite:${location.path}` : (redactConfig(location.url) as string);
}

export async function dbCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parse(rest, OPTIONS);
  if (sub !== 'copy' || !parsed.ok || parsed.values.help === true || parsed.positionals.length > 0) {
    io.stderr.write(`${parsed.ok ? '' : `tearline db: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const { from: fromText, to: toText } = parsed.values;
  if (fromText === undefined || toText === undefined) {
    io.stderr.write(`tearline db copy: --from and --to are both required\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const from = parseLocation(fromText, io.cwd);
  const to = parseLocation(toText, io.cwd);
  for (const [flag, text, location] of [['--from', fromText, from], ['--to', toText, to]] as const) {
    if (location === undefined) {
      io.stderr.write(`tearline db copy: ${flag} must be sqlite:PATH or a postgres:// URL, got '${redactConfig(text) as string}'\n`);
      return EXIT_USAGE;
    }
  }
  if (from === undefined || to === undefined) return EXIT_USAGE;
  if (from.kind === 'sqlite' && to.kind === 'sqlite' && from.path === to.path) {
    io.stderr.write('tearline db copy: --from and --to name the same file\n');
    return EXIT_USAGE;
  }

  const json = parsed.values.json === true;
  let outcome;
  try {
    outcome = await deps.copyStore(from, to, {
      onTable: (t) => {
        if (!json && io.isTty) io.stderr.write(`  ${t.table}: ${t.rows} rows\n`);
      },
    });
  } catch (error) {
    io.stderr.write(`tearline db copy: failed, nothing committed to ${describe(to)}: ${(error as Error).message}\n`);
    return EXIT_REJECTED;
  }
  if (!outcome.ok) {
    if (json) io.stdout.write(`${JSON.stringify({ ok: false, code: outcome.code, message: outcome.message })}\n`);
    io.stderr.write(`tearline db copy: refused (${outcome.code}), nothing copied: ${outcome.message}\n`);
    return EXIT_REJECTED;
  }

  const audit = await verifyTarget(to, io, deps);
  if (json) {
    io.stdout.write(`${JSON.stringify({ ok: audit.ok, from: describe(from), to: describe(to), rows: outcome.rows, tables: outcome.tables, audit })}\n`);
  } else {
    io.stdout.write(`copied ${outcome.rows} rows in ${outcome.tables.length} tables from ${describe(from)} to ${describe(to)}\n`);
    for (const t of outcome.tables) if (t.rows > 0) io.stdout.write(`  ${t.table.padEnd(26)} ${t.rows}\n`);
    io.stdout.write(audit.ok
      ? `audit log intact on the target: ${audit.entries} entries; head ${audit.head === null ? '(empty log)' : formatAnchor(audit.head)}\n`
      : `audit log BROKEN on the target at entry ${audit.break?.position}: ${audit.break?.message}\n`);
  }
  return audit.ok ? EXIT_OK : EXIT_REJECTED;
}

/** Opens the target the way every command would and verifies its audit chain. */
async function verifyTarget(to: StoreLocation, io: CliIo, deps: CliDeps): Promise<ChainReport> {
  const env = { ...io.env, TEARLINE_DATABASE_URL: to.kind === 'postgres' ? to.url : '' };
  const config = loadConfig(env, to.kind === 'sqlite' ? { db: to.path } : {}, io.cwd);
  if (!config.ok) throw new Error(config.errors.map((e) => `${e.key}: ${e.message}`).join('; '));
  const store = await deps.openStore(config.config);
  try {
    return await verifyAuditChain(store.audit.scan());
  } finally {
    await store.close();
  }
}
