// The equality tests of a pattern, flattened for correlation: `[ipv4-addr:value = '1.2.3.4']`
// says "an ipv4-addr whose value is 1.2.3.4", which is what an IOC index needs. Set
// membership (`IN`) is equality against each member, so each member is listed too, with
// operator 'IN'. Negated tests (`NOT =`) say what a value is not, and are left out.

import type { ComparisonExpression, Literal, ObservationExpression, Pattern } from './ast.ts';
import { formatPropertyPath } from './format.ts';

export interface PatternObservable {
  /** The SCO type, e.g. 'ipv4-addr'. */
  readonly objectType: string;
  /** The object path after `type:`, spelled as in a pattern, e.g. "hashes.'SHA-256'". */
  readonly path: string;
  /** '=' or 'IN'. */
  readonly operator: string;
  /** Strings, timestamps, hex and base64 as their text; numbers and booleans as such. */
  readonly value: string | number | boolean;
}

/** Every non-negated `=` and `IN` comparison of the pattern, in source order. */
export function patternObservables(ast: Pattern): PatternObservable[] {
  const found: PatternObservable[] = [];
  observation(ast.expression, found);
  return found;
}

function observation(expression: ObservationExpression, found: PatternObservable[]): void {
  switch (expression.kind) {
    case 'observation':
      comparison(expression.comparison, found);
      return;
    case 'observation-compound':
      for (const operand of expression.operands) observation(operand, found);
      return;
    case 'qualified':
      observation(expression.expression, found);
      return;
  }
}

function comparison(expression: ComparisonExpression, found: PatternObservable[]): void {
  if (expression.kind === 'comparison-compound') {
    for (const operand of expression.operands) comparison(operand, found);
    return;
  }
  if (expression.kind !== 'comparison' || expression.negated) return;
  const { path, operator, value } = expression;
  if (operator !== '=' && operator !== 'IN') return;
  const objectType = path.objectType;
  const text = formatPropertyPath(path.steps);
  if (value.kind === 'set') {
    for (const element of value.elements) found.push({ objectType, path: text, operator, value: plain(element) });
  } else {
    found.push({ objectType, path: text, operator, value: plain(value) });
  }
}

function plain(literal: Literal): string | number | boolean {
  return literal.value;
}
