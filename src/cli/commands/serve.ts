// tearline serve: the HTTP server on the configured store until SIGINT/SIGTERM.
// tearline start: the same, loading the demo scenario into an empty store first (npm start).
import { parseStixInput } from '../../app/ingest/parseStixInput.ts';
import { ingestObjects } from '../../app/ingest/ingestObjects.ts';
import type { Store } from '../../app/ports.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.ts';

const OPTIONS = { ...STORE_OPTIONS, host: { type: 'string' }, port: { type: 'string' }, demo: { type: 'boolean' } } as const;

export function serveCommand(mode: 'serve' | 'start') {
  return async (args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> => {
    const usage = `usage: tearline ${mode} [--host HOST] [--port PORT] [--db PATH]${mode === 'serve' ? ' [--demo]' : ''}`;
    const parsed = parse(args, OPTIONS);
    if (!parsed.ok || parsed.positionals.length > 0 || parsed.values.help === true) {
      io.stderr.write(`${parsed.ok ? '' : `tearline ${mode}: ${parsed.message}\n`}${usage}\n`);
      return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
    }
    const opened = await openFor(io, deps, overridesFrom(parsed.values));
    if (!opened.ok) return opened.exitCode;
    const { config, store } = opened;
    if ((mode === 'start' && config.loadDemo) || parsed.values.demo === true) await loadDemoOnce(store, deps, io);
    const server = await deps.serve(config, store);
    io.stdout.write(`Tearline ${deps.version} is listening on ${server.url}\n`);
    io.stdout.write(`  workbench: ${server.url}/\n  database:  ${config.dbPath}\n  health:    ${server.url}/api/health\n`);
    io.stdout.write('Press Ctrl+C to stop.\n');
    await waitForSignal();
    io.stdout.write('stopping...\n');
    await server.close();
    await store.close();
    return EXIT_OK;
  };
}

async function loadDemoOnce(store: Store, deps: CliDeps, io: CliIo): Promise<void> {
  const stats = await store.stats();
  if (stats.objects > 0) return;
  const parsed = parseStixInput(await deps.demoBundle(), Number.MAX_SAFE_INTEGER);
  if (!parsed.ok) throw new Error(`demo scenario is not valid input: ${parsed.error.message}`);
  const outcome = await ingestObjects(parsed.objects, {}, { store, clock: deps.clock });
  if (!outcome.committed) {
    throw new Error(`demo scenario was rejected: ${outcome.errors.map((e) => `${e.path} ${e.code} ${e.message}`).join('; ')}`);
  }
  io.stdout.write(`Loaded the demo scenario: ${outcome.stored} objects.\n`);
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
