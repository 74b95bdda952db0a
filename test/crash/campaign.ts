// The crash campaign: start `tearline serve`, check the database, let the drivers write,
// SIGKILL the server at a random moment, run the between-restart drivers (CLI ingests, new
// warning cases), start it again, check again; N times. Finally a clean start, a drain (the
// dispatcher sends what is due), a last check and SIGTERM. The loopback receivers of the
// deliveries live in this process for the whole campaign.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { AuditLedger } from './auditLedger.ts';
import { DEFAULT_CHECKS } from './checks/index.ts';
import { DeliveryLedger } from './deliveryLedger.ts';
import { defaultDrivers } from './drivers/index.ts';
import type { ReleaseDriverOptions } from './drivers/releases.ts';
import { Ledger } from './ledger.ts';
import { Rng } from '../support/random.ts';
import { sha256, startReceivers, type Receivers } from './receivers.ts';
import { ReleaseLedger } from './releaseLedger.ts';
import { startServer, type ServerProcess } from './server.ts';
import { TaxiiLedger } from './taxiiLedger.ts';
import { Tally, type CampaignState, type CrashCheck, type CrashDriver, type Violation } from './plugins.ts';
import { deliveryEnv, prepareWorld, WEBHOOK_SECRET, type World } from './world.ts';

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
  readonly releases: ReleaseDriverOptions;
  /** After the last kill, how long the clean server may take to send what is due (rows a kill left leased wait out their lease). */
  readonly drainMs: number;
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
  readonly taxiiPosts: number;
  readonly acknowledgedTaxiiPosts: number;
  /** Cases whose last approval was acknowledged. */
  readonly acknowledgedReleases: number;
  /** Released cases verified at the last check (product, approvals, outbox). */
  readonly releasesChecked: number;
  /** Outbox rows verified at the last check. */
  readonly deliveriesChecked: number;
  readonly deliveriesSent: number;
  readonly deliveriesQueued: number;
  readonly sentTwice: number;
  readonly redelivered: number;
  /** Full audit-chain verifications that passed. */
  readonly auditVerified: number;
  readonly auditEntries: number;
  readonly violations: readonly Violation[];
  readonly byKind: Readonly<Record<string, number>>;
  readonly tally: ReadonlyMap<string, number>;
  readonly startedAt: string;
  readonly seconds: number;
  /** Where the database was left, when kept. */
  readonly dir?: string;
}

export const FULL_CAMPAIGN: Omit<CampaignOptions, 'seed'> = {
  kills: 50,
  maxObjects: 3000,
  upMs: [150, 1500],
  startupKillChance: 0.1,
  cli: { chance: 0.2, killChance: 0.4 },
  releases: { workers: 3, pool: 6, headStart: 2 },
  // The lease (2 min) plus a few dispatch passes: rows a kill left `sending` go out again.
  drainMs: 135_000,
};

/** The receiver refuses (503) the first 0, 1 or 2 copies of a webhook delivery, decided by its key. */
function refusalsFor(seed: number): (key: string) => number {
  return (key) => parseInt(sha256(`${seed}:${key}`).slice(0, 2), 16) % 3;
}

