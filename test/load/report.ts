// The verdicts and how they are shown: one summary line, a few detail lines, and the JSON
// that `npm run test:all` collects (test-output/suites/load.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import type { Exit } from '../crash/server.ts';
import type { LoadSettings } from './campaign.ts';
import type { FailureCount, Recorder } from './recorder.ts';
import type { CpuWindow, RssSample } from './samplers.ts';
import type { SlowKindReport } from './slowClients.ts';
import { round, summarise, type LatencySummary } from './stats.ts';

/** Memory after the run may exceed memory after the warm-up by at most this share. */
export const MEMORY_GROWTH_LIMIT = 0.1;
/** With slow clients connected the pollers' p99 may grow to 3x the clean p99, or by 250 ms, whichever is more. */
export const P99_GROWTH_FACTOR = 3;
export const P99_GROWTH_FLOOR_MS = 250;
/** Above this event-loop delay (p99) the generator's own lag would show up as latency. */
export const GENERATOR_LAG_LIMIT_MS = 50;

interface MachineWindow {
  readonly server: CpuWindow;
  readonly generator: CpuWindow;
  readonly generatorLoopDelayMs: { p50: number; p99: number; max: number };
}

/** How long the generator's new connections waited before the server accepted them (its clock against ours). */
export interface AcceptLag {
  readonly connections: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly neverAccepted: number;
}

export interface RunFacts {
  readonly settings: LoadSettings;
  readonly started: Date;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
  readonly recorder: Recorder;
  readonly runSeconds: number;
  readonly memory: { afterWarmup: SettledMemory; afterRun: SettledMemory; warmupUnderLoadMiB: number; runUnderLoadMiB: number; peakMiB: number; samples: readonly RssSample[] };
  readonly cpu: { warmup: MachineWindow; run: MachineWindow };
  readonly slow: readonly SlowKindReport[];
  readonly slowRefused: number;
  readonly acceptLagMs: AcceptLag;
  readonly server: { aliveAtEnd: boolean; exit: Exit; output: string };
  readonly kinds: { poll: string; taxiiPost: string; restIngest: string; probe: string; connect: string };
  readonly dir: string;
}

/** Memory at a quiet point: resident memory as found, then after a forced full collection and a pause (medians of readings). */
export interface SettledMemory {
  readonly rssBeforeGcMiB: number;
  /** After the collection: what the criterion compares. */
  readonly rssMiB: number;
  readonly anonMiB: number;
  readonly fileMiB: number;
  readonly shmemMiB: number;
  /** process.memoryUsage() in the server right after the collection. */
  readonly heapUsedAfterGcMiB: number;
  readonly externalAfterGcMiB: number;
  /** Full collections (--trace-gc) of the main isolate since the server started. */
  readonly fullGcs: number;
}

export interface KindFigures {
  readonly requests: number;
  readonly perSecond: number;
  readonly latencyMs: LatencySummary;
}

export interface LoadReport {
  readonly suite: 'load';
  readonly passed: boolean;
  readonly failures: string[];
  readonly warnings: string[];
  readonly when: string;
  readonly settings: Omit<LoadSettings, 'log'>;
  readonly runSeconds: number;
  readonly machineLoad: { before: number[]; after: number[] };
  /** The measured run (clean and attack phases together), by request kind. */
  readonly requests: Record<string, KindFigures>;
  readonly pollerP99Ms: { warmup: number; clean: number; withSlowClients: number; limit: number };
  /** The probe's p99 (GET /taxii2/): how long any request waited for the server's event loop. */
  readonly probeP99Ms: { warmup: number; clean: number; withSlowClients: number };
  readonly errors: { total: number; byCause: FailureCount[] };
  readonly throughput: { objectsServedPerSecond: number; mibServedPerSecond: number; objectsStoredPerSecond: number; objectsStoredTargetPerSecond: number; ingestTicksSkipped: number };
  readonly memory: { afterWarmupMiB: number; afterRunMiB: number; growth: number; limit: number; afterWarmup: SettledMemory; afterRun: SettledMemory; growthBeforeGc: number; heapGrowth: number; warmupUnderLoadMiB: number; runUnderLoadMiB: number; peakMiB: number; samples: readonly RssSample[] };
  readonly slowClients: readonly SlowKindReport[];
  readonly acceptLagMs: AcceptLag;
  /** Per second from the warm-up's start: answers, failures, the slowest answer. */
  readonly timeline: Recorder['timeline'];
  readonly cpu: { warmup: MachineWindow; run: MachineWindow };
  readonly summary: string;
  readonly keptDir?: string;
}

