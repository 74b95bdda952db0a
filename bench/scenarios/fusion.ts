// Fusion benchmark (issue 6). Run by bench/run.ts in its own process; prints one JSON line.
//
// The store: BENCH_FUSION_OBJECTS objects (default 1,000,000), of which
// BENCH_FUSION_OBSERVABLES observables (default 200,000) in the reports of
// BENCH_FUSION_THREATS threats (default 5,000; 3 reports each, each report with its group,
// site and method), the rest synthetic indicators, malware, intrusion sets and relationships
// (bench/synthetic.ts). Seeding writes straight to the store and the threats facet
// (putObjects without validation; facts read from the generated objects with the same
// domain function fusion uses; keys, members, assessments and groupings as fusion would
// write them), because going through ingest and fusion report by report would take far
// longer than the measurements themselves.
//
// Measured, on that store:
//   fuse1000 / fuse100   fusing one new report of 1,000 / 100 objects (the report and its
//                        objects are stored first; the time is the fusion write alone), several
//                        samples, each joining an existing threat through shared observables;
//   ingest1000           the same through ingestObjects (validation, storage and fusion);
//   reassessAll          re-assessing every threat (reassess with `all`) two hours and three
//                        days after the seed (threats whose window crossed a class boundary
//                        change), and the timer's pass (due threats only) an hour later;
//   memory               peak RSS and the heap after seeding.
// Times are wall clock and CPU (user + system of this process): on a shared machine the CPU
// figure is what the work itself cost.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { assess } from '../../src/domain/assessment/index.ts';
import { blockingKeys, reportFactsFrom, type ReportFacts } from '../../src/domain/fusion/index.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import { fuseStoredReports } from '../../src/app/fusion/fuseReport.ts';
import { reassess } from '../../src/app/fusion/reassess.ts';
import { ensureDefinitions } from '../../src/app/fusion/saveThreat.ts';
import { nextCheckAt, signatureOf, summaryOf, threatName } from '../../src/app/fusion/summary.ts';
import { threatGrouping } from '../../src/app/fusion/threatObject.ts';
import { uuidv5 } from '../../src/app/fusion/ids.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { toObjectWrite } from '../../src/app/objectWrite.ts';
import type { ObjectWrite, Store } from '../../src/app/ports.ts';
import type { ThreatMember } from '../../src/app/ports/threats.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { seededRandom, syntheticObjects } from '../synthetic.ts';

const OBJECTS = Number(process.env.BENCH_FUSION_OBJECTS ?? 1_000_000);
const OBSERVABLES = Number(process.env.BENCH_FUSION_OBSERVABLES ?? 200_000);
const THREATS = Number(process.env.BENCH_FUSION_THREATS ?? 5_000);
const SAMPLES = Number(process.env.BENCH_FUSION_SAMPLES ?? 5);
const REPORTS_PER_THREAT = 3;
const GROUPS = Math.max(1, Math.round(THREATS / 10));
const SITES = Math.max(1, Math.round(THREATS / 2.5));
const METHODS = ['car bomb', 'suicide vest', 'roadside bomb', 'drone', 'gunmen', 'kidnapping', 'arson', 'knife attack', 'grenade', 'attack'];
const SOURCES = 50;
const BATCH = 5000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 6, 1, 12);
const NS = '3b1e0c4a-6f52-4d8e-9a7b-2c5d8e1f4a60';

const iso = (ms: number): string => new Date(ms).toISOString();
const seconds = (start: number): number => Math.round((performance.now() - start) * 10) / 10_000;
const ms = (start: number): number => Math.round((performance.now() - start) * 100) / 100;
/** CPU milliseconds (user + system) since `start`: on a shared machine, what the work itself cost. */
const cpuMs = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 10) / 100;
};
const sdoId = (type: string, n: number | string): string => `${type}--${uuidv5(NS, `${type}:${n}`)}`;
const created = iso(NOW - 30 * 24 * HOUR);

