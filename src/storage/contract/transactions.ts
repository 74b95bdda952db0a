// Contract: store.write is one atomic unit, writes never interleave, reads outside a write
// see only committed data, reads inside see the write's own changes.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../app/ports.ts';
import type { StoreTest } from './harness.ts';
import { at, collect, collection, delay, objectRange, objectWrite, stixId } from './fixtures.ts';

/** Everything a test can observe through the read API, for before/after comparisons. */
async function snapshot(store: Store, ids: readonly string[], collectionIds: readonly string[]): Promise<unknown> {
  return {
    stats: await store.stats(),
    latest: (await collect(store.scanLatestObjects({}))).map((r) => r.json).sort(),
    versions: await Promise.all(ids.map((id) => store.getObjectVersions(id))),
    refs: await Promise.all(ids.map((id) => store.refsTo(id))),
    collections: await store.listCollections(),
    members: await Promise.all(collectionIds.map((id) => store.listMemberships(id, { limit: 100 }))),
  };
}

export function transactionsContract(storeTest: StoreTest): void {
  describe('atomic writes', () => {
    storeTest('write resolves to what work returns and commits it', async ({ store }) => {
      const value = await store.write(async (tx) => {
        await tx.putObjects([objectWrite({ n: 1 })]);
        return 'done';
      });
      assert.equal(value, 'done');
      assert.notEqual(await store.getLatestObject(stixId('indicator', 1)), null);
    });

    storeTest('a throw inside work rolls back everything it wrote and rejects with that error', async ({ store }) => {
      const first = objectWrite({ n: 1, version: at(1) });
      const c1 = collection(1);
      await store.write(async (tx) => {
        await tx.putObjects([first]);
        await tx.putCollection(c1);
        await tx.addToCollection(c1.id, [first], at(10));
      });
      const ids = [first.id, stixId('indicator', 2), stixId('indicator', 3)];
      const before = await snapshot(store, ids, [c1.id, collection(2).id]);
      const failure = new Error('work failed after writing');
      await assert.rejects(store.write(async (tx) => {
        const later = objectWrite({ n: 1, version: at(2), refs: [{ path: 'object_refs[0]', targetId: first.id }] });
        await tx.putObjects([later, objectWrite({ n: 2, refs: [{ path: 'x_ref', targetId: first.id }] }), objectWrite({ n: 3 })]);
        await tx.putCollection(collection(2));
        await tx.putCollection({ ...c1, title: 'renamed' });
        await tx.addToCollection(c1.id, [later], at(11));
        assert.equal((await tx.getLatestObject(first.id))?.version, at(2));
        throw failure;
      }), (error) => error === failure);
      assert.deepEqual(await snapshot(store, ids, [c1.id, collection(2).id]), before);
      // The store is usable afterwards, and writes the same rows for real.
      const results = await store.write((tx) => tx.putObjects([objectWrite({ n: 2 })]));
      assert.deepEqual(results.map((r) => r.outcome), ['stored']);
    });

    storeTest('a tx method that throws leaves none of its own rows, even when work catches it', async ({ store }) => {
      const c1 = collection(1);
      const a = objectWrite({ n: 1 });
      await store.write(async (tx) => {
        await tx.putObjects([a]);
        await tx.putCollection(c1);
        // The second member does not exist: the call fails as a whole.
        await assert.rejects(tx.addToCollection(c1.id, [a, { id: stixId('indicator', 99), version: at(0) }], at(5)),
          (error: Error & { code?: string }) => error.code === 'unknown_object_version');
      });
      assert.deepEqual((await store.listMemberships(c1.id, { limit: 10 })).items, []);
      assert.notEqual(await store.getLatestObject(a.id), null, 'the rest of the write committed');
    });

    storeTest('a tx cannot be used after its write has ended', async ({ store }) => {
      let leaked: Parameters<Parameters<Store['write']>[0]>[0] | undefined;
      await store.write(async (tx) => {
        leaked = tx;
      });
      assert.ok(leaked !== undefined);
      await assert.rejects(leaked.putObjects([objectWrite({ n: 1 })]));
      await assert.rejects(leaked.getLatestObject(stixId('indicator', 1)));
      assert.equal(await store.getLatestObject(stixId('indicator', 1)), null);
    });

    storeTest('a write started inside a write on the same store is refused, not deadlocked', async ({ store }) => {
      await store.write(async (tx) => {
        await tx.putObjects([objectWrite({ n: 1 })]);
        await assert.rejects(store.write(async () => 'inner'), (error: Error & { code?: string }) => error.code === 'nested_write');
      });
      assert.notEqual(await store.getLatestObject(stixId('indicator', 1)), null);
    });

    storeTest('every write refuses a write started inside it: after earlier writes, after an await, and behind a queued one', async ({ store }) => {
      await store.write(async () => undefined);
      const refusingInside = (n: number): Promise<void> => store.write(async (tx) => {
        await tx.putObjects([objectWrite({ n })]);
        await delay(1);
        await assert.rejects(store.write(async () => 'inner'), (error: Error & { code?: string }) => error.code === 'nested_write');
      });
      await Promise.all([refusingInside(1), refusingInside(2), refusingInside(3)]);
      assert.equal((await store.stats()).objects, 3);
    });

    storeTest('writes leave no async-context tracking behind once they are over', async ({ store }) => {
      // While an AsyncLocalStorage is enabled (Node 20, 22), each new promise gets one symbol
      // slot per enabled instance: the slots on a fresh promise count the instances left on.
      const slots = (): number => Object.getOwnPropertySymbols(new Promise(() => undefined)).length;
      const before = slots();
      for (let n = 0; n < 20; n++) {
        await store.write(async (tx) => {
          await tx.putObjects([objectWrite({ n })]);
          await tx.audit.append({ at: at(n), actor: 'system:test', action: 'test.write', subject: stixId('indicator', n), details: {} });
        });
      }
      assert.equal(slots(), before);
      assert.equal((await store.stats()).objects, 20);
    });
  });

  describe('isolation', () => {
    storeTest('two concurrent writes run one after the other, the second seeing the first', async ({ store }) => {
      const events: string[] = [];
      const a = objectWrite({ n: 1 });
      const first = store.write(async (tx) => {
        events.push('first starts');
        await tx.putObjects([a]);
        await delay(30);
        events.push('first ends');
      });
      const second = store.write(async (tx) => {
        events.push('second starts');
        const seen = await tx.getLatestObject(a.id);
        await tx.putObjects([objectWrite({ n: 2 })]);
        events.push('second ends');
        return seen;
      });
      await first;
      const seen = await second;
      assert.deepEqual(events, ['first starts', 'first ends', 'second starts', 'second ends']);
      assert.equal(seen?.json, a.json);
    });

    storeTest('writes run in the order they were started, and a failed one does not block the rest', async ({ store }) => {
      const order: number[] = [];
      const writes = [0, 1, 2, 3, 4].map((i) => store.write(async (tx) => {
        await delay(5 - i);
        order.push(i);
        await tx.putObjects([objectWrite({ n: i })]);
        if (i === 2) throw new Error('third fails');
      }));
      const settled = await Promise.allSettled(writes);
      assert.deepEqual(order, [0, 1, 2, 3, 4]);
      assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      assert.equal((await store.stats()).objects, 4);
      assert.equal(await store.getLatestObject(stixId('indicator', 2)), null);
    });

    storeTest('reads inside a write see its own changes', async ({ store }) => {
      await store.write(async (tx) => {
        await tx.putObjects(objectRange(1, 3));
        await tx.putCollection(collection(1));
        assert.equal((await tx.stats()).objects, 3);
        assert.equal((await tx.getLatestObject(stixId('indicator', 2)))?.id, stixId('indicator', 2));
        assert.equal((await tx.listLatestObjects({ limit: 10 })).items.length, 3);
        assert.equal((await collect(tx.scanLatestObjects({ batchSize: 2 }))).length, 3);
        assert.equal((await tx.getCollection(collection(1).id))?.title, collection(1).title);
      });
    });

    storeTest('reads outside a write see only committed data', async ({ store }) => {
      await store.write((tx) => tx.putObjects([objectWrite({ n: 1 })]));
      const committed = await store.stats();
      let inside: unknown;
      // The write holds itself open until the reads below are done: under load, a write that
      // merely waited a few milliseconds could commit between them (seen in CI on PostgreSQL).
      let reached!: () => void;
      const written = new Promise<void>((resolve) => { reached = resolve; });
      let release!: () => void;
      const readsDone = new Promise<void>((resolve) => { release = resolve; });
      const writing = store.write(async (tx) => {
        await tx.putObjects([objectWrite({ n: 2 }), objectWrite({ n: 1, version: at(5) })]);
        await tx.putCollection(collection(1));
        reached();
        await readsDone;
        inside = await tx.stats();
      });
      await Promise.race([written, writing]); // a write that fails before it is reached fails the test, not hangs it
      // The write is in progress (its rows are written, it has not committed): the store must not show them.
      assert.deepEqual(await store.stats(), committed);
      assert.equal(await store.getLatestObject(stixId('indicator', 2)), null);
      assert.equal((await store.getLatestObject(stixId('indicator', 1)))?.version, at(0));
      assert.equal((await collect(store.scanLatestObjects({}))).length, 1);
      assert.equal(await store.getCollection(collection(1).id), null);
      release();
      await writing;
      assert.deepEqual(await store.stats(), inside);
      assert.equal((await store.getLatestObject(stixId('indicator', 1)))?.version, at(5));
    }, { isolatedReads: true });
  });

  describe('liveness', () => {
    storeTest('ping answers on an open store and inside a write, and refuses once the store is closed', async ({ store }) => {
      await store.ping();
      await store.write(async (tx) => {
        await tx.putObjects([objectWrite({ n: 1 })]);
        await tx.ping();
      });
      await store.close();
      await assert.rejects(store.ping());
    });
  });
}
