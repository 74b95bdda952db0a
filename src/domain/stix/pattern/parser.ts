// Recursive-descent parser for the STIX 2.1 patterning grammar (STIX 2.1 §9; rule names
// follow the OASIS ANTLR grammar STIXPattern.g4). One token of lookahead, no backtracking.
//
//   pattern            := observations end
//   observations       := obsOr ('FOLLOWEDBY' obsOr)*          -- loosest
//   obsOr              := obsAnd ('OR' obsAnd)*
//   obsAnd             := obsQualified ('AND' obsQualified)*     -- tightest
//   obsQualified       := obsPrimary qualifier*
//   obsPrimary         := '[' comparisonOr ']' | '(' observations ')'
//   qualifier          := 'WITHIN' number 'SECONDS' | 'REPEATS' integer 'TIMES'
//                       | 'START' timestamp 'STOP' timestamp
//   comparisonOr       := comparisonAnd ('OR' comparisonAnd)*
//   comparisonAnd      := propTest ('AND' propTest)*
//   propTest           := '(' comparisonOr ')' | 'EXISTS' objectPath
//                       | objectPath 'NOT'? operator value
//   objectPath         := word ':' (word | string) ('.' (word | string) | '[' (integer | '*') ']')*
//   value              := literal | '(' (literal (',' literal)*)? ')'
//
// This layer checks syntax only. Rules that need the whole tree (naming, one object type
// under AND, operand kinds, START before STOP...) are in validate.ts, which finds source
// offsets for its messages in the `spans` table filled here: the tree itself stays free of
// positions so that equal patterns are deep-equal.

import type {
  ComparisonExpression,
  ComparisonOperator,
  Literal,
  ObjectPath,
  ObservationExpression,
  PathStep,
  Pattern,
  PropertyStep,
  Qualifier,
  SetLiteral,
  TimestampLiteral,
} from './ast.ts';
import { PatternFailure, quoteForMessage } from './errors.ts';
import { describeToken, KEYWORDS, Lexer, type Token } from './lexer.ts';

/** Deeper nesting (parentheses, brackets and qualifiers) is refused rather than risking the stack. */
export const MAX_NESTING_DEPTH = 64;

/** Source offset of each tree node, for messages about that node. */
export type Spans = ReadonlyMap<object, number>;

export interface ParsedPattern {
  readonly ast: Pattern;
  readonly spans: Spans;
}

const OBSERVATION_OPERATORS = ['FOLLOWEDBY', 'OR', 'AND'] as const;

const WORD_OPERATORS: ReadonlySet<string> = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);

const OPERATOR_LIST = '=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET or ISSUPERSET';

/** Parse the syntax of a pattern. Throws PatternFailure; `parsePattern` in index.ts turns that into a value. */
export function parseSyntax(text: string): ParsedPattern {
  const parser = new Parser(text);
  return { ast: parser.pattern(), spans: parser.spans };
}

class Parser {
  readonly spans = new Map<object, number>();
  private readonly lexer: Lexer;
  private token: Token;
  private depth = 0;

  constructor(text: string) {
    this.lexer = new Lexer(text);
    this.token = this.lexer.next();
  }

  pattern(): Pattern {
    const expression = this.observations(0);
    if (this.token.kind !== 'end') {
      this.fail(this.token, 'expected AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or the end of the pattern');
    }
    return { kind: 'pattern', expression };
  }

  // --- observation level -------------------------------------------------------------

  /** Precedence climbing over FOLLOWEDBY < OR < AND; chains become one n-ary node. */
  private observations(level: number): ObservationExpression {
    const operator = OBSERVATION_OPERATORS[level];
    if (operator === undefined) return this.qualifiedObservation();
    const first = this.observations(level + 1);
    if (!this.isWord(operator)) return first;
    const operands = [first];
    while (this.isWord(operator)) {
      this.advance();
      operands.push(this.observations(level + 1));
    }
    return { kind: 'observation-compound', operator, operands };
  }

  private qualifiedObservation(): ObservationExpression {
    let expression = this.primaryObservation();
    const outerDepth = this.depth;
    for (;;) {
      const keyword = this.token;
      const qualifier = this.qualifier();
      if (qualifier === undefined) break;
      // Each qualifier wraps the tree one level deeper, so it counts towards the limit.
      this.enter(keyword);
      expression = { kind: 'qualified', expression, qualifier };
    }
    this.depth = outerDepth;
    return expression;
  }

  private primaryObservation(): ObservationExpression {
    const open = this.token;
    if (open.kind === '[') {
      this.advance();
      this.enter(open);
      const comparison = this.comparisonOr();
      this.expectClose(']', open, 'to close the observation expression');
      this.depth--;
      return { kind: 'observation', comparison };
    }
    if (open.kind === '(') {
      this.advance();
      this.enter(open);
      const inner = this.observations(0);
      this.expectClose(')', open, 'to close the parenthesis');
      this.depth--;
      return inner;
    }
    return this.fail(open, "expected '[' or '(' to start an observation expression");
  }

