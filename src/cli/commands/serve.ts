// tearline serve: the HTTP server on the configured store until SIGINT/SIGTERM.
// tearline start: the same, loading the demo scenario into an empty store first (npm start).
import { ingestObjects } from '../../app/ingest/ingestObjects.ts';
import { startReassessTimer } from '../../app/fusion/reassessTimer.ts';
import { DEADLINE_TICK_MS, startWarningScheduler } from '../../app/warning/scheduler.ts';
import { warningSettingsFromEnv } from '../../app/warning/settings.ts';
import { foundingReports } from '../../demo/foundingScenario.ts';
import { convertInput } from '../../ingest/convertInput.ts';
import type { Store } from '../../app/ports.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.ts';
import { firstLoginLines } from './user.ts';
import { redactConfig } from './config.ts';
import { startDispatchTimer } from '../../app/delivery/dispatchTimer.ts';
import { deliveryEnvironment, dispatchContextFor } from './delivery.ts';
import { plainHttpRefusal } from '../../config/config.ts';

const OPTIONS = { ...STORE_OPTIONS, host: { type: 'string' }, port: { type: 'string' }, demo: { type: 'boolean' } } as const;
/** Issue 6: the clock crossing an imminence boundary re-assesses threats; checked every minute. */
const REASSESS_EVERY_MS = 60_000;

export function serveCommand(mode: 'serve' | 'start') {
  return async (args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> => {
    const usage = `usage: tearline ${mode} [--host HOST] [--port PORT] [--db PATH]${mode === 'serve' ? ' [--demo]' : ''}`;
    const parsed = parse(args, OPTIONS);
    if (!parsed.ok || parsed.positionals.length > 0 || parsed.values.help === true) {
      io.stderr.write(`${parsed.ok ? '' : `tearline ${mode}: ${parsed.message}\n`}${usage}\n`);
      return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
    }
    // Issue 7: deadlines by imminence class, configurable (TEARLINE_WARNING_*; app/warning/settings.ts).
    const warningSettings = warningSettingsFromEnv(io.env);
    if (!warningSettings.ok) {
      io.stderr.write(`tearline ${mode}: configuration: ${warningSettings.errors.join('; ')}\n`);
      return EXIT_USAGE;
    }
    // Issue 7: delivery channels (TEARLINE_SMTP_URL, TEARLINE_ACK_SECRET…; cli/commands/delivery.ts).
    const delivery = deliveryEnvironment(io.env);
    if (!delivery.ok) {
      io.stderr.write(`tearline ${mode}: configuration: ${delivery.errors.join('; ')}\n`);
      return EXIT_USAGE;
    }
    const opened = await openFor(io, deps, overridesFrom(parsed.values));
    if (!opened.ok) return opened.exitCode;
    const { config, store } = opened;
    const refusal = plainHttpRefusal(config);
    if (refusal !== null) {
      io.stderr.write(`tearline ${mode}: ${refusal}\n`);
      await store.close();
      return EXIT_USAGE;
    }
    if ((mode === 'start' && config.loadDemo) || parsed.values.demo === true) await loadDemoOnce(store, deps, io);
    // Issue 8: on first start, the first administrator, before anyone can connect.
    const firstLogin = await firstLoginLines(store, config, deps);
    const server = await deps.serve(config, store);
    // Issue 10: the schedulers run only on the node that leads (one node: always this one).
    server.scheduler.add('re-assessment', () => startReassessTimer({ store, clock: deps.clock }, REASSESS_EVERY_MS, {
      failed: (error) => io.stderr.write(`tearline: re-assessment failed: ${(error as Error).message}\n`),
    }));
    // Issue 7: opens cases for flagged threats, escalates breaches, re-opens due re-reviews.
    server.scheduler.add('warning deadlines', () => startWarningScheduler({ store, clock: deps.clock }, DEADLINE_TICK_MS, {
      failed: (error) => io.stderr.write(`tearline: warning deadlines failed: ${(error as Error).message}\n`),
    }, { settings: warningSettings.settings }));
    // Issue 7: sends what the outbox holds, retries what failed (app/delivery/dispatch.ts).
    // Acknowledgement links use the address the server really listens on (`--port 0`).
    const dispatchContext = dispatchContextFor(delivery.value, io.env, config, store, deps.clock, server.url);
    server.scheduler.add('delivery dispatch', () => startDispatchTimer(dispatchContext, delivery.value.intervalMs, {
      failed: (error) => io.stderr.write(`tearline: delivery dispatch failed: ${(error as Error).message}\n`),
    }));
    io.stdout.write(`Tearline ${deps.version} is listening on ${server.url}\n`);
    // On PostgreSQL the SQLite path means nothing; the URL is shown without its password.
    const database = config.databaseUrl === undefined ? config.dbPath : String(redactConfig(config.databaseUrl));
    io.stdout.write(`  workbench: ${server.url}/\n  database:  ${database}\n  health:    ${server.url}/api/health\n`);
    io.stdout.write(`  taxii:     ${server.url}/taxii2/ (tearline collection add, tearline account add)\n`);
    if (firstLogin !== undefined) io.stdout.write(firstLogin);
    io.stdout.write('Press Ctrl+C to stop.\n');
    await waitForSignal();
    io.stdout.write('stopping...\n');
    // Stops the schedulers (waiting for their work in progress), then the HTTP server.
    await server.close();
    await store.close();
    return EXIT_OK;
  };
}

/**
 * The founding scenario's three texts (src/demo/foundingScenario.ts), in arrival order,
 * each through the path of `tearline ingest --format text` at its arrival time.
 */
export async function loadDemoOnce(store: Store, deps: CliDeps, io: CliIo): Promise<void> {
  const stats = await store.stats();
  if (stats.objects > 0) return;
  let stored = 0;
  for (const report of foundingReports(new Date(deps.clock.now()))) {
    const converted = convertInput('text', Buffer.from(report.text, 'utf8'), { maxBytes: Number.MAX_SAFE_INTEGER, now: report.arrival, published: report.published });
    if (!converted.ok || converted.errors.length > 0) throw new Error(`demo report ${report.name} is not valid input`);
    const outcome = await ingestObjects(converted.objects, {}, { store, clock: { now: () => report.arrival } });
    if (!outcome.committed) {
      throw new Error(`demo report ${report.name} was rejected: ${outcome.errors.map((e) => `${e.path} ${e.code} ${e.message}`).join('; ')}`);
    }
    stored += outcome.stored;
  }
  io.stdout.write(`Loaded the demo scenario: ${stored} objects.\n`);
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
