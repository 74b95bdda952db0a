// Foundation benchmark (issue: Foundation). Run by bench/run.ts in its own process so that
// the peak RSS it reports belongs to this scenario alone. Prints one JSON line.
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { parseStixInput } from '../../src/app/ingest/parseStixInput.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { writeBundle } from '../../src/cli/commands/export.ts';
import { syntheticObjects } from '../synthetic.ts';
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
  const bytes = gunzipSync(readFileSync(path));
  let start = performance.now();
  const parsedOnly = JSON.parse(bytes.toString('utf8')) as { objects: unknown[] };
  const bareParse = seconds(start);
  const count = parsedOnly.objects.length;

  const store = openSqliteStore({ path: join(dir, 'attack.db') });
  start = performance.now();
  const input = parseStixInput(bytes, 64 * 1024 * 1024);
  if (!input.ok) throw new Error(input.error.message);
  const outcome = await ingestObjects(input.objects, {}, { store, clock });
  const endToEnd = seconds(start);
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

async function synthetic(): Promise<Record<string, unknown>> {
  const store = openSqliteStore({ path: join(dir, 'synthetic.db') });
  let start = performance.now();
  const outcome = await ingestObjects(syntheticObjects(SYNTHETIC), { batchSize: BATCH }, { store, clock });
  const ingestSeconds = seconds(start);
  if (!outcome.committed) throw new Error(`synthetic rejected: ${JSON.stringify(outcome.errors.slice(0, 5))}`);
  const afterIngestRss = process.memoryUsage().rss;

  let exported = 0;
  const sink = new Writable({ write(_chunk, _enc, done) { done(); } });
  start = performance.now();
  exported = await writeBundle(sink, store.scanLatestObjects({}));
  const exportSeconds = seconds(start);
  await store.close();

  // The ceiling: the same rows into a bare table with the same key, same batch size, no validation.
  const bare = new Database(join(dir, 'bare.db'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = NORMAL');
  bare.exec('CREATE TABLE objects (id TEXT NOT NULL, version TEXT NOT NULL, type TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (id, version))');
  const insert = bare.prepare('INSERT INTO objects (id, version, type, json) VALUES (?, ?, ?, ?)');
  const insertMany = bare.transaction((rows: [string, string, string, string][]) => {
    for (const row of rows) insert.run(row);
  });
  // Rows are serialised before the clock starts: the bare figure is the insert alone.
  const rows: [string, string, string, string][] = [];
  for (const o of syntheticObjects(SYNTHETIC)) rows.push([o.id, String(o.modified), o.type, JSON.stringify(o)]);
  start = performance.now();
  bare.exec('BEGIN');
  for (let i = 0; i < rows.length; i += BATCH) insertMany(rows.slice(i, i + BATCH));
  bare.exec('COMMIT');
  const bareSeconds = seconds(start);
  bare.close();

  return {
    objects: SYNTHETIC,
    ingestSeconds,
    ingestObjectsPerSecond: Math.round(SYNTHETIC / ingestSeconds),
    bareInsertObjectsPerSecond: Math.round(SYNTHETIC / bareSeconds),
    ratioToBareInsert: bareSeconds / ingestSeconds,
    exportObjects: exported,
    exportObjectsPerSecond: Math.round(exported / exportSeconds),
    rssAfterIngestMiB: Math.round(afterIngestRss / 2 ** 20),
    target: { ingestObjectsPerSecond: 15000, ratioToBareInsert: 0.45, exportObjectsPerSecond: 50000, peakRssMiB: 600 },
  };
}

try {
  const which = process.argv[2] ?? 'all';
  const result: Record<string, unknown> = {};
  if (which === 'all' || which === 'attack') result.attack = await attack();
  if (which === 'all' || which === 'synthetic') result.synthetic = await synthetic();
  // maxRSS is in KiB on Linux: the process's peak resident memory over its whole life.
  result.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
