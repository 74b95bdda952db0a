// `tearline db copy` (issue 10): a populated SQLite store (dbCopySupport.ts) moved whole into
// PostgreSQL and back. Proven against the real stores: every table row for row (read with the
// raw drivers, not the copy's own readers), the same export, the audit chain verifying on the
// target with the source's head, a `tearline serve` node on the target answering the same
// objects, TAXII manifests (date_added) and token as one on the source. Refusals: a target
// that holds rows (exit 1, left as it was), a table the target lacks (named, nothing copied),
// and a failure half-way (nothing left in the target).
// PostgreSQL parts skip, saying so, without TEARLINE_TEST_PG_URL; SQLite-to-SQLite parts run
// always.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { toObjectWrite } from '../../src/app/objectWrite.ts';
import { copyStore } from '../../src/storage/copy/index.ts';
import { openPostgresStore } from '../../src/storage/postgres/index.ts';
import { pgTestSkipReason, testUrl } from '../../src/storage/postgres/test-database.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { runTearline, tempDir } from '../support/cli.ts';
import { SHARED_DATA_ABSENT } from '../support/sharedData.ts';
import { freshSchema, startNode, type FreshSchema, type Node } from '../race/nodes.ts';
import { basic, PARTNER_PASSWORD, pgContents, populate, sqliteContents, stixExamples, TAXII, type Populated } from './dbCopySupport.ts';

const examples = stixExamples();
const pgSkip = pgTestSkipReason();
const dir = tempDir('tearline-dbcopy-');
const sourceDb = join(dir.path, 'source.db');
let populated: Populated | undefined;
const schemas: FreshSchema[] = [];

async function schema(): Promise<FreshSchema> {
  const fresh = await freshSchema(testUrl() as string, 'tl_dbcopy');
  schemas.push(fresh);
  return fresh;
}

after(async () => {
  for (const s of schemas) await s.drop();
  dir.cleanup();
});

async function exported(env: Record<string, string>, db?: string): Promise<unknown[]> {
  const run = await runTearline(['export', ...(db === undefined ? [] : ['--db', db])], { env });
  assert.equal(run.code, 0, run.stderr);
  return (JSON.parse(run.stdout) as { objects: unknown[] }).objects;
}

async function auditVerify(env: Record<string, string>, db?: string): Promise<{ ok: boolean; entries: number; head: unknown }> {
  const run = await runTearline(['audit', 'verify', '--json', ...(db === undefined ? [] : ['--db', db])], { env });
  assert.equal(run.code, 0, `${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout) as { ok: boolean; entries: number; head: unknown };
}

function rowCount(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT IN ('schema_migrations', 'facet_migrations')").pluck().all() as string[];
    return tables.reduce((sum, t) => sum + (db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number), 0);
  } finally {
    db.close();
  }
}

/** What a served node shows: every latest object by the API (token), the collection over TAXII. */
async function served(node: Node, p: Populated): Promise<{ objects: unknown[]; manifest: unknown; taxii: unknown }> {
  const objects: unknown[] = [];
  let cursor: string | undefined;
  do {
    const response = await fetch(`${node.url}/api/objects?limit=500${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, {
      headers: { authorization: `Bearer ${p.token}` },
    });
    assert.equal(response.status, 200, await response.clone().text());
    const page = (await response.json()) as { objects: unknown[]; next?: string };
    objects.push(...page.objects);
    cursor = page.next;
  } while (cursor !== undefined);
  const taxiiGet = async (path: string): Promise<unknown> => {
    const response = await fetch(`${node.url}/taxii2/root/collections/${p.collectionId}/${path}`, { headers: { accept: TAXII, authorization: basic('partner', PARTNER_PASSWORD) } });
    assert.equal(response.status, 200, await response.clone().text());
    return response.json();
  };
  return { objects, manifest: await taxiiGet('manifest/'), taxii: await taxiiGet('objects/') };
}

