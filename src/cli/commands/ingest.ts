// tearline ingest <file|-> [--partial] [--json]: validate and store a STIX bundle or object.
import { parseStixInput } from '../../app/ingest/parseStixInput.ts';
import { ingestObjects } from '../../app/ingest/ingestObjects.ts';
import type { IngestOutcome } from '../../app/ingest/outcome.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { progressBar } from '../progress.ts';
import { readInput } from '../readInput.ts';

const USAGE = 'usage: tearline ingest <file|-> [--partial] [--json] [--db PATH]';
const MAX_ERRORS_PRINTED = 50;

export async function ingestCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const parsed = parse(args, { ...STORE_OPTIONS, partial: { type: 'boolean' }, json: { type: 'boolean' } });
  if (!parsed.ok || parsed.positionals.length !== 1 || parsed.values.help === true) {
    io.stderr.write(`${parsed.ok ? '' : `tearline ingest: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const source = parsed.positionals[0] as string;
  const json = parsed.values.json === true;
  const opened = await openFor(io, deps, overridesFrom(parsed.values));
  if (!opened.ok) return opened.exitCode;
  const { config, store } = opened;
  const started = performance.now();
  try {
    const input = await readInput(source, io.stdin, config.maxBundleBytes);
    if (!input.ok) return report(io, json, source, rejectedInput(input.code, input.message), started);
    const parsedInput = parseStixInput(input.bytes, config.maxBundleBytes);
    if (!parsedInput.ok) return report(io, json, source, rejectedInput(parsedInput.error.code, parsedInput.error.message), started);
    const progress = progressBar(io.stderr, io.isTty && !json, parsedInput.objects.length, 'ingest');
    const outcome = await ingestObjects(
      parsedInput.objects,
      { partial: parsed.values.partial === true, onProgress: (done) => progress.update(done) },
      { store, clock: deps.clock },
    );
    progress.finish(outcome.received);
    return report(io, json, source, outcome, started);
  } finally {
    await store.close();
  }
}

function rejectedInput(code: string, message: string): IngestOutcome {
  return { committed: false, received: 0, stored: 0, unchanged: 0, rejected: 0, errors: [{ path: '', code, message }], warnings: [], results: [] };
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
