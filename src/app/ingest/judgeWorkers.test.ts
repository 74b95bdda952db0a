import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeInThread, type BatchJudge, type JudgedValue } from './judge.ts';
import { startWorkerJudge } from './judgeWorkers.ts';
import { RawText } from './rawText.ts';
import { judgedAsText } from './testSupport.ts';
import { encodeRequest } from './judgeRequest.ts';

const lines = [
  '{"type":"identity","spec_version":"2.1","id":"identity--8ce3f695-d5a4-4c5b-a8b1-b8a1ef6c6a3c","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Org","identity_class":"organization"}',
  '{"type":"identity","id":"identity--not-a-uuid"}',
  '{"type": "malware",',
].map((text, i) => new RawText(text, i + 1));

/** Whether a batch was answered in this thread: such an answer is ready before the event loop turns. */
async function answeredHere(judged: Promise<readonly JudgedValue[]>): Promise<boolean> {
  return Promise.race([judged.then(() => true), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]);
}

async function judgeAll(judge: BatchJudge, firstIndex: number, batch: readonly unknown[] = lines): Promise<{ here: boolean; judged: readonly JudgedValue[] }> {
  const judged = judge(batch, firstIndex);
  return { here: await answeredHere(judged), judged: await judged };
}

/** Asks until the judge thread, not this one, answers (it takes a moment to start); at most 30 s. */
async function judgedByThread(judge: BatchJudge, firstIndex: number, batch: readonly unknown[] = lines): Promise<readonly JudgedValue[]> {
  const deadline = Date.now() + 30_000;
  let later = await judgeAll(judge, firstIndex, batch);
  while (later.here && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    later = await judgeAll(judge, firstIndex, batch);
  }
  assert.equal(later.here, false, 'once started, the judge thread answers');
  return later.judged;
}

test('batches are judged in this thread until the judge thread has started, then on it, with the same answers', async () => {
  const workers = startWorkerJudge(1);
  try {
    const expected = await judgeInThread(lines, 10);
    const first = await judgeAll(workers.judge, 10);
    assert.equal(first.here, true, 'a thread still starting is not waited for');
    assert.deepEqual(first.judged, expected);

    assert.deepEqual(judgedAsText(await judgedByThread(workers.judge, 10)), expected);
  } finally {
    await workers.close();
  }
});

test('raw texts, bundle elements and parsed values keep their kind on the way to the judge thread', async () => {
  const parsedLookalike = { text: lines[0]?.text, line: 1 };
  const batch = [new RawText(lines[0]?.text as string), parsedLookalike, ...lines];
  const workers = startWorkerJudge(1);
  try {
    const expected = await judgeInThread(batch, 0);
    assert.ok(expected[0]?.row !== undefined, 'a bundle element (no line) is parsed and stored');
    assert.equal(expected[1]?.row, undefined, 'a parsed value shaped like raw text is judged as the object it is');
    assert.ok(expected[1]?.errors.some((e) => e.code !== 'malformed-json'));
    assert.match(expected[4]?.errors[0]?.message ?? '', /^line 3 is not valid JSON/);
    assert.deepEqual(judgedAsText(await judgedByThread(workers.judge, 0, batch)), expected);
  } finally {
    await workers.close();
  }
});

test('lines as bytes cut from one read reach the judge thread as those lines, and the read is not sent whole', async () => {
  const read = Buffer.from(`${lines.map((l) => l.text).join('\n')}\n`, 'utf8');
  const views: RawText[] = [];
  let start = 0;
  for (let end = read.indexOf(10); end >= 0; end = read.indexOf(10, start)) {
    views.push(new RawText(read.subarray(start, end), views.length + 1));
    start = end + 1;
  }
  const { request, transfer } = encodeRequest(0, 0, views);
  assert.equal(transfer.length, 1);
  assert.equal(transfer[0]?.byteLength, read.byteLength - views.length, 'only the lines travel, packed into one buffer');
  assert.equal(read.toString('utf8', 0, 2), '{"', 'the read itself is left as it was');
  assert.deepEqual(request.texts.map((t) => (t instanceof Uint8Array ? Buffer.from(t).toString('utf8') : t)), lines.map((l) => l.text));

  const workers = startWorkerJudge(1);
  try {
    const expected = await judgeInThread(views, 0);
    assert.deepEqual(judgedAsText(await judgedByThread(workers.judge, 0, views)), judgedAsText(expected));
  } finally {
    await workers.close();
  }
});
