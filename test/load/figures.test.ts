// The load run's own arithmetic and page checks: a wrong percentile or a page check that lets
// a bad envelope through would make the run's verdicts worthless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, percentile, summarise } from './stats.ts';
import { checkPage } from './pollers.ts';

test('percentiles are nearest-rank over the sorted samples', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(sorted, 50), 50);
  assert.equal(percentile(sorted, 99), 99);
  assert.equal(percentile(sorted, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
  const summary = summarise([5, 1, 4, 2, 3]);
  assert.deepEqual({ count: summary.count, p50: summary.p50, max: summary.max, mean: summary.mean }, { count: 5, p50: 3, max: 5, mean: 3 });
  assert.equal(median([3, 1, 2]), 2);
});

test('a page passes only when more/next agree and every object has a requested type', () => {
  assert.deepEqual(checkPage('{"more":false,"objects":[{"type":"indicator"}]}', 'indicator,malware'), { objects: 1, next: undefined });
  assert.deepEqual(checkPage('{"more":true,"next":"abc","objects":[{"type":"malware"}]}', undefined), { objects: 1, next: 'abc' });
  assert.deepEqual(checkPage('{"more":false}', 'report'), { objects: 0, next: undefined });
  assert.match(checkPage('{"more":true,"objects":[]}', undefined) as string, /"more" true with next undefined/);
  assert.match(checkPage('{"more":false,"next":"x"}', undefined) as string, /"more" false/);
  assert.match(checkPage('{"more":false,"objects":[{"type":"report"}]}', 'indicator') as string, /served a report/);
  assert.match(checkPage('<html>', undefined) as string, /not JSON/);
  assert.match(checkPage('{"objects":[]}', undefined) as string, /no boolean "more"/);
});