  /** STIX 2.1 §9 (Pattern Qualifiers). Returns undefined when no qualifier follows. */
  private qualifier(): Qualifier | undefined {
    const keyword = this.token;
    if (keyword.kind !== 'word') return undefined;
    if (keyword.text === 'WITHIN') {
      this.advance();
      const count = this.expectNumber('after WITHIN');
      this.expectWord('SECONDS', 'after the WITHIN count');
      const node: Qualifier = { kind: 'within', seconds: count.value };
      this.spans.set(node, count.offset);
      return node;
    }
    if (keyword.text === 'REPEATS') {
      this.advance();
      const count = this.expectNumber('after REPEATS');
      if (!count.integer) this.failAt(count.offset, `REPEATS needs a whole number of times, found ${count.text}`);
      this.expectWord('TIMES', 'after the REPEATS count');
      const node: Qualifier = { kind: 'repeats', times: count.value };
      this.spans.set(node, count.offset);
      return node;
    }
    if (keyword.text === 'START') {
      this.advance();
      const start = this.expectTimestamp('after START');
      this.expectWord('STOP', 'after the START timestamp');
      const stop = this.expectTimestamp('after STOP');
      const node: Qualifier = { kind: 'start-stop', start, stop };
      this.spans.set(node, keyword.offset);
      return node;
    }
    return undefined;
  }

  // --- comparison level --------------------------------------------------------------

  private comparisonOr(): ComparisonExpression {
    const first = this.comparisonAnd();
    if (!this.isWord('OR')) return first;
    const operands = [first];
    while (this.isWord('OR')) {
      this.advance();
      operands.push(this.comparisonAnd());
    }
    return { kind: 'comparison-compound', operator: 'OR', operands };
  }

  private comparisonAnd(): ComparisonExpression {
    const first = this.propertyTest();
    if (!this.isWord('AND')) return first;
    const operands = [first];
    while (this.isWord('AND')) {
      this.advance();
      operands.push(this.propertyTest());
    }
    return { kind: 'comparison-compound', operator: 'AND', operands };
  }

  private propertyTest(): ComparisonExpression {
    const start = this.token;
    if (start.kind === '(') {
      this.advance();
      this.enter(start);
      const inner = this.comparisonOr();
      this.expectClose(')', start, 'to close the parenthesis');
      this.depth--;
      return inner;
    }
    if (start.kind === 'word' && start.text === 'EXISTS') {
      this.advance();
      const node: ComparisonExpression = { kind: 'exists', path: this.objectPath() };
      this.spans.set(node, start.offset);
      return node;
    }
    if (start.kind !== 'word' || KEYWORDS.has(start.text)) {
      return this.fail(start, "expected a comparison: an object path such as 'file:name', EXISTS or '('");
    }
    const path = this.objectPath();
    const negated = this.isWord('NOT');
    if (negated) this.advance();
    const operator = this.comparisonOperator();
    const value = this.value(operator);
    const node: ComparisonExpression = { kind: 'comparison', path, operator, negated, value };
    this.spans.set(node, start.offset);
    return node;
  }

  private comparisonOperator(): ComparisonOperator {
    const token = this.token;
    let operator: ComparisonOperator | undefined;
    if (token.kind === 'operator') {
      // The grammar's EQ and NEQ also accept '==' and '<>'; both are kept in their usual spelling.
      operator = token.text === '==' ? '=' : token.text === '<>' ? '!=' : (token.text as ComparisonOperator);
    } else if (token.kind === 'word' && WORD_OPERATORS.has(token.text)) {
      operator = token.text as ComparisonOperator;
    }
    if (operator === undefined) {
      const hint = token.kind === 'word' && token.text === 'EXISTS' ? ' (EXISTS goes before the object path)' : '';
      return this.fail(token, `expected a comparison operator (${OPERATOR_LIST}) after the object path${hint}`);
    }
    this.advance();
    return operator;
  }

  /** STIX 2.1 §9 (Object Path Syntax): `type:property(.property | [index])*`. */
  private objectPath(): ObjectPath {
    const typeToken = this.token;
    if (typeToken.kind !== 'word') return this.fail(typeToken, 'expected an object type such as \'file\'');
    this.advance();
    if (this.token.kind !== ':') {
      this.fail(this.token, `expected ':' after object type ${quoteForMessage(typeToken.text)}`);
    }
    this.advance();
    const first = this.propertyStep('after the object type');
    const steps: [PropertyStep, ...PathStep[]] = [first];
    for (;;) {
      const token = this.token;
      if (token.kind === '.') {
        this.advance();
        steps.push(this.propertyStep("after '.'"));
      } else if (token.kind === '[') {
        this.advance();
        steps.push(this.indexStep(token));
      } else {
        break;
      }
    }
    const path: ObjectPath = { objectType: typeToken.text, steps };
    this.spans.set(path, typeToken.offset);
    return path;
  }

