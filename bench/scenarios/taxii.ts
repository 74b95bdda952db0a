// TAXII benchmark (issue 3). Run by bench/run.ts in its own process; prints one JSON line.
//
// 1. Seeds one collection with BENCH_TAXII_OBJECTS synthetic objects (default 1,000,000) in a
//    SQLite file, through the store's own writes, in batches that each get their own
//    date_added.
// 2. GET pages of 100 with match[type]=indicator at random `next` cursors, 16 connections for
//    BENCH_TAXII_SECONDS (default 20, in alternating rounds) from autocannon on loopback, against
//    - Tearline's TAXII endpoint (authentication, content negotiation, filters, the envelope),
//    - the ceiling: a bare node:http server reading the same page from the same file by the
//      same keyset and joining the stored JSON text.
//    Each server runs in its own process, with the V8 flags Tearline runs with (BENCH_SEMI=16
//    runs both with that --max-semi-space-size instead, to weigh the flag against latency);
//    the load generator in this one.
// 3. POSTs BENCH_TAXII_POSTS envelopes of 1,000 new objects, one after another, after three
//    warm-up envelopes whose times are reported apart.
// 4. Reads while writing (reported, no target): the GET load of 2. on Tearline for
//    BENCH_TAXII_MIXED_SECONDS (default 10) while envelopes of 100 new objects are POSTed one
//    after another into the same collection. A cost that only appears once a server has
//    written (as async-context tracking left on by writes did, 2026-12-02) shows here.
// The machine is shared with other work: load averages are reported with the figures.
// Each server also reports its pauses (GC, event-loop delay) per phase, so that a tail
// latency can be told apart: the server's own blocking, or waiting for a CPU.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { encodeCursor } from '../../src/storage/cursor.ts';
import { buildServer } from '../../src/http/server.ts';
import { syntheticObjects } from '../synthetic.ts';
import { randomPosition, seedTaxiiCollection } from '../taxiiCollection.ts';
import { V8_FLAGS } from '../../bin/v8-flags.mjs';

const OBJECTS = Number(process.env.BENCH_TAXII_OBJECTS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_TAXII_SECONDS ?? 20);
const POSTS = Number(process.env.BENCH_TAXII_POSTS ?? 100);
const MIXED_SECONDS = Number(process.env.BENCH_TAXII_MIXED_SECONDS ?? 10);
const WARM_UP_POSTS = 3;
const PAGE = 100;
const CONNECTIONS = 16;
const TYPE = 'indicator';
const TAXII = 'application/taxii+json;version=2.1';
const COLLECTION = 'b0b0b0b0-0000-4000-8000-000000000001';
const self = fileURLToPath(import.meta.url);

interface AutocannonResult {
  readonly requests: { readonly average: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly average: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly '2xx': number;
}
/** What autocannon returns: a promise of the result that also emits each response as it comes. */
type AutocannonRun = Promise<AutocannonResult> & {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, responseTimeMs: number) => void): void;
};
type Autocannon = (options: Record<string, unknown>) => AutocannonRun;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Seeds the collection in a SQLite file of its own. */
async function seed(path: string): Promise<{ seconds: number; token: string }> {
  const store = openSqliteStore({ path });
  try {
    return await seedTaxiiCollection(store, COLLECTION, OBJECTS);
  } finally {
    await store.close();
  }
}

/** A server's pauses since its previous sample: GC (all kinds; major = mark-compact) and event-loop delay. */
interface Pauses {
  gcCount: number;
  gcMs: number;
  gcMaxMs: number;
  majorGcCount: number;
  eventLoopDelayMaxMs: number;
  eventLoopDelayP99Ms: number;
}

interface Sample {
  /** The child's CPU time so far (user + system, ms): what a request costs, whatever the machine's load. */
  readonly cpuMs: number;
  readonly pauses: Pauses;
}

interface Child {
  readonly port: number;
  readonly child: ChildProcess;
  /** Its CPU time so far, and its pauses since the previous sample. */
  sample(): Promise<Sample>;
}

/** Pauses of several samples together: counts and times add up, maxima stay maxima. */
function addPauses(a: Pauses | undefined, b: Pauses): Pauses {
  if (a === undefined) return { ...b };
  return {
    gcCount: a.gcCount + b.gcCount, gcMs: Math.round((a.gcMs + b.gcMs) * 10) / 10, gcMaxMs: Math.max(a.gcMaxMs, b.gcMaxMs),
    majorGcCount: a.majorGcCount + b.majorGcCount,
    eventLoopDelayMaxMs: Math.max(a.eventLoopDelayMaxMs, b.eventLoopDelayMaxMs), eventLoopDelayP99Ms: Math.max(a.eventLoopDelayP99Ms, b.eventLoopDelayP99Ms),
  };
}

