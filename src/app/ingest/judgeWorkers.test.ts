import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeInThread, type BatchJudge, type JudgedValue } from './judge.ts';
import { startWorkerJudge } from './judgeWorkers.ts';

const lines = [
  '{"type":"identity","spec_version":"2.1","id":"identity--8ce3f695-d5a4-4c5b-a8b1-b8a1ef6c6a3c","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Org","identity_class":"organization"}',
  '{"type":"identity","id":"identity--not-a-uuid"}',
  '{"type": "malware",',
].map((text, i) => ({ line: i + 1, text }));

/** Whether a batch was answered in this thread: such an answer is ready before the event loop turns. */
async function answeredHere(judged: Promise<readonly JudgedValue[]>): Promise<boolean> {
  return Promise.race([judged.then(() => true), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]);
}

async function judgeAll(judge: BatchJudge, firstIndex: number): Promise<{ here: boolean; judged: readonly JudgedValue[] }> {
  const judged = judge(lines, firstIndex);
  return { here: await answeredHere(judged), judged: await judged };
}

test('batches are judged in this thread until the judge thread has started, then on it, with the same answers', async () => {
  const workers = startWorkerJudge(1);
  try {
    const expected = await judgeInThread(lines, 10);
    const first = await judgeAll(workers.judge, 10);
    assert.equal(first.here, true, 'a thread still starting is not waited for');
    assert.deepEqual(first.judged, expected);

    const deadline = Date.now() + 30_000;
    let later = await judgeAll(workers.judge, 10);
    while (later.here && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      later = await judgeAll(workers.judge, 10);
    }
    assert.equal(later.here, false, 'once started, the judge thread answers');
    assert.deepEqual(later.judged, expected);
  } finally {
    await workers.close();
  }
});
