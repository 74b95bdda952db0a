// Rules of STIX 2.1 §9 that a grammar cannot express, checked on a parsed tree. The walk
// stops at the first violation, reporting the offset of the node at fault (taken from the
// parser's span table).

import type {
  Comparison,
  ComparisonExpression,
  Literal,
  ObjectPath,
  ObservationExpression,
  Pattern,
  Qualifier,
  SetLiteral,
} from './ast.ts';
import { PatternFailure, quoteForMessage } from './errors.ts';
import { compareTimestamps } from './literals.ts';
import type { Spans } from './parser.ts';

/** Throws PatternFailure for the first rule broken; `parsePattern` turns it into a value. */
export function validatePattern(pattern: Pattern, spans: Spans): void {
  new Validator(spans).observation(pattern.expression);
}

// STIX 2.1 §3.2 (Common Properties, `type`): a–z, 0–9 and '-', 3 to 250 characters.
const OBJECT_TYPE = /^[a-z0-9-]{3,250}$/;
// STIX 2.1 §3.1 (Property Names and String Literals): a–z, 0–9 and '_', at most 250
// characters. Its 3-character minimum cannot hold for defined properties such as `id`.
const PROPERTY_NAME = /^[a-z0-9_]{1,250}$/;

/**
 * PCRE syntax that JavaScript's RegExp does not know (inline flags, named groups in Python
 * spelling, atomic groups, comments, possessive quantifiers...). A MATCHES pattern using it
 * may be valid PCRE, so failing to compile it in JavaScript proves nothing.
 */
