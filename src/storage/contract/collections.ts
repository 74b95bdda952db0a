// Contract: TAXII collections, memberships with their own date_added, and store stats.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { MembershipQuery, MembershipRecord, Store } from '../../app/ports.ts';
import type { StoreTest } from './harness.ts';
import { at, collection, objectRange, objectWrite, stixId } from './fixtures.ts';

async function allMembers(store: Store, collectionId: string, query: Omit<MembershipQuery, 'cursor'>): Promise<MembershipRecord[]> {
  const out: MembershipRecord[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await store.listMemberships(collectionId, { ...query, ...(cursor === undefined ? {} : { cursor }) });
    assert.ok(page.items.length <= query.limit);
    out.push(...page.items);
    cursor = page.next;
    if (cursor === undefined) break;
  }
  return out;
}

export function collectionsContract(storeTest: StoreTest): void {
  describe('collections', () => {
    storeTest('create, read, list, update and remove', async ({ store }) => {
      const [c1, c2] = [collection(1), collection(2)];
      await store.write(async (tx) => {
        await tx.putCollection(c1);
        await tx.putCollection(c2);
      });
      assert.deepEqual(await store.getCollection(c1.id), c1);
      assert.deepEqual(await store.getCollection(c2.id), c2);
      assert.equal(await store.getCollection(collection(3).id), null);
      assert.deepEqual([...(await store.listCollections())].sort((a, b) => a.id.localeCompare(b.id)), [c1, c2]);
      const renamed = { ...c1, title: 'Renamed', description: null, alias: 'other', mediaTypes: ['application/stix+json;version=2.1', 'application/taxii+json'] };
      await store.write((tx) => tx.putCollection(renamed));
      assert.deepEqual(await store.getCollection(c1.id), renamed);
      assert.equal((await store.listCollections()).length, 2);
      assert.equal(await store.write((tx) => tx.removeCollection(c2.id)), true);
      assert.equal(await store.write((tx) => tx.removeCollection(c2.id)), false);
      assert.deepEqual(await store.listCollections(), [renamed]);
    });

    storeTest('memberships keep the date_added of their first add', async ({ store }) => {
      const c = collection(1);
      const [a, b] = objectRange(1, 2);
      const a2 = objectWrite({ n: 1, version: at(100) });
      await store.write(async (tx) => {
        await tx.putObjects([a as NonNullable<typeof a>, b as NonNullable<typeof b>, a2]);
        await tx.putCollection(c);
        assert.equal(await tx.addToCollection(c.id, [a as NonNullable<typeof a>], '2025-01-01T00:00:00.000Z'), 1);
        // Again with b and a later date: only b is new; a keeps its first date_added.
        assert.equal(await tx.addToCollection(c.id, [a as NonNullable<typeof a>, b as NonNullable<typeof b>], '2025-01-02T00:00:00.000Z'), 1);
        // Another version of a is another membership.
        assert.equal(await tx.addToCollection(c.id, [{ id: a2.id, version: a2.version }], '2025-01-03T00:00:00.000Z'), 1);
      });
      const members = await allMembers(store, c.id, { limit: 10 });
      assert.deepEqual(members, [
        { collectionId: c.id, id: stixId('indicator', 1), version: at(0), dateAdded: '2025-01-01T00:00:00.000Z' },
        { collectionId: c.id, id: stixId('indicator', 2), version: at(0), dateAdded: '2025-01-02T00:00:00.000Z' },
        { collectionId: c.id, id: stixId('indicator', 1), version: at(100), dateAdded: '2025-01-03T00:00:00.000Z' },
      ]);
      // A version named with another precision is the same version, already a member.
      assert.equal(await store.write((tx) => tx.addToCollection(c.id, [{ id: a2.id, version: at(100).replace('.000Z', 'Z') }], at(9000))), 0);
    });

    storeTest('memberships are ordered by date_added, then insertion, and page stably', async ({ store }) => {
      const c = collection(1);
      const objects = objectRange(1, 12);
      await store.write(async (tx) => {
        await tx.putObjects(objects);
        await tx.putCollection(c);
        await tx.addToCollection(c.id, objects.slice(0, 4), '2025-03-01T00:00:00Z');
        // Added later but dated earlier (a backfill): sorts first.
        await tx.addToCollection(c.id, objects.slice(4, 8), '2025-02-01T00:00:00Z');
        // The same instant as the first group, spelled with milliseconds: ties keep insertion order.
        await tx.addToCollection(c.id, objects.slice(8), '2025-03-01T00:00:00.000Z');
      });
      const expected = [...objects.slice(4, 8), ...objects.slice(0, 4), ...objects.slice(8)].map((o) => o.id);
      for (const limit of [1, 5, 12, 100]) {
        assert.deepEqual((await allMembers(store, c.id, { limit })).map((m) => m.id), expected, `limit ${limit}`);
      }
      assert.equal((await store.listMemberships(c.id, { limit: 12 })).next, undefined);
      const after = await allMembers(store, c.id, { limit: 3, addedAfter: '2025-02-01T00:00:00.000Z' });
      assert.deepEqual(after.map((m) => m.id), [...objects.slice(0, 4), ...objects.slice(8)].map((o) => o.id), 'added_after is strictly after');
      assert.deepEqual(await allMembers(store, c.id, { limit: 3, addedAfter: '2025-03-01T00:00:00Z' }), []);
    });

    storeTest('memberships added during paging appear after the cursor, none repeat', async ({ store }) => {
      const c = collection(1);
      await store.write(async (tx) => {
        await tx.putObjects(objectRange(1, 20));
        await tx.putCollection(c);
        await tx.addToCollection(c.id, objectRange(1, 10), at(10));
      });
      const first = await store.listMemberships(c.id, { limit: 4 });
      await store.write((tx) => tx.addToCollection(c.id, objectRange(11, 10), at(20)));
      const ids = first.items.map((m) => m.id);
      let cursor = first.next;
      while (cursor !== undefined) {
        const page = await store.listMemberships(c.id, { limit: 4, cursor });
        ids.push(...page.items.map((m) => m.id));
        cursor = page.next;
      }
      assert.deepEqual(ids, objectRange(1, 20).map((o) => o.id));
    });

    storeTest('removing a collection removes its memberships, not the objects', async ({ store }) => {
      const c = collection(1);
      await store.write(async (tx) => {
        await tx.putObjects(objectRange(1, 3));
        await tx.putCollection(c);
        await tx.addToCollection(c.id, objectRange(1, 3), at(1));
        assert.equal(await tx.removeCollection(c.id), true);
        await tx.putCollection(c);
      });
      assert.deepEqual((await store.listMemberships(c.id, { limit: 10 })).items, []);
      assert.equal((await store.stats()).objects, 3);
    });

    storeTest('an unknown collection lists no members and refuses new ones', async ({ store }) => {
      await store.write((tx) => tx.putObjects(objectRange(1, 1)));
      assert.deepEqual(await store.listMemberships(collection(9).id, { limit: 10 }), { items: [] });
      await assert.rejects(store.write((tx) => tx.addToCollection(collection(9).id, objectRange(1, 1), at(1))),
        (error: Error & { code?: string }) => error.code === 'unknown_collection');
    });

    storeTest('a version the store does not hold cannot join a collection', async ({ store }) => {
      const c = collection(1);
      await store.write(async (tx) => {
        await tx.putObjects(objectRange(1, 1));
        await tx.putCollection(c);
      });
      await assert.rejects(store.write((tx) => tx.addToCollection(c.id, [{ id: stixId('indicator', 1), version: at(1) }], at(1))),
        (error: Error & { code?: string }) => error.code === 'unknown_object_version');
    });
  });

  describe('stats', () => {
    storeTest('counts objects, versions, types, revoked and collections', async ({ store }) => {
      assert.deepEqual(await store.stats(), { objects: 0, versions: 0, byType: {}, revoked: 0, collections: 0 });
      await store.write(async (tx) => {
        await tx.putObjects([
          ...objectRange(1, 4, 'indicator'),
          objectWrite({ n: 1, version: at(1) }),
          objectWrite({ n: 1, version: at(2), revoked: true }),
          objectWrite({ type: 'malware', n: 1, version: at(1), revoked: true }),
          // Revoked, then a later version is not: only latest versions count.
          objectWrite({ type: 'malware', n: 2, version: at(1), revoked: true }),
          objectWrite({ type: 'malware', n: 2, version: at(2) }),
          objectWrite({ type: 'ipv4-addr', n: 1, version: '' }),
        ]);
        await tx.putCollection(collection(1));
        await tx.putCollection(collection(2));
      });
      assert.deepEqual(await store.stats(), {
        objects: 7,
        versions: 10,
        byType: { indicator: 4, malware: 2, 'ipv4-addr': 1 },
        revoked: 2,
        collections: 2,
      });
    });
  });
}
