// The crash campaign: start `tearline serve`, check the database, let the drivers write,
// SIGKILL the server at a random moment, run the between-restart drivers (CLI ingests),
// start it again, check again; N times. Finally a clean restart, a last check and SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { ingestCredentials } from './credentials.ts';
import { DEFAULT_CHECKS } from './checks/index.ts';
import { defaultDrivers } from './drivers/index.ts';
import { Ledger } from './ledger.ts';
import { Rng } from './random.ts';
import { startServer, type ServerProcess } from './server.ts';
import { Tally, type CampaignState, type CrashCheck, type CrashDriver, type Violation } from './plugins.ts';

export interface CampaignOptions {
  readonly seed: number;
  /** Server kills (each followed by a restart). */
  readonly kills: number;
  /** Largest bundle in objects. */
  readonly maxObjects: number;
  /** A kill lands this long after the server listens: uniform in [min, max] ms. */
  readonly upMs: readonly [number, number];
  /** Share of kills that land while the server is still starting (opening, migrating). */
  readonly startupKillChance: number;
  readonly cli: { readonly chance: number; readonly killChance: number };
  readonly drivers?: readonly CrashDriver[];
  readonly checks?: readonly CrashCheck[];
  /** Keep the database directory even when everything held (it is always kept on a violation). */
  readonly keep?: boolean;
  readonly log?: (line: string) => void;
}

export interface CampaignReport {
  readonly seed: number;
  readonly kills: number;
  readonly serverKills: number;
  readonly cliKills: number;
  readonly restarts: number;
  readonly writes: number;
  readonly acknowledgedWrites: number;
  /** Acknowledged writes verified, summed over every check run. */
  readonly acknowledgedChecks: number;
  readonly violations: readonly Violation[];
  readonly byKind: Readonly<Record<string, number>>;
  readonly tally: ReadonlyMap<string, number>;
  readonly seconds: number;
  /** Where the database was left, when kept. */
  readonly dir?: string;
}

export const FULL_CAMPAIGN: Omit<CampaignOptions, 'seed'> = {
  kills: 50,
  maxObjects: 3000,
  upMs: [100, 1000],
  startupKillChance: 0.1,
  cli: { chance: 0.2, killChance: 0.4 },
};

