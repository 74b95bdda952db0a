import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { methodKindOf } from './methods.ts';
import { resolveDecisions } from './decisions.ts';

describe('method kinds (the report corpus labels)', () => {
  test('the most specific kind wins', () => {
    const cases: [string, string][] = [
      ['car bomb', 'vbied'],
      ['Vehicle-borne improvised explosive device (VBIED)', 'vbied'],
      ['suicide vest', 'suicide-vest'],
      ['explosive belt', 'suicide-vest'],
      ['roadside bomb', 'ied'],
      ['pipe bomb', 'ied'],
      ['armed drone', 'drone'],
      ['kidnapping for ransom', 'kidnapping'],
      ['abduction of aid workers', 'kidnapping'],
      ['set fire to fuel tankers', 'arson'],
      ['knife attack', 'knife'],
      ['stabbing', 'knife'],
      ['gunmen opened fire', 'small-arms'],
      ['AK-47 rifles', 'small-arms'],
      ['homemade explosives', 'unspecified-bomb'],
      ['a bomb', 'unspecified-bomb'],
      ['attack', 'generic'],
    ];
    for (const [name, kind] of cases) assert.equal(methodKindOf(name), kind, name);
  });
  test('words that merely contain a method are not one', () => {
    assert.equal(methodKindOf('establishment of a base'), 'generic');
    assert.equal(methodKindOf('talks have begun'), 'generic');
  });
  test('ATT&CK and CAPEC ids are cyber methods', () => {
    assert.equal(methodKindOf('Phishing', ['T1566']), 'cyber');
    assert.equal(methodKindOf('Command and Scripting Interpreter', ['T1059.001']), 'cyber');
    assert.equal(methodKindOf('Initial Compromise', ['CAPEC-163']), 'cyber');
  });
});

describe('analyst decisions', () => {
  test('merges and splits become pins; later decisions about a report win', () => {
    const resolved = resolveDecisions([
      { kind: 'pin', reportId: 'r1', threatId: 'a' },
      { kind: 'merge', threatId: 'b', reportIds: ['r1', 'r2'] },
      { kind: 'split', parts: [{ threatId: 'c', reportIds: ['r2'] }] },
      { kind: 'reject', reportId: 'r3', threatId: 'b' },
      { kind: 'reject', reportId: 'r1', threatId: 'b' },
    ]);
    assert.deepEqual([...resolved.pinned], [['r2', 'c']]);
    assert.deepEqual([...resolved.rejected].map(([r, set]) => [r, [...set]]), [['r3', ['b']], ['r1', ['b']]]);
    assert.deepEqual([...resolved.pinnedThreats], ['c']);
  });
});