const PCRE_ONLY = /\(\?\^?[A-Za-z]+(?:-[A-Za-z]*)?[):]|\(\?-[A-Za-z]+[):]|\(\?(?:P[<=>]|[>#|&]|R\)|[+-]?\d)|[*+?}]\+/;

type OperandKind = 'any' | 'orderable' | 'string' | 'set';

// STIX 2.1 §9 (Comparison Operators), with operand kinds as in the OASIS grammar's propTest rules.
const OPERAND_KIND: Readonly<Record<Comparison['operator'], OperandKind>> = {
  '=': 'any',
  '!=': 'any',
  '>': 'orderable',
  '<': 'orderable',
  '>=': 'orderable',
  '<=': 'orderable',
  IN: 'set',
  LIKE: 'string',
  MATCHES: 'string',
  ISSUBSET: 'string',
  ISSUPERSET: 'string',
};

/** Kinds that may share one IN set: integers and decimals are both numbers. */
function setKind(literal: Literal): string {
  return literal.kind === 'integer' || literal.kind === 'float' ? 'number' : literal.kind;
}

const KIND_NAMES: Readonly<Record<Literal['kind'] | 'set', string>> = {
  string: 'a string',
  integer: 'an integer',
  float: 'a decimal number',
  boolean: 'a boolean',
  timestamp: 'a timestamp',
  hex: 'a hex value',
  binary: 'a binary value',
  set: 'a set',
};

/** Marks an AND/OR subtree whose comparisons use more than one object type. */
const MIXED = Symbol('mixed object types');

class Validator {
  constructor(private readonly spans: Spans) {}

  observation(expression: ObservationExpression): void {
    switch (expression.kind) {
      case 'observation':
        this.comparison(expression.comparison);
        return;
      case 'observation-compound':
        for (const operand of expression.operands) this.observation(operand);
        return;
      case 'qualified':
        this.observation(expression.expression);
        this.qualifier(expression.qualifier);
        return;
    }
  }

  /** STIX 2.1 §9 (Pattern Qualifiers). */
  private qualifier(qualifier: Qualifier): void {
    const at = this.offset(qualifier);
    switch (qualifier.kind) {
      case 'within':
        if (!(qualifier.seconds > 0)) this.fail(at, `WITHIN needs a positive number of seconds, found ${qualifier.seconds}`);
        return;
      case 'repeats':
        if (!(qualifier.times >= 1)) this.fail(at, `REPEATS needs a positive whole number of times, found ${qualifier.times}`);
        return;
      case 'start-stop':
        // The STOP time must come after the START time.
        if (compareTimestamps(qualifier.start.value, qualifier.stop.value) >= 0) {
          this.fail(
            this.offset(qualifier.stop),
            `STOP t'${qualifier.stop.value}' must be later than START t'${qualifier.start.value}'`,
          );
        }
        return;
    }
  }

  /** Checks a comparison subtree and returns its one object type, or MIXED. */
  private comparison(expression: ComparisonExpression): string | typeof MIXED {
    switch (expression.kind) {
      case 'exists':
        this.path(expression.path);
        return expression.path.objectType;
      case 'comparison':
        this.path(expression.path);
        this.operand(expression);
        return expression.path.objectType;
      case 'comparison-compound': {
        let type: string | typeof MIXED | undefined;
        for (const operand of expression.operands) {
          const operandType = this.comparison(operand);
          type = type === undefined || type === operandType ? operandType : MIXED;
        }
        if (expression.operator === 'AND' && type === MIXED) this.mixedAnd(expression);
        return type ?? MIXED;
      }
    }
  }

  /**
   * STIX 2.1 §9 (Pattern Expressions): all comparison expressions joined by AND in one
   * observation expression MUST use the same object type. Reports the first comparison in
   * the AND whose type differs from the first one's.
   */
  private mixedAnd(expression: ComparisonExpression): never {
    const stack: ComparisonExpression[] = [expression];
    let expected: string | undefined;
    while (stack.length > 0) {
      const node = stack.pop() as ComparisonExpression;
      if (node.kind === 'comparison-compound') {
        for (let i = node.operands.length - 1; i >= 0; i--) stack.push(node.operands[i] as ComparisonExpression);
        continue;
      }
      const type = node.path.objectType;
      if (expected === undefined) expected = type;
      else if (type !== expected) {
        this.fail(
          this.offset(node),
          `comparisons joined by AND in one observation expression must use the same object type: found ${quoteForMessage(type)} after ${quoteForMessage(expected)}`,
        );
      }
    }
    throw new Error('mixedAnd called on an AND with a single object type');
  }

  /** Naming rules for the object type and the first property (the one defined by the object's type). */
  private path(path: ObjectPath): void {
    if (!OBJECT_TYPE.test(path.objectType)) {
      this.fail(
        this.offset(path),
        `invalid object type ${quoteForMessage(path.objectType)}: object types use only a-z, 0-9 and '-' and are 3 to 250 characters long`,
      );
    }
    const first = path.steps[0];
    if (!PROPERTY_NAME.test(first.name)) {
      this.fail(
        this.offset(first),
        `invalid property name ${quoteForMessage(first.name)}: property names use only a-z, 0-9 and '_' and are at most 250 characters long`,
      );
    }
  }

  /** The right side must suit the operator (STIX 2.1 §9, Comparison Operators). */
  private operand(comparison: Comparison): void {
    const { operator, value } = comparison;
    const at = this.offset(value);
    const wanted = OPERAND_KIND[operator];
    if (wanted === 'set') {
      if (value.kind !== 'set') this.fail(at, `IN needs a parenthesised set such as ('a', 'b'), found ${KIND_NAMES[value.kind]}`);
      this.set(value);
      return;
    }
    if (value.kind === 'set') this.fail(at, `${operator} compares with a single value, not a set (use IN for sets)`);
    if (wanted === 'orderable' && value.kind === 'boolean') {
      this.fail(at, `${operator} needs a value that has an order (number, string, timestamp, hex or binary), not a boolean`);
    }
    if (wanted === 'string') {
      if (value.kind !== 'string') this.fail(at, `${operator} needs a string on its right side, found ${KIND_NAMES[value.kind]}`);
      if (operator === 'MATCHES') this.regex(value.value, at);
    }
  }

  /** STIX 2.1 §9 (Comparison Operators, IN): a non-empty set of constants of one type. */
  private set(set: SetLiteral): void {
    const first = set.elements[0];
    if (first === undefined) this.fail(this.offset(set), 'IN needs at least one value in its set');
    const kind = setKind(first);
    for (const element of set.elements) {
      if (setKind(element) !== kind) {
        this.fail(this.offset(element), `all values in an IN set must be of one type: found ${KIND_NAMES[element.kind]} among ${kind} values`);
      }
    }
  }

  /**
   * MATCHES takes a PCRE regular expression (STIX 2.1 §9, Comparison Operators). JavaScript
   * can only check the common subset, so a pattern is refused only when it does not compile
   * and uses no PCRE-only syntax.
   */
  private regex(source: string, at: number): void {
    try {
      new RegExp(source);
    } catch (error) {
      if (PCRE_ONLY.test(source)) return;
      const reason = error instanceof Error ? error.message : String(error);
      this.fail(at, `MATCHES regular expression does not compile: ${reason}`);
    }
  }

  private offset(node: object): number {
    return this.spans.get(node) ?? 0;
  }

  private fail(offset: number, description: string): never {
    throw new PatternFailure(offset, description);
  }
}