export async function runCrashCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), 'tearline-crash-'));
  const log = options.log ?? (() => undefined);
  const violations: Violation[] = [];
  const tally = new Tally();
  let life = 0;
  const db = join(dir, 'tearline.db');
  const receivers: Receivers = await startReceivers({ life: () => life, webhookSecret: WEBHOOK_SECRET, refusalsFor: refusalsFor(options.seed) });
  let finished = false;
  /** The server process running now, killed on the way out whatever happens. */
  let live: ServerProcess | undefined;
  try {
    const world = await prepareWorld(db, receivers);
    const state = newCampaignState({ db, workDir: dir, seed: options.seed, maxObjects: options.maxObjects, world, receivers, life: () => life, tally, log }, (violation) => {
      violations.push(violation);
      log(`VIOLATION ${violation.kind}: ${violation.message}`);
    });
    const drivers = options.drivers ?? defaultDrivers(options.cli, options.releases);
    const checks = options.checks ?? DEFAULT_CHECKS;
    const env = deliveryEnv(receivers);
    let serverKills = 0;

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
    const start = (): ServerProcess => {
      life += 1;
      live = startServer({ db: state.db, env });
      return live;
    };

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
      // The server's own timers (dispatcher, scheduler) write too: paused, it commits nothing while the checks read.
      if (life > 1) await server.paused(() => check(life - 1));
      const stopped = new AbortController();
      const writing = drivers.map((d) => d.whileUp?.(state, url, stopped.signal) ?? Promise.resolve());
      const upFor = state.rng.int(options.upMs[0], options.upMs[1]);
      await timed('up', () => sleep(upFor));
      // Drivers start nothing new from here; what is in flight meets the kill.
      stopped.abort();
      await server.kill();
      serverKills += 1;
      await Promise.all(writing);
      log(`kill ${cycle}: after ${upFor} ms up; ${state.ledger.writes.length} writes (${state.ledger.acknowledgedWrites().length} acknowledged), ${state.releases.releasedCount()} releases, ${receivers.receptions.length} copies received`);
    }
    // Last round: the between-restart drivers, a clean start, the checks, a drain, a graceful stop.
    for (const driver of drivers) await driver.whileDown?.(state);
    const server = start();
    if ((await listening(server, state)) !== undefined) {
      await server.paused(() => check(life - 1));
      await timed('drain', () => drain(state, options.drainMs));
      await server.paused(() => check(life - 1));
      const exit = await server.stop();
      if (exit.code !== 0) state.report({ kind: 'startup', check: 'campaign', message: `SIGTERM stop exited with code ${exit.code}, signal ${exit.signal}: ${server.output().slice(-500)}` });
      await check(0);
    }
    finished = true;

    const byKind: Record<string, number> = {};
    for (const v of violations) byKind[v.kind] = (byKind[v.kind] ?? 0) + 1;
    for (const [key, n] of tally.counts) if (key.startsWith('suppressed.')) byKind[key.slice(11)] = (byKind[key.slice(11)] ?? 0) + n;
    const cliKills = tally.get('kills.cli');
    return {
      seed: options.seed,
      kills: serverKills + cliKills,
      serverKills,
      cliKills,
      restarts: life,
      writes: state.ledger.writes.length,
      acknowledgedWrites: state.ledger.acknowledgedWrites().length,
      acknowledgedChecks: tally.get('acknowledged writes checked'),
      taxiiPosts: state.taxii.posts.length,
      acknowledgedTaxiiPosts: state.taxii.acknowledged().length,
      acknowledgedReleases: state.releases.releasedCount(),
      releasesChecked: tally.get('releases checked'),
      deliveriesChecked: tally.get('deliveries checked'),
      deliveriesSent: tally.get('deliveries sent'),
      deliveriesQueued: tally.get('deliveries queued'),
      sentTwice: tally.get('deliveries sent twice'),
      redelivered: tally.get('deliveries redelivered after a kill'),
      auditVerified: state.audit.verified,
      auditEntries: state.audit.entries,
      violations,
      byKind,
      tally: tally.counts,
      startedAt,
      seconds: (performance.now() - started) / 1000,
      ...(violations.length > 0 || options.keep === true ? { dir } : {}),
    };
  } finally {
    await live?.kill();
    await receivers.close();
    // Kept for a post-mortem whenever something broke (or the harness itself failed).
    if (finished && violations.length === 0 && options.keep !== true) rmSync(dir, { recursive: true, force: true });
  }
}

