// The canonical spelling formatPattern writes, and that it reads back as the same tree.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPattern, parsePattern } from './index.ts';
import type { Pattern } from './ast.ts';

function canonical(text: string): string {
  const result = parsePattern(text);
  if (!result.ok) assert.fail(`expected ${text} to parse, got: ${result.error.message}`);
  const formatted = formatPattern(result.ast);
  const again = parsePattern(formatted);
  assert.ok(again.ok, `formatted text must parse: ${formatted}`);
  assert.deepEqual(again.ast, result.ast);
  return formatted;
}

describe('formatPattern', () => {
  const cases: [string, string, string][] = [
    ['single spaces around operators', "[ file:name='a'AND file:size>=5 ]", "[file:name = 'a' AND file:size >= 5]"],
    ["'==' and '<>' in their usual spelling", '[file:size == 1 OR file:size <> 2]', '[file:size = 1 OR file:size != 2]'],
    ['comments and line breaks dropped', "[file:name = 'a' /* c */]\nAND // x\n[file:name = 'b']", "[file:name = 'a'] AND [file:name = 'b']"],
    ["quotes escaped with a backslash, '' included", "[file:name = 'it''s \\\\ \\'q\\'']", "[file:name = 'it\\'s \\\\ \\'q\\'']"],
    ['redundant parentheses removed', "(([file:name = 'a'])) AND [((file:name = 'b'))]", "[file:name = 'a'] AND [file:name = 'b']"],
    ['needed comparison parentheses kept', "[(file:name = 'a' OR file:name = 'b') AND file:size = 1]", "[(file:name = 'a' OR file:name = 'b') AND file:size = 1]"],
    ['an AND inside an OR needs none', "[file:name = 'a' OR (file:name = 'b' AND file:size = 1)]", "[file:name = 'a' OR file:name = 'b' AND file:size = 1]"],
    ['a nested group of the same operator keeps its shape', "[file:name = 'a' OR (file:name = 'b' OR file:name = 'c')]", "[file:name = 'a' OR (file:name = 'b' OR file:name = 'c')]"],
    ['observation precedence', "([file:name = 'a'] OR [file:name = 'b']) FOLLOWEDBY [file:name = 'c'] AND [file:name = 'd']", "[file:name = 'a'] OR [file:name = 'b'] FOLLOWEDBY [file:name = 'c'] AND [file:name = 'd']"],
    ['a qualified group keeps its parentheses', "([file:name = 'a'] OR [file:name = 'b']) WITHIN 5 SECONDS", "([file:name = 'a'] OR [file:name = 'b']) WITHIN 5 SECONDS"],
    ['chained qualifiers', "[file:name = 'a'] REPEATS 2 TIMES WITHIN 1.5 SECONDS START t'2016-01-01T00:00:00Z' STOP t'2017-01-01T00:00:00.25Z'", "[file:name = 'a'] REPEATS 2 TIMES WITHIN 1.5 SECONDS START t'2016-01-01T00:00:00Z' STOP t'2017-01-01T00:00:00.25Z'"],
    ['WITHIN 5.0 is a whole count', "[file:name = 'a'] WITHIN 5.0 SECONDS", "[file:name = 'a'] WITHIN 5 SECONDS"],
    ['numbers without sign noise', '[file:size = +5 AND file:size = -.5 AND file:size = 00.50]', '[file:size = 5 AND file:size = -0.5 AND file:size = 0.5]'],
    ['whole decimals keep a decimal point', '[file:size > 7.0]', '[file:size > 7.0]'],
    ['keys quoted only when they must be', "[file:hashes.'MD5' = 'a' AND file:hashes.'SHA-256' = 'b' AND file:hashes.'AND' = 'c']", "[file:hashes.MD5 = 'a' AND file:hashes.'SHA-256' = 'b' AND file:hashes.'AND' = 'c']"],
    ['a first property that starts with a digit is quoted', "[x-custom:'1st' = 1]", "[x-custom:'1st' = 1]"],
    ['sets, NOT, EXISTS and prefixed constants', "[file:name NOT IN ('a','b') OR EXISTS file:x OR file:y = h'ff' OR file:z = b'AA==']", "[file:name NOT IN ('a', 'b') OR EXISTS file:x OR file:y = h'ff' OR file:z = b'AA==']"],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(canonical(input), expected));
  }

  test('formatting is idempotent', () => {
    const once = canonical("[ file:name='a' ]   FOLLOWEDBY ( [file:size>1] ) WITHIN 10 SECONDS");
    assert.equal(canonical(once), once);
  });

  test('decimals that String() would print with an exponent are written in full', () => {
    const ast = (value: number): Pattern => ({
      kind: 'pattern',
      expression: {
        kind: 'observation',
        comparison: { kind: 'comparison', path: { objectType: 'file', steps: [{ kind: 'property', name: 'size' }] }, operator: '>', negated: false, value: { kind: 'float', value } },
      },
    });
    assert.equal(formatPattern(ast(1e21)), '[file:size > 1000000000000000000000.0]');
    assert.equal(formatPattern(ast(1.5e-7)), '[file:size > 0.00000015]');
    for (const value of [1e21, 1.5e-7, 5e-324, Number.MAX_VALUE, -2.5e-10]) {
      const result = parsePattern(formatPattern(ast(value)));
      assert.ok(result.ok);
      assert.deepEqual(result.ast, ast(value));
    }
  });
});
