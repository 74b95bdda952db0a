// Bounded retries with exponential backoff and full jitter for transient failures only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RemoteResult } from '../../app/ports/taxii.ts';
import { backoffMs, isTransient, retryAfterMs, withRetry } from './retry.ts';

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

test('backoff grows exponentially, is capped, and is jittered within [0, ceiling]', () => {
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffMs(policy, n, () => 0.999999)), [99, 199, 399, 799, 999]);
  assert.equal(backoffMs(policy, 3, () => 0), 0);
});

test('transient: network failures and 408/429/5xx-later; never TLS, protocol or other 4xx', () => {
  assert.equal(isTransient({ kind: 'network', message: '' }), true);
  for (const status of [408, 429, 500, 502, 503, 504]) assert.equal(isTransient({ kind: 'http', status, message: '' }), true);
  for (const status of [400, 401, 403, 404, 406, 413, 415, 422, 501]) assert.equal(isTransient({ kind: 'http', status, message: '' }), false);
  assert.equal(isTransient({ kind: 'tls', message: '' }), false);
  assert.equal(isTransient({ kind: 'protocol', message: '' }), false);
});

test('Retry-After in seconds or as a date', () => {
  assert.equal(retryAfterMs('3'), 3000);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4000), 6000);
  assert.equal(retryAfterMs('soon'), undefined);
  assert.equal(retryAfterMs(undefined), undefined);
});

test('withRetry: retries transient failures up to the bound, honours Retry-After, stops at once otherwise', async () => {
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
  };
  let calls = 0;
  const flaky = async () => {
    calls++;
    const result: RemoteResult<string> = calls < 3 ? { ok: false, error: { kind: 'http', status: 503, message: 'busy' } } : { ok: true, value: 'done' };
    return { result, retryAfterMs: 250 };
  };
  assert.deepEqual(await withRetry(policy, flaky, sleep), { ok: true, value: 'done' });
  assert.deepEqual([calls, sleeps], [3, [250, 250]]);

  calls = 0;
  const down = async () => {
    calls++;
    return { result: { ok: false, error: { kind: 'network', message: 'refused' } } as RemoteResult<string> };
  };
  assert.equal((await withRetry(policy, down, sleep)).ok, false);
  assert.equal(calls, 4, 'the bound: 4 attempts in all');

  calls = 0;
  const forbidden = async () => {
    calls++;
    return { result: { ok: false, error: { kind: 'http', status: 403, message: 'no' } } as RemoteResult<string> };
  };
  assert.equal((await withRetry(policy, forbidden, sleep)).ok, false);
  assert.equal(calls, 1);
});