/** Observable n: a public-looking IPv4 address, domain or URL (never on the warning list). */
function observable(n: number): StixObject {
  switch (n % 3) {
    case 0:
      return { type: 'ipv4-addr', spec_version: '2.1', id: sdoId('ipv4-addr', n), value: `45.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}` };
    case 1:
      return { type: 'domain-name', spec_version: '2.1', id: sdoId('domain-name', n), value: `d${n}.cti-bench.net` };
    default:
      return { type: 'url', spec_version: '2.1', id: sdoId('url', n), value: `http://u${n}.cti-bench.org/drop/${n}` };
  }
}

const sdo = (type: string, n: number | string, props: Record<string, unknown>): StixObject => ({ type, spec_version: '2.1', id: sdoId(type, n), created, modified: created, ...props });
const group = (g: number): StixObject => sdo('intrusion-set', g, { name: `Group ${g}`, aliases: [`G-${g}`] });
const place = (s: number, random: () => number): StixObject => sdo('location', s, { name: `Site ${s} shrine`, latitude: Math.round((random() * 130 - 60) * 1e4) / 1e4, longitude: Math.round((random() * 360 - 180) * 1e4) / 1e4, x_tearline_place_kind: 'site' });
const method = (m: number): StixObject => sdo('attack-pattern', m, { name: METHODS[m % METHODS.length] as string });
const source = (s: number): StixObject => sdo('identity', `source-${s}`, { name: `Source ${s}`, identity_class: 'organization', x_tearline_reliability: 'ABCDEF'[s % 6] as string });

async function putAll(store: Store, objects: Iterable<StixObject>): Promise<number> {
  let batch: ObjectWrite[] = [];
  let written = 0;
  await store.write(async (tx) => {
    for (const object of objects) {
      batch.push(toObjectWrite(object));
      if (batch.length >= BATCH) {
        await tx.putObjects(batch);
        written += batch.length;
        batch = [];
      }
    }
    await tx.putObjects(batch);
    written += batch.length;
  });
  return written;
}

interface Seeded {
  readonly objects: number;
  readonly reports: number;
  /** The observables of each threat's first report, to build new reports that join it. */
  readonly threatObservables: readonly (readonly StixObject[])[];
  readonly threatIds: readonly string[];
  readonly seedSeconds: number;
  readonly facetSeconds: number;
}

