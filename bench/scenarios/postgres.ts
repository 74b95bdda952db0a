// PostgreSQL store benchmark (issue 10). Run by bench/run.ts in its own process; prints one
// JSON line. Needs a PostgreSQL server: TEARLINE_BENCH_PG_URL (else TEARLINE_TEST_PG_URL,
// else postgres://postgres@127.0.0.1:5432/postgres) names a database where it may CREATE
// DATABASE; it works in a scratch database of its own and drops it at the end.
//
// Figures, all on the same seeded synthetic objects (bench/synthetic.ts), in one run:
// - adapter: ObjectWrite rows (built before the clock starts) through store.write +
//   tx.putObjects in batches, the store's whole write path: lookups, judgement, objects,
//   versions, refs, markings, indexes;
// - bare: the same rows' (id, version, type, json) into a table with only the (id, version)
//   key, as multi-row INSERTs of the same batch size in one transaction (the bulk form the
//   adapter used before it moved to COPY), and with COPY through psql when psql is
//   installed: a ceiling on other rows than the adapter's, for comparison;
// - same rows: COPY through psql, in one transaction, of exactly the rows the adapter stores
//   for these objects (objects, versions, refs, markings; numbered as the adapter numbers
//   them) into a freshly migrated schema of the adapter's own, so with its columns and every
//   one of its indexes: what the server spends on the rows themselves when nothing but COPY
//   is done. The adapter's gap to it is its own overhead (lookups, judgement, round trips);
//   the gap between the two ceilings is what the schema's tables and indexes cost. This is
//   the "bare COPY of the same rows": its target is ingest >= 0.5x this;
// - end-to-end ingest (validate, store: ingestObjects) of the parsed objects, judged in the
//   writing thread, on PostgreSQL and on SQLite, and SQLite's adapter figure, side by side;
// - streamed ingest, as `tearline ingest` runs an NDJSON file and foundation-synthetic
//   measures it on SQLite: the lines read from disk, parsed and validated by a judge thread
//   while this one writes (src/cli/commands/ingest.ts), on PostgreSQL and on SQLite;
// - export: scanning the latest versions back out of PostgreSQL.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import type { TextObjectWrite as ObjectWrite, Store } from '../../src/app/ports.ts';
import { toObjectWrite } from '../../src/app/objectWrite.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { startWorkerJudge } from '../../src/app/ingest/judgeWorkers.ts';
import { ndjsonLines } from '../../src/cli/ndjsonObjects.ts';
import { openPostgresStore } from '../../src/storage/postgres/index.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { planPut } from '../../src/storage/postgres/put-plan.ts';
import { copyField, type CopyValue } from '../../src/storage/postgres/copy-text.ts';
import { versionKey } from '../../src/storage/version-key.ts';
import { idHash } from '../../src/storage/id-hash.ts';
import { syntheticObjects, writeSyntheticNdjson } from '../synthetic.ts';

