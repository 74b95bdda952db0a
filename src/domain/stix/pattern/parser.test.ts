// One example per construct of the STIX 2.1 patterning grammar, asserting the tree it gives.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePattern } from './index.ts';
import type { ComparisonExpression, Literal, ObservationExpression, Pattern } from './ast.ts';

function parse(text: string): Pattern {
  const result = parsePattern(text);
  if (!result.ok) assert.fail(`expected ${text} to parse, got: ${result.error.message}`);
  return result.ast;
}

/** The comparison inside a pattern that is a single `[...]`. */
function bracket(text: string): ComparisonExpression {
  const { expression } = parse(text);
  assert.equal(expression.kind, 'observation');
  return expression.comparison;
}

/** The right-hand value of `[type:prop = <value>]`-style patterns. */
function valueOf(text: string): unknown {
  const comparison = bracket(text);
  assert.equal(comparison.kind, 'comparison');
  return comparison.value;
}

const eq = (objectType: string, name: string, value: Literal): ComparisonExpression => ({
  kind: 'comparison',
  path: { objectType, steps: [{ kind: 'property', name }] },
  operator: '=',
  negated: false,
  value,
});

const obs = (comparison: ComparisonExpression): ObservationExpression => ({ kind: 'observation', comparison });

describe('object paths (STIX 2.1 §9 Object Path Syntax)', () => {
  test('a type and one property', () => {
    assert.deepEqual(parse("[ipv4-addr:value = '1.2.3.4']"), {
      kind: 'pattern',
      expression: obs(eq('ipv4-addr', 'value', { kind: 'string', value: '1.2.3.4' })),
    });
  });

  test('quoted dictionary keys keep their text without quotes', () => {
    const comparison = bracket("[file:hashes.'SHA-256' = 'ef53']");
    assert.equal(comparison.kind, 'comparison');
    assert.deepEqual(comparison.path.steps, [
      { kind: 'property', name: 'hashes' },
      { kind: 'property', name: 'SHA-256' },
    ]);
  });

  test('extension paths with list wildcards', () => {
    const comparison = bracket("[file:extensions.'windows-pe-binary-ext'.sections[*].entropy > 7.0]");
    assert.equal(comparison.kind, 'comparison');
    assert.deepEqual(comparison.path, {
      objectType: 'file',
      steps: [
        { kind: 'property', name: 'extensions' },
        { kind: 'property', name: 'windows-pe-binary-ext' },
        { kind: 'property', name: 'sections' },
        { kind: 'index', index: '*' },
        { kind: 'property', name: 'entropy' },
      ],
    });
    assert.deepEqual(comparison.value, { kind: 'float', value: 7 });
  });

  test('numeric list indexes, including the negative ones the 2.1 grammar allows', () => {
    const comparison = bracket("[network-traffic:protocols[0] = 'tcp' AND network-traffic:protocols[-1] = 'http']");
    assert.equal(comparison.kind, 'comparison-compound');
    const [first, second] = comparison.operands;
    assert.ok(first?.kind === 'comparison' && second?.kind === 'comparison');
    assert.deepEqual(first.path.steps[1], { kind: 'index', index: 0 });
    assert.deepEqual(second.path.steps[1], { kind: 'index', index: -1 });
  });

  test('a quoted first property and upper-case or keyword dictionary keys', () => {
    const comparison = bracket("[file:'name' = 'a' AND file:hashes.MD5 = 'b' AND file:hashes.AND = 'c']");
    assert.equal(comparison.kind, 'comparison-compound');
    const names = comparison.operands.map((c) => (c.kind === 'comparison' ? c.path.steps.map((s) => (s.kind === 'property' ? s.name : s.index)) : []));
    assert.deepEqual(names, [['name'], ['hashes', 'MD5'], ['hashes', 'AND']]);
  });
});

