import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { independentOrigins } from './independence.ts';
import { report } from './fixtures.ts';

const ids = (groups: ReturnType<typeof independentOrigins>): string[][] => groups.map((g) => [...g.reportIds]);

describe('independent origins', () => {
  test('different sources, no citations: each report is its own origin', () => {
    assert.deepEqual(ids(independentOrigins([report('r1'), report('r2'), report('r3')])), [['r1'], ['r2'], ['r3']]);
  });
  test('the same source counts once', () => {
    const groups = independentOrigins([report('r1', { sourceId: 'identity--x' }), report('r2', { sourceId: 'identity--x' }), report('r3')]);
    assert.deepEqual(ids(groups), [['r1', 'r2'], ['r3']]);
    assert.deepEqual(groups[0]?.sourceIds, ['identity--x']);
  });
  test('a report citing another counts once with it', () => {
    assert.deepEqual(ids(independentOrigins([report('r1'), report('r2', { cites: ['r1'] })])), [['r1', 'r2']]);
  });
  test('citation chains and shared sources are transitive', () => {
    const groups = independentOrigins([
      report('r1', { sourceId: 'identity--a' }),
      report('r2', { sourceId: 'identity--b', cites: ['r1'] }),
      report('r3', { sourceId: 'identity--b' }),
      report('r4', { sourceId: 'identity--c', cites: ['r3'] }),
      report('r5', { sourceId: 'identity--d' }),
    ]);
    assert.deepEqual(ids(groups), [['r1', 'r2', 'r3', 'r4'], ['r5']]);
  });
  test('two reports citing the same report we do not hold share its origin', () => {
    assert.deepEqual(ids(independentOrigins([report('r1', { cites: ['report--wire'] }), report('r2', { cites: ['report--wire'] })])), [['r1', 'r2']]);
  });
  test('reports of unknown source are independent unless tied by a citation', () => {
    assert.deepEqual(ids(independentOrigins([report('r1', { sourceId: null }), report('r2', { sourceId: null })])), [['r1'], ['r2']]);
  });
});