const COUNT = Number(process.env.BENCH_SYNTHETIC ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BATCH = 2000;
const ADMIN_URL = process.env.TEARLINE_BENCH_PG_URL ?? process.env.TEARLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const clock = { now: () => new Date().toISOString() };

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

function perSecond(count: number, secs: number): number {
  return Math.round(count / secs);
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function databaseUrl(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function putAll(store: Store, rows: readonly ObjectWrite[]): Promise<number> {
  const start = performance.now();
  await store.write(async (tx) => {
    for (let i = 0; i < rows.length; i += BATCH) await tx.putObjects(rows.slice(i, i + BATCH));
  });
  return seconds(start);
}

async function ingest(store: Store): Promise<number> {
  // Made before the clock starts, like the other figures' rows: making up test objects is no
  // part of ingesting them (it was ~15% of this figure's main-thread time when generated inside).
  const objects = [...syntheticObjects(COUNT)];
  const start = performance.now();
  const outcome = await ingestObjects(objects, { batchSize: BATCH }, { store, clock });
  if (!outcome.committed) throw new Error(`synthetic rejected: ${JSON.stringify(outcome.errors.slice(0, 5))}`);
  return seconds(start);
}

/** `tearline ingest file.ndjson`: the clock includes starting the judge thread, as the command's does. */
async function ingestStream(store: Store, file: string): Promise<number> {
  const start = performance.now();
  const workers = startWorkerJudge();
  try {
    const outcome = await ingestObjects(ndjsonLines(file, process.stdin), { batchSize: BATCH, judge: workers.judge }, { store, clock });
    if (!outcome.committed) throw new Error(`synthetic rejected: ${JSON.stringify(outcome.errors.slice(0, 5))}`);
    return seconds(start);
  } finally {
    await workers.close();
  }
}

/**
 * The ceiling with the driver and the bulk form the adapter used for objects before COPY (and
 * still uses for its other bulk statements): multi-row INSERTs of the same batches, each
 * column one JSON array parameter (bulk.ts jsonColumns), one transaction.
 */
async function bareInsert(url: string, rows: readonly ObjectWrite[], table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE ${table} (id text COLLATE "C" NOT NULL, version text NOT NULL, type text NOT NULL, json text NOT NULL, PRIMARY KEY (id, version))`);
    const start = performance.now();
    await client.query('BEGIN');
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      await client.query({
        text: `INSERT INTO ${table} SELECT * FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json),
          json_array_elements_text($3::json), json_array_elements_text($4::json))`,
        values: [batch.map((r) => r.id), batch.map((r) => r.version), batch.map((r) => r.type), batch.map((r) => r.json)].map((c) => JSON.stringify(c)),
      });
    }
    await client.query('COMMIT');
    return seconds(start);
  } finally {
    await client.end();
  }
}

function csvField(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** The ceiling of the server itself: COPY of the same rows, streamed through psql. Null without psql. */
async function bareCopy(url: string, rows: readonly ObjectWrite[], table: string): Promise<number | null> {
  if (spawnSync('psql', ['--version']).status !== 0) return null;
  await new Promise<void>((resolve, reject) => {
    const ddl = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc',
      `CREATE TABLE ${table} (id text COLLATE "C" NOT NULL, version text NOT NULL, type text NOT NULL, json text NOT NULL, PRIMARY KEY (id, version))`]);
    ddl.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}`))));
  });
  const start = performance.now();
  const copy = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy ${table} FROM STDIN WITH (FORMAT csv)`], { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => {
    copy.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}`))));
  });
  // Streamed a batch at a time, so the whole CSV never sits in memory.
  for (let i = 0; i < rows.length; i += BATCH) {
    const csv = rows.slice(i, i + BATCH).map((r) => `${csvField(r.id)},${csvField(r.version)},${csvField(r.type)},${csvField(r.json)}\n`).join('');
    if (!copy.stdin.write(csv)) await once(copy.stdin, 'drain');
  }
  copy.stdin.end();
  await exited;
  return seconds(start);
}

/** The adapter's tables, in the order the same-rows ceiling copies them, with their COPY columns (put-objects.ts). */
const ADAPTER_TABLES = {
  objects: 'objects (oid, id, type, latest_seq, latest_key)',
  versions: 'object_versions (seq, oid, version_key, version, spec_version, created, modified, revoked, json)',
  refs: 'object_refs (source_seq, ord, path, target_id, target_hash)',
  markings: 'object_markings (version_seq, ord, marking_ref, selectors)',
} as const;

type AdapterRows = Record<keyof typeof ADAPTER_TABLES, (batch: readonly number[]) => string>;

/**
 * What the adapter stores for `rows` written into an empty store: the same judgement
 * (put-plan.ts), seqs 1.. in input order of the versions stored, oids 1.. in order of the
 * new objects, as put-objects.ts draws them. Each function turns a batch of indexes (into
 * the versions stored, or into the new objects) into COPY text.
 */
