// Pulling a remote collection (TAXII 2.1 §5.4 paged per §3.5) into the store: references
// across pages, checkpoints that resume, and the fallbacks §3.5 describes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import type { RemoteEnvelope, RemoteObjectsQuery, RemoteResult, TaxiiSource } from '../../src/app/ports/taxii.ts';
import type { Store } from '../../src/app/ports.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { checkpointKey, pullCollection } from '../../src/app/taxii/pullCollection.ts';

const T = '2025-01-01T00:00:00.000Z';
const id = (type: string, n: number): string => `${type}--6ba7b810-9dad-41d1-80b4-${n.toString(16).padStart(12, '0')}`;
const indicator = (n: number): Record<string, unknown> => ({
  type: 'indicator', spec_version: '2.1', id: id('indicator', n), created: T, modified: T,
  pattern: `[ipv4-addr:value = '10.0.0.${n}']`, pattern_type: 'stix', valid_from: T,
});
const relationship = (n: number, source: number, target: number): Record<string, unknown> => ({
  type: 'relationship', spec_version: '2.1', id: id('relationship', n), created: T, modified: T,
  relationship_type: 'related-to', source_ref: id('indicator', source), target_ref: id('indicator', target),
});

type Answer = RemoteResult<RemoteEnvelope>;

/** A source that answers from a script and records what it was asked. */
function scripted(answer: (query: RemoteObjectsQuery, call: number) => Answer): TaxiiSource & { queries: RemoteObjectsQuery[] } {
  const queries: RemoteObjectsQuery[] = [];
  return {
    url: 'https://partner.example/taxii2/root/collections/c/',
    principal: 'basic:me',
    queries,
    async getObjects(query) {
      queries.push(query);
      return answer(query, queries.length);
    },
  };
}

const page = (objects: unknown[], more: boolean, next?: string, dateAddedLast?: string): Answer => ({
  ok: true, value: { objects, more, ...(next === undefined ? {} : { next }), ...(dateAddedLast === undefined ? {} : { dateAddedLast }) },
});

function context(store: Store) {
  return { store, clock: { now: () => new Date().toISOString() }, ingest: ingestObjects };
}

test('follows next across pages; an object served before its target waits for it; the checkpoint advances at the end', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    const source = scripted((q) => (q.next === undefined
      ? page([relationship(1, 1, 3), indicator(1), indicator(2)], true, 'p2', '2025-02-01T00:00:00.000000Z')
      : page([indicator(3)], false, undefined, '2025-02-02T00:00:00.000000Z')));
    const outcome = await pullCollection(source, {}, context(store));
    assert.equal(outcome.ok, true);
    assert.deepEqual([outcome.report.pages, outcome.report.received, outcome.report.stored, outcome.report.rejected, outcome.report.complete], [2, 4, 4, 0, true]);
    assert.notEqual(await store.getLatestObject(id('relationship', 1)), null);
    assert.deepEqual(source.queries, [{}, { next: 'p2' }]);
    const checkpoint = await store.taxii.getCheckpoint(checkpointKey(source));
    assert.deepEqual([checkpoint?.addedAfter, checkpoint?.next], ['2025-02-02T00:00:00.000000Z', null]);

    // The next run asks only for what was added after that.
    const again = scripted(() => page([], false));
    const second = await pullCollection(again, {}, context(store));
    assert.deepEqual(again.queries, [{ addedAfter: '2025-02-02T00:00:00.000000Z' }]);
    assert.equal(second.report.startedFrom, 'checkpoint');
    // --since overrides the checkpoint.
    const since = scripted(() => page([], false));
    await pullCollection(since, { since: '2024-01-01T00:00:00Z', limit: 50 }, context(store));
    assert.deepEqual(since.queries, [{ addedAfter: '2024-01-01T00:00:00Z', limit: 50 }]);
  } finally {
    await store.close();
  }
});

test('an interrupted run resumes from its last next; a next the server refuses falls back to added_after', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    const failing = scripted((q) => (q.next === undefined
      ? page([indicator(1)], true, 'p2', '2025-02-01T00:00:00.000000Z')
      : { ok: false, error: { kind: 'network', message: 'connection reset' } }));
    const first = await pullCollection(failing, {}, context(store));
    assert.equal(first.ok, false);
    assert.equal(first.report.stored, 1, 'what arrived is kept');
    assert.equal((await store.taxii.getCheckpoint(checkpointKey(failing)))?.next, 'p2');

    const resumed = scripted((q) => (q.next === 'p2' ? page([indicator(2)], false, undefined, '2025-02-02T00:00:00.000000Z') : page([], false)));
    const second = await pullCollection(resumed, {}, context(store));
    assert.deepEqual([second.ok, second.report.startedFrom, second.report.stored], [true, 'next', 1]);

    await store.write((tx) => tx.taxii.putCheckpoint({ source: checkpointKey(resumed), addedAfter: '2025-02-02T00:00:00.000000Z', next: 'stale', updatedAt: T }));
    const refusing = scripted((q) => (q.next === 'stale' ? { ok: false, error: { kind: 'http', status: 400, message: 'bad next' } } : page([], false)));
    const third = await pullCollection(refusing, {}, context(store));
    assert.equal(third.ok, true);
    assert.deepEqual(refusing.queries, [{ addedAfter: '2025-02-02T00:00:00.000000Z', next: 'stale' }, { addedAfter: '2025-02-02T00:00:00.000000Z' }]);
  } finally {
    await store.close();
  }
});

test('§3.5: more without next continues with added_after = X-TAXII-Date-Added-Last; a server that gives neither is a protocol error', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    const source = scripted((q) => (q.addedAfter === undefined ? page([indicator(1)], true, undefined, '2025-02-01T00:00:00.000000Z') : page([indicator(2)], false)));
    const outcome = await pullCollection(source, {}, context(store));
    assert.deepEqual([outcome.ok, outcome.report.stored], [true, 2]);
    assert.deepEqual(source.queries, [{}, { addedAfter: '2025-02-01T00:00:00.000000Z' }]);
    const stuck = await pullCollection(scripted(() => page([], true)), { since: '2020-01-01T00:00:00Z' }, context(store));
    assert.equal(stuck.ok ? 'ok' : stuck.error.kind, 'protocol');
  } finally {
    await store.close();
  }
});

test('what never resolves or is invalid is reported as rejected, and the rest is stored', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    const broken = { ...indicator(5), pattern: '[not a pattern' };
    const outcome = await pullCollection(scripted(() => page([relationship(9, 1, 99), indicator(1), broken], false)), {}, context(store));
    assert.deepEqual([outcome.report.stored, outcome.report.rejected], [1, 2]);
    assert.ok(outcome.report.errors.some((e) => e.code === 'dangling-reference' && e.objectId === id('relationship', 9)));
    assert.ok(outcome.report.errors.some((e) => e.objectId === id('indicator', 5)), 'the invalid pattern');
  } finally {
    await store.close();
  }
});
