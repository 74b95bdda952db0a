// Contract: every version kept, the latest view, revocation, idempotent re-ingest.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreTest } from './harness.ts';
import { at, objectWrite, stixId } from './fixtures.ts';

export function objectsContract(storeTest: StoreTest): void {
  describe('object versions', () => {
    storeTest('keeps every version, ordered by version whatever the write order', async ({ store }) => {
      const [v1, v2, v3] = [1, 2, 3].map((s) => objectWrite({ n: 1, version: at(s) })) as [ReturnType<typeof objectWrite>, ReturnType<typeof objectWrite>, ReturnType<typeof objectWrite>];
      const results = await store.write((tx) => tx.putObjects([v3, v1]));
      assert.deepEqual(results.map((r) => [r.id, r.version, r.outcome]), [[v3.id, at(3), 'stored'], [v1.id, at(1), 'stored']]);
      await store.write((tx) => tx.putObjects([v2]));
      const versions = await store.getObjectVersions(v1.id);
      assert.deepEqual(versions.map((v) => v.version), [at(1), at(2), at(3)]);
      assert.deepEqual(versions.map((v) => v.json), [v1.json, v2.json, v3.json]);
      assert.equal((await store.getLatestObject(v1.id))?.version, at(3), 'an older version written later does not become latest');
    });

    storeTest('returns records exactly as written', async ({ store }) => {
      const write = { ...objectWrite({ n: 7, version: '2024-02-03T04:05:06.789Z' }), json: '{"type":"indicator",  "name":"spaced \u00e9\u4e2d"}' };
      const sco = objectWrite({ type: 'ipv4-addr', n: 8, version: '' });
      await store.write((tx) => tx.putObjects([write, sco]));
      const { refs: _r, markings: _m, ...record } = write;
      assert.deepEqual(await store.getLatestObject(write.id), record);
      const scoRecord = await store.getLatestObject(sco.id);
      assert.deepEqual(scoRecord, { id: sco.id, type: 'ipv4-addr', specVersion: '2.1', version: '', created: null, modified: null, revoked: false, json: sco.json });
    });

    storeTest('takes JSON handed over as UTF-8 bytes and keeps it as the same text', async ({ store }) => {
      // A judge thread hands rows over this way (app/ingest/judgedWire.ts).
      const text = '{"type":"indicator","name":"bytes \u00e9\u4e2d \u2603"}';
      const asText = { ...objectWrite({ n: 9, version: at(1) }), json: text };
      const asBytes = { ...asText, json: new TextEncoder().encode(text) };
      const [stored] = await store.write((tx) => tx.putObjects([asBytes]));
      assert.equal(stored?.outcome, 'stored');
      assert.equal((await store.getLatestObject(asText.id))?.json, text);
      const again = await store.write((tx) => tx.putObjects([asBytes, asText, { ...asText, json: new TextEncoder().encode(`${text} `) }]));
      assert.deepEqual(again.map((r) => r.outcome), ['unchanged', 'unchanged', 'conflict']);
      assert.deepEqual((await store.getObjectVersions(asText.id)).map((v) => v.json), [text]);
    });

    storeTest('unknown ids read as null and as no versions', async ({ store }) => {
      await store.write((tx) => tx.putObjects([objectWrite({ n: 1 })]));
      assert.equal(await store.getLatestObject(stixId('indicator', 2)), null);
      assert.deepEqual(await store.getObjectVersions(stixId('indicator', 2)), []);
    });

    storeTest('orders versions as instants, not as text of mixed precision', async ({ store }) => {
      // '.' sorts before 'Z': as text, '...:00.5Z' < '...:00Z' although it is half a second later.
      const whole = objectWrite({ n: 1, version: '2024-01-01T00:00:00Z' });
      const half = objectWrite({ n: 1, version: '2024-01-01T00:00:00.5Z' });
      const earlier = objectWrite({ n: 1, version: '2023-12-31T23:59:59.999999Z' });
      await store.write((tx) => tx.putObjects([half, whole, earlier]));
      assert.equal((await store.getLatestObject(whole.id))?.version, '2024-01-01T00:00:00.5Z');
      assert.deepEqual((await store.getObjectVersions(whole.id)).map((v) => v.version),
        ['2023-12-31T23:59:59.999999Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.5Z']);
    });

    storeTest('treats one instant written with another precision as the same version', async ({ store }) => {
      const plain = objectWrite({ n: 1, version: '2024-01-01T00:00:00Z' });
      const padded = objectWrite({ n: 1, version: '2024-01-01T00:00:00.000Z' });
      assert.notEqual(plain.json, padded.json);
      await store.write((tx) => tx.putObjects([plain]));
      const [result] = await store.write((tx) => tx.putObjects([padded]));
      assert.equal(result?.outcome, 'conflict');
      assert.deepEqual((await store.getObjectVersions(plain.id)).map((v) => v.json), [plain.json]);
    });
  });

  describe('idempotent re-ingest', () => {
    storeTest('the same (id, version) with the same JSON is unchanged and writes nothing', async ({ store }) => {
      const object = objectWrite({ n: 1, version: at(1) });
      await store.write((tx) => tx.putObjects([object]));
      const before = await store.stats();
      const results = await store.write((tx) => tx.putObjects([object]));
      assert.deepEqual(results, [{ id: object.id, version: at(1), outcome: 'unchanged' }]);
      assert.deepEqual(await store.stats(), before);
    });

    storeTest('the same (id, version) with other JSON is a conflict and the stored version stays', async ({ store }) => {
      const object = objectWrite({ n: 1, version: at(1), refs: [{ path: 'created_by_ref', targetId: stixId('identity', 1) }] });
      const changed = objectWrite({ n: 1, version: at(1), note: 'edited without a new modified', refs: [{ path: 'created_by_ref', targetId: stixId('identity', 2) }] });
      await store.write((tx) => tx.putObjects([object]));
      const results = await store.write((tx) => tx.putObjects([changed, objectWrite({ n: 2 })]));
      assert.deepEqual(results.map((r) => r.outcome), ['conflict', 'stored']);
      assert.equal((await store.getLatestObject(object.id))?.json, object.json);
      assert.deepEqual(await store.refsFrom(object.id), [{ path: 'created_by_ref', targetId: stixId('identity', 1) }]);
      assert.equal((await store.stats()).versions, 2);
    });

    storeTest('a duplicate later in the same batch is judged against the earlier one', async ({ store }) => {
      const first = objectWrite({ n: 1, version: at(1) });
      const conflicting = objectWrite({ n: 1, version: at(1), note: 'different' });
      const results = await store.write((tx) => tx.putObjects([first, first, conflicting, objectWrite({ n: 1, version: at(2) })]));
      assert.deepEqual(results.map((r) => r.outcome), ['stored', 'unchanged', 'conflict', 'stored']);
      assert.deepEqual((await store.getObjectVersions(first.id)).map((v) => v.json), [first.json, objectWrite({ n: 1, version: at(2) }).json]);
    });

    storeTest('an SCO (version \'\') is idempotent too', async ({ store }) => {
      const sco = objectWrite({ type: 'ipv4-addr', n: 1, version: '' });
      const other = objectWrite({ type: 'ipv4-addr', n: 1, version: '', note: 'changed' });
      const results = await store.write((tx) => tx.putObjects([sco, sco, other]));
      assert.deepEqual(results.map((r) => r.outcome), ['stored', 'unchanged', 'conflict']);
      assert.equal((await store.getObjectVersions(sco.id)).length, 1);
    });
  });

  describe('revocation', () => {
    storeTest('a revoked latest version is kept and visible as revoked, earlier versions unchanged', async ({ store }) => {
      const live = objectWrite({ n: 1, version: at(1) });
      const revoked = objectWrite({ n: 1, version: at(2), revoked: true });
      await store.write((tx) => tx.putObjects([live, revoked, objectWrite({ n: 2 })]));
      const latest = await store.getLatestObject(live.id);
      assert.equal(latest?.revoked, true);
      assert.equal(latest?.json, revoked.json);
      assert.deepEqual((await store.getObjectVersions(live.id)).map((v) => v.revoked), [false, true]);
      const listed = await store.listLatestObjects({ limit: 10 });
      assert.deepEqual(new Map(listed.items.map((r) => [r.id, r.revoked])), new Map([[live.id, true], [stixId('indicator', 2), false]]));
      assert.equal((await store.stats()).revoked, 1);
    });
  });
}
