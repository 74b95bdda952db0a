// Contract: reference edges and markings, stored per version and queryable.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreTest } from './harness.ts';
import { at, objectWrite, stixId } from './fixtures.ts';

const TLP_AMBER = 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82';
const TLP_RED = 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed';

export function graphContract(storeTest: StoreTest): void {
  describe('reference edges', () => {
    storeTest('refsFrom lists the latest version\'s edges in order', async ({ store }) => {
      const refs = [
        { path: 'created_by_ref', targetId: stixId('identity', 1) },
        { path: 'object_refs[0]', targetId: stixId('malware', 1) },
        { path: 'object_refs[1]', targetId: stixId('indicator', 1) },
      ];
      await store.write((tx) => tx.putObjects([
        objectWrite({ type: 'report', n: 1, version: at(1), refs: [{ path: 'created_by_ref', targetId: stixId('identity', 9) }] }),
        objectWrite({ type: 'report', n: 1, version: at(2), refs }),
      ]));
      assert.deepEqual(await store.refsFrom(stixId('report', 1)), refs);
      assert.deepEqual(await store.refsFrom(stixId('report', 2)), []);
    });

    storeTest('refsTo finds objects whose latest version references the target', async ({ store }) => {
      const target = stixId('malware', 1);
      await store.write((tx) => tx.putObjects([
        objectWrite({ type: 'relationship', n: 1, refs: [{ path: 'source_ref', targetId: stixId('indicator', 1) }, { path: 'target_ref', targetId: target }] }),
        objectWrite({ type: 'report', n: 1, refs: [{ path: 'object_refs[0]', targetId: target }, { path: 'object_refs[1]', targetId: target }] }),
        // Referenced by an old version only: the latest dropped the edge.
        objectWrite({ type: 'report', n: 2, version: at(1), refs: [{ path: 'object_refs[0]', targetId: target }] }),
        objectWrite({ type: 'report', n: 2, version: at(2), refs: [] }),
      ]));
      const found = await store.refsTo(target);
      assert.deepEqual([...found].sort((a, b) => `${a.sourceId} ${a.path}`.localeCompare(`${b.sourceId} ${b.path}`)), [
        { sourceId: stixId('relationship', 1), path: 'target_ref' },
        { sourceId: stixId('report', 1), path: 'object_refs[0]' },
        { sourceId: stixId('report', 1), path: 'object_refs[1]' },
      ]);
      assert.deepEqual(await store.refsTo(stixId('malware', 2)), []);
    });

    storeTest('edges to objects the store does not hold are kept', async ({ store }) => {
      const absent = stixId('identity', 404);
      await store.write((tx) => tx.putObjects([objectWrite({ n: 1, refs: [{ path: 'created_by_ref', targetId: absent }] })]));
      assert.deepEqual(await store.refsTo(absent), [{ sourceId: stixId('indicator', 1), path: 'created_by_ref' }]);
    });
  });

  describe('markings', () => {
    storeTest('keeps object-level and granular markings per version', async ({ store }) => {
      const oldMarkings = [{ markingRef: TLP_RED, selectors: null }];
      const newMarkings = [
        { markingRef: TLP_AMBER, selectors: null },
        { markingRef: TLP_RED, selectors: ['description', 'external_references.[0].url'] },
      ];
      await store.write((tx) => tx.putObjects([
        objectWrite({ n: 1, version: '2024-01-01T00:00:01Z', markings: oldMarkings }),
        objectWrite({ n: 1, version: at(2), markings: newMarkings }),
      ]));
      const id = stixId('indicator', 1);
      assert.deepEqual(await store.markingsOf(id), newMarkings);
      assert.deepEqual(await store.markingsOf(id, at(2)), newMarkings);
      // The version can be named in any precision.
      assert.deepEqual(await store.markingsOf(id, '2024-01-01T00:00:01.000Z'), oldMarkings);
      assert.deepEqual(await store.markingsOf(id, at(3)), []);
      assert.deepEqual(await store.markingsOf(stixId('indicator', 2)), []);
    });
  });
}