describe('comparison operators (STIX 2.1 §9 Comparison Operators)', () => {
  for (const operator of ['=', '!=', '>', '<', '>=', '<='] as const) {
    test(`${operator}`, () => {
      const comparison = bracket(`[file:size ${operator} 10]`);
      assert.equal(comparison.kind, 'comparison');
      assert.equal(comparison.operator, operator);
      assert.equal(comparison.negated, false);
      assert.deepEqual(comparison.value, { kind: 'integer', value: 10 });
    });
  }

  test("'==' and '<>' are read as '=' and '!='", () => {
    assert.equal((bracket('[file:size == 1]') as { operator: string }).operator, '=');
    assert.equal((bracket('[file:size <> 1]') as { operator: string }).operator, '!=');
  });

  test('IN takes a set', () => {
    assert.deepEqual(valueOf("[ipv4-addr:value IN ('1.1.1.1', '2.2.2.2')]"), {
      kind: 'set',
      elements: [
        { kind: 'string', value: '1.1.1.1' },
        { kind: 'string', value: '2.2.2.2' },
      ],
    });
  });

  test('integers and decimals may share one IN set', () => {
    assert.deepEqual(valueOf('[file:size IN (1, 2.5)]'), {
      kind: 'set',
      elements: [
        { kind: 'integer', value: 1 },
        { kind: 'float', value: 2.5 },
      ],
    });
  });

  for (const operator of ['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'] as const) {
    test(`${operator} with NOT`, () => {
      const comparison = bracket(`[ipv4-addr:value NOT ${operator} '10.0.0.0/8']`);
      assert.equal(comparison.kind, 'comparison');
      assert.equal(comparison.operator, operator);
      assert.equal(comparison.negated, true);
    });
  }

  test('NOT before an equality', () => {
    const comparison = bracket("[file:name NOT = 'a']");
    assert.ok(comparison.kind === 'comparison' && comparison.negated && comparison.operator === '=');
  });

  test('EXISTS', () => {
    assert.deepEqual(bracket('[EXISTS windows-registry-key:values]'), {
      kind: 'exists',
      path: { objectType: 'windows-registry-key', steps: [{ kind: 'property', name: 'values' }] },
    });
  });

  test('the MATCHES example of the OASIS granular-markings bundle', () => {
    const comparison = bracket("[email-message:from_ref.value MATCHES '.+\\\\banking@g0thamnatl\\\\.com$']");
    assert.ok(comparison.kind === 'comparison');
    assert.deepEqual(comparison.value, { kind: 'string', value: '.+\\banking@g0thamnatl\\.com$' });
  });
});

describe('constants (STIX 2.1 §9 Constants)', () => {
  const cases: [string, Literal][] = [
    ["'plain'", { kind: 'string', value: 'plain' }],
    ["'it\\'s a \\\\ back'", { kind: 'string', value: "it's a \\ back" }],
    ["'it''s'", { kind: 'string', value: "it's" }],
    ["''", { kind: 'string', value: '' }],
    ["'line\nbreak'", { kind: 'string', value: 'line\nbreak' }],
    ['42', { kind: 'integer', value: 42 }],
    ['+42', { kind: 'integer', value: 42 }],
    ['-42', { kind: 'integer', value: -42 }],
    ['0', { kind: 'integer', value: 0 }],
    ['-0', { kind: 'integer', value: 0 }],
    ['9007199254740991', { kind: 'integer', value: 9007199254740991 }],
    ['3.25', { kind: 'float', value: 3.25 }],
    ['.5', { kind: 'float', value: 0.5 }],
    ['-.5', { kind: 'float', value: -0.5 }],
    ['+1.0', { kind: 'float', value: 1 }],
    ['true', { kind: 'boolean', value: true }],
    ['false', { kind: 'boolean', value: false }],
    ["t'2016-01-01T00:00:00Z'", { kind: 'timestamp', value: '2016-01-01T00:00:00Z' }],
    ["t'2016-02-29T23:59:60.123456Z'", { kind: 'timestamp', value: '2016-02-29T23:59:60.123456Z' }],
    ["h'ff00AB'", { kind: 'hex', value: 'ff00AB' }],
    ["h''", { kind: 'hex', value: '' }],
    ["b'AAEC'", { kind: 'binary', value: 'AAEC' }],
    ["b'AAE='", { kind: 'binary', value: 'AAE=' }],
    ["b'AA=='", { kind: 'binary', value: 'AA==' }],
  ];
  for (const [text, literal] of cases) {
    test(JSON.stringify(text), () => {
      assert.deepEqual(valueOf(`[x-custom:prop = ${text}]`), literal);
    });
  }
});

