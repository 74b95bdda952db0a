// Canonical text of a pattern tree: single spaces around operators, parentheses only where
// the tree needs them, and the spellings the OASIS grammar reads back (quoted keys where a
// name is not a plain identifier, decimals without exponents). For every tree the parser can
// produce, `parsePattern(formatPattern(ast))` gives back `ast`.

import type {
  ComparisonExpression,
  Literal,
  ObjectPath,
  ObservationExpression,
  PathStep,
  Pattern,
  Qualifier,
  SetLiteral,
} from './ast.ts';
import { formatDecimal, quoteString } from './literals.ts';
import { KEYWORDS } from './lexer.ts';

export function formatPattern(ast: Pattern): string {
  return observation(ast.expression);
}

// STIX 2.1 §9 (Observation Operators): AND binds tighter than OR, OR tighter than FOLLOWEDBY.
const OBSERVATION_PRECEDENCE = { FOLLOWEDBY: 0, OR: 1, AND: 2 } as const;
// Inside brackets AND binds tighter than OR.
const COMPARISON_PRECEDENCE = { OR: 0, AND: 1 } as const;

function observation(expression: ObservationExpression): string {
  switch (expression.kind) {
    case 'observation':
      return `[${comparison(expression.comparison)}]`;
    case 'observation-compound': {
      const own = OBSERVATION_PRECEDENCE[expression.operator];
      // A nested node of the same or a looser operator keeps its parentheses, so the tree
      // shape survives a round trip.
      const parts = expression.operands.map((operand) =>
        operand.kind === 'observation-compound' && OBSERVATION_PRECEDENCE[operand.operator] <= own
          ? `(${observation(operand)})`
          : observation(operand),
      );
      return parts.join(` ${expression.operator} `);
    }
    case 'qualified': {
      // A qualifier applies to the observation expression just before it.
      const inner = expression.expression;
      const base = inner.kind === 'observation-compound' ? `(${observation(inner)})` : observation(inner);
      return `${base} ${qualifier(expression.qualifier)}`;
    }
  }
}

function qualifier(qualifier: Qualifier): string {
  switch (qualifier.kind) {
    case 'within':
      return `WITHIN ${count(qualifier.seconds)} SECONDS`;
    case 'repeats':
      return `REPEATS ${count(qualifier.times)} TIMES`;
    case 'start-stop':
      return `START t'${qualifier.start.value}' STOP t'${qualifier.stop.value}'`;
  }
}

/** Whole counts as integers; anything else as a decimal, which the grammar allows for WITHIN. */
function count(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : formatDecimal(n);
}

function comparison(expression: ComparisonExpression): string {
  switch (expression.kind) {
    case 'comparison-compound': {
      const own = COMPARISON_PRECEDENCE[expression.operator];
      const parts = expression.operands.map((operand) =>
        operand.kind === 'comparison-compound' && COMPARISON_PRECEDENCE[operand.operator] <= own
          ? `(${comparison(operand)})`
          : comparison(operand),
      );
      return parts.join(` ${expression.operator} `);
    }
    case 'exists':
      return `EXISTS ${formatObjectPath(expression.path)}`;
    case 'comparison': {
      const not = expression.negated ? ' NOT' : '';
      return `${formatObjectPath(expression.path)}${not} ${expression.operator} ${value(expression.value)}`;
    }
  }
}

/** `type:property.key[0]`, as written in a pattern. */
function formatObjectPath(path: ObjectPath): string {
  return `${path.objectType}:${formatPropertyPath(path.steps)}`;
}

/** The part of an object path after `type:`. */
export function formatPropertyPath(steps: readonly PathStep[]): string {
  let out = '';
  for (const step of steps) {
    if (step.kind === 'index') out += `[${step.index}]`;
    else out += (out === '' ? '' : '.') + name(step.name);
  }
  return out;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Plain identifiers stay bare; anything else, and words other parsers read as keywords, is quoted. */
function name(text: string): string {
  return IDENTIFIER.test(text) && !KEYWORDS.has(text) && text !== 'true' && text !== 'false' ? text : quoteString(text);
}

function value(value: Literal | SetLiteral): string {
  return value.kind === 'set' ? `(${value.elements.map(literal).join(', ')})` : literal(value);
}

/** STIX 2.1 §9 (Constants). */
function literal(literal: Literal): string {
  switch (literal.kind) {
    case 'string':
      return quoteString(literal.value);
    case 'integer':
      return String(literal.value);
    case 'float':
      return formatDecimal(literal.value);
    case 'boolean':
      return literal.value ? 'true' : 'false';
    case 'timestamp':
      return `t'${literal.value}'`;
    case 'hex':
      return `h'${literal.value}'`;
    case 'binary':
      return `b'${literal.value}'`;
  }
}
