// Properties of the parser over generated input:
//  - any valid tree, formatted, parses back to the same tree;
//  - any string at all gives a result (never an exception), quickly.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatPattern, parsePattern } from './index.ts';
import type {
  ComparisonExpression,
  Literal,
  ObjectPath,
  ObservationExpression,
  PathStep,
  Pattern,
  Qualifier,
  SetLiteral,
  TimestampLiteral,
} from './ast.ts';

// --- valid trees -----------------------------------------------------------------------

/** fc.record builds null-prototype objects; the parser builds plain ones. */
function record<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

/** Any text, with the characters that need escaping (quote, backslash) made common. */
const text = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ maxLength, unit: 'binary' }), fc.string({ maxLength, unit: fc.constantFrom("'", '\\', "''", 'a', ' ', '\n', '*/') }));

const objectType = fc.stringMatching(/^[a-z][a-z0-9-]{2,12}$/);
const firstProperty = fc.stringMatching(/^[a-z0-9_]{1,10}$/);
const key = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
  text(8),
  fc.constantFrom('SHA-256', 'windows-pe-binary-ext', 'AND', 'true', ''),
);
const step: fc.Arbitrary<PathStep> = fc.oneof(
  key.map((name) => ({ kind: 'property' as const, name })),
  fc.oneof(fc.integer({ min: -3, max: 1000 }), fc.constant('*' as const)).map((index) => ({ kind: 'index' as const, index })),
);
const path: fc.Arbitrary<ObjectPath> = fc
  .tuple(objectType, firstProperty, fc.array(step, { maxLength: 4 }))
  .map(([type, first, rest]) => ({ objectType: type, steps: [{ kind: 'property' as const, name: first }, ...rest] }));

/** Valid RFC 3339 UTC text for an instant, in one of several spellings of its fraction. */
const timestampText = (ms: number, fraction: 'none' | 'ms' | 'long'): string => {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  if (fraction === 'ms') return iso;
  if (fraction === 'long') return `${iso.slice(0, -1)}000Z`;
  return ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : iso;
};
const MIN_MS = Date.UTC(1, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59);
const fractionStyle = fc.constantFrom('none' as const, 'ms' as const, 'long' as const);
const timestamp: fc.Arbitrary<TimestampLiteral> = fc
  .tuple(fc.integer({ min: MIN_MS, max: MAX_MS }), fractionStyle)
  .map(([ms, style]) => ({ kind: 'timestamp', value: timestampText(ms, style) }));

const stringLiteral = text(12).map((value) => ({ kind: 'string' as const, value }));
const integerLiteral = fc.maxSafeInteger().map((value) => ({ kind: 'integer' as const, value: value === 0 ? 0 : value }));
const floatLiteral = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .map((value) => ({ kind: 'float' as const, value: value === 0 ? 0 : value }));
const booleanLiteral = fc.boolean().map((value) => ({ kind: 'boolean' as const, value }));
const hexLiteral = fc
  .tuple(fc.uint8Array({ maxLength: 8 }), fc.boolean())
  .map(([bytes, upper]) => {
    const hex = Buffer.from(bytes).toString('hex');
    return { kind: 'hex' as const, value: upper ? hex.toUpperCase() : hex };
  });
const binaryLiteral = fc.uint8Array({ minLength: 1, maxLength: 10 }).map((bytes) => ({ kind: 'binary' as const, value: Buffer.from(bytes).toString('base64') }));

const orderable: fc.Arbitrary<Literal> = fc.oneof(stringLiteral, integerLiteral, floatLiteral, timestamp, hexLiteral, binaryLiteral);
const anyLiteral: fc.Arbitrary<Literal> = fc.oneof(orderable, booleanLiteral);
const homogeneousSet: fc.Arbitrary<SetLiteral> = fc
  .oneof(
    fc.array(stringLiteral, { minLength: 1, maxLength: 4 }),
    fc.array(fc.oneof(integerLiteral, floatLiteral), { minLength: 1, maxLength: 4 }),
    fc.array(booleanLiteral, { minLength: 1, maxLength: 3 }),
    fc.array(timestamp, { minLength: 1, maxLength: 3 }),
    fc.array(hexLiteral, { minLength: 1, maxLength: 3 }),
    fc.array(binaryLiteral, { minLength: 1, maxLength: 3 }),
  )
  .map((elements: Literal[]) => ({ kind: 'set', elements }));
