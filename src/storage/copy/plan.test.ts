// planCopy: how two adapters' tables map, decided before a row moves. Nothing left behind
// silently: an unknown table or column on either side refuses the copy, naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idHash } from '../id-hash.ts';
import { planCopy } from './plan.ts';
import { CopyRefusedError, type TableShape } from './shape.ts';

const plain = (...names: string[]) => names.map((name) => ({ name, kind: 'plain' as const }));

const sqliteObjects: TableShape = { name: 'objects', columns: plain('oid', 'id_hash', 'id', 'type', 'latest_seq'), references: [] };
const pgObjects: TableShape = { name: 'objects', columns: plain('oid', 'id', 'type', 'latest_seq', 'latest_key'), references: [] };
const collections: TableShape = { name: 'collections', columns: [...plain('cid', 'id'), { name: 'media_types', kind: 'text-array' }], references: [] };
const members: TableShape = { name: 'collection_members', columns: plain('mseq', 'cid', 'version_seq'), references: ['collections', 'object_versions'] };
const versions: TableShape = { name: 'object_versions', columns: plain('seq', 'oid', 'version_key'), references: [] };
const ledger: TableShape = { name: 'schema_migrations', columns: plain('version', 'name'), references: [] };

test('SQLite to PostgreSQL: id_hash dropped, latest_key read from the latest version, referenced tables first', () => {
  const plan = planCopy([sqliteObjects, members, collections, versions, ledger], [members, pgObjects, collections, versions, { ...ledger, columns: plain('version') }]);
  assert.deepEqual(plan.tables.map((t) => t.table.name), ['collections', 'object_versions', 'collection_members', 'objects'], 'ledgers are not copied');
  const objects = plan.tables.find((t) => t.table.name === 'objects');
  assert.ok(objects !== undefined);
  assert.deepEqual(objects.select, [
    { column: 'oid', kind: 'plain' }, { column: 'id', kind: 'plain' }, { column: 'type', kind: 'plain' }, { column: 'latest_seq', kind: 'plain' },
    { expression: '(SELECT v.version_key FROM object_versions v WHERE v.seq = objects.latest_seq)', as: 'latest_key' },
  ]);
  assert.deepEqual(objects.toTarget([7, 'indicator--x', 'indicator', 9, 'K']), [7, 'indicator--x', 'indicator', 9, 'K']);
});

test('PostgreSQL to SQLite: id_hash computed from the id', () => {
  const plan = planCopy([pgObjects], [sqliteObjects]);
  const objects = plan.tables[0];
  assert.ok(objects !== undefined);
  assert.deepEqual(objects.select.map((s) => ('column' in s ? s.column : s.as)), ['oid', 'id', 'type', 'latest_seq']);
  const id = 'indicator--1f0c0b0e-4b7a-4a53-8b8e-0f1b2c3d4e5f';
  assert.deepEqual(objects.toTarget([7, id, 'indicator', 9]), [7, idHash(id), id, 'indicator', 9]);
});

test('a table or column on one side only is refused, every one named', () => {
  const refused = (source: TableShape[], target: TableShape[]): string => {
    try {
      planCopy(source, target);
    } catch (error) {
      assert.ok(error instanceof CopyRefusedError);
      assert.equal(error.code, 'schema-mismatch');
      return error.message;
    }
    assert.fail('expected a refusal');
  };
  const message = refused(
    [collections, { name: 'watchlists', columns: plain('id'), references: [] }, { ...versions, columns: [...versions.columns, ...plain('note')] }],
    [collections, { ...versions, columns: [...versions.columns, ...plain('extra')] }, { name: 'leases', columns: plain('id'), references: [] }],
  );
  assert.match(message, /table watchlists is in the source but not in the target/);
  assert.match(message, /table leases is in the target but not in the source/);
  assert.match(message, /column object_versions\.note is in the source but not in the target/);
  assert.match(message, /column object_versions\.extra is in the target but not in the source/);
});

test('foreign keys in a cycle have no order to copy in: refused', () => {
  const a: TableShape = { name: 'a', columns: plain('id'), references: ['b'] };
  const b: TableShape = { name: 'b', columns: plain('id'), references: ['a'] };
  assert.throws(() => planCopy([a, b], [a, b]), /cycle among a, b/);
  const self: TableShape = { name: 'tree', columns: plain('id', 'parent'), references: ['tree'] };
  assert.deepEqual(planCopy([self], [self]).tables.map((t) => t.table.name), ['tree'], 'a table referring to itself is fine');
});
