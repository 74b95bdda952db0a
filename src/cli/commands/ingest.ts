// tearline ingest <file|-> [--format stix|misp|csv|text] [--published YYYY-MM-DD] [--partial] [--json]:
// convert (when not STIX), validate and store. Atomic unless --partial.
import { ingestObjects } from '../../app/ingest/ingestObjects.ts';
import type { Store } from '../../app/ports.ts';
import { rejectedWhole, type IngestOutcome } from '../../app/ingest/outcome.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { progressBar } from '../progress.ts';
import { readInput } from '../readInput.ts';
import { isIsoDate } from '../isoDate.ts';
import { FORMATS, convertInput, type InputFormat } from '../../ingest/convertInput.ts';
import { ndjsonLines } from '../ndjsonObjects.ts';
import { startWorkerJudge } from '../../app/ingest/judgeWorkers.ts';
import { operatorActor } from './user.ts';

const USAGE = `usage: tearline ingest <file|-> [--format ${FORMATS.join('|')}] [--published YYYY-MM-DD] [--partial] [--json] [--db PATH]`;
const MAX_ERRORS_PRINTED = 50;
/**
 * From this size a STIX input's objects are parsed and validated by a judge thread while this
 * thread writes; below it, starting the thread (a few hundred ms of loading on the other core)
 * costs more than it saves. Started before the bundle is cut into objects, to be loaded sooner.
 */
const JUDGE_THREAD_FROM_BYTES = 4 * 1024 * 1024;

export async function ingestCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const parsed = parse(args, { ...STORE_OPTIONS, partial: { type: 'boolean' }, json: { type: 'boolean' }, format: { type: 'string' }, published: { type: 'string' } });
  if (!parsed.ok || parsed.positionals.length !== 1 || parsed.values.help === true) {
    io.stderr.write(`${parsed.ok ? '' : `tearline ingest: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const source = parsed.positionals[0] as string;
  const json = parsed.values.json === true;
  const format = (parsed.values.format ?? 'stix') as InputFormat;
  if (!FORMATS.includes(format)) {
    io.stderr.write(`tearline ingest: --format must be one of ${FORMATS.join(', ')}, got '${format}'\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const published = parsed.values.published;
  if (published !== undefined && !isIsoDate(published)) {
    io.stderr.write(`tearline ingest: --published must be a date YYYY-MM-DD, got '${published}'\n`);
    return EXIT_USAGE;
  }
  const opened = await openFor(io, deps, overridesFrom(parsed.values));
  if (!opened.ok) return opened.exitCode;
  const { config, store } = opened;
  const started = performance.now();
  try {
    if (format === 'ndjson') return await ingestStream(io, json, source, deps, store, started, parsed.values.partial === true);
    const input = await readInput(source, io.stdin, config.maxBundleBytes);
    if (!input.ok) return report(io, json, source, rejectedInput(input.code, input.message), started);
    const partial = parsed.values.partial === true;
    const workers = format === 'stix' && !partial && input.bytes.byteLength >= JUDGE_THREAD_FROM_BYTES ? startWorkerJudge() : undefined;
    try {
      const converted = convertInput(format, input.bytes, { maxBytes: config.maxBundleBytes, now: deps.clock.now(), published, deferObjects: true });
      if (!converted.ok) return report(io, json, source, rejectedInput(converted.error.code, converted.error.message), started);
      // Items an importer rejected make an atomic ingest refuse the whole input.
      if (converted.errors.length > 0 && !partial) {
        return report(io, json, source, rejectedWhole(converted.objects.length, converted.errors, converted.warnings), started);
      }
      const progress = progressBar(io.stderr, io.isTty && !json, converted.objects.length, 'ingest');
      const outcome = await ingestObjects(converted.objects, { partial, judge: workers?.judge, onProgress: (done) => progress.update(done) }, { store, clock: deps.clock, actor: operatorActor(io) });
      progress.finish(outcome.received);
      return report(io, json, source, {
        ...outcome,
        rejected: outcome.rejected + converted.errors.length,
        errors: [...converted.errors, ...outcome.errors],
        warnings: [...converted.warnings, ...outcome.warnings],
      }, started);
    } finally {
      await workers?.close();
    }
  } finally {
    await store.close();
  }
}

/**
 * NDJSON streams: objects are judged and written in batches, never all in memory; a worker
 * thread parses and validates the next batches while this thread writes.
 */
async function ingestStream(io: CliIo, json: boolean, source: string, deps: CliDeps, store: Store, started: number, partial: boolean): Promise<number> {
  if (partial) {
    io.stderr.write('tearline ingest: --partial is not available for ndjson streams (an object is only valid once everything it references is known)\n');
    return EXIT_USAGE;
  }
  const progress = progressBar(io.stderr, io.isTty && !json, 0, 'ingest');
  const workers = startWorkerJudge();
  try {
    const outcome = await ingestObjects(ndjsonLines(source, io.stdin), { judge: workers.judge, onProgress: (done) => progress.update(done) }, { store, clock: deps.clock, actor: operatorActor(io) });
    progress.finish(outcome.received);
    return report(io, json, source, outcome, started);
  } finally {
    await workers.close();
  }
}

function rejectedInput(code: string, message: string): IngestOutcome {
  return rejectedWhole(0, [{ path: '', code, message }]);
}

function report(io: CliIo, json: boolean, source: string, outcome: IngestOutcome, started: number): number {
  const seconds = (performance.now() - started) / 1000;
  const exitCode = outcome.errors.length > 0 ? EXIT_REJECTED : EXIT_OK;
  if (json) {
    const { results: _results, ...summary } = outcome;
    io.stdout.write(`${JSON.stringify({ source, ...summary, warnings: outcome.warnings.length, warningDetails: outcome.warnings.slice(0, 100), seconds: round(seconds), objectsPerSecond: Math.round(outcome.received / Math.max(seconds, 1e-6)) })}\n`);
    return exitCode;
  }
  for (const error of outcome.errors.slice(0, MAX_ERRORS_PRINTED)) {
    const where = [error.objectId, error.path].filter((x) => x !== undefined && x !== '').join(' at ');
    io.stderr.write(`error: ${where === '' ? '' : `${where}: `}${error.code}: ${error.message}\n`);
  }
  if (outcome.errors.length > MAX_ERRORS_PRINTED) io.stderr.write(`... and ${outcome.errors.length - MAX_ERRORS_PRINTED} more errors (use --json for all)\n`);
  const verdict = outcome.committed ? 'stored' : 'rejected, nothing stored';
  io.stdout.write(
    `${source}: ${verdict}: ${outcome.received} objects, ${outcome.stored} new, ${outcome.unchanged} unchanged, ${outcome.rejected} rejected, ${outcome.warnings.length} warnings in ${round(seconds)} s\n`,
  );
  return exitCode;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