const compilingRegex = fc
  .string({ maxLength: 10 })
  .filter((source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  })
  .map((value) => ({ kind: 'string' as const, value }));

const negated = fc.boolean();
const comparisonLeaf: fc.Arbitrary<ComparisonExpression> = fc.oneof(
  record({ path, operator: fc.constantFrom('=' as const, '!=' as const), negated, value: anyLiteral }),
  record({ path, operator: fc.constantFrom('>' as const, '<' as const, '>=' as const, '<=' as const), negated, value: orderable }),
  record({ path, operator: fc.constant('IN' as const), negated, value: homogeneousSet }),
  record({ path, operator: fc.constantFrom('LIKE' as const, 'ISSUBSET' as const, 'ISSUPERSET' as const), negated, value: stringLiteral }),
  record({ path, operator: fc.constant('MATCHES' as const), negated, value: compilingRegex }),
).map((comparison) => ({ kind: 'comparison' as const, ...comparison }));
const existsLeaf: fc.Arbitrary<ComparisonExpression> = path.map((p) => ({ kind: 'exists', path: p }));

const { comparisonTree } = fc.letrec<{ comparisonTree: ComparisonExpression }>((tie) => ({
  comparisonTree: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    comparisonLeaf,
    existsLeaf,
    record({
      kind: fc.constant('comparison-compound' as const),
      operator: fc.constantFrom('AND' as const, 'OR' as const),
      operands: fc.array(tie('comparisonTree'), { minLength: 2, maxLength: 3 }),
    }),
  ),
}));

function firstType(expression: ComparisonExpression): string {
  return expression.kind === 'comparison-compound' ? firstType(expression.operands[0] as ComparisonExpression) : expression.path.objectType;
}

/** STIX 2.1 §9: everything under an AND uses one object type; rewrite generated trees to obey. */
function oneTypeUnderAnd(expression: ComparisonExpression, forced?: string): ComparisonExpression {
  if (expression.kind === 'comparison-compound') {
    const type = forced ?? (expression.operator === 'AND' ? firstType(expression) : undefined);
    return { ...expression, operands: expression.operands.map((operand) => oneTypeUnderAnd(operand, type)) };
  }
  return forced === undefined ? expression : { ...expression, path: { ...expression.path, objectType: forced } };
}

const qualifier: fc.Arbitrary<Qualifier> = fc.oneof(
  fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true })).map((seconds) => ({ kind: 'within' as const, seconds })),
  fc.integer({ min: 1, max: 2 ** 31 }).map((times) => ({ kind: 'repeats' as const, times })),
  fc
    .tuple(fc.integer({ min: MIN_MS, max: MAX_MS - 1 }), fc.integer({ min: 1, max: 10 ** 11 }), fractionStyle, fractionStyle)
    .map(([start, gap, startStyle, stopStyle]) => ({
      kind: 'start-stop' as const,
      start: { kind: 'timestamp' as const, value: timestampText(start, startStyle) },
      stop: { kind: 'timestamp' as const, value: timestampText(Math.min(start + gap, MAX_MS), stopStyle) },
    })),
);

const { observationTree } = fc.letrec<{ observationTree: ObservationExpression }>((tie) => ({
  observationTree: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    comparisonTree.map((comparison) => ({ kind: 'observation' as const, comparison: oneTypeUnderAnd(comparison) })),
    record({
      kind: fc.constant('observation-compound' as const),
      operator: fc.constantFrom('AND' as const, 'OR' as const, 'FOLLOWEDBY' as const),
      operands: fc.array(tie('observationTree'), { minLength: 2, maxLength: 3 }),
    }),
    record({ kind: fc.constant('qualified' as const), expression: tie('observationTree'), qualifier }),
  ),
}));

const pattern: fc.Arbitrary<Pattern> = observationTree.map((expression) => ({ kind: 'pattern', expression }));

describe('round trip', () => {
  test('parsePattern(formatPattern(ast)) deep-equals ast for generated valid trees', () => {
    fc.assert(
      fc.property(pattern, (ast) => {
        const text = formatPattern(ast);
        const result = parsePattern(text);
        if (!result.ok) throw new Error(`${text}\n${result.error.message}`);
        assert.deepStrictEqual(result.ast, ast);
        assert.equal(formatPattern(result.ast), text);
      }),
      { numRuns: 400 },
    );
  });
});

