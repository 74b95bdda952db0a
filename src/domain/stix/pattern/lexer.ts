// Hand-written lexer for STIX patterns (STIX 2.1 §9; token rules as in the OASIS ANTLR
// grammar STIXPattern.g4 of cti-stix2-json-schemas / stix2-patterns). Tokens are produced
// on demand, one character at a time, with no backtracking, so the first error in the text
// is the one reported and the cost is linear in the length of the pattern.
//
// Keywords are not tokens of their own: a keyword is a `word` whose meaning the parser
// decides from its position, which lets `true` be an object type or `AND` a dictionary key.

import { PatternFailure, quoteForMessage } from './errors.ts';
import { base64Problem, hexProblem, timestampProblem } from './literals.ts';

/** Reserved words of the grammar (upper case only: keywords are case-sensitive in STIX 2.1); none can start an object path. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'LAST',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'WITHIN',
  'REPEATS',
  'TIMES',
]);

export type TokenKind =
  | 'word'
  | 'string'
  | 'number'
  | 'timestamp'
  | 'hex'
  | 'binary'
  | 'operator'
  | '['
  | ']'
  | '('
  | ')'
  | ':'
  | '.'
  | ','
  | '*'
  | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Source text for words, numbers and operators; the unescaped value for strings; the text between the quotes for t'', h'' and b''. */
  readonly text: string;
  readonly offset: number;
}

const QUOTE = 0x27;
const BACKSLASH = 0x5c;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

/** Words may hold '-' so that object types like `ipv4-addr` are one word (grammar: IdentifierWithHyphen). */
function isWordPart(c: number): boolean {
  return isWordStart(c) || isDigit(c) || c === 0x2d;
}

