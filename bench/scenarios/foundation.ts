// Foundation benchmark (issue: Foundation). Run by bench/run.ts in its own process so that
// the peak RSS it reports belongs to this scenario alone. Prints one JSON line.
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { openWriterConnection } from '../../src/storage/sqlite/connection.ts';
import { parseStixInput } from '../../src/app/ingest/parseStixInput.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { writeBundle } from '../../src/cli/commands/export.ts';
import { writeSyntheticNdjson } from '../synthetic.ts';
import { ndjsonLines } from '../../src/cli/ndjsonObjects.ts';
import { startWorkerJudge } from '../../src/app/ingest/judgeWorkers.ts';
import { SHARED_DATA } from '../shared.ts';

const clock = { now: () => new Date().toISOString() };
const SYNTHETIC = Number(process.env.BENCH_SYNTHETIC ?? 200_000);
const BATCH = 2000;
const dir = mkdtempSync(join(tmpdir(), 'tearline-bench-'));

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

async function attack(): Promise<Record<string, unknown>> {
  const path = join(SHARED_DATA, 'attack/enterprise-attack-18.1.json.gz');
  if (!existsSync(path)) return { skipped: `shared data absent: ${path}` };
  // In shared memory, as `tearline ingest` reads a file (src/cli/readInput.ts).
  const unzipped = gunzipSync(readFileSync(path));
  const bytes = Buffer.from(new SharedArrayBuffer(unzipped.byteLength));
  unzipped.copy(bytes);
  const { bareParse, count } = await timeBareParse(bytes);

  const store = openSqliteStore({ path: join(dir, 'attack.db') });
  const start = performance.now();
  // As `tearline ingest` does for a big bundle: a judge thread starts loading, the objects stay
  // JSON text, and the thread parses and validates them while this one writes
  // (src/cli/commands/ingest.ts).
  const workers = startWorkerJudge(Number(process.env.BENCH_JUDGE_THREADS ?? 1));
  const input = parseStixInput(bytes, 64 * 1024 * 1024, { deferObjects: true });
  if (!input.ok) throw new Error(input.error.message);
  const outcome = await ingestObjects(input.objects, { judge: workers.judge }, { store, clock });
  const endToEnd = seconds(start);
  await workers.close();
  await store.close();
  if (!outcome.committed) throw new Error(`ATT&CK rejected: ${JSON.stringify(outcome.errors.slice(0, 5))}`);
  return {
    objects: count,
    bytes: bytes.byteLength,
    seconds: endToEnd,
    objectsPerSecond: Math.round(count / endToEnd),
    bareParseSeconds: bareParse,
    ratioToBareParse: endToEnd / bareParse,
    warnings: outcome.warnings.length,
    target: { seconds: 2, ratioToBareParse: 8 },
  };
}

/**
 * The ceiling: one JSON.parse of the same bytes, timed in a thread of its own. In this thread
 * the parsed bundle would stay behind as old-generation garbage pointing into the young
 * generation, and the ingest timed next would pay for it in its first collections (measured:
 * one 118 ms scavenge), which `tearline ingest` never does.
 */