function startChild(role: string, db: string): Promise<Child> {
  const flags = process.env.BENCH_SEMI === undefined ? V8_FLAGS : [`--max-semi-space-size=${process.env.BENCH_SEMI}`];
  // BENCH_TAXII_NODE_FLAGS: more flags for both servers, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof'
  // (written when the server exits) or '--trace-gc' (on stdout, which the bench ignores).
  const more = process.env.BENCH_TAXII_NODE_FLAGS?.split(' ').filter((flag) => flag !== '') ?? [];
  const child = spawn(process.execPath, [...flags, ...more, '--import', 'tsx', self, role, db], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const waiting: ((sample: Sample) => void)[] = [];
  const reply = /CPU (\d+) (\{[^\n]*\})\n/;
  child.stdout?.on('data', (chunk: Buffer) => {
    if (more.length > 0) process.stderr.write(`[${role}] ${chunk.toString('utf8')}`);
    out += chunk.toString('utf8');
    for (let match = reply.exec(out); match !== null; match = reply.exec(out)) {
      out = out.replace(match[0], '');
      waiting.shift()?.({ cpuMs: Number(match[1]) / 1000, pauses: JSON.parse(match[2] as string) as Pauses });
    }
  });
  const sample = (): Promise<Sample> => new Promise((resolve) => {
    waiting.push(resolve);
    child.stdin?.write('cpu\n');
  });
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const match = /PORT (\d+)/.exec(out);
      if (match === null) return;
      child.stdout?.off('data', onData);
      resolve({ port: Number(match[1]), child, sample });
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

/**
 * In a server child: answer "cpu" lines on stdin with the process's CPU time and its pauses
 * since the previous answer. The event-loop delay is sampled every 10 ms (the default): its
 * maximum is exact, and the timer costs next to nothing.
 */
function reportCpuOnRequest(): void {
  const delay = monitorEventLoopDelay();
  delay.enable();
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  let gc: { count: number; ms: number; maxMs: number; major: number } = { count: 0, ms: 0, maxMs: 0, major: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count += 1;
      gc.ms += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      // perf_hooks NODE_PERFORMANCE_GC_MAJOR: a mark-compact.
      if ((entry as { detail?: { kind?: number } }).detail?.kind === 2) gc.major += 1;
    }
  }).observe({ entryTypes: ['gc'] });
  process.stdin.on('data', () => {
    const usage = process.cpuUsage();
    const pauses: Pauses = {
      gcCount: gc.count, gcMs: round(gc.ms), gcMaxMs: round(gc.maxMs), majorGcCount: gc.major,
      eventLoopDelayMaxMs: round(delay.max / 1e6), eventLoopDelayP99Ms: round(delay.percentile(99) / 1e6),
    };
    gc = { count: 0, ms: 0, maxMs: 0, major: 0 };
    delay.reset();
    process.stdout.write(`CPU ${usage.user + usage.system} ${JSON.stringify(pauses)}\n`);
  });
}

/** Loads `url` for `seconds`; the response time of every response is added to `latencies`. */
async function load(url: string, paths: () => string, headers: Record<string, string>, seconds: number, latencies: number[] = []): Promise<AutocannonResult> {
  const run = autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers,
    requests: [{ method: 'GET', setupRequest: (request: Record<string, unknown>) => ({ ...request, path: paths() }) }],
  });
  run.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
  return run;
}

function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Nearest rank: the smallest value with at least `q` of them at or below it. */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

const ROUNDS = 4;

/**
 * Both servers, measured in alternating rounds (bare, Tearline, bare, ...), so that a change
 * in the shared machine's load affects both alike. Requests per second over all rounds; the
 * p50 and p99 of every response of the 20 s (the target's figure), and the worst round's
 * p99 beside it (a 5-second round with one stall of the shared machine shows there).
 */
interface GetFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly worstRoundP99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly cpuMsPerRequest: number;
  readonly pauses?: Pauses;
}