/** The whitespace set of the OASIS grammar's WS rule. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

const PREFIXED_LITERALS: Readonly<Record<string, { kind: 'timestamp' | 'hex' | 'binary'; name: string; problem: (body: string) => string | undefined }>> = {
  t: { kind: 'timestamp', name: 'timestamp', problem: timestampProblem },
  h: { kind: 'hex', name: 'hex literal', problem: hexProblem },
  b: { kind: 'binary', name: 'binary literal', problem: base64Problem },
};

/** How a token reads in an error message. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the pattern';
    case 'string':
      return `string ${quoteForMessage(token.text)}`;
    case 'number':
      return `number ${token.text}`;
    case 'timestamp':
      return `timestamp t${quoteForMessage(token.text)}`;
    case 'hex':
      return `hex literal h${quoteForMessage(token.text)}`;
    case 'binary':
      return `binary literal b${quoteForMessage(token.text)}`;
    default:
      return quoteForMessage(token.text);
  }
}

export class Lexer {
  private pos = 0;

  constructor(private readonly text: string) {}

  next(): Token {
    this.skipSpaceAndComments();
    const text = this.text;
    const start = this.pos;
    if (start >= text.length) return { kind: 'end', text: '', offset: start };
    const c = text.charCodeAt(start);
    const next = text.charCodeAt(start + 1);
    switch (c) {
      case 0x5b:
        return this.single('[', start);
      case 0x5d:
        return this.single(']', start);
      case 0x28:
        return this.single('(', start);
      case 0x29:
        return this.single(')', start);
      case 0x3a:
        return this.single(':', start);
      case 0x2c:
        return this.single(',', start);
      case 0x2a:
        return this.single('*', start);
      case QUOTE:
        return this.string(start);
      case 0x3d: // '=' or '=='
        return this.operator(start, next === 0x3d ? 2 : 1);
      case 0x21: // '!='
        if (next === 0x3d) return this.operator(start, 2);
        break;
      case 0x3c: // '<', '<=', '<>'
        return this.operator(start, next === 0x3d || next === 0x3e ? 2 : 1);
      case 0x3e: // '>', '>='
        return this.operator(start, next === 0x3d ? 2 : 1);
      case 0x2e: // '.' starts a number only before a digit (".5")
        return isDigit(next) ? this.number(start) : this.single('.', start);
      case 0x2b: // '+'
      case 0x2d: // '-'
        if (isDigit(next) || (next === 0x2e && isDigit(text.charCodeAt(start + 2)))) return this.number(start);
        break;
      default:
        if (isDigit(c)) return this.number(start);
        if (isWordStart(c)) {
          const prefixed = next === QUOTE ? PREFIXED_LITERALS[text[start] ?? ''] : undefined;
          return prefixed === undefined ? this.word(start) : this.prefixed(start, prefixed);
        }
    }
    throw new PatternFailure(start, `unexpected character ${describeChar(text, start)}`);
  }

  private single(kind: TokenKind, start: number): Token {
    this.pos = start + 1;
    return { kind, text: kind, offset: start };
  }

  private operator(start: number, length: number): Token {
    this.pos = start + length;
    return { kind: 'operator', text: this.text.slice(start, start + length), offset: start };
  }

  private word(start: number): Token {
    const text = this.text;
    let i = start + 1;
    while (i < text.length && isWordPart(text.charCodeAt(i))) i++;
    this.pos = i;
    return { kind: 'word', text: text.slice(start, i), offset: start };
  }

  /** Grammar: IntLiteral [+-]?(0|[1-9][0-9]*), FloatLiteral [+-]?[0-9]*.[0-9]+; no exponents. */
  private number(start: number): Token {
    const text = this.text;
    let i = start;
    const c = text.charCodeAt(i);
    if (c === 0x2b || c === 0x2d) i++;
    const intStart = i;
    while (isDigit(text.charCodeAt(i))) i++;
    const intDigits = i - intStart;
    let isFloat = false;
    if (text.charCodeAt(i) === 0x2e && isDigit(text.charCodeAt(i + 1))) {
      isFloat = true;
      i++;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    if (i < text.length && isWordPart(text.charCodeAt(i))) {
      let end = i;
      while (end < text.length && isWordPart(text.charCodeAt(end))) end++;
      throw new PatternFailure(start, `invalid number ${quoteForMessage(text.slice(start, end))}: numbers are plain decimal digits`);
    }
    if (!isFloat && intDigits > 1 && text.charCodeAt(intStart) === 0x30) {
      throw new PatternFailure(start, `invalid number ${quoteForMessage(text.slice(start, i))}: integers have no leading zeros`);
    }
    this.pos = i;
    return { kind: 'number', text: text.slice(start, i), offset: start };
  }

  /**
   * Grammar: StringLiteral ' ( ~['\\] | \' | \\ )* '. Two quotes in a row ('') are also read
   * as one quote, a common SQL habit; the grammar never puts two strings side by side, so
   * this reading cannot change the meaning of a valid pattern.
   */
  private string(start: number): Token {
    const text = this.text;
    let value = '';
    let from = start + 1;
    let i = from;
    for (;;) {
      if (i >= text.length) throw new PatternFailure(start, "unterminated string: missing closing \"'\"");
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) {
          value += text.slice(from, i + 1);
          i += 2;
          from = i;
          continue;
        }
        value += text.slice(from, i);
        this.pos = i + 1;
        return { kind: 'string', text: value, offset: start };
      }
      if (c === BACKSLASH) {
        const escaped = text.charCodeAt(i + 1);
        if (escaped === QUOTE || escaped === BACKSLASH) {
          value += text.slice(from, i) + text.slice(i + 1, i + 2);
          i += 2;
          from = i;
          continue;
        }
        if (i + 1 >= text.length) throw new PatternFailure(start, "unterminated string: missing closing \"'\"");
        throw new PatternFailure(i, `invalid escape '\\${text[i + 1] ?? ''}' in string: only \\' and \\\\ are allowed`);
      }
      i++;
    }
  }

  /** t'...', h'...', b'...': no escapes inside; the body is checked here so errors point at the literal. */
  private prefixed(start: number, literal: { kind: 'timestamp' | 'hex' | 'binary'; name: string; problem: (body: string) => string | undefined }): Token {
    const close = this.text.indexOf("'", start + 2);
    if (close === -1) throw new PatternFailure(start, `unterminated ${literal.name}: missing closing "'"`);
    const body = this.text.slice(start + 2, close);
    const problem = literal.problem(body);
    if (problem !== undefined) {
      throw new PatternFailure(start, `${literal.name} ${this.text[start] ?? ''}${quoteForMessage(body)} ${problem}`);
    }
    this.pos = close + 1;
    return { kind: literal.kind, text: body, offset: start };
  }

  /** Whitespace and the grammar's /* *\/ and // comments. */
  private skipSpaceAndComments(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 0x2f) break;
      const second = text.charCodeAt(i + 1);
      if (second === 0x2a) {
        const close = text.indexOf('*/', i + 2);
        if (close === -1) throw new PatternFailure(i, "unterminated comment: missing closing '*/'");
        i = close + 2;
      } else if (second === 0x2f) {
        while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
      } else {
        break;
      }
    }
    this.pos = i;
  }
}

function describeChar(text: string, at: number): string {
  const code = text.codePointAt(at) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code < 0x20 || code === 0x7f ? hex : `'${String.fromCodePoint(code)}' (${hex})`;
}
