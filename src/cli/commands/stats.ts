// tearline stats [--json]: what the store holds.
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.ts';

const USAGE = 'usage: tearline stats [--json] [--db PATH]';

export async function statsCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const parsed = parse(args, { ...STORE_OPTIONS, json: { type: 'boolean' } });
  if (!parsed.ok || parsed.positionals.length > 0 || parsed.values.help === true) {
    io.stderr.write(`${parsed.ok ? '' : `tearline stats: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const opened = await openFor(io, deps, overridesFrom(parsed.values));
  if (!opened.ok) return opened.exitCode;
  try {
    const stats = await opened.store.stats();
    if (parsed.values.json === true) {
      io.stdout.write(`${JSON.stringify({ database: opened.config.dbPath, ...stats })}\n`);
      return EXIT_OK;
    }
    io.stdout.write(`database:    ${opened.config.dbPath}\n`);
    io.stdout.write(`objects:     ${stats.objects}\nversions:    ${stats.versions}\nrevoked:     ${stats.revoked}\ncollections: ${stats.collections}\n`);
    const types = Object.entries(stats.byType).sort((a, b) => b[1] - a[1]);
    for (const [type, count] of types) io.stdout.write(`  ${type.padEnd(24)} ${count}\n`);
    return EXIT_OK;
  } finally {
    await opened.store.close();
  }
}
