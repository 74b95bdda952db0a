import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FifoMutex } from './mutex.ts';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('runs tasks one at a time, in call order, and survives a failing task', async () => {
  const mutex = new FifoMutex();
  const log: string[] = [];
  let running = 0;
  const task = (name: string, ms: number, fail = false) => mutex.run(async () => {
    running++;
    assert.equal(running, 1, 'tasks overlap');
    log.push(`${name}+`);
    await delay(ms);
    log.push(`${name}-`);
    running--;
    if (fail) throw new Error(name);
    return name;
  });
  const results = await Promise.allSettled([task('a', 15), task('b', 1, true), task('c', 5), task('d', 0)]);
  assert.deepEqual(log, ['a+', 'a-', 'b+', 'b-', 'c+', 'c-', 'd+', 'd-']);
  assert.deepEqual(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)), ['a', 'b', 'c', 'd']);
});
