// Contract: the latest view, keyset-paged (listLatestObjects) and streamed (scanLatestObjects).
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ListObjectsQuery, ObjectRecord, Store } from '../../app/ports.ts';
import { InvalidCursorError } from '../errors.ts';
import type { StoreTest } from './harness.ts';
import { at, collect, collection, objectRange, objectWrite, stixId } from './fixtures.ts';

async function listAll(store: Store, query: Omit<ListObjectsQuery, 'cursor'>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.listLatestObjects({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    pages++;
    assert.ok(page.items.length <= query.limit);
    ids.push(...page.items.map((r) => r.id));
    cursor = page.next;
  } while (cursor !== undefined && pages < 1000);
  return { ids, pages };
}

function isInvalidCursor(error: unknown): boolean {
  return error instanceof InvalidCursorError && error.code === 'invalid_cursor';
}

export function pagingContract(storeTest: StoreTest): void {
  describe('listLatestObjects', () => {
    storeTest('pages through every latest version exactly once', async ({ store }) => {
      await store.write(async (tx) => {
        await tx.putObjects(objectRange(1, 25));
        await tx.putObjects([objectWrite({ n: 3, version: at(9) })]);
      });
      const { ids, pages } = await listAll(store, { limit: 10 });
      assert.equal(pages, 3);
      assert.equal(new Set(ids).size, 25);
      assert.deepEqual([...ids].sort(), objectRange(1, 25).map((o) => o.id).sort());
      const page = await store.listLatestObjects({ limit: 25 });
      assert.equal(page.next, undefined, 'no cursor when nothing is left');
      assert.equal(page.items.find((r) => r.id === stixId('indicator', 3))?.version, at(9));
    });

    storeTest('filters by one or several types', async ({ store }) => {
      await store.write((tx) => tx.putObjects([
        ...objectRange(1, 7, 'indicator'), ...objectRange(1, 5, 'malware'), ...objectRange(1, 3, 'identity'),
      ]));
      assert.equal((await listAll(store, { limit: 2, types: ['malware'] })).ids.length, 5);
      const two = await listAll(store, { limit: 4, types: ['malware', 'identity'] });
      assert.equal(new Set(two.ids).size, 8);
      assert.ok(two.ids.every((id) => id.startsWith('malware--') || id.startsWith('identity--')));
      assert.deepEqual((await store.listLatestObjects({ limit: 5, types: ['campaign'] })).items, []);
    });

    storeTest('paging stays stable while objects and versions are added', async ({ store }) => {
      await store.write((tx) => tx.putObjects(objectRange(1, 30)));
      const seen: ObjectRecord[] = [];
      let page = await store.listLatestObjects({ limit: 7 });
      seen.push(...page.items);
      const firstSeen = page.items[0] as ObjectRecord;
      const unseen = objectRange(1, 30).map((o) => o.id).find((id) => !seen.some((r) => r.id === id)) as string;
      await store.write((tx) => tx.putObjects([
        ...objectRange(100, 10),
        objectWrite({ n: Number.parseInt(firstSeen.id.slice(-12), 16), version: at(50) }),
        objectWrite({ n: Number.parseInt(unseen.slice(-12), 16), version: at(60) }),
      ]));
      while (page.next !== undefined) {
        page = await store.listLatestObjects({ limit: 7, cursor: page.next });
        seen.push(...page.items);
      }
      const ids = seen.map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length, 'no object served twice');
      for (const original of objectRange(1, 30)) assert.ok(ids.includes(original.id), `${original.id} was skipped`);
      assert.equal(seen.find((r) => r.id === unseen)?.version, at(60), 'a page shows the latest version at the time it is read');
    });

    storeTest('a cursor survives closing and reopening the store', async ({ store, reopen }) => {
      await store.write((tx) => tx.putObjects(objectRange(1, 12)));
      const first = await store.listLatestObjects({ limit: 5 });
      const expected = await store.listLatestObjects({ limit: 5, cursor: first.next as string });
      await store.close();
      const reopened = await (reopen as () => Promise<Store>)();
      const again = await reopened.listLatestObjects({ limit: 5, cursor: first.next as string });
      assert.deepEqual(again.items.map((r) => r.id), expected.items.map((r) => r.id));
      assert.equal(again.items.length, 5);
    }, { reopen: true });

    storeTest('a cursor the store did not issue is an InvalidCursorError', async ({ store }) => {
      await store.write(async (tx) => {
        await tx.putObjects(objectRange(1, 5));
        await tx.putCollection(collection(1));
        await tx.addToCollection(collection(1).id, objectRange(1, 5), at(1));
      });
      const real = (await store.listLatestObjects({ limit: 2 })).next as string;
      const memberCursor = (await store.listMemberships(collection(1).id, { limit: 2 })).next as string;
      const bad = [
        'not a cursor!', '%%%', 'eyJ', Buffer.from('{"after":3}').toString('base64url'),
        Buffer.from('[]').toString('base64url'), real.slice(0, -2), `${real}x`, memberCursor, 'A'.repeat(5000),
      ];
      for (const cursor of bad) {
        await assert.rejects(store.listLatestObjects({ limit: 2, cursor }), isInvalidCursor, `cursor ${cursor.slice(0, 40)}`);
      }
      await assert.rejects(store.listMemberships(collection(1).id, { limit: 2, cursor: real }), isInvalidCursor);
      await assert.rejects(store.listMemberships(collection(1).id, { limit: 2, cursor: 'garbage!' }), isInvalidCursor);
    });
  });

  describe('scanLatestObjects', () => {
    storeTest('yields each latest version once across batch boundaries', async ({ store }) => {
      await store.write(async (tx) => {
        for (let first = 0; first < 2503; first += 1000) await tx.putObjects(objectRange(first, Math.min(1000, 2503 - first)));
        await tx.putObjects([objectWrite({ n: 100, version: at(7) })]);
      });
      for (const batchSize of [100, 2503, 2504, 1000]) {
        const records = await collect(store.scanLatestObjects({ batchSize }));
        assert.equal(records.length, 2503, `batchSize ${batchSize}`);
        assert.equal(new Set(records.map((r) => r.id)).size, 2503, `batchSize ${batchSize}`);
        assert.equal(records.find((r) => r.id === stixId('indicator', 100))?.version, at(7));
      }
      assert.equal((await collect(store.scanLatestObjects({ batchSize: 1 }))).length, 2503);
    });

    storeTest('an empty store scans to nothing', async ({ store }) => {
      assert.deepEqual(await collect(store.scanLatestObjects({ batchSize: 10 })), []);
    });

    storeTest('filters by types and by since (at or after, as instants)', async ({ store }) => {
      await store.write((tx) => tx.putObjects([
        ...Array.from({ length: 250 }, (_, i) => objectWrite({ n: i, version: at(i) })),
        ...Array.from({ length: 250 }, (_, i) => objectWrite({ type: 'malware', n: i, version: at(i) })),
        objectWrite({ type: 'ipv4-addr', n: 1, version: '' }),
        // An old object updated recently counts by its latest version.
        objectWrite({ n: 5, version: at(500) }),
      ]));
      const malware = await collect(store.scanLatestObjects({ types: ['malware'], batchSize: 30 }));
      assert.equal(malware.length, 250);
      assert.ok(malware.every((r) => r.type === 'malware'));
      const both = await collect(store.scanLatestObjects({ types: ['malware', 'ipv4-addr'], batchSize: 30 }));
      assert.equal(both.length, 251);
      // at(200) written with another precision: the boundary instant is included.
      const since = at(200).replace('.000Z', 'Z');
      const recent = await collect(store.scanLatestObjects({ since, batchSize: 7 }));
      assert.deepEqual(recent.map((r) => r.id).sort(), [
        ...Array.from({ length: 50 }, (_, i) => stixId('indicator', 200 + i)),
        ...Array.from({ length: 50 }, (_, i) => stixId('malware', 200 + i)),
        stixId('indicator', 5),
      ].sort());
      const recentMalware = await collect(store.scanLatestObjects({ since, types: ['malware'], batchSize: 9 }));
      assert.equal(recentMalware.length, 50);
    });
  });
}