async function measureGet(db: string, token: string): Promise<{ tearline: GetFigures; bare: GetFigures }> {
  const servers = await Promise.all((['serve-bare', 'serve-tearline'] as const).map(async (role) => ({ role, ...(await startChild(role, db)) })));
  try {
    const runs = servers.map(({ role, port }) => {
      const base = `http://127.0.0.1:${port}`;
      const tearline = role === 'serve-tearline';
      const paths = tearline
        ? () => `/taxii2/root/collections/${COLLECTION}/objects/?match[type]=${TYPE}&limit=${PAGE}&next=${encodeCursor('taxii', randomPosition(OBJECTS))}`
        : () => `/page?type=${TYPE}&limit=${PAGE}&after=${randomPosition(OBJECTS).join(',')}`;
      const headers: Record<string, string> = tearline ? { accept: TAXII, authorization: `Bearer ${token}` } : {};
      return {
        role,
        sample: servers.find((x) => x.role === role)?.sample as () => Promise<Sample>,
        run: (seconds: number, latencies?: number[]) => load(base, paths, headers, seconds, latencies),
      };
    });
    // Warm-up: caches, JIT, the one scrypt check of the token.
    for (const r of runs) await r.run(2);
    const totals = new Map<string, { requests: number; seconds: number; latencies: number[]; worstRoundP99: number; errors: number; non2xx: number; cpuMs: number; pauses?: Pauses }>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const r of runs) {
        const t = totals.get(r.role) ?? { requests: 0, seconds: 0, latencies: [], worstRoundP99: 0, errors: 0, non2xx: 0, cpuMs: 0 };
        const before = await r.sample();
        const result = await r.run(SECONDS / ROUNDS, t.latencies);
        const after = await r.sample();
        t.cpuMs += after.cpuMs - before.cpuMs;
        t.pauses = addPauses(t.pauses, after.pauses);
        t.requests += result['2xx'] + result.non2xx;
        t.seconds += SECONDS / ROUNDS;
        t.worstRoundP99 = Math.max(t.worstRoundP99, result.latency.p99);
        t.errors += result.errors + result.timeouts;
        t.non2xx += result.non2xx;
        totals.set(r.role, t);
      }
    }
    const summarise = (role: string): GetFigures => {
      const t = totals.get(role) as NonNullable<ReturnType<typeof totals.get>>;
      return {
        requestsPerSecond: Math.round(t.requests / t.seconds),
        p50Ms: tenths(percentile(t.latencies, 0.5)), p99Ms: tenths(percentile(t.latencies, 0.99)), worstRoundP99Ms: t.worstRoundP99,
        errors: t.errors, non2xx: t.non2xx,
        cpuMsPerRequest: Math.round((t.cpuMs / t.requests) * 1000) / 1000,
        ...(t.pauses === undefined ? {} : { pauses: t.pauses }),
      };
    };
    return { tearline: summarise('serve-tearline'), bare: summarise('serve-bare') };
  } finally {
    for (const s of servers) s.child.kill();
  }
}

