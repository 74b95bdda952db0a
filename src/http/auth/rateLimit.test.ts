import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WindowLimiter } from './rateLimit.ts';

test('allows `limit` events per window, then blocks for blockMs and reports when to retry', () => {
  const limiter = new WindowLimiter({ limit: 3, windowMs: 60_000, blockMs: 120_000 });
  const t0 = 1_000_000;
  assert.deepEqual([1, 2].map(() => limiter.hit('k', t0).allowed), [true, true]);
  const third = limiter.hit('k', t0 + 1);
  assert.deepEqual(third, { allowed: true, retryAfterSeconds: 0, blockedNow: true }, 'the limit-th event itself passes and starts the block');
  assert.deepEqual(limiter.check('k', t0 + 1), { allowed: false, retryAfterSeconds: 120 });
  assert.equal(limiter.hit('k', t0 + 2).allowed, false);
  assert.equal(limiter.hit('k', t0 + 2).blockedNow, false, 'a block starts once');
  assert.equal(limiter.check('other', t0).allowed, true, 'keys are independent');
  assert.equal(limiter.check('k', t0 + 120_001).allowed, true, 'the block ends');
  assert.equal(limiter.hit('k', t0 + 120_001).allowed, true, 'and a new window starts');
});

test('a quiet window resets the count; reset() forgets a key', () => {
  const limiter = new WindowLimiter({ limit: 2, windowMs: 1000 });
  limiter.hit('k', 0);
  assert.equal(limiter.hit('k', 1000).blockedNow, false, 'the first window ended');
  assert.equal(limiter.hit('k', 1500).blockedNow, true);
  limiter.reset('k');
  assert.equal(limiter.check('k', 1501).allowed, true);
});

test('memory stays bounded: the oldest keys go first', () => {
  const limiter = new WindowLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100 });
  for (let i = 0; i < 1000; i++) limiter.hit(`k${i}`, 0);
  assert.equal(limiter.check('k999', 1).allowed, false, 'recent keys are kept');
  assert.equal(limiter.check('k0', 1).allowed, true, 'the oldest were dropped');
});
