// looksLikeId is written out by hand for speed; it must accept exactly what the pattern it
// replaces accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { looksLikeId } from './refs.ts';

const PATTERN = /^[a-z][a-z0-9-]*--[0-9a-fA-F-]{36}$/;

test('looksLikeId accepts exactly /^[a-z][a-z0-9-]*--[0-9a-fA-F-]{36}$/', () => {
  const chars = (set: string, min: number, max: number) => fc.array(fc.constantFrom(...set.split('')), { minLength: min, maxLength: max }).map((xs) => xs.join(''));
  const candidates = fc.oneof(
    fc.string(),
    chars('ab-z09AFfg-', 0, 60),
    fc.tuple(chars('aZz09-', 0, 8), chars('09afAF-g', 34, 38)).map(([type, tail]) => `${type}--${tail}`),
    fc.uuid().map((u) => `indicator--${u}`),
  );
  fc.assert(fc.property(candidates, (v) => looksLikeId(v) === PATTERN.test(v)), { numRuns: 20000 });
  for (const v of ['a--' + '0'.repeat(36), '-a--' + '0'.repeat(36), 'a---' + '0'.repeat(36), 'a--' + '-'.repeat(36), 'A--' + '0'.repeat(36), 'a--' + '0'.repeat(35), 'ab--' + '0'.repeat(37)]) {
    assert.equal(looksLikeId(v), PATTERN.test(v), v);
  }
  assert.equal(looksLikeId(42), false);
});