/** A campaign's state: the ledgers empty, the world and the receivers given. */
export function newCampaignState(
  setup: {
    readonly db: string;
    readonly workDir: string;
    readonly seed: number;
    readonly maxObjects: number;
    readonly world: World;
    readonly receivers: Receivers;
    readonly life: () => number;
    readonly tally: Tally;
    readonly log: (line: string) => void;
  },
  report: (violation: Violation) => void,
): CampaignState {
  let stamp = 0;
  return {
    db: setup.db,
    apiHeaders: setup.world.headers['crash-driver'],
    world: setup.world,
    workDir: setup.workDir,
    rng: new Rng(setup.seed),
    ledger: new Ledger(),
    taxii: new TaxiiLedger(),
    releases: new ReleaseLedger(),
    deliveries: new DeliveryLedger(setup.receivers),
    audit: new AuditLedger(),
    tally: setup.tally,
    sizes: { maxObjects: setup.maxObjects },
    life: setup.life,
    nextStamp: () => ++stamp,
    log: setup.log,
    report,
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

/** Waits until every outbox row of the campaign's cases is sent (or dead), or `ms` passed. */
async function drain(state: CampaignState, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const store = openSqliteStore({ path: state.db, readonly: true });
    let open = 0;
    try {
      for (const c of state.releases.cases) open += (await store.deliveries.list({ limit: 100, caseId: c.caseId, states: ['pending', 'sending', 'failed'] })).items.length;
    } finally {
      await store.close();
    }
    state.tally.set('deliveries still queued after the drain', open);
    if (open === 0 || Date.now() >= until) return;
    await sleep(500);
  }
}

/** The one-line verdict the issue asks for, and the details under it. */
export function formatReport(report: CampaignReport): string {
  const n = (kind: string): number => report.byKind[kind] ?? 0;
  const lines = [
    `seed: ${report.seed}`,
    `kills: ${report.kills}, acknowledged writes checked: ${report.acknowledgedWrites}, lost: ${n('lost')}, duplicated: ${n('duplicated')}, half-stored: ${n('half-stored')}, ` +
      `releases checked: ${report.releasesChecked}, deliveries checked: ${report.deliveriesChecked} (sent twice: ${n('sent-twice')}), audit chain verified: ${report.auditVerified} times`,
    `  server kills: ${report.serverKills}, cli kills: ${report.cliKills}, restarts: ${report.restarts}, writes: ${report.writes}, acknowledged-write verifications: ${report.acknowledgedChecks}`,
    `  taxii posts: ${report.taxiiPosts} (${report.acknowledgedTaxiiPosts} acknowledged), releases acknowledged: ${report.acknowledgedReleases}, deliveries sent: ${report.deliveriesSent}, still queued: ${report.deliveriesQueued}, redelivered after a kill under the same key: ${report.redelivered}, audit entries: ${report.auditEntries}`,
    `  integrity: ${n('integrity')}, refused-stored: ${n('refused-stored')}, unexpected: ${n('unexpected')}, wrong answers: ${n('wrong-answer')}, sent twice: ${n('sent-twice')}, audit: ${n('audit')}, startup failures: ${n('startup')}`,
    `  ${[...report.tally].filter(([k]) => !k.startsWith('suppressed.') && !k.startsWith('ms.') && k !== 'acknowledged writes checked').map(([k, v]) => `${k}: ${v}`).join(', ')}`,
    `  time (s): ${[...report.tally].filter(([k]) => k.startsWith('ms.')).map(([k, v]) => `${k.slice(3)} ${(v / 1000).toFixed(1)}`).join(', ')}`,
    `  ${report.seconds.toFixed(1)} s${report.dir === undefined ? '' : `; database kept in ${report.dir}`}`,
  ];
  for (const v of report.violations.slice(0, 30)) lines.push(`VIOLATION ${v.kind} (${v.check}): ${v.message}`);
  return lines.join('\n');
}

/** The summary `npm run test:all` reads (test-output/suites/crash.json). */
export function summaryJson(report: CampaignReport): Record<string, unknown> {
  return {
    suite: 'crash',
    seed: report.seed,
    kills: report.kills,
    serverKills: report.serverKills,
    cliKills: report.cliKills,
    restarts: report.restarts,
    checked: {
      acknowledgedWrites: report.acknowledgedWrites,
      acknowledgedWriteVerifications: report.acknowledgedChecks,
      taxiiPosts: report.acknowledgedTaxiiPosts,
      releases: report.releasesChecked,
      deliveries: report.deliveriesChecked,
      deliveriesSent: report.deliveriesSent,
      deliveriesStillQueued: report.deliveriesQueued,
      redeliveredAfterKill: report.redelivered,
      auditChainVerified: report.auditVerified,
      auditEntries: report.auditEntries,
    },
    violations: {
      total: report.violations.length,
      lost: report.byKind.lost ?? 0,
      duplicated: report.byKind.duplicated ?? 0,
      halfStored: report.byKind['half-stored'] ?? 0,
      sentTwice: report.byKind['sent-twice'] ?? 0,
      byKind: report.byKind,
      first: report.violations.slice(0, 30),
    },
    startedAt: report.startedAt,
    durationMs: Math.round(report.seconds * 1000),
    passed: report.violations.length === 0,
  };
}