  private propertyStep(where: string): PropertyStep {
    const token = this.token;
    if (token.kind === 'word') {
      if (token.text.includes('-')) {
        this.failAt(token.offset, `property name ${token.text} contains '-' and must be quoted as '${token.text}'`);
      }
    } else if (token.kind !== 'string') {
      this.fail(token, `expected a property name or quoted key ${where}`);
    }
    this.advance();
    const step: PropertyStep = { kind: 'property', name: token.text };
    this.spans.set(step, token.offset);
    return step;
  }

  private indexStep(open: Token): PathStep {
    const token = this.token;
    let index: number | '*';
    if (token.kind === '*') {
      index = '*';
      this.advance();
    } else if (token.kind === 'number') {
      const number = this.expectNumber('in the list index');
      if (!number.integer) this.failAt(number.offset, `a list index must be a whole number or '*', found ${number.text}`);
      index = number.value;
    } else {
      return this.fail(token, "expected a list index (a whole number or '*') after '['");
    }
    this.expectClose(']', open, 'to close the list index');
    const step: PathStep = { kind: 'index', index };
    this.spans.set(step, open.offset);
    return step;
  }

  // --- values ------------------------------------------------------------------------

  private value(operator: ComparisonOperator): Literal | SetLiteral {
    const open = this.token;
    if (open.kind !== '(') return this.literal(`after ${operator}`);
    this.advance();
    const elements: Literal[] = [];
    if (this.token.kind !== ')') {
      elements.push(this.literal('in the set'));
      while (this.token.kind === ',') {
        this.advance();
        elements.push(this.literal("after ',' in the set"));
      }
    }
    if (this.token.kind !== ')') this.fail(this.token, `expected ',' or ')' to close the set opened at offset ${open.offset}`);
    this.advance();
    const set: SetLiteral = { kind: 'set', elements };
    this.spans.set(set, open.offset);
    return set;
  }

  /** STIX 2.1 §9 (Constants). */
  private literal(where: string): Literal {
    const token = this.token;
    let literal: Literal | undefined;
    switch (token.kind) {
      case 'string':
      case 'timestamp':
      case 'hex':
      case 'binary':
        this.advance();
        literal = { kind: token.kind, value: token.text };
        break;
      case 'number': {
        const number = this.expectNumber(where);
        literal = { kind: number.integer ? 'integer' : 'float', value: number.value };
        break;
      }
      case 'word':
        if (token.text === 'true' || token.text === 'false') {
          this.advance();
          literal = { kind: 'boolean', value: token.text === 'true' };
        }
        break;
    }
    if (literal === undefined) {
      return this.fail(token, `expected a value (a 'string', number, true, false, t'timestamp', h'hex' or b'base64') ${where}`);
    }
    this.spans.set(literal, token.offset);
    return literal;
  }

  private expectNumber(where: string): { value: number; integer: boolean; text: string; offset: number } {
    const token = this.token;
    if (token.kind !== 'number') return this.fail(token, `expected a number ${where}`);
    this.advance();
    const integer = !token.text.includes('.');
    const value = Number(token.text);
    if (integer && !Number.isSafeInteger(value)) {
      this.failAt(token.offset, `integer ${quoteForMessage(token.text)} is outside the supported range ±9007199254740991`);
    }
    if (!Number.isFinite(value)) this.failAt(token.offset, `number ${quoteForMessage(token.text)} is too large`);
    // -0 and 0 are the same constant; keep one spelling so equal patterns are deep-equal.
    return { value: value === 0 ? 0 : value, integer, text: token.text, offset: token.offset };
  }

  private expectTimestamp(where: string): TimestampLiteral {
    const token = this.token;
    if (token.kind !== 'timestamp') return this.fail(token, `expected a timestamp t'YYYY-MM-DDTHH:MM:SSZ' ${where}`);
    this.advance();
    const literal: TimestampLiteral = { kind: 'timestamp', value: token.text };
    this.spans.set(literal, token.offset);
    return literal;
  }

  // --- helpers -----------------------------------------------------------------------

  private advance(): void {
    this.token = this.lexer.next();
  }

  private isWord(text: string): boolean {
    return this.token.kind === 'word' && this.token.text === text;
  }

  private expectWord(text: string, where: string): void {
    if (!this.isWord(text)) this.fail(this.token, `expected ${text} ${where}`);
    this.advance();
  }

  private expectClose(kind: ']' | ')', open: Token, purpose: string): void {
    if (this.token.kind !== kind) {
      this.fail(this.token, `expected '${kind}' ${purpose} opened at offset ${open.offset}`);
    }
    this.advance();
  }

  private enter(at: Token): void {
    this.depth++;
    if (this.depth > MAX_NESTING_DEPTH) {
      this.failAt(at.offset, `pattern nests deeper than ${MAX_NESTING_DEPTH} levels of brackets, parentheses and qualifiers`);
    }
  }

  /** A syntax error about the token found where something else was expected. */
  private fail(found: Token, expected: string): never {
    throw new PatternFailure(found.offset, `${expected}, found ${describeToken(found)}`);
  }

  private failAt(offset: number, description: string): never {
    throw new PatternFailure(offset, description);
  }
}