async function seed(store: Store): Promise<Seeded> {
  const random = seededRandom(6);
  const started = performance.now();
  const groups = Array.from({ length: GROUPS }, (_, g) => group(g));
  const sites = Array.from({ length: SITES }, (_, s) => place(s, random));
  const methods = METHODS.map((_, m) => method(m));
  const sources = Array.from({ length: SOURCES }, (_, s) => source(s));
  let written = await putAll(store, [...groups, ...sites, ...methods, ...sources]);
  await store.write((tx) => ensureDefinitions(tx));
  written += 2;

  const reportsTotal = THREATS * REPORTS_PER_THREAT;
  const perReport = Math.floor(OBSERVABLES / reportsTotal);
  const threatObservables: StixObject[][] = [];
  const threatIds: string[] = [];
  let facetMs = 0;
  let nextObservable = 0;
  const CHUNK = 250;
  for (let first = 0; first < THREATS; first += CHUNK) {
    const objects: StixObject[] = [];
    const members: ThreatMember[] = [];
    const keyed: { threatId: string; keys: string[] }[] = [];
    const threats: { id: string; facts: ReportFacts[]; window: { start: string; end: string } }[] = [];
    for (let t = first; t < Math.min(THREATS, first + CHUNK); t++) {
      const threatId = sdoId('grouping', t);
      const start = NOW + (6 + Math.floor(random() * 60 * 24)) * HOUR;
      const window = { start: iso(start), end: iso(start + 24 * HOUR - 1) };
      const facts: ReportFacts[] = [];
      for (let r = 0; r < REPORTS_PER_THREAT; r++) {
        const n = t * REPORTS_PER_THREAT + r;
        const extra = n < OBSERVABLES - perReport * reportsTotal ? 1 : 0;
        const obs = Array.from({ length: perReport + extra }, () => observable(nextObservable++));
        if (r === 0) threatObservables.push(obs);
        const refs = [groups[t % GROUPS] as StixObject, sites[t % SITES] as StixObject, methods[t % METHODS.length] as StixObject, ...obs];
        const report = sdo('report', n, {
          name: `Report ${n}`, published: iso(NOW - (REPORTS_PER_THREAT - r) * HOUR), report_types: ['threat-report'], confidence: 70,
          created_by_ref: (sources[n % SOURCES] as StixObject).id, object_refs: refs.map((o) => o.id), x_tearline_window: window,
        });
        objects.push(...obs, report);
        const map = new Map<string, StixObject>([...refs, sources[n % SOURCES] as StixObject].map((o) => [o.id, o]));
        const result = reportFactsFrom(report, map);
        if (!result.ok) throw new Error(result.error.message);
        facts.push(result.facts);
        members.push({ reportId: report.id, threatId, title: report.name as string, facts: result.facts, markings: [], suppressed: [], reason: 'seeded', addedAt: created });
      }
      threats.push({ id: threatId, facts, window });
      keyed.push({ threatId, keys: blockingKeys({ id: threatId, reports: facts }) });
      threatIds.push(threatId);
    }
    written += await putAll(store, objects);
    const facetStart = performance.now();
    await store.write(async (tx) => {
      const groupings: ObjectWrite[] = [];
      for (const threat of threats) {
        const a = assess({ id: threat.id, reports: threat.facts }, new Date(NOW));
        const summary = summaryOf(a);
        const name = threatName(threat.facts);
        await tx.threats.putThreat({ id: threat.id, status: 'active', mergedInto: null, name, createdAt: created, updatedAt: created, reportCount: threat.facts.length, summary, signature: signatureOf(a), nextCheckAt: nextCheckAt(a), stixVersion: created });
        await tx.threats.appendAssessment({ threatId: threat.id, assessedAt: iso(NOW), trigger: 'new-reporting', signature: signatureOf(a), summary, assessment: a });
        groupings.push(toObjectWrite(threatGrouping({ id: threat.id, name, createdAt: created, modified: created, status: 'active', mergedInto: null, reports: threat.facts, markings: [], summary })));
      }
      await tx.threats.putMembers(members);
      for (const { threatId, keys } of keyed) await tx.threats.addKeys(threatId, keys);
      await tx.putObjects(groupings);
    });
    written += threats.length;
    facetMs += performance.now() - facetStart;
  }
  // The rest of the million: synthetic indicators, malware, intrusion sets, relationships.
  const filler = Math.max(0, OBJECTS - written - SAMPLES * 2 * 1000);
  written += await putAll(store, syntheticObjects(filler, 11));
  return { objects: written, reports: reportsTotal, threatObservables, threatIds, seedSeconds: seconds(started), facetSeconds: Math.round(facetMs) / 1000 };
}

/** A new report of `size` objects sharing `shared` observables with one threat (so it joins it). */
function newReport(tag: string, size: number, joins: readonly StixObject[], shared: number): StixObject[] {
  const fresh = Array.from({ length: size - shared - 2 }, (_, i) => observable(10_000_000 + hash(tag) * 10_000 + i));
  const actor = sdo('intrusion-set', `${tag}-actor`, { name: `New group ${tag}` });
  const refs = [actor, ...joins.slice(0, shared), ...fresh];
  const report = sdo('report', tag, { name: `New report ${tag}`, published: iso(NOW), report_types: ['threat-report'], confidence: 50, object_refs: refs.map((o) => o.id), modified: iso(NOW), created: iso(NOW) });
  return [actor, ...fresh, report];
}

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 997;
  return h;
}

