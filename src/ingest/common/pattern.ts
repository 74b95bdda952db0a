// The small slice of STIX patterning (STIX 2.1 §9) that importers write and exporters read
// back: one observation expression of equality comparisons joined by AND, e.g.
// `[file:name = 'a.exe' AND file:hashes.'SHA-256' = '…']`. Full parsing and validation
// belong to domain/stix/pattern; this only renders and recognises that one shape.

export interface IndexStep {
  readonly index: number | '*';
}
export type PathStep = string | IndexStep;

/** An object path (§9.3): `type:prop.prop[*].prop`. */
export interface ObjectPath {
  readonly type: string;
  readonly steps: readonly PathStep[];
}

export interface Comparison {
  readonly path: ObjectPath;
  readonly value: string | number;
}

const BARE_PROPERTY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** §9.5 string literal: single quotes, with `\` and `'` escaped by a backslash. */
function stringLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function renderPath(path: ObjectPath): string {
  let out = `${path.type}:`;
  path.steps.forEach((step, i) => {
    if (typeof step === 'string') {
      // §9.3: a property name with characters other than letters, digits and underscore
      // (e.g. the hyphen of 'SHA-256') is quoted.
      const name = BARE_PROPERTY.test(step) ? step : stringLiteral(step);
      out += i === 0 ? name : `.${name}`;
    } else {
      out += `[${step.index}]`;
    }
  });
  return out;
}

function literal(value: string | number): string {
  return typeof value === 'number' ? String(value) : stringLiteral(value);
}

/** One observation expression of the comparisons joined by AND (§9.2, §9.6). */
export function renderPattern(comparisons: readonly Comparison[]): string {
  return `[${comparisons.map((c) => `${renderPath(c.path)} = ${literal(c.value)}`).join(' AND ')}]`;
}

class Cursor {
  position = 0;
  constructor(readonly text: string) {}
  skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position] ?? '')) this.position++;
  }
  peek(): string {
    return this.text[this.position] ?? '';
  }
  eat(token: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(token, this.position)) return false;
    this.position += token.length;
    return true;
  }
  /** A quoted string literal (§9.5); undefined when there is none here. */
  quoted(): string | undefined {
    this.skipSpace();
    if (this.peek() !== "'") return undefined;
    let out = '';
    for (let i = this.position + 1; i < this.text.length; i++) {
      const c = this.text[i] ?? '';
      if (c === '\\') {
        const next = this.text[i + 1];
        if (next !== '\\' && next !== "'") return undefined;
        out += next;
        i++;
      } else if (c === "'") {
        this.position = i + 1;
        return out;
      } else {
        out += c;
      }
    }
    return undefined;
  }
  match(re: RegExp): string | undefined {
    this.skipSpace();
    const m = re.exec(this.text.slice(this.position));
    if (m === null || m.index !== 0) return undefined;
    this.position += m[0].length;
    return m[0];
  }
}

function readPath(cursor: Cursor): ObjectPath | undefined {
  const type = cursor.match(/^[a-z0-9-]+/);
  if (type === undefined || !cursor.eat(':')) return undefined;
  const steps: PathStep[] = [];
  for (;;) {
    const name = cursor.peek() === "'" ? cursor.quoted() : cursor.match(/^[A-Za-z0-9_-]+/);
    if (name === undefined) return undefined;
    steps.push(name);
    for (;;) {
      if (cursor.peek() !== '[') break;
      const index = cursor.match(/^\[(\*|\d+)\]/);
      if (index === undefined) return undefined;
      const inner = index.slice(1, -1);
      steps.push({ index: inner === '*' ? '*' : Number(inner) });
    }
    if (cursor.peek() !== '.') break;
    cursor.position++;
  }
  return { type, steps };
}

/**
 * The comparisons of a pattern of the shape `renderPattern` writes, or undefined for any
 * other pattern (OR, other operators, several observations, qualifiers).
 */
export function parseSimplePattern(text: string): Comparison[] | undefined {
  const cursor = new Cursor(text);
  if (!cursor.eat('[')) return undefined;
  const comparisons: Comparison[] = [];
  for (;;) {
    cursor.skipSpace();
    const path = readPath(cursor);
    if (path === undefined || !cursor.eat('=')) return undefined;
    cursor.skipSpace();
    const quoted = cursor.peek() === "'";
    const value = quoted ? cursor.quoted() : cursor.match(/^-?\d+(\.\d+)?/);
    if (value === undefined) return undefined;
    comparisons.push({ path, value: quoted ? value : Number(value) });
    if (cursor.eat(']')) break;
    if (cursor.match(/^AND\b/) === undefined) return undefined;
  }
  cursor.skipSpace();
  return cursor.position === text.length ? comparisons : undefined;
}

/** Parses a path written in pattern syntax, e.g. "file:hashes.'SHA-256'" (for tables). */
export function parsePath(text: string): ObjectPath {
  const cursor = new Cursor(text);
  const path = readPath(cursor);
  if (path === undefined || cursor.position !== text.length) throw new Error(`bad object path: ${text}`);
  return path;
}