/** POSTs `objects` in one envelope to the bench collection of the server on `port`. */
function postEnvelope(port: number, token: string, objects: readonly unknown[]): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/taxii2/root/collections/${COLLECTION}/objects/`, {
    method: 'POST',
    body: JSON.stringify({ objects }),
    headers: { accept: TAXII, 'content-type': TAXII, authorization: `Bearer ${token}` },
  });
}

async function measurePost(db: string, token: string): Promise<Record<string, unknown>> {
  const { port, child, sample } = await startChild('serve-tearline', db);
  try {
    // New objects (another seed): nothing is already stored.
    const objects = [...syntheticObjects((POSTS + WARM_UP_POSTS) * 1000, 99)];
    const post = (i: number): Promise<Response> => postEnvelope(port, token, objects.slice(i * 1000, (i + 1) * 1000));
    // The first envelopes pay for compiling the ingest path: measured apart, as warm-up.
    const warmUpMs: number[] = [];
    for (let i = POSTS; i < POSTS + WARM_UP_POSTS; i++) {
      const t = performance.now();
      await (await post(i)).json();
      warmUpMs.push(Math.round(performance.now() - t));
    }
    const latencies: number[] = [];
    let failed = 0;
    const before = await sample();
    const start = performance.now();
    for (let i = 0; i < POSTS; i++) {
      const t = performance.now();
      const response = await post(i);
      const status = (await response.json()) as { success_count?: number };
      latencies.push(performance.now() - t);
      if (response.status !== 202 || status.success_count !== 1000) failed += 1;
    }
    const seconds = (performance.now() - start) / 1000;
    const after = await sample();
    const cpu = after.cpuMs - before.cpuMs;
    // Where the slowest envelopes fell in the sequence (0: the first after the warm-up).
    const slowest = latencies.map((ms, index) => ({ index, ms: Math.round(ms) })).sort((a, b) => b.ms - a.ms).slice(0, 3);
    latencies.sort((a, b) => a - b);
    // Nearest rank: the p99 of 100 envelopes is the 99th slowest, not the slowest (that is maxMs).
    const p = (q: number): number => Math.round(latencies[Math.max(0, Math.ceil(q * latencies.length) - 1)] ?? 0);
    return {
      requests: POSTS, objectsPerSecond: Math.round((POSTS * 1000) / seconds), p50Ms: p(0.5), p99Ms: p(0.99), maxMs: Math.round(latencies.at(-1) ?? 0), failedRequests: failed,
      warmUpMs, slowest, pauses: after.pauses,
      // What the server would do with a core of its own: objects per CPU second.
      objectsPerCpuSecond: Math.round((POSTS * 1000) / (cpu / 1000)),
    };
  } finally {
    child.kill();
  }
}

/** GET pages as in measureGet, on Tearline alone, while another client POSTs 100-object envelopes one after another. */
async function measureGetWhileWriting(db: string, token: string): Promise<Record<string, unknown>> {
  const { port, child, sample } = await startChild('serve-tearline', db);
  try {
    const base = `http://127.0.0.1:${port}`;
    const headers = { accept: TAXII, authorization: `Bearer ${token}` };
    const paths = (): string => `/taxii2/root/collections/${COLLECTION}/objects/?match[type]=${TYPE}&limit=${PAGE}&next=${encodeCursor('taxii', randomPosition(OBJECTS))}`;
    // Another seed than the seeding's and the POST phase's: every object is new.
    const objects = syntheticObjects(1_000_000, 131)[Symbol.iterator]();
    const batch = (): unknown[] => {
      const next: unknown[] = [];
      for (let i = 0; i < 100; i++) next.push(objects.next().value);
      return next;
    };
    await load(base, paths, headers, 2);
    let writing = true;
    const postLatencies: number[] = [];
    let posted = 0;
    let failedPosts = 0;
    const writer = (async () => {
      while (writing) {
        const t = performance.now();
        const response = await postEnvelope(port, token, batch());
        const status = (await response.json()) as { success_count?: number };
        postLatencies.push(performance.now() - t);
        if (response.status === 202 && status.success_count === 100) posted += 100;
        else failedPosts += 1;
      }
    })();
    const before = await sample();
    const latencies: number[] = [];
    const result = await load(base, paths, headers, MIXED_SECONDS, latencies);
    const after = await sample();
    writing = false;
    await writer;
    const requests = result['2xx'] + result.non2xx;
    return {
      seconds: MIXED_SECONDS,
      requestsPerSecond: Math.round(requests / MIXED_SECONDS),
      p50Ms: tenths(percentile(latencies, 0.5)), p99Ms: tenths(percentile(latencies, 0.99)),
      errors: result.errors + result.timeouts, non2xx: result.non2xx,
      postedObjectsPerSecond: Math.round(posted / MIXED_SECONDS), postP99Ms: Math.round(percentile(postLatencies, 0.99)), failedPosts,
      // Both kinds of request together: what the server's one thread spent, per GET.
      cpuMsPerGet: Math.round(((after.cpuMs - before.cpuMs) / requests) * 1000) / 1000,
      pauses: after.pauses,
    };
  } finally {
    child.kill();
  }
}

/** The ceiling: the same page by the same keyset, the stored JSON joined, nothing else. */
function serveBare(db: string): void {
  const sqlite = new Database(db, { readonly: true, fileMustExist: true });
  const columns = 'SELECT m.mseq, m.date_added_key AS k, v.json FROM collection_members m CROSS JOIN object_versions v ON v.seq = m.version_seq CROSS JOIN objects o ON o.oid = v.oid';
  const cid = sqlite.prepare('SELECT cid FROM collections WHERE id = ?').pluck().get(COLLECTION) as number;
  // The limit behind CAST, as Tearline writes it (src/storage/sqlite/limit.ts): a bare `LIMIT ?`
  // makes SQLite plan the statement again on every run, a cost the ceiling should not carry.
  const same = sqlite.prepare(`${columns} WHERE m.cid = ? AND m.date_added_key = ? AND m.mseq > ? AND +o.type = ? ORDER BY m.mseq LIMIT CAST(? AS INTEGER)`);
  const later = sqlite.prepare(`${columns} WHERE m.cid = ? AND m.date_added_key > ? AND +o.type = ? ORDER BY m.date_added_key, m.mseq LIMIT CAST(? AS INTEGER)`);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const [key = '', seq = '0'] = (url.searchParams.get('after') ?? '').split(',');
    const type = url.searchParams.get('type') ?? '';
    const limit = Number(url.searchParams.get('limit') ?? PAGE);
    const rows = same.all(cid, key, Number(seq), type, limit) as { mseq: number; k: string; json: string }[];
    if (rows.length < limit) rows.push(...(later.all(cid, key, type, limit - rows.length) as typeof rows));
    const last = rows[rows.length - 1];
    // One flat join, as Tearline's envelope (src/http/taxii/render.ts): a text of pieces would
    // be flattened into a copy of the page to count its bytes.
    const parts = rows.map((r) => r.json);
    const tail = `]${last === undefined ? '' : `,"next":"${last.k},${last.mseq}"`}}`;
    parts[0] = `{"objects":[${parts[0] ?? ''}`;
    parts[parts.length - 1] = `${parts[parts.length - 1] as string}${tail}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(parts.join(','));
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`));
  reportCpuOnRequest();
}