export function judge(facts: RunFacts): LoadReport {
  const { recorder, settings } = facts;
  const failures: string[] = [];
  const warnings: string[] = [];
  const requests: Record<string, KindFigures> = {};
  for (const kind of [facts.kinds.poll, facts.kinds.taxiiPost, facts.kinds.restIngest, facts.kinds.probe, facts.kinds.connect]) {
    const samples = [...recorder.latency.clean.samples(kind), ...recorder.latency.attack.samples(kind)];
    requests[kind] = { requests: samples.length, perSecond: round(samples.length / facts.runSeconds), latencyMs: summarise(samples) };
  }

  const errorTotal = recorder.failureTotal();
  if (errorTotal > 0) failures.push(`${errorTotal} requests failed`);
  if (!facts.server.aliveAtEnd) failures.push(`the server exited during the run (code ${facts.server.exit.code}, signal ${facts.server.exit.signal})`);
  else if (facts.server.exit.code !== 0) failures.push(`the server did not stop cleanly on SIGTERM (code ${facts.server.exit.code}, signal ${facts.server.exit.signal})`);

  const { afterWarmup, afterRun } = facts.memory;
  const growth = afterRun.rssMiB / afterWarmup.rssMiB - 1;
  if (growth > MEMORY_GROWTH_LIMIT) {
    failures.push(`memory after the run ${afterRun.rssMiB.toFixed(1)} MiB is ${pct(growth)} above memory after the warm-up ${afterWarmup.rssMiB.toFixed(1)} MiB (RSS after a full GC; limit +${pct(MEMORY_GROWTH_LIMIT)})`);
  }

  const p99 = (phase: 'warmup' | 'clean' | 'attack', kind = facts.kinds.poll): number => summarise(recorder.latency[phase].samples(kind)).p99;
  const clean = p99('clean');
  const attacked = p99('attack');
  const p99Limit = Math.max(clean * P99_GROWTH_FACTOR, clean + P99_GROWTH_FLOOR_MS);
  if (!(attacked <= p99Limit)) failures.push(`pollers' p99 with slow clients ${attacked} ms exceeds ${round(p99Limit)} ms (clean p99 ${clean} ms)`);
  if (requests[facts.kinds.poll]?.requests === 0) failures.push('the pollers completed no request');

  const attackMs = settings.seconds * (1 - settings.cleanShare) * 1000;
  for (const slow of facts.slow) {
    const seconds = (ms: number): string => (ms / 1000).toFixed(1);
    if (slow.maxHeldAfterAcceptMs > slow.boundMs) failures.push(`the server held a ${slow.kind} slow client ${seconds(slow.maxHeldAfterAcceptMs)} s after accepting it (bound ${seconds(slow.boundMs)} s)`);
    else if (slow.maxLifetimeMs > slow.boundMs) {
      const waited = slow.neverAccepted > 0 ? `${slow.neverAccepted} of ${slow.connections} never accepted while connected` : `waiting up to ${seconds(slow.acceptLagMs.max)} s to be accepted`;
      warnings.push(`a ${slow.kind} slow client stayed connected ${seconds(slow.maxLifetimeMs)} s (bound ${seconds(slow.boundMs)} s), ${waited}: the server's timeouts start at the accept`);
    }
    if (attackMs > slow.boundMs && slow.cutByServer === 0 && slow.connections > 0) failures.push(`no ${slow.kind} slow client was cut off in ${seconds(attackMs)} s (${slow.neverAccepted} of ${slow.connections} never accepted)`);
    const other = Object.keys(slow.answers).filter((status) => status !== '408');
    if (other.length > 0) failures.push(`${slow.kind} slow clients were answered ${other.join(', ')} instead of 408`);
  }
  if (facts.slowRefused > 0) failures.push(`${facts.slowRefused} slow-client connections were refused`);
  if (facts.acceptLagMs.max > 1000) {
    // libuv (since 1.45, Node 20) accepts one connection per event-loop turn; a turn of a
    // saturated server serves every busy connection first, so new ones queue in the kernel.
    warnings.push(`the server accepted new connections up to ${(facts.acceptLagMs.max / 1000).toFixed(1)} s after the client connected (p99 ${facts.acceptLagMs.p99} ms): a saturated server accepts one connection per event-loop turn`);
  }

  const ticks = recorder.counters.get('ingest ticks skipped') ?? 0;
  if (ticks > 0) warnings.push(`the ingest stream skipped ${ticks} ticks: ${settings.ingest.maxInFlight} writes were still waiting (the server did not keep up with the offered rate)`);
  const cores = availableParallelism();
  const busiest = Math.max(facts.loadBefore[0] ?? 0, facts.loadAfter[0] ?? 0);
  if (busiest > 2 * cores) warnings.push(`the machine was busy (load average ${round(busiest)} on ${cores} cores): latencies and timeouts measure the competition as much as the server`);
  const lag = facts.cpu.run.generatorLoopDelayMs.p99;
  if (lag > GENERATOR_LAG_LIMIT_MS) warnings.push(`the generator's event loop lagged (p99 ${lag} ms): latencies include its own delay`);

  const storedPerSecond = ((recorder.counters.get('objects stored run') ?? 0) / facts.runSeconds);
  const report: Omit<LoadReport, 'summary'> = {
    suite: 'load',
    passed: failures.length === 0,
    failures,
    warnings,
    when: facts.started.toISOString(),
    settings: withoutLog(settings),
    runSeconds: round(facts.runSeconds),
    machineLoad: { before: facts.loadBefore.map(round), after: facts.loadAfter.map(round) },
    requests,
    pollerP99Ms: { warmup: p99('warmup'), clean, withSlowClients: attacked, limit: round(p99Limit) },
    probeP99Ms: { warmup: p99('warmup', facts.kinds.probe), clean: p99('clean', facts.kinds.probe), withSlowClients: p99('attack', facts.kinds.probe) },
    errors: { total: errorTotal, byCause: recorder.failures() },
    throughput: {
      objectsServedPerSecond: round((recorder.counters.get('objects served run') ?? 0) / facts.runSeconds),
      mibServedPerSecond: round((recorder.counters.get('bytes served run') ?? 0) / 1048576 / facts.runSeconds),
      objectsStoredPerSecond: round(storedPerSecond),
      objectsStoredTargetPerSecond: round((settings.ingest.bundleObjects * 1000) / settings.ingest.everyMs),
      ingestTicksSkipped: ticks,
    },
    memory: {
      afterWarmupMiB: round(afterWarmup.rssMiB),
      afterRunMiB: round(afterRun.rssMiB),
      growth: round(growth),
      limit: MEMORY_GROWTH_LIMIT,
      afterWarmup,
      afterRun,
      growthBeforeGc: round(afterRun.rssBeforeGcMiB / afterWarmup.rssBeforeGcMiB - 1),
      heapGrowth: round(afterRun.heapUsedAfterGcMiB / afterWarmup.heapUsedAfterGcMiB - 1),
      warmupUnderLoadMiB: round(facts.memory.warmupUnderLoadMiB),
      runUnderLoadMiB: round(facts.memory.runUnderLoadMiB),
      peakMiB: round(facts.memory.peakMiB),
      samples: facts.memory.samples,
    },
    slowClients: facts.slow,
    acceptLagMs: facts.acceptLagMs,
    timeline: recorder.timeline,
    cpu: facts.cpu,
    ...(failures.length > 0 || settings.keep ? { keptDir: facts.dir } : {}),
  };
  return { ...report, summary: summaryLine(report) };
}