/** `offset` picks other target threats per size, so one size's samples do not join threats another size grew. */
async function fuseSamples(store: Store, seeded: Seeded, size: number, shared: number, offset: number): Promise<{ ms: number[]; cpuMs: number[]; joined: number }> {
  const times: number[] = [];
  const cpu: number[] = [];
  let joined = 0;
  for (let s = 0; s < SAMPLES; s++) {
    const target = (offset + s * 7919) % seeded.threatIds.length;
    const objects = newReport(`r${size}-${s}`, size, seeded.threatObservables[target] ?? [], shared);
    await putAll(store, objects);
    const reportId = (objects[objects.length - 1] as StixObject).id;
    const start = performance.now();
    const startCpu = process.cpuUsage();
    const [fused] = await store.write((tx) => fuseStoredReports(tx, [reportId], iso(NOW + HOUR)));
    times.push(ms(start));
    cpu.push(cpuMs(startCpu));
    if (fused?.threatId === seeded.threatIds[target]) joined++;
  }
  return { ms: times, cpuMs: cpu, joined };
}

function stats(values: readonly number[]): { median: number; max: number; min: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0, min: sorted[0] ?? 0 };
}

const dir = mkdtempSync(join(tmpdir(), 'tearline-bench-fusion-'));
try {
  const path = join(dir, 'fusion.db');
  const seeding = openSqliteStore({ path });
  const seeded = await seed(seeding);
  // Closed and opened again: the seed's write-ahead log checkpointed, as in a store that has been running.
  await seeding.close();
  const store = openSqliteStore({ path });
  const heapAfterSeedMiB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  const stored = await store.stats();

  // Warm-up: the first fusion prepares statements and fills caches.
  await fuseSamples(store, seeded, 10, 2, 11).catch(() => undefined);
  const fuse1000 = await fuseSamples(store, seeded, 1000, 5, 101);
  const fuse100 = await fuseSamples(store, seeded, 100, 3, 2003);

  const ingestObjectsList = newReport('ingest-1000', 1000, seeded.threatObservables[3001 % seeded.threatIds.length] ?? [], 5);
  let start = performance.now();
  let cpu = process.cpuUsage();
  const outcome = await ingestObjects(ingestObjectsList, {}, { store, clock: { now: () => iso(NOW + 2 * HOUR) } });
  const ingest1000 = ms(start);
  const ingest1000Cpu = cpuMs(cpu);
  if (!outcome.committed) throw new Error(`ingest refused: ${JSON.stringify(outcome.errors.slice(0, 3))}`);

  start = performance.now();
  cpu = process.cpuUsage();
  const unchanged = await reassess(iso(NOW + 2 * HOUR), { store }, { all: true });
  const reassessUnchangedS = seconds(start);
  const reassessUnchangedCpuS = cpuMs(cpu) / 1000;
  start = performance.now();
  cpu = process.cpuUsage();
  const moved = await reassess(iso(NOW + 74 * HOUR), { store }, { all: true });
  const reassessMovedS = seconds(start);
  const reassessMovedCpuS = cpuMs(cpu) / 1000;
  start = performance.now();
  const due = await reassess(iso(NOW + 75 * HOUR), { store });
  const reassessDueS = seconds(start);
  await store.close();

  const result = {
    store: { objects: stored.objects, observables: OBSERVABLES, threats: THREATS, reports: seeded.reports, seedSeconds: seeded.seedSeconds, facetSeedSeconds: seeded.facetSeconds },
    fuse1000: { ...stats(fuse1000.ms), cpu: stats(fuse1000.cpuMs), samples: fuse1000.ms, joinedTheirThreat: fuse1000.joined, targetMs: 100 },
    fuse100: { ...stats(fuse100.ms), cpu: stats(fuse100.cpuMs), samples: fuse100.ms, joinedTheirThreat: fuse100.joined, targetMs: 10 },
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
    ingest1000WithFusion: { ms: ingest1000, cpuMs: ingest1000Cpu },
    reassessAll: {
      twoHoursLater: { seconds: reassessUnchangedS, cpuSeconds: reassessUnchangedCpuS, examined: unchanged.examined, changed: unchanged.changed.length },
      clockMoved3Days: { seconds: reassessMovedS, cpuSeconds: reassessMovedCpuS, examined: moved.examined, changed: moved.changed.length },
      dueOnlyAnHourLater: { seconds: reassessDueS, examined: due.examined, changed: due.changed.length },
      targetSeconds: 2,
    },
    memory: { heapAfterSeedMiB, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
