// Figures of the oversight report: nearest-rank percentiles, so a median and a p90 are
// always times that some case really took (never an interpolation between two).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { figures, percentile } from './oversight.ts';

test('median and p90 by nearest rank', () => {
  assert.deepEqual(figures([]), { count: 0, medianMs: null, p90Ms: null });
  assert.deepEqual(figures([5]), { count: 1, medianMs: 5, p90Ms: 5 });
  assert.deepEqual(figures([4, 1, 3, 2]), { count: 4, medianMs: 2, p90Ms: 4 });
  assert.deepEqual(figures(Array.from({ length: 10 }, (_, i) => (i + 1) * 1000)), { count: 10, medianMs: 5000, p90Ms: 9000 });
});

test('a percentile is one of the values, and grows with p', () => {
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (values, p, q) => {
      const sorted = [...values].sort((a, b) => a - b);
      const at = percentile(sorted, p) as number;
      assert.ok(values.includes(at));
      if (p <= q) assert.ok(at <= (percentile(sorted, q) as number));
    }),
  );
});