function summaryLine(r: Omit<LoadReport, 'summary'>): string {
  const k = (kind: string): string => {
    const f = r.requests[kind];
    return f === undefined ? `${kind}: none` : `${kind} ${f.requests} (${f.perSecond}/s, p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms)`;
  };
  const slow = r.slowClients.map((s) => `${s.kind} ${s.cutByServer} cut, held max ${(s.maxHeldAfterAcceptMs / 1000).toFixed(1)}/${s.boundMs / 1000} s after accept`).join('; ');
  return [
    `load ${r.passed ? 'PASSED' : 'FAILED'}: ${r.runSeconds} s, ${r.settings.pollers.count} pollers`,
    Object.keys(r.requests).map(k).join(', '),
    `errors: ${r.errors.total}`,
    `served ${r.throughput.objectsServedPerSecond} objects/s (${r.throughput.mibServedPerSecond} MiB/s), stored ${r.throughput.objectsStoredPerSecond}/${r.throughput.objectsStoredTargetPerSecond} objects/s`,
    `RSS ${r.memory.afterWarmupMiB} -> ${r.memory.afterRunMiB} MiB (${r.memory.growth >= 0 ? '+' : ''}${pct(r.memory.growth)}, limit +${pct(r.memory.limit)}; peak ${r.memory.peakMiB}; before the forced GC ${r.memory.afterWarmup.rssBeforeGcMiB} -> ${r.memory.afterRun.rssBeforeGcMiB} MiB; V8 heap ${r.memory.afterWarmup.heapUsedAfterGcMiB} -> ${r.memory.afterRun.heapUsedAfterGcMiB} MiB)`,
    `slow clients ${r.settings.slowClients}: ${slow}`,
    `accept lag p99 ${r.acceptLagMs.p99} ms, max ${r.acceptLagMs.max} ms`,
    `poller p99 ${r.pollerP99Ms.clean} ms clean, ${r.pollerP99Ms.withSlowClients} ms with slow clients (probe p99 ${r.probeP99Ms.clean} / ${r.probeP99Ms.withSlowClients} ms)`,
    `server CPU ${r.cpu.run.server.cores} cores, generator CPU ${r.cpu.run.generator.cores} cores (loop delay p99 ${r.cpu.run.generatorLoopDelayMs.p99} ms)`,
    `load avg ${r.machineLoad.before[0]} -> ${r.machineLoad.after[0]}`,
  ].join('; ');
}

/** The details under the summary line: failures with a sample answer, warnings. */
export function detailLines(report: LoadReport): string[] {
  const lines: string[] = [];
  for (const f of report.errors.byCause) lines.push(`  error: ${f.count} x ${f.kind} ${f.cause} (first in ${f.phase}): ${f.sample.replace(/\s+/g, ' ')}`);
  for (const failure of report.failures) lines.push(`  FAIL: ${failure}`);
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  if (report.keptDir !== undefined) lines.push(`  database kept in ${report.keptDir}`);
  return lines;
}

export function writeReport(report: LoadReport, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

function withoutLog(settings: LoadSettings): Omit<LoadSettings, 'log'> {
  const { log: _log, ...rest } = settings;
  return rest;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