export async function runCrashCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'tearline-crash-'));
  const log = options.log ?? (() => undefined);
  const violations: Violation[] = [];
  const tally = new Tally();
  let stamp = 0;
  const db = join(dir, 'tearline.db');
  const state: CampaignState = {
    db,
    apiHeaders: await ingestCredentials(db),
    workDir: dir,
    rng: new Rng(options.seed),
    ledger: new Ledger(),
    tally,
    sizes: { maxObjects: options.maxObjects },
    nextStamp: () => ++stamp,
    log,
    report: (violation) => {
      violations.push(violation);
      log(`VIOLATION ${violation.kind}: ${violation.message}`);
    },
  };
  const drivers = options.drivers ?? defaultDrivers(options.cli);
  const checks = options.checks ?? DEFAULT_CHECKS;
  let serverKills = 0;
  let restarts = 0;

  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      tally.add(`ms.${phase}`, Math.round(performance.now() - t0));
    }
  };
  const check = async (restart: number): Promise<void> => {
    let store;
    try {
      store = openSqliteStore({ path: state.db, readonly: true });
    } catch (error) {
      // A database that cannot even be opened is the worst integrity failure.
      state.report({ kind: 'integrity', check: 'campaign', message: `after restart ${restart}: the database does not open: ${String(error)}` });
      return;
    }
    try {
      for (const c of checks) for (const v of await timed(`check.${c.name}`, () => c.run({ state, store, restart }))) state.report(v);
    } catch (error) {
      state.report({ kind: 'integrity', check: 'campaign', message: `after restart ${restart}: a check could not read the database: ${String(error)}` });
    } finally {
      await store.close();
    }
  };
  /** The server process running now, killed on the way out whatever happens. */
  let live: ServerProcess | undefined;
  const start = (): ServerProcess => {
    live = startServer({ db: state.db });
    restarts += 1;
    return live;
  };
  let finished = false;

  try {
    for (let cycle = 1; cycle <= options.kills; cycle += 1) {
      await timed('down', async () => {
        for (const driver of drivers) await driver.whileDown?.(state);
      });
      const server = start();
      if (state.rng.chance(options.startupKillChance)) {
        // A kill while the server opens and migrates the database.
        await sleep(state.rng.int(0, 1500));
        await server.kill();
        serverKills += 1;
        log(`kill ${cycle}: during startup`);
        continue;
      }
      const url = await timed('startup', () => listening(server, state));
      if (url === undefined) break;
      if (restarts > 1) await check(restarts - 1);
      const stopped = new AbortController();
      const writing = drivers.map((d) => d.whileUp?.(state, url, stopped.signal) ?? Promise.resolve());
      const upFor = state.rng.int(options.upMs[0], options.upMs[1]);
      await timed('up', () => sleep(upFor));
      // Drivers start nothing new from here; what is in flight meets the kill.
      stopped.abort();
      await server.kill();
      serverKills += 1;
      await Promise.all(writing);
      log(`kill ${cycle}: after ${upFor} ms up; ${state.ledger.writes.length} writes so far, ${state.ledger.acknowledgedWrites().length} acknowledged`);
    }
    // Last round: the between-restart drivers, a clean start, the checks, a graceful stop.
    for (const driver of drivers) await driver.whileDown?.(state);
    const server = start();
    if ((await listening(server, state)) !== undefined) {
      await check(restarts - 1);
      const exit = await server.stop();
      if (exit.code !== 0) state.report({ kind: 'startup', check: 'campaign', message: `SIGTERM stop exited with code ${exit.code}, signal ${exit.signal}: ${server.output().slice(-500)}` });
      await check(0);
    }
    finished = true;
  } finally {
    await live?.kill();
    // Kept for a post-mortem whenever something broke (or the harness itself failed).
    if (finished && violations.length === 0 && options.keep !== true) rmSync(dir, { recursive: true, force: true });
  }

  const byKind: Record<string, number> = {};
  for (const v of violations) byKind[v.kind] = (byKind[v.kind] ?? 0) + 1;
  for (const [key, n] of tally.counts) if (key.startsWith('suppressed.')) byKind[key.slice(11)] = (byKind[key.slice(11)] ?? 0) + n;
  const cliKills = tally.get('kills.cli');
  return {
    seed: options.seed,
    kills: serverKills + cliKills,
    serverKills,
    cliKills,
    restarts,
    writes: state.ledger.writes.length,
    acknowledgedWrites: state.ledger.acknowledgedWrites().length,
    acknowledgedChecks: tally.get('acknowledged writes checked'),
    violations,
    byKind,
    tally: tally.counts,
    seconds: (performance.now() - started) / 1000,
    ...(violations.length > 0 || options.keep === true ? { dir } : {}),
  };
}

async function listening(server: ServerProcess, state: CampaignState): Promise<string | undefined> {
  try {
    return await server.ready;
  } catch (error) {
    state.report({ kind: 'startup', check: 'campaign', message: `the server did not come back: ${(error as Error).message}\n${server.output().slice(-2000)}` });
    await server.kill();
    return undefined;
  }
}

/** The one-line verdict the issue asks for, and the details under it. */
export function formatReport(report: CampaignReport): string {
  const n = (kind: string): number => report.byKind[kind] ?? 0;
  const lines = [
    `seed: ${report.seed}`,
    `kills: ${report.kills}, acknowledged writes checked: ${report.acknowledgedWrites}, lost: ${n('lost')}, duplicated: ${n('duplicated')}, half-stored: ${n('half-stored')}`,
    `  server kills: ${report.serverKills}, cli kills: ${report.cliKills}, restarts: ${report.restarts}, writes: ${report.writes}, acknowledged-write verifications: ${report.acknowledgedChecks}`,
    `  integrity: ${n('integrity')}, refused-stored: ${n('refused-stored')}, unexpected: ${n('unexpected')}, wrong answers: ${n('wrong-answer')}, startup failures: ${n('startup')}`,
    `  ${[...report.tally].filter(([k]) => !k.startsWith('suppressed.') && !k.startsWith('ms.') && k !== 'acknowledged writes checked').map(([k, v]) => `${k}: ${v}`).join(', ')}`,
    `  time (s): ${[...report.tally].filter(([k]) => k.startsWith('ms.')).map(([k, v]) => `${k.slice(3)} ${(v / 1000).toFixed(1)}`).join(', ')}`,
    `  ${report.seconds.toFixed(1)} s${report.dir === undefined ? '' : `; database kept in ${report.dir}`}`,
  ];
  for (const v of report.violations.slice(0, 30)) lines.push(`VIOLATION ${v.kind} (${v.check}): ${v.message}`);
  return lines.join('\n');
}
