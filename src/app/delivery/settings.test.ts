// Retry waits: exponential from the base, capped, shortened by at most the jitter fraction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkDeliverySettings, DEFAULT_DELIVERY_SETTINGS, retryDelayMs } from './settings.ts';

test('waits double from the base up to the cap', () => {
  const s = { ...DEFAULT_DELIVERY_SETTINGS, baseDelayMs: 1000, maxDelayMs: 10_000, jitter: 0 };
  assert.deepEqual([1, 2, 3, 4, 5, 60].map((n) => retryDelayMs(s, n, 0.7)), [1000, 2000, 4000, 8000, 10_000, 10_000]);
});

test('jitter only shortens a wait, by at most its fraction', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n, random, jitter) => {
    const s = { ...DEFAULT_DELIVERY_SETTINGS, jitter };
    const full = retryDelayMs({ ...s, jitter: 0 }, n, random);
    const wait = retryDelayMs(s, n, random);
    return wait <= full && wait >= Math.floor(full * (1 - jitter)) && full <= s.maxDelayMs;
  }));
});

test('settings are checked', () => {
  assert.deepEqual(checkDeliverySettings(DEFAULT_DELIVERY_SETTINGS), []);
  assert.equal(checkDeliverySettings({ ...DEFAULT_DELIVERY_SETTINGS, maxAttempts: 0 }).length, 1);
  assert.equal(checkDeliverySettings({ ...DEFAULT_DELIVERY_SETTINGS, leaseMs: 1000, sendTimeoutMs: 5000 }).length, 1);
});
