// TAXII pages on PostgreSQL with two nodes, beside SQLite (issue 10). Run by bench/run.ts in
// its own process (`npm run bench -- --store postgres`); prints one JSON line.
//
// 1. Seeds one collection with BENCH_PG_TAXII_OBJECTS synthetic objects (default 100,000) the
//    same way into a SQLite file and a fresh PostgreSQL database (TEARLINE_BENCH_PG_URL, else
//    TEARLINE_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432/postgres, where it may
//    CREATE DATABASE; dropped at the end), through the stores' own writes, a batch per date_added.
// 2. Starts real `tearline serve` processes (bin/tearline.mjs): one on the SQLite file, two on
//    the PostgreSQL database.
// 3. One autocannon load generator, 16 connections, GET pages of 100 with match[type]=indicator
//    at random `next` cursors, in alternating rounds (BENCH_PG_TAXII_SECONDS each, default 8):
//    - SQLite, one node;
//    - PostgreSQL, one node;
//    - PostgreSQL, two nodes: the connections alternate between the two nodes' URLs.
//    Each configuration also reports the CPU its Tearline processes and the PostgreSQL server
//    spent per request (from /proc, Linux), which the load of other work does not inflate.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Store } from '../../src/app/ports.ts';
import { encodeCursor } from '../../src/storage/cursor.ts';
import { openPostgresStore } from '../../src/storage/postgres/index.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { V8_FLAGS } from '../../bin/v8-flags.mjs';
import { randomPosition, seedTaxiiCollection } from '../taxiiCollection.ts';

