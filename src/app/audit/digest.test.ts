import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { digestOfList } from './digest.ts';

/** The definition: each item's JSON and a line feed, hashed in order. */
function itemByItem(values: readonly string[]): string {
  const hash = createHash('sha256');
  for (const value of values) hash.update(`${JSON.stringify(value)}\n`, 'utf8');
  return `sha256:${hash.digest('hex')}`;
}

test('a list digest is each item as JSON and a line feed, in order, however many items', () => {
  for (const count of [0, 1, 7, 5000, 60_000]) {
    const values = Array.from({ length: count }, (_, i) => `indicator--${i}|2024-01-01T00:00:0${i % 10}.000Z|${i % 3 === 0 ? 'stored' : 'unchanged'} ☃ "q" \\`);
    assert.equal(digestOfList(values), itemByItem(values), `${count} items`);
  }
});

test('order and boundaries matter: the same characters split otherwise digest differently', () => {
  assert.notEqual(digestOfList(['a', 'b']), digestOfList(['b', 'a']));
  assert.notEqual(digestOfList(['ab']), digestOfList(['a', 'b']));
  assert.equal(digestOfList(['a', 'b']), digestOfList(new Set(['a', 'b'])));
});
