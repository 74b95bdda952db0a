// The TAXII member queries run on indexes: a page costs index seeks from the cursor, never a
// scan or a sort of the collection (the benchmark holds a million members).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWriterConnection } from './connection.ts';
import { migrate } from './migrations.ts';
import { memberSql, type Shape } from './taxii-members.ts';

function plan(shape: Shape): string {
  const db = openWriterConnection(':memory:');
  try {
    migrate(db);
    const params = { collection: 'c', afterKey: '', afterSeq: 0, limit: 10, type: 'indicator', types: '["indicator"]', specVersions: '["2.1"]', versionKeys: '[""]', ids: '["x"]', hashes: '[1]' };
    return (db.prepare(`EXPLAIN QUERY PLAN ${memberSql(shape)}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
  } finally {
    db.close();
  }
}

const scan = { json: true, types: 'many' as const, specVersions: true, versions: 'first/last/exact' };

test('a page walks collection_members_by_date from the cursor, in order: no scan, no sort', () => {
  for (const phase of ['same-date', 'later-dates'] as const) {
    const detail = plan({ ...scan, phase });
    assert.match(detail, /SEARCH m USING INDEX collection_members_by_date \(cid=\? AND date_added_key[=>]\?/, phase);
    assert.doesNotMatch(detail, /TEMP B-TREE|SCAN m\b|SCAN o\b|SCAN v\b/, detail);
    // first/last look at the object's other versions in this collection by index.
    assert.match(detail, /object_versions_by_key \(oid=\? AND version_key[<>]\?\)/);
    assert.match(detail, /collection_members_by_version \(cid=\? AND version_seq=\?\)/);
  }
});

test('one type is an equality, and the walk still follows the date index', () => {
  const detail = plan({ ...scan, types: 'one', phase: 'later-dates' });
  assert.match(detail, /SEARCH m USING INDEX collection_members_by_date/);
  assert.doesNotMatch(detail, /objects_by_type|TEMP B-TREE/);
});

test('match[id] starts from the ids', () => {
  const detail = plan({ ...scan, phase: 'by-id', versions: 'all' });
  assert.match(detail, /SEARCH o USING INDEX objects_by_id_hash \(id_hash=\?\)/);
  assert.doesNotMatch(detail, /SCAN m\b/);
});
