// One input may carry several versions of an object, never the same version twice
// (ingestObjects' duplicate rule), whether it is written atomically or in part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';

const clock = { now: () => '2025-01-01T00:00:00.000Z' };
const ID = 'identity--7c6b5a49-3827-4615-8a4b-3c2d1e0f9a8b';

function version(modified: string, name = 'Org'): Record<string, unknown> {
  return { type: 'identity', spec_version: '2.1', id: ID, created: '2024-01-01T00:00:00.000Z', modified, name, identity_class: 'organization' };
}

const V1 = '2024-01-01T00:00:00.000Z';
const V2 = '2024-02-01T00:00:00.000Z';
const V3 = '2024-03-01T00:00:00.000Z';

for (const partial of [false, true]) {
  const mode = partial ? 'in part' : 'atomically';

  test(`several versions of one object are stored ${mode}`, async () => {
    const store = openSqliteStore({ path: ':memory:' });
    try {
      const outcome = await ingestObjects([version(V1), version(V2), version(V3)], { partial }, { store, clock });
      assert.deepEqual(outcome.errors, []);
      assert.equal(outcome.stored, 3);
      assert.equal((await store.getObjectVersions(ID)).length, 3);
    } finally {
      await store.close();
    }
  });

  for (const [name, repeated] of [['its first version', V1], ['a later version', V2]] as const) {
    test(`${name} coming again is a duplicate ${mode}, however many versions came between`, async () => {
      const store = openSqliteStore({ path: ':memory:' });
      try {
        const outcome = await ingestObjects([version(V1), version(V2), version(V3), version(repeated, 'Changed')], { partial }, { store, clock });
        assert.deepEqual(outcome.errors.map((e) => [e.code, e.index]), [['duplicate-object', 3]]);
        assert.equal(outcome.committed, partial);
        assert.equal((await store.getObjectVersions(ID)).length, partial ? 3 : 0);
      } finally {
        await store.close();
      }
    });
  }
}
