// How ingestObjects cuts an input into the batches it judges: by count, and by the size of
// objects that arrive as raw JSON, so that a run of big objects never makes one huge batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { judgeInThread, type BatchJudge } from '../../src/app/ingest/judge.ts';
import { RawText } from '../../src/app/ingest/rawText.ts';

const clock = { now: () => '2025-01-01T00:00:00.000Z' };

function identity(n: number, descriptionLength: number): Record<string, unknown> {
  return {
    type: 'identity', spec_version: '2.1', id: `identity--00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: `Org ${n}`, identity_class: 'organization',
    description: 'x'.repeat(descriptionLength),
  };
}

/** A judge that records the size of every batch it is given. */
function recordingJudge(): { judge: BatchJudge; sizes: number[] } {
  const sizes: number[] = [];
  return { sizes, judge: (values, firstIndex) => { sizes.push(values.length); return judgeInThread(values, firstIndex); } };
}

test('raw JSON is cut into batches of at most about 1 MiB, and every object is stored', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    // 300 KB each: the fourth crosses 1 MiB and ends its batch.
    const input = Array.from({ length: 10 }, (_, n) => new RawText(JSON.stringify(identity(n, 300_000))));
    const { judge, sizes } = recordingJudge();
    const outcome = await ingestObjects(input, { judge }, { store, clock });
    assert.equal(outcome.committed, true);
    assert.equal(outcome.stored, 10);
    assert.deepEqual(sizes, [4, 4, 2]);
    assert.equal((await store.stats()).versions, 10);
  } finally {
    await store.close();
  }
});

test('small objects are batched by count, parsed or raw alike', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    const input = Array.from({ length: 25 }, (_, n) => (n % 2 === 0 ? identity(n, 10) : new RawText(JSON.stringify(identity(n, 10)))));
    const { judge, sizes } = recordingJudge();
    const outcome = await ingestObjects(input, { judge, batchSize: 10 }, { store, clock });
    assert.equal(outcome.stored, 25);
    assert.deepEqual(sizes, [10, 10, 5]);
  } finally {
    await store.close();
  }
});