// --- arbitrary input -------------------------------------------------------------------

/** parsePattern must return a well-formed result; if it accepts, the result must round-trip. */
function checkTotal(text: string): void {
  const started = performance.now();
  const result = parsePattern(text);
  // Generous: these inputs are tiny; a linear parser takes microseconds.
  assert.ok(performance.now() - started < 250, `slow on ${JSON.stringify(text)}`);
  if (result.ok) {
    const again = parsePattern(formatPattern(result.ast));
    assert.ok(again.ok);
    assert.deepStrictEqual(again.ast, result.ast);
  } else {
    assert.equal(typeof result.error.message, 'string');
    assert.ok(Number.isInteger(result.error.offset) && result.error.offset >= 0 && result.error.offset <= text.length, `offset ${result.error.offset} outside ${text.length}`);
    assert.ok(result.error.message.endsWith(`at offset ${result.error.offset}`));
  }
}

const fragment = fc.constantFrom(
  '[', ']', '(', ')', ':', '.', ',', '*', '=', '!=', '<', '>=', '<>', '==',
  'file', 'name', 'ipv4-addr', 'value', 'hashes', "'SHA-256'", 'x', 'File',
  "'a'", "'it''s'", "'\\''", "'", '\\', '0', '5', '-1', '2.5', '.5', '1e5', '007',
  'AND', 'OR', 'NOT', 'FOLLOWEDBY', 'IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET', 'EXISTS',
  'WITHIN', 'SECONDS', 'REPEATS', 'TIMES', 'START', 'STOP', 'true', 'false',
  "t'2016-01-01T00:00:00Z'", "t'2017-01-01T00:00:00Z'", "t'bad'", "h'ff'", "h'f'", "b'AAAA'", "b'A'",
  '/*', '*/', '//', '\n', '\u00a0', '~', '(?i)', "'(' ",
);
const tokenSoup = fc.array(fragment, { maxLength: 40 }).chain((parts) =>
  fc.array(fc.constantFrom('', ' '), { minLength: parts.length, maxLength: parts.length }).map((gaps) => parts.map((part, i) => part + (gaps[i] ?? '')).join('')),
);

describe('never throws', () => {
  test('on any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), checkTotal), { numRuns: 1000 });
  });

  test('on sequences of pattern tokens', () => {
    fc.assert(fc.property(tokenSoup, checkTotal), { numRuns: 1500 });
  });

  test('on valid patterns with one character changed, removed or inserted', () => {
    const mutated = fc
      .tuple(pattern.map(formatPattern), fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.constantFrom(...'[]()\':.,*=<>!\\ -tTZ0a'))
      .map(([text, at, how, char]) => {
        const i = text.length === 0 ? 0 : at % text.length;
        if (how === 'delete') return text.slice(0, i) + text.slice(i + 1);
        if (how === 'insert') return text.slice(0, i) + char + text.slice(i);
        return text.slice(0, i) + char + text.slice(i + 1);
      });
    fc.assert(fc.property(mutated, checkTotal), { numRuns: 500 });
  });

  test('on large hostile inputs, in bounded time', () => {
    const inputs = [
      '['.repeat(200_000),
      '('.repeat(200_000),
      `[${'('.repeat(200_000)}`,
      "'".repeat(200_000),
      `[file:name = '${'\\\\'.repeat(100_000)}`,
      `[file:name IN (${'1,'.repeat(100_000)}`,
      `[file:a${'[0]'.repeat(100_000)} = 1]`,
      `[file:name = 'a'${" OR file:name = 'a'".repeat(20_000)}]`,
      `[file:name MATCHES '${'(a|a)*'.repeat(5_000)}']`,
      `${"[file:name = 'a'] FOLLOWEDBY ".repeat(20_000)}`,
      '/*'.repeat(100_000),
    ];
    for (const text of inputs) {
      const started = performance.now();
      const result = parsePattern(text);
      assert.equal(typeof result.ok, 'boolean');
      assert.ok(performance.now() - started < 2000, `slow on input starting ${text.slice(0, 30)}`);
    }
  });
});