describe('boolean operators inside brackets', () => {
  const a = eq('file', 'name', { kind: 'string', value: 'a' });
  const b = eq('file', 'size', { kind: 'integer', value: 1 });
  const c = eq('file', 'name', { kind: 'string', value: 'c' });

  test('AND binds tighter than OR', () => {
    assert.deepEqual(bracket("[file:name = 'a' OR file:size = 1 AND file:name = 'c']"), {
      kind: 'comparison-compound',
      operator: 'OR',
      operands: [a, { kind: 'comparison-compound', operator: 'AND', operands: [b, c] }],
    });
  });

  test('parentheses regroup and leave no node behind', () => {
    assert.deepEqual(bracket("[(file:name = 'a' OR file:size = 1) AND (file:name = 'c')]"), {
      kind: 'comparison-compound',
      operator: 'AND',
      operands: [{ kind: 'comparison-compound', operator: 'OR', operands: [a, b] }, c],
    });
  });

  test('a chain of one operator is one node', () => {
    const comparison = bracket("[file:name = 'a' OR file:size = 1 OR file:name = 'c']");
    assert.ok(comparison.kind === 'comparison-compound');
    assert.deepEqual(comparison.operands, [a, b, c]);
  });

  test('OR may mix object types', () => {
    const comparison = bracket("[domain-name:value = 'x.com' OR ipv4-addr:value = '1.2.3.4']");
    assert.ok(comparison.kind === 'comparison-compound' && comparison.operator === 'OR');
  });

  test('an AND over an OR of one type is fine', () => {
    assert.equal(parsePattern("[(file:name = 'a' OR file:name = 'b') AND file:size = 1]").ok, true);
  });
});

describe('observation operators and qualifiers (STIX 2.1 §9 Observation Operators, Pattern Qualifiers)', () => {
  const A = obs(eq('file', 'name', { kind: 'string', value: 'a' }));
  const B = obs(eq('file', 'name', { kind: 'string', value: 'b' }));
  const C = obs(eq('file', 'name', { kind: 'string', value: 'c' }));
  const D = obs(eq('file', 'name', { kind: 'string', value: 'd' }));
  const [a, b, c, d] = ["[file:name = 'a']", "[file:name = 'b']", "[file:name = 'c']", "[file:name = 'd']"];

  test('AND binds tighter than OR, which binds tighter than FOLLOWEDBY', () => {
    assert.deepEqual(parse(`${a} FOLLOWEDBY ${b} OR ${c} AND ${d}`).expression, {
      kind: 'observation-compound',
      operator: 'FOLLOWEDBY',
      operands: [A, { kind: 'observation-compound', operator: 'OR', operands: [B, { kind: 'observation-compound', operator: 'AND', operands: [C, D] }] }],
    });
  });

  test('observations joined by AND may use different object types', () => {
    assert.equal(parsePattern("[file:name = 'a'] AND [ipv4-addr:value = '1.2.3.4']").ok, true);
  });

  test('WITHIN applies to the observation just before it', () => {
    assert.deepEqual(parse(`${a} AND ${b} WITHIN 300 SECONDS`).expression, {
      kind: 'observation-compound',
      operator: 'AND',
      operands: [A, { kind: 'qualified', expression: B, qualifier: { kind: 'within', seconds: 300 } }],
    });
  });

  test('parentheses let a qualifier apply to a group', () => {
    assert.deepEqual(parse(`(${a} AND ${b}) WITHIN 2.5 SECONDS`).expression, {
      kind: 'qualified',
      expression: { kind: 'observation-compound', operator: 'AND', operands: [A, B] },
      qualifier: { kind: 'within', seconds: 2.5 },
    });
  });

  test('qualifiers chain from the inside out', () => {
    assert.deepEqual(parse(`${a} REPEATS 5 TIMES START t'2016-01-01T00:00:00Z' STOP t'2016-01-01T00:00:00.001Z'`).expression, {
      kind: 'qualified',
      expression: { kind: 'qualified', expression: A, qualifier: { kind: 'repeats', times: 5 } },
      qualifier: {
        kind: 'start-stop',
        start: { kind: 'timestamp', value: '2016-01-01T00:00:00Z' },
        stop: { kind: 'timestamp', value: '2016-01-01T00:00:00.001Z' },
      },
    });
  });

  test('redundant parentheses around observations leave no node', () => {
    assert.deepEqual(parse(`((${a}))`).expression, A);
  });
});

describe('layout', () => {
  test('any whitespace of the grammar and comments are skipped', () => {
    const spaced = "\t[ file : name\u00a0=\n'a' /* why */ ]  // trailing note";
    assert.deepEqual(parse(spaced), parse("[file:name = 'a']"));
  });
});
