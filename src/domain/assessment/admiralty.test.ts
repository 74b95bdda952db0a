import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { admiraltyCode, confidenceFromCredibility, credibilityFromConfidence } from './admiralty.ts';

describe('Admiralty credibility <-> STIX confidence (DOMAIN.md §3)', () => {
  test('credibility to confidence: 1->90, 2->70, 3->50, 4->30, 5->10, 6->absent', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((c) => confidenceFromCredibility(c as 1 | 2 | 3 | 4 | 5 | 6)), [90, 70, 50, 30, 10, undefined]);
  });
  test('confidence to credibility at every band edge', () => {
    const cases: [number, number][] = [[100, 1], [80, 1], [79, 2], [60, 2], [59, 3], [40, 3], [39, 4], [20, 4], [19, 5], [0, 5]];
    for (const [confidence, credibility] of cases) assert.equal(credibilityFromConfidence(confidence), credibility, String(confidence));
  });
  test('absent or invalid confidence cannot be judged (6)', () => {
    for (const bad of [undefined, null, -1, 101, Number.NaN, '70']) assert.equal(credibilityFromConfidence(bad), 6, String(bad));
  });
  test('the round trip is stable for grades 1-5', () => {
    for (const c of [1, 2, 3, 4, 5] as const) assert.equal(credibilityFromConfidence(confidenceFromCredibility(c)), c);
  });
  test('codes read as analysts write them', () => {
    assert.equal(admiraltyCode('B', 2), 'B2');
  });
});