function adapterRows(rows: readonly ObjectWrite[]): { rows: AdapterRows; versions: number; objects: number; refs: number; markings: number } {
  const keys = rows.map((r) => versionKey(r.version));
  const plan = planPut(rows, keys, new Map(), new Map());
  const seqOf = new Map(plan.inserts.map((index, i) => [index, i + 1]));
  const oidOf = new Map(plan.newIds.map((id, i) => [id, i + 1]));
  const typeOf = new Map<string, string>();
  for (const index of plan.inserts) {
    const row = rows[index] as ObjectWrite;
    if (!typeOf.has(row.id)) typeOf.set(row.id, row.type);
  }
  const line = (values: readonly CopyValue[]): string => `${values.map(copyField).join('\t')}\n`;
  const version = (i: number): { row: ObjectWrite; index: number; seq: number } => {
    const index = plan.inserts[i] as number;
    return { row: rows[index] as ObjectWrite, index, seq: i + 1 };
  };
  const stored = plan.inserts.map((index) => rows[index] as ObjectWrite);
  return {
    versions: plan.inserts.length,
    objects: plan.newIds.length,
    refs: stored.reduce((n, row) => n + row.refs.length, 0),
    markings: stored.reduce((n, row) => n + row.markings.length, 0),
    rows: {
      objects: (batch) => batch.map((i) => {
        const id = plan.newIds[i] as string;
        const latest = plan.latest.get(id) as number;
        return line([i + 1, id, typeOf.get(id) as string, seqOf.get(latest) as number, keys[latest] as string]);
      }).join(''),
      versions: (batch) => batch.map((i) => {
        const { row, index, seq } = version(i);
        return line([seq, oidOf.get(row.id) as number, keys[index] as string, row.version, row.specVersion, row.created, row.modified, row.revoked, row.json]);
      }).join(''),
      refs: (batch) => batch.map((i) => {
        const { row, seq } = version(i);
        return row.refs.map((ref, ord) => line([seq, ord, ref.path, ref.targetId, idHash(ref.targetId)])).join('');
      }).join(''),
      markings: (batch) => batch.map((i) => {
        const { row, seq } = version(i);
        return row.markings.map((m, ord) => line([seq, ord, m.markingRef, m.selectors === null ? null : JSON.stringify(m.selectors)])).join('');
      }).join(''),
    },
  };
}

/**
 * The second ceiling: the adapter's own rows COPYed through psql, one transaction, into the
 * tables of a freshly migrated adapter schema (all its indexes). Null without psql.
 */
async function sameRowsCopy(url: string, schema: string, rows: readonly ObjectWrite[]): Promise<number | null> {
  if (spawnSync('psql', ['--version']).status !== 0) return null;
  // The adapter's own migrations make the tables; the store is closed before the clock starts.
  await (await openPostgresStore({ url, schema })).close();
  const data = adapterRows(rows);
  const counts: Record<keyof typeof ADAPTER_TABLES, number> = { objects: data.objects, versions: data.versions, refs: data.versions, markings: data.versions };
  const tables = Object.keys(ADAPTER_TABLES) as (keyof typeof ADAPTER_TABLES)[];
  const start = performance.now();
  // One psql, one transaction (-1): each \copy reads psql's standard input up to its \. line.
  const copy = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-1',
    ...tables.flatMap((table) => ['-c', `\\copy ${schema}.${ADAPTER_TABLES[table]} FROM pstdin`])], { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => {
    copy.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}`))));
  });
  for (const table of tables) {
    // Streamed a batch at a time, as the other ceiling is.
    for (let i = 0; i < counts[table]; i += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, counts[table] - i) }, (_, j) => i + j);
      if (!copy.stdin.write(data.rows[table](batch))) await once(copy.stdin, 'drain');
    }
    if (!copy.stdin.write('\\.\n')) await once(copy.stdin, 'drain');
  }
  copy.stdin.end();
  await exited;
  const secs = seconds(start);
  await expectCounts(url, schema, {
    objects: data.objects,
    object_versions: data.versions,
    object_refs: data.refs,
    object_markings: data.markings,
  });
  return secs;
}

/** Off the clock: the ceiling copied every row it was meant to. */
async function expectCounts(url: string, schema: string, expected: Record<string, number>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const [table, count] of Object.entries(expected)) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.${table}`);
      if (rows[0]?.n !== count) throw new Error(`same-rows ceiling: ${table} holds ${rows[0]?.n}, expected ${count}`);
    }
  } finally {
    await client.end();
  }
}

