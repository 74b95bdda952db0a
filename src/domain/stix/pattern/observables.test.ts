import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePattern, patternObservables } from './index.ts';

function observables(text: string): ReturnType<typeof patternObservables> {
  const result = parsePattern(text);
  if (!result.ok) assert.fail(result.error.message);
  return patternObservables(result.ast);
}

describe('patternObservables', () => {
  test('the equality of a simple indicator', () => {
    assert.deepEqual(observables("[ipv4-addr:value = '1.2.3.4']"), [{ objectType: 'ipv4-addr', path: 'value', operator: '=', value: '1.2.3.4' }]);
  });

  test('paths are spelled as in a pattern, after the type', () => {
    assert.deepEqual(observables("[file:hashes.'SHA-256' = 'ef53' AND file:hashes.MD5 = 'aa']"), [
      { objectType: 'file', path: "hashes.'SHA-256'", operator: '=', value: 'ef53' },
      { objectType: 'file', path: 'hashes.MD5', operator: '=', value: 'aa' },
    ]);
  });

  test('IN lists each member; negated, ordering, LIKE, MATCHES and EXISTS tests are left out', () => {
    const text =
      "[ipv4-addr:value IN ('1.1.1.1', '2.2.2.2') OR ipv4-addr:value NOT = '3.3.3.3' OR ipv4-addr:value ISSUBSET '10.0.0.0/8' OR EXISTS ipv4-addr:resolves_to_refs]" +
      " FOLLOWEDBY [file:size > 5 OR file:name LIKE 'a%' OR file:name MATCHES '^b' OR file:name NOT IN ('x')]";
    assert.deepEqual(observables(text), [
      { objectType: 'ipv4-addr', path: 'value', operator: 'IN', value: '1.1.1.1' },
      { objectType: 'ipv4-addr', path: 'value', operator: 'IN', value: '2.2.2.2' },
    ]);
  });

  test('found under any observation operator or qualifier, in source order, with typed values', () => {
    const text =
      "([network-traffic:dst_port = 443] AND [x-custom:flag = true]) WITHIN 60 SECONDS FOLLOWEDBY [process:created = t'2016-01-01T00:00:00Z'] REPEATS 2 TIMES OR [artifact:payload_bin = b'AAEC']";
    assert.deepEqual(observables(text), [
      { objectType: 'network-traffic', path: 'dst_port', operator: '=', value: 443 },
      { objectType: 'x-custom', path: 'flag', operator: '=', value: true },
      { objectType: 'process', path: 'created', operator: '=', value: '2016-01-01T00:00:00Z' },
      { objectType: 'artifact', path: 'payload_bin', operator: '=', value: 'AAEC' },
    ]);
  });
});
