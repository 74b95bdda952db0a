// Facet migrations: each facet's steps run once, in order, and a database that a newer
// Tearline migrated further is refused rather than misread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrateFacets, type SqliteFacet } from './facets.ts';

function facet(name: string, steps: string[]): SqliteFacet<unknown, unknown> {
  return {
    name,
    migrations: steps.map((sql, i) => ({ version: i + 1, name: `${name} ${i + 1}`, sql })),
    prepare: () => ({ reads: () => ({}), writes: () => ({}) }),
  };
}

test('applies each facet’s pending steps once, in order', () => {
  const db = new Database(':memory:');
  migrateFacets(db, { notes: facet('notes', ['CREATE TABLE notes (n TEXT)']) });
  migrateFacets(db, { notes: facet('notes', ['CREATE TABLE notes (n TEXT)', 'ALTER TABLE notes ADD COLUMN m TEXT']) });
  migrateFacets(db, { notes: facet('notes', ['CREATE TABLE notes (n TEXT)', 'ALTER TABLE notes ADD COLUMN m TEXT']) });
  const columns = db.prepare("SELECT name FROM pragma_table_info('notes')").pluck().all();
  assert.deepEqual(columns, ['n', 'm']);
  assert.deepEqual(db.prepare('SELECT facet, version FROM facet_migrations ORDER BY version').all(), [
    { facet: 'notes', version: 1 },
    { facet: 'notes', version: 2 },
  ]);
});

test('refuses a database migrated by a newer Tearline, and steps out of order', () => {
  const db = new Database(':memory:');
  migrateFacets(db, { notes: facet('notes', ['CREATE TABLE a (x)', 'CREATE TABLE b (x)']) });
  assert.throws(() => migrateFacets(db, { notes: facet('notes', ['CREATE TABLE a (x)']) }), /version 2, this Tearline knows 1/);
  const broken: SqliteFacet<unknown, unknown> = { ...facet('odd', ['SELECT 1']), migrations: [{ version: 2, name: 'odd', sql: 'SELECT 1' }] };
  assert.throws(() => migrateFacets(db, { odd: broken }), /numbered 2, expected 1/);
});