/** CHECKPOINT needs a superuser or pg_checkpoint; without either the figures are only noisier. */
async function checkpoint(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } catch {
    // Not allowed: go on without.
  } finally {
    await client.end();
  }
}

async function scanAll(store: Store): Promise<{ count: number; secs: number }> {
  const start = performance.now();
  let count = 0;
  for await (const _ of store.scanLatestObjects({})) count++;
  return { count, secs: seconds(start) };
}

async function run(): Promise<Record<string, unknown>> {
  try {
    await admin('SELECT 1');
  } catch (error) {
    return { skipped: `PostgreSQL not reachable at ${new URL(ADMIN_URL).host}: ${(error as Error).message}` };
  }
  const loadBefore = loadavg();
  // Rows are built before any clock starts: the figures are the stores alone.
  const rows: ObjectWrite[] = [];
  for (const object of syntheticObjects(COUNT)) rows.push(toObjectWrite(object));
  const database = `tearline_bench_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'tearline-bench-pg-'));
  // Written before any clock starts, as foundation.ts does.
  const ndjson = writeSyntheticNdjson(join(dir, 'synthetic.ndjson'), COUNT);
  await admin(`CREATE DATABASE ${database}`);
  try {
    const url = databaseUrl(database);
    // Rounds alternate bare and adapter, and each figure is the best of its rounds: on a
    // shared machine, the other load only ever slows a run down.
    const best = {
      bareInsert: Infinity, bareCopy: Infinity, sameRowsCopy: Infinity, adapter: Infinity, ingest: Infinity, ingestStream: Infinity,
      sqliteAdapter: Infinity, sqliteIngest: Infinity, sqliteIngestStream: Infinity,
    };
    let exported = { count: 0, secs: Infinity };
    let copied = true;
    let round = 0;
    const postgresRuns: Record<string, () => Promise<void>> = {
      bareInsert: async () => {
        best.bareInsert = Math.min(best.bareInsert, await bareInsert(url, rows, `bare_insert_${round}`));
      },
      bareCopy: async () => {
        const copySecs = await bareCopy(url, rows, `bare_copy_${round}`);
        if (copySecs === null) copied = false;
        else best.bareCopy = Math.min(best.bareCopy, copySecs);
      },
      sameRowsCopy: async () => {
        const copySecs = await sameRowsCopy(url, `same_rows_${round}`, rows);
        if (copySecs !== null) best.sameRowsCopy = Math.min(best.sameRowsCopy, copySecs);
      },
      adapter: async () => {
        const store = await openPostgresStore({ url, schema: `adapter_${round}` });
        best.adapter = Math.min(best.adapter, await putAll(store, rows));
        const scan = await scanAll(store);
        if (scan.secs < exported.secs) exported = scan;
        await store.close();
      },
      ingest: async () => {
        const store = await openPostgresStore({ url, schema: `ingest_${round}` });
        best.ingest = Math.min(best.ingest, await ingest(store));
        await store.close();
      },
      ingestStream: async () => {
        const store = await openPostgresStore({ url, schema: `ingest_stream_${round}` });
        best.ingestStream = Math.min(best.ingestStream, await ingestStream(store, ndjson));
        await store.close();
      },
    };
    for (; round < ROUNDS; round++) {
      // Each figure starts from a checkpoint, and the order turns every round, so no figure
      // pays for another's WAL or always runs on a fuller disk cache.
      const names = Object.keys(postgresRuns);
      for (let i = 0; i < names.length; i++) {
        await checkpoint(url);
        await (postgresRuns[names[(i + round) % names.length] as string] as () => Promise<void>)();
      }

      const sqliteAdapter = openSqliteStore({ path: join(dir, `adapter-${round}.db`) });
      best.sqliteAdapter = Math.min(best.sqliteAdapter, await putAll(sqliteAdapter, rows));
      await sqliteAdapter.close();
      const sqliteIngest = openSqliteStore({ path: join(dir, `ingest-${round}.db`) });
      best.sqliteIngest = Math.min(best.sqliteIngest, await ingest(sqliteIngest));
      await sqliteIngest.close();
      const sqliteStream = openSqliteStore({ path: join(dir, `ingest-stream-${round}.db`) });
      best.sqliteIngestStream = Math.min(best.sqliteIngestStream, await ingestStream(sqliteStream, ndjson));
      await sqliteStream.close();
    }

    return {
      objects: COUNT,
      batch: BATCH,
      rounds: ROUNDS,
      postgres: {
        adapterObjectsPerSecond: perSecond(COUNT, best.adapter),
        bareInsertObjectsPerSecond: perSecond(COUNT, best.bareInsert),
        bareCopyObjectsPerSecond: copied ? perSecond(COUNT, best.bareCopy) : null,
        ratioToBareInsert: best.bareInsert / best.adapter,
        ratioToBareCopy: copied ? best.bareCopy / best.adapter : null,
        ingestObjectsPerSecond: perSecond(COUNT, best.ingest),
        // End to end (parse, validate, store) against the server's own ceiling for the same rows.
        ingestRatioToBareCopy: copied ? best.bareCopy / best.ingest : null,
        // Both ceilings COPY through psql, the server's own client, not through the adapter's driver.
        bareCopyVia: copied ? 'psql \\copy (COPY FROM STDIN, csv)' : null,
        // The second ceiling: the adapter's own rows into its own tables and indexes (sameRowsCopy above).
        sameRowsCopyObjectsPerSecond: copied ? perSecond(COUNT, best.sameRowsCopy) : null,
        adapterRatioToSameRowsCopy: copied ? best.sameRowsCopy / best.adapter : null,
        ingestRatioToSameRowsCopy: copied ? best.sameRowsCopy / best.ingest : null,
        // The same objects as an NDJSON file through a judge thread (ingestStream above).
        ingestStreamObjectsPerSecond: perSecond(COUNT, best.ingestStream),
        ingestStreamRatioToSameRowsCopy: copied ? best.sameRowsCopy / best.ingestStream : null,
        sameRowsCopyVia: copied ? 'psql \\copy (COPY FROM STDIN, text) of objects, object_versions, object_refs, object_markings in one transaction, into a migrated adapter schema' : null,
        exportObjectsPerSecond: perSecond(exported.count, exported.secs),
      },
      sqlite: {
        adapterObjectsPerSecond: perSecond(COUNT, best.sqliteAdapter),
        ingestObjectsPerSecond: perSecond(COUNT, best.sqliteIngest),
        ingestStreamObjectsPerSecond: perSecond(COUNT, best.sqliteIngestStream),
      },
      target: { ingestObjectsPerSecond: 20000, ingestRatioToSameRowsCopy: 0.5 },
      loadAverage: { before: loadBefore.map((l) => Math.round(l * 10) / 10), after: loadavg().map((l) => Math.round(l * 10) / 10) },
    };
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  }
}

const result = await run();
// maxRSS is in KiB on Linux: the process's peak resident memory over its whole life.
result.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify(result)}\n`);