const OBJECTS = Number(process.env.BENCH_PG_TAXII_OBJECTS ?? 100_000);
const SECONDS = Number(process.env.BENCH_PG_TAXII_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_PG_TAXII_ROUNDS ?? 2);
const ADMIN_URL = process.env.TEARLINE_BENCH_PG_URL ?? process.env.TEARLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PAGE = 100;
const CONNECTIONS = 16;
const TYPE = 'indicator';
const TAXII = 'application/taxii+json;version=2.1';
const COLLECTION = 'b0b0b0b0-0000-4000-8000-000000000002';
const BIN = fileURLToPath(new URL('../../bin/tearline.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Linux clock ticks per second, what /proc/<pid>/stat counts CPU time in. */
const TICKS = 100;

interface AutocannonResult {
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly '2xx': number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;


async function admin(text: string, url: string = ADMIN_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The same collection, account and objects in either store; returns the account's token. */
function seed(store: Store): Promise<{ seconds: number; token: string }> {
  return seedTaxiiCollection(store, COLLECTION, OBJECTS);
}

interface NodeProcess {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
}

function startNode(env: Record<string, string>): Promise<NodeProcess> {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('TEARLINE_')) base[key] = value;
  const child = spawn(process.execPath, [...V8_FLAGS, BIN, 'serve'], {
    cwd: ROOT,
    env: { ...base, TEARLINE_HOST: '127.0.0.1', TEARLINE_PORT: '0', TEARLINE_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match !== null) resolve({ url: match[1] as string, pid: child.pid as number, child });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

/** CPU seconds (user + system) a process has used, from /proc; 0 where there is no /proc. */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** CPU seconds of every PostgreSQL server process (the server is shared: a rough figure). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc', { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^\d+$/.test(entry.name)) continue;
    try {
      if (readFileSync(`/proc/${entry.name}/comm`, 'utf8').trim() === 'postgres') total += cpuSeconds(Number(entry.name));
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

function randomPath(): string {
  const next = encodeCursor('taxii', randomPosition(OBJECTS));
  return `/taxii2/root/collections/${COLLECTION}/objects/?match[type]=${TYPE}&limit=${PAGE}&next=${next}`;
}

interface Totals {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  nodeCpu: number;
  postgresCpu: number;
}

async function load(urls: readonly string[], token: string, seconds: number): Promise<AutocannonResult> {
  return autocannon({
    // Several URLs: autocannon spreads its connections over them in turn.
    url: urls.length === 1 ? urls[0] : [...urls],
    connections: CONNECTIONS,
    duration: seconds,
    headers: { accept: TAXII, authorization: `Bearer ${token}` },
    requests: [{ method: 'GET', setupRequest: (request: Record<string, unknown>) => ({ ...request, path: randomPath() }) }],
  });
}

async function run(): Promise<Record<string, unknown>> {
  try {
    await admin('SELECT 1');
  } catch (error) {
    return { skipped: `PostgreSQL not reachable at ${new URL(ADMIN_URL).host}: ${(error as Error).message}` };
  }
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'tearline-bench-pg-taxii-'));
  const database = `tearline_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${database}`);
  const nodes: NodeProcess[] = [];
  try {
    const pgUrl = new URL(ADMIN_URL);
    pgUrl.pathname = `/${database}`;
    const sqlitePath = join(dir, 'taxii.db');
    const sqliteStore = openSqliteStore({ path: sqlitePath });
    const sqliteSeed = await seed(sqliteStore);
    await sqliteStore.close();
    const pgStore = await openPostgresStore({ url: pgUrl.toString() });
    const pgSeed = await seed(pgStore);
    await pgStore.close();
    // Fresh statistics and visibility map, as autovacuum would give a store that has been up a while.
    await admin('VACUUM ANALYZE', pgUrl.toString());

    nodes.push(await startNode({ TEARLINE_DB: sqlitePath }));
    nodes.push(await startNode({ TEARLINE_DATABASE_URL: pgUrl.toString() }));
    nodes.push(await startNode({ TEARLINE_DATABASE_URL: pgUrl.toString() }));
    const [sqliteNode, pgA, pgB] = nodes as [NodeProcess, NodeProcess, NodeProcess];
    const configurations = [
      { name: 'sqliteOneNode', nodes: [sqliteNode], token: sqliteSeed.token },
      { name: 'postgresOneNode', nodes: [pgA], token: pgSeed.token },
      { name: 'postgresTwoNodes', nodes: [pgA, pgB], token: pgSeed.token },
    ];
    // Warm-up: JIT, caches, each node's one scrypt check of the token.
    for (const c of configurations) await load(c.nodes.map((n) => n.url), c.token, 2);
    const totals = new Map<string, Totals>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of configurations) {
        const nodeCpu = (): number => c.nodes.reduce((sum, n) => sum + cpuSeconds(n.pid), 0);
        const cpuBefore = nodeCpu();
        const pgBefore = c.name === 'sqliteOneNode' ? 0 : postgresCpuSeconds();
        const result = await load(c.nodes.map((n) => n.url), c.token, SECONDS);
        const t = totals.get(c.name) ?? { requests: 0, seconds: 0, p50: 0, p99: 0, errors: 0, non2xx: 0, nodeCpu: 0, postgresCpu: 0 };
        t.requests += result['2xx'] + result.non2xx;
        t.seconds += SECONDS;
        t.p50 = Math.max(t.p50, result.latency.p50);
        t.p99 = Math.max(t.p99, result.latency.p99);
        t.errors += result.errors + result.timeouts;
        t.non2xx += result.non2xx;
        t.nodeCpu += nodeCpu() - cpuBefore;
        if (c.name !== 'sqliteOneNode') t.postgresCpu += postgresCpuSeconds() - pgBefore;
        totals.set(c.name, t);
      }
    }
    const summary = Object.fromEntries([...totals].map(([name, t]) => [name, {
      requestsPerSecond: Math.round(t.requests / t.seconds),
      p50Ms: t.p50,
      p99Ms: t.p99,
      errors: t.errors,
      non2xx: t.non2xx,
      nodeCpuMsPerRequest: Math.round((t.nodeCpu * 1000 / t.requests) * 1000) / 1000,
      ...(name === 'sqliteOneNode' ? {} : { postgresCpuMsPerRequest: Math.round((t.postgresCpu * 1000 / t.requests) * 1000) / 1000 }),
    }]));
    const rps = (name: string): number => (summary[name] as { requestsPerSecond: number }).requestsPerSecond;
    return {
      objects: OBJECTS,
      page: PAGE,
      matchType: TYPE,
      connections: CONNECTIONS,
      secondsPerRound: SECONDS,
      rounds: ROUNDS,
      seedObjectsPerSecond: { sqlite: Math.round(OBJECTS / sqliteSeed.seconds), postgres: Math.round(OBJECTS / pgSeed.seconds) },
      get: summary,
      postgresTwoNodesToSqlite: Math.round((rps('postgresTwoNodes') / rps('sqliteOneNode')) * 100) / 100,
      postgresTwoNodesToOneNode: Math.round((rps('postgresTwoNodes') / rps('postgresOneNode')) * 100) / 100,
      loadAverage: { before: loadBefore.map((l) => Math.round(l * 10) / 10), after: loadavg().map((l) => Math.round(l * 10) / 10) },
      note: 'one load generator, the nodes and PostgreSQL share the machine (2 cores): a second node adds no cores; compare CPU per request',
    };
  } finally {
    for (const node of nodes) node.child.kill();
    await Promise.all(nodes.map((node) => new Promise((resolve) => (node.child.exitCode === null ? node.child.once('exit', resolve) : resolve(null)))));
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  }
}

const result = await run();
result.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify(result)}\n`);