describe('tearline db copy', { skip: examples === undefined ? SHARED_DATA_ABSENT : false }, () => {
  before(async () => {
    populated = await populate(sourceDb, examples as string[]);
  });

  test('SQLite to PostgreSQL and back: every row, the same export, the audit chain verifies, a node on the copy serves the same', { skip: pgSkip ?? false }, async () => {
    const p = populated as Populated;
    const target = await schema();
    const copied = await runTearline(['db', 'copy', '--from', `sqlite:${sourceDb}`, '--to', target.url, '--json']);
    assert.equal(copied.code, 0, copied.stderr);
    const report = JSON.parse(copied.stdout) as { rows: number; tables: { table: string; rows: number }[]; audit: { ok: boolean; entries: number; head: unknown } };
    assert.equal(report.rows, rowCount(sourceDb), 'every row of the source');
    assert.ok(report.tables.length >= 30, 'every facet table is in the report');
    for (const table of ['objects', 'object_versions', 'object_refs', 'object_markings', 'collections', 'collection_members', 'audit_log', 'users',
      'api_tokens', 'taxii_accounts', 'taxii_grants', 'taxii_statuses', 'partners', 'partner_versions', 'threats', 'threat_assessments',
      'warning_cases', 'warning_case_versions', 'warning_events', 'warning_products', 'delivery_outbox', 'delivery_attempts']) {
      assert.ok((report.tables.find((t) => t.table === table)?.rows ?? 0) > 0, `${table} was populated and copied`);
    }

    // Row for row, table by table (jsonb, booleans and arrays compared in SQLite's encoding).
    const pgSide = await pgContents(testUrl() as string, target.schema);
    assert.deepEqual(pgSide.contents, sqliteContents(sourceDb, pgSide.jsonColumns));

    const pgEnv = { TEARLINE_DATABASE_URL: target.url };
    assert.deepEqual(await exported(pgEnv), await exported({}, sourceDb), 'the same export');
    const sourceAudit = await auditVerify({}, sourceDb);
    const targetAudit = await auditVerify(pgEnv);
    assert.ok(targetAudit.ok && sourceAudit.entries > 20);
    assert.deepEqual([targetAudit.entries, targetAudit.head], [sourceAudit.entries, sourceAudit.head], 'the same chain, hashes unchanged');
    assert.deepEqual(report.audit, { ...report.audit, ok: true, entries: sourceAudit.entries, head: sourceAudit.head }, 'db copy verified it too');
    const store = await openPostgresStore({ url: testUrl() as string, schema: target.schema, maxConnections: 2 });
    try {
      assert.deepEqual(await store.integrityCheck(), [], 'latest pointers and keys consistent on PostgreSQL');
      // Sequences moved past the copied keys: a new write after the copy takes new numbers.
      const put = await store.write((tx) => tx.putObjects([toObjectWrite({
        type: 'identity', spec_version: '2.1', id: 'identity--00000000-1111-4222-8333-444455556666',
        created: '2025-03-01T00:00:00.000Z', modified: '2025-03-01T00:00:00.000Z', name: 'After the copy', identity_class: 'organization',
      })]));
      assert.equal(put[0]?.outcome, 'stored');
      assert.deepEqual(await store.integrityCheck(), []);
    } finally {
      await store.close();
    }

    // A node on each store, through the API and TAXII: the same objects, manifests (date_added), counts.
    const nodes = await Promise.all([startNode({ TEARLINE_DB: sourceDb }), startNode(pgEnv)]);
    try {
      const [fromSource, fromTarget] = await Promise.all(nodes.map((node) => served(node, p)));
      const targetObjects = fromTarget?.objects as { id: string }[];
      assert.ok(targetObjects.some((o) => o.id.startsWith('identity--00000000-1111')), 'the write after the copy shows');
      assert.deepEqual(targetObjects.filter((o) => !o.id.startsWith('identity--00000000-1111')), fromSource?.objects);
      assert.ok((fromSource?.objects.length ?? 0) > 250);
      assert.deepEqual(fromTarget?.manifest, fromSource?.manifest);
      assert.deepEqual(fromTarget?.taxii, fromSource?.taxii);
      assert.ok(p.taxiiIds.every((id) => JSON.stringify(fromTarget?.taxii).includes(id)), 'the objects POSTed over TAXII are in the collection');
    } finally {
      await Promise.all(nodes.map((node) => node.stop()));
    }

    // And back: PostgreSQL to a new SQLite file.
    const back = join(dir.path, 'back.db');
    const returned = await runTearline(['db', 'copy', '--from', target.url, '--to', `sqlite:${back}`]);
    assert.equal(returned.code, 0, returned.stderr);
    assert.match(returned.stdout, /^copied \d+ rows in \d+ tables from postgres:\/\/.* to sqlite:/);
    assert.match(returned.stdout, /audit log intact on the target/);
    const pgAgain = await pgContents(testUrl() as string, target.schema);
    assert.deepEqual(sqliteContents(back, pgAgain.jsonColumns), pgAgain.contents, 'row for row back in SQLite');
    assert.deepEqual(await exported({}, back), await exported(pgEnv));
    // (The node added its own entries meanwhile: compare with the chain as it is now.)
    assert.deepEqual(await auditVerify({}, back), await auditVerify(pgEnv));
    const reopened = openSqliteStore({ path: back });
    try {
      assert.deepEqual(await reopened.integrityCheck(), [], 'id hashes recomputed, foreign keys hold');
    } finally {
      await reopened.close();
    }
  });

  test('refuses a target that holds rows, exit 1, and leaves it as it was', { skip: pgSkip ?? false }, async () => {
    const target = await schema();
    assert.equal((await runTearline(['db', 'copy', '--from', `sqlite:${sourceDb}`, '--to', target.url])).code, 0);
    const before = await pgContents(testUrl() as string, target.schema);
    const again = await runTearline(['db', 'copy', '--from', `sqlite:${sourceDb}`, '--to', target.url]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /refused \(target-not-empty\), nothing copied: the target already holds a store \(rows in .*audit_log/);
    assert.deepEqual(await pgContents(testUrl() as string, target.schema), before);
    // SQLite targets too.
    const filled = join(dir.path, 'filled.db');
    copyFileSync(sourceDb, filled);
    const intoSqlite = await runTearline(['db', 'copy', '--from', target.url, '--to', `sqlite:${filled}`]);
    assert.equal(intoSqlite.code, 1);
    assert.match(intoSqlite.stderr, /target-not-empty/);
  });

  test('a failure half-way leaves the PostgreSQL target empty', { skip: pgSkip ?? false }, async () => {
    const target = await schema();
    // 1. The copy itself stops after some tables are written (the progress callback throws).
    const seen: string[] = [];
    await assert.rejects(copyStore({ kind: 'sqlite', path: sourceDb }, { kind: 'postgres', url: target.url }, {
      onTable: (t) => {
        seen.push(t.table);
        if (t.table === 'threats') throw new Error('the copy was interrupted');
      },
    }), /interrupted/);
    assert.ok(seen.includes('audit_log') && seen.includes('objects'), 'tables had been written before the failure');
    const empty = (contents: Record<string, string[]>): string[] => Object.entries(contents).filter(([, rows]) => rows.length > 0).map(([t]) => t);
    assert.deepEqual(empty((await pgContents(testUrl() as string, target.schema)).contents), []);

    // 2. A value PostgreSQL cannot store, late in the order: refused, nothing kept.
    const poisoned = join(dir.path, 'poisoned.db');
    copyFileSync(sourceDb, poisoned);
    const db = new Database(poisoned);
    assert.equal(db.prepare("UPDATE users SET display_name = ? WHERE username = 'vera'").run('Vera\u0000Oversight').changes, 1);
    db.close();
    const run = await runTearline(['db', 'copy', '--from', `sqlite:${poisoned}`, '--to', target.url]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /refused \(unstorable-value\), nothing copied: users\.display_name holds text with U\+0000/);
    assert.deepEqual(empty((await pgContents(testUrl() as string, target.schema)).contents), []);
    // The target is still usable: the clean source copies into it.
    assert.equal((await runTearline(['db', 'copy', '--from', `sqlite:${sourceDb}`, '--to', target.url])).code, 0);
  });

  test('SQLite to SQLite: row for row; a table the target lacks is refused by name, never skipped', async () => {
    const copy = join(dir.path, 'copy.db');
    const run = await runTearline(['db', 'copy', '--from', `sqlite:${sourceDb}`, '--to', `sqlite:${copy}`]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(sqliteContents(copy, {}), sqliteContents(sourceDb, {}));
    assert.deepEqual(await auditVerify({}, copy), await auditVerify({}, sourceDb));

    // A facet table added to one side only (as a new facet would be): refused, naming it.
    const grown = join(dir.path, 'grown.db');
    copyFileSync(sourceDb, grown);
    const db = new Database(grown);
    db.exec("CREATE TABLE watchlists (id TEXT PRIMARY KEY, name TEXT NOT NULL); INSERT INTO watchlists VALUES ('w1', 'border crossings')");
    db.exec('ALTER TABLE partners ADD COLUMN region TEXT');
    db.close();
    const target = join(dir.path, 'target-of-grown.db');
    const refused = await runTearline(['db', 'copy', '--from', `sqlite:${grown}`, '--to', `sqlite:${target}`]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused \(schema-mismatch\)/);
    assert.match(refused.stderr, /table watchlists is in the source but not in the target/);
    assert.match(refused.stderr, /column partners\.region is in the source but not in the target/);
    assert.equal(rowCount(target), 0, 'nothing copied');

    // A half-way failure into SQLite leaves it empty too.
    const half = join(dir.path, 'half.db');
    await assert.rejects(copyStore({ kind: 'sqlite', path: sourceDb }, { kind: 'sqlite', path: half }, {
      onTable: (t) => {
        if (t.table === 'users') throw new Error('the copy was interrupted');
      },
    }), /interrupted/);
    assert.equal(rowCount(half), 0);
  });

  test('usage and source errors', async () => {
    const usage = await runTearline(['db', 'copy', '--from', `sqlite:${sourceDb}`]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--from and --to are both required/);
    const bad = await runTearline(['db', 'copy', '--from', 'mysql://u:secret@h/db', '--to', 'sqlite:x.db']);
    assert.equal(bad.code, 2);
    assert.doesNotMatch(bad.stderr, /secret/, 'no password in the message');
    const missing = await runTearline(['db', 'copy', '--from', `sqlite:${join(dir.path, 'nowhere.db')}`, '--to', `sqlite:${join(dir.path, 'x.db')}`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /refused \(source-unusable\), nothing copied: no SQLite store at .*nowhere\.db/);
  });
});

if (pgSkip !== null) {
  test('tearline db copy with PostgreSQL', (t) => {
    t.skip(pgSkip);
  });
}
