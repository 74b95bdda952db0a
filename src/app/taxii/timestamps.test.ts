import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUtcTimestamp, monotonicClock, taxiiTimestamp } from './timestamps.ts';

test('§2 timestamp: exactly microseconds, UTC', () => {
  assert.equal(taxiiTimestamp('2025-01-02T03:04:05.678Z'), '2025-01-02T03:04:05.678000Z');
  assert.equal(taxiiTimestamp('2025-01-02T03:04:05Z'), '2025-01-02T03:04:05.000000Z');
  assert.equal(taxiiTimestamp('2025-01-02T03:04:05.123456789Z'), '2025-01-02T03:04:05.123456Z');
  assert.throws(() => taxiiTimestamp('2025-01-02T03:04:05+01:00'));
});

test('isUtcTimestamp: RFC 3339 UTC naming a real instant', () => {
  for (const ok of ['2025-01-02T03:04:05Z', '2024-02-29T00:00:00.5Z', '2025-01-02t03:04:05.000000z']) assert.equal(isUtcTimestamp(ok), true, ok);
  for (const bad of ['2025-02-30T00:00:00Z', '2025-01-02T25:00:00Z', '2025-01-02', '2025-01-02T03:04:05+00:00', 'yesterday']) assert.equal(isUtcTimestamp(bad), false, bad);
});

test('monotonicClock never goes back when the system clock does', () => {
  const readings = ['2025-01-01T00:00:02.000Z', '2025-01-01T00:00:01.000Z', '2025-01-01T00:00:03.000Z'];
  const clock = monotonicClock({ now: () => readings.shift() as string });
  assert.deepEqual([clock.now(), clock.now(), clock.now()], ['2025-01-01T00:00:02.000Z', '2025-01-01T00:00:02.000Z', '2025-01-01T00:00:03.000Z']);
});
