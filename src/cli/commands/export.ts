// tearline export [--type T]... [--since ISO]: the latest versions as one STIX bundle on
// stdout, streamed from the store (stored JSON text joined, never re-serialised).
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { isTimestamp } from '../../domain/stix/index.ts';
import { mispEventFor } from './exportMisp.ts';

const USAGE = 'usage: tearline export [--type TYPE]... [--since ISO-TIMESTAMP] [--db PATH]\n       tearline export --format misp --id REPORT-OR-GROUPING-ID [--db PATH]';

export async function exportCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const parsed = parse(args, { ...STORE_OPTIONS, type: { type: 'string', multiple: true }, since: { type: 'string' }, format: { type: 'string' }, id: { type: 'string' } });
  if (!parsed.ok || parsed.positionals.length > 0 || parsed.values.help === true) {
    io.stderr.write(`${parsed.ok ? '' : `tearline export: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const format = parsed.values.format ?? 'stix';
  if (format !== 'stix' && format !== 'misp') {
    io.stderr.write(`tearline export: --format must be stix or misp, got '${format}'\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (format === 'misp') return exportMisp(parsed.values, io, deps);
  const since = parsed.values.since;
  if (since !== undefined && !isTimestamp(since)) {
    io.stderr.write(`tearline export: --since must be an RFC 3339 UTC timestamp such as 2024-01-31T00:00:00Z, got '${since}'\n`);
    return EXIT_USAGE;
  }
  const types = parsed.values.type as unknown as string[] | undefined;
  const opened = await openFor(io, deps, overridesFrom(parsed.values));
  if (!opened.ok) return opened.exitCode;
  try {
    await writeBundle(io.stdout, opened.store.scanLatestObjects({ types, since }));
    return EXIT_OK;
  } finally {
    await opened.store.close();
  }
}

export async function writeBundle(out: Writable, records: AsyncIterable<{ readonly json: string }>): Promise<number> {
  let count = 0;
  let chunk = `{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`;
  for await (const record of records) {
    chunk += count === 0 ? record.json : `,${record.json}`;
    count += 1;
    // Write in ~64 KiB pieces and honour backpressure so memory stays flat on big exports.
    if (chunk.length >= 65536) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  chunk += ']}\n';
  if (!out.write(chunk)) await once(out, 'drain');
  return count;
}

/** One report or threat as a MISP event on stdout; exit 1 when the id is not stored. */
async function exportMisp(values: { id?: string; db?: string; type?: unknown; since?: string }, io: CliIo, deps: CliDeps): Promise<number> {
  if (values.id === undefined || values.type !== undefined || values.since !== undefined) {
    io.stderr.write(`tearline export: --format misp needs --id (and takes no --type or --since)\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const opened = await openFor(io, deps, overridesFrom(values));
  if (!opened.ok) return opened.exitCode;
  try {
    const event = await mispEventFor(opened.store, values.id, deps.clock.now());
    if (event === null) {
      io.stderr.write(`tearline export: no stored object ${values.id}\n`);
      return EXIT_REJECTED;
    }
    io.stdout.write(`${JSON.stringify(event)}\n`);
    return EXIT_OK;
  } finally {
    await opened.store.close();
  }
}
