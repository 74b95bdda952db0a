import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SchemaVersionError } from '../errors.ts';
import { MIGRATIONS, migrate, type Migration } from './migrations.ts';
import { openSqliteStore } from './index.ts';
import { at, objectWrite } from '../contract/fixtures.ts';

const V1 = MIGRATIONS[0] as Migration;
const LATEST = MIGRATIONS.length;
/** A step this code does not know yet, as a newer Tearline would add. */
const NEXT: Migration = { version: LATEST + 1, name: 'test: add a table', sql: 'CREATE TABLE later_things (id INTEGER PRIMARY KEY, name TEXT);' };

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tearline-migrate-'));
  path = join(dir, 'store.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function ledger(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  test('opening an empty file creates the schema and records it', async () => {
    const store = openSqliteStore({ path });
    await store.close();
    assert.deepEqual(ledger(path), MIGRATIONS.map((m) => m.version));
    const db = new Database(path, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    db.close();
    // Facets (facets.ts) add their own tables; the core schema and both ledgers must be there.
    const core = ['collection_members', 'collections', 'facet_migrations', 'object_markings', 'object_refs', 'object_versions', 'objects', 'schema_migrations'];
    assert.deepEqual(core.filter((name) => !tables.includes(name)), []);
  });

  test('re-opening a current database applies nothing', async () => {
    await openSqliteStore({ path }).close();
    const db = new Database(path);
    assert.deepEqual(migrate(db), { applied: [], version: LATEST });
    db.close();
    await openSqliteStore({ path }).close();
    assert.deepEqual(ledger(path), MIGRATIONS.map((m) => m.version));
  });

  test('an older database is upgraded step by step, keeping its data', () => {
    const db = new Database(path);
    assert.deepEqual(migrate(db, [V1]), { applied: [1], version: 1 });
    db.prepare("INSERT INTO collections (id, title, media_types) VALUES ('c', 'kept', '[]')").run();
    const pending = MIGRATIONS.slice(1).map((m) => m.version);
    assert.deepEqual(migrate(db, [...MIGRATIONS, NEXT]), { applied: [...pending, NEXT.version], version: NEXT.version });
    assert.equal(db.prepare("SELECT title FROM collections WHERE id = 'c'").pluck().get(), 'kept');
    assert.equal(db.prepare('SELECT count(*) FROM later_things').pluck().get(), 0);
    db.close();
    assert.deepEqual(ledger(path), [1, ...pending, NEXT.version]);
  });

  test('a store opened on a version-1 database migrates it and works', async () => {
    const db = new Database(path);
    migrate(db, [V1]);
    db.close();
    const store = openSqliteStore({ path });
    try {
      await store.write((tx) => tx.putObjects([objectWrite({ n: 1, version: at(1), revoked: true })]));
      assert.equal((await store.stats()).revoked, 1);
    } finally {
      await store.close();
    }
    assert.deepEqual(ledger(path), MIGRATIONS.map((m) => m.version));
  });

  test('a failing step leaves the database as it was', () => {
    const db = new Database(path);
    migrate(db, [V1]);
    const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE half_done (x); SELECT * FROM no_such_table;' };
    assert.throws(() => migrate(db, [V1, broken]), /no_such_table/);
    assert.equal(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").pluck().get(), 0);
    assert.equal(db.inTransaction, false);
    db.close();
    assert.deepEqual(ledger(path), [1]);
  });

  test('migrations must be numbered 1, 2, 3 without gaps', () => {
    const db = new Database(':memory:');
    assert.throws(() => migrate(db, [V1, { ...NEXT, version: 3 }]), /numbered 3, expected 2/);
    db.close();
  });

  test('a database from a newer schema is refused with a clear error, and left untouched', async () => {
    const db = new Database(path);
    migrate(db, [...MIGRATIONS, NEXT]);
    db.close();
    const refused = (error: unknown): boolean =>
      error instanceof SchemaVersionError && error.found === NEXT.version && error.supported === LATEST && /newer Tearline/.test(error.message);
    assert.throws(() => openSqliteStore({ path }), refused);
    assert.throws(() => openSqliteStore({ path, readonly: true }), refused);
    assert.deepEqual(ledger(path), [...MIGRATIONS, NEXT].map((m) => m.version));
  });

  test('a read-only open refuses a database that still needs migrating', () => {
    const db = new Database(path);
    migrate(db, []);
    db.close();
    assert.throws(() => openSqliteStore({ path, readonly: true }),
      (error: unknown) => error instanceof SchemaVersionError && error.found === 0 && /open it read-write/.test(error.message));
  });
});