async function timeBareParse(bytes: Buffer): Promise<{ bareParse: number; count: number }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
    const start = performance.now();
    const parsed = JSON.parse(Buffer.from(workerData).toString('utf8'));
    parentPort.postMessage({ seconds: (performance.now() - start) / 1000, count: parsed.objects.length });`,
    { eval: true, workerData: bytes.buffer },
  );
  const [answer] = (await once(worker, 'message')) as [{ seconds: number; count: number }];
  await worker.terminate();
  return { bareParse: answer.seconds, count: answer.count };
}

/** The synthetic objects as NDJSON bytes on disk: what a feed delivers, written before any clock starts. */
function writeSyntheticFile(): string {
  return writeSyntheticNdjson(join(dir, 'synthetic.ndjson'), SYNTHETIC);
}

/** Tearline's own path, alone in its process so its peak memory is its own: stream, validate, store, export. */
async function synthetic(): Promise<Record<string, unknown>> {
  const file = writeSyntheticFile();
  const rssBefore = process.memoryUsage().rss;
  const store = openSqliteStore({ path: join(dir, 'synthetic.db') });
  let start = performance.now();
  const workers = startWorkerJudge(Number(process.env.BENCH_JUDGE_THREADS ?? 1));
  const outcome = await ingestObjects(ndjsonLines(file, process.stdin), { batchSize: BATCH, judge: workers.judge }, { store, clock });
  const ingestSeconds = seconds(start);
  await workers.close();
  if (!outcome.committed) throw new Error(`synthetic rejected: ${JSON.stringify(outcome.errors.slice(0, 5))}`);

  const sink = new Writable({ write(_chunk, _enc, done) { done(); } });
  start = performance.now();
  const exported = await writeBundle(sink, store.scanLatestObjects({}));
  const exportSeconds = seconds(start);
  await store.close();
  return {
    objects: SYNTHETIC,
    ingestSeconds,
    ingestObjectsPerSecond: Math.round(SYNTHETIC / ingestSeconds),
    exportObjects: exported,
    exportObjectsPerSecond: Math.round(exported / exportSeconds),
    rssBeforeIngestMiB: Math.round(rssBefore / 2 ** 20),
    target: { ingestObjectsPerSecond: 15000, exportObjectsPerSecond: 50000, peakRssMiB: 600 },
  };
}

/** The ceilings for the same bytes: a bare JSON.parse of every line, and a bare insert of the same rows. */
function baselines(): Record<string, unknown> {
  const file = writeSyntheticFile();
  const text = readFileSync(file, 'utf8');
  const start = performance.now();
  const lines = text.split('\n').filter((line) => line !== '');
  const parsed = lines.map((line) => JSON.parse(line) as { id: string; modified?: string; type: string });
  const parseSeconds = seconds(start);

  const rows = parsed.map((o, i): [string, string, string, string] => [o.id, String(o.modified), o.type, lines[i] as string]);
  // Two ceilings. SQLite's defaults (4 KiB pages, a 2 MiB page cache) are the bare insert this
  // benchmark has compared with since the first session. With the store writer's own settings
  // (8 KiB pages, 16 MiB cache) the bare table's one random key index stays in memory and the
  // ceiling is about twice as high; the ratio to it weighs Tearline's schema (five tables,
  // six indexes an object) against one table and one index.
  const defaults = new Database(join(dir, 'bare-defaults.db'));
  defaults.pragma('journal_mode = WAL');
  defaults.pragma('synchronous = NORMAL');
  const insertSeconds = timeBareInsert(defaults, rows);
  const storeSettingsSeconds = timeBareInsert(openWriterConnection(join(dir, 'bare-store-settings.db')), rows);
  return {
    objects: lines.length,
    bareParseObjectsPerSecond: Math.round(lines.length / parseSeconds),
    bareInsertObjectsPerSecond: Math.round(lines.length / insertSeconds),
    bareInsertStoreSettingsObjectsPerSecond: Math.round(lines.length / storeSettingsSeconds),
  };
}

/** Same key as the store's identity of a version, same batch size, no validation; closes `bare`. */
function timeBareInsert(bare: Database.Database, rows: readonly [string, string, string, string][]): number {
  bare.exec('CREATE TABLE objects (id TEXT NOT NULL, version TEXT NOT NULL, type TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (id, version))');
  const insert = bare.prepare('INSERT INTO objects (id, version, type, json) VALUES (?, ?, ?, ?)');
  const insertMany = bare.transaction((batch: readonly [string, string, string, string][]) => {
    for (const row of batch) insert.run(row);
  });
  const start = performance.now();
  bare.exec('BEGIN');
  for (let i = 0; i < rows.length; i += BATCH) insertMany(rows.slice(i, i + BATCH));
  bare.exec('COMMIT');
  const elapsed = seconds(start);
  bare.close();
  return elapsed;
}

try {
  const which = process.argv[2] ?? 'all';
  const result: Record<string, unknown> = {};
  if (which === 'all' || which === 'attack') result.attack = await attack();
  if (which === 'all' || which === 'synthetic') result.synthetic = await synthetic();
  if (which === 'all' || which === 'baselines') result.baselines = baselines();
  // maxRSS is in KiB on Linux: the process's peak resident memory over its whole life.
  result.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