async function serveTearline(db: string): Promise<void> {
  const store = openSqliteStore({ path: db });
  const app = await buildServer({ store, clock: { now: () => new Date().toISOString() }, maxBodyBytes: 64 * 1024 * 1024, version: 'bench' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`PORT ${new URL(address).port}\n`);
  reportCpuOnRequest();
}

/**
 * BENCH_TAXII_DB=path keeps the seeded file (and its token beside it, in path.token) for the
 * next run, which then skips the seeding: for trying a change to the GET path again and again.
 * Its POSTs would land in the kept file, so set BENCH_TAXII_POSTS=0 with it.
 */
async function seedOrReuse(dir: string): Promise<{ db: string; seconds: number; token: string }> {
  const kept = process.env.BENCH_TAXII_DB;
  const db = kept ?? join(dir, 'taxii.db');
  if (kept !== undefined && existsSync(`${kept}.token`)) return { db, seconds: Number.NaN, token: readFileSync(`${kept}.token`, 'utf8') };
  const seeded = await seed(db);
  if (kept !== undefined) writeFileSync(`${kept}.token`, seeded.token);
  return { db, ...seeded };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-bench-taxii-'));
  try {
    const loadBefore = loadavg();
    const seeded = await seedOrReuse(dir);
    const db = seeded.db;
    const { tearline, bare } = await measureGet(db, seeded.token);
    const post = POSTS === 0 ? { skipped: 'BENCH_TAXII_POSTS=0' } : await measurePost(db, seeded.token);
    // It writes too, so it runs only where the POSTs may (not on a kept file).
    const getWhileWriting = POSTS === 0 || MIXED_SECONDS === 0 ? { skipped: 'BENCH_TAXII_POSTS=0 or BENCH_TAXII_MIXED_SECONDS=0' } : await measureGetWhileWriting(db, seeded.token);
    process.stdout.write(`${JSON.stringify({
      objects: OBJECTS,
      seedSeconds: Math.round(seeded.seconds * 10) / 10,
      seedObjectsPerSecond: Math.round(OBJECTS / seeded.seconds),
      get: {
        page: PAGE, matchType: TYPE, connections: CONNECTIONS, seconds: SECONDS, tearline, bare,
        ratioToBare: Math.round(((tearline.requestsPerSecond ?? 0) / (bare.requestsPerSecond ?? 1)) * 100) / 100,
        // Throughput on a machine of one's own is CPU per request: this ratio does not depend on the load of others.
        cpuRatioToBare: Math.round(((bare.cpuMsPerRequest ?? 0) / (tearline.cpuMsPerRequest ?? 1)) * 100) / 100,
      },
      post,
      getWhileWriting,
      loadAverage: { before: loadBefore.map((l) => Math.round(l * 10) / 10), after: loadavg().map((l) => Math.round(l * 10) / 10) },
      note: 'the machine (2 cores) is shared with other work: compare the two servers of one run',
      target: { ratioToBare: 0.6, getP99Ms: 30, getErrors: 0, postObjectsPerSecond: 8000, postP99Ms: 250 },
    })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [role, db] = process.argv.slice(2);
// An orderly exit on kill, so that a --cpu-prof profile gets written.
if (role !== undefined) process.on('SIGTERM', () => process.exit(0));
if (role === 'serve-bare' && db !== undefined) serveBare(db);
else if (role === 'serve-tearline' && db !== undefined) await serveTearline(db);
else await main();
