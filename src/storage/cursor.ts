// Opaque, stateless paging cursors: base64url of a JSON array [kind, ...key]. They hold the
// last key a page returned, so they survive restarts and need no server-side state. A
// cursor is untrusted input: anything that does not decode to the expected kind and shape
// is an InvalidCursorError, never a crash or a silently different page.
import { InvalidCursorError } from './errors.ts';

type Slot = 'string' | 'integer';
type Decoded<S extends readonly Slot[]> = { -readonly [K in keyof S]: S[K] extends 'integer' ? number : string };

const MAX_CURSOR_LENGTH = 2048;

export function encodeCursor(kind: string, key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, ...key]), 'utf8').toString('base64url');
}

export function decodeCursor<const S extends readonly Slot[]>(kind: string, cursor: string, shape: S): Decoded<S> {
  const fail = (reason: string): never => {
    throw new InvalidCursorError(cursor, reason);
  };
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    return fail('not a base64url token');
  }
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Node's decoder skips what it cannot read; re-encoding proves the token was exact.
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) return fail('not a base64url token');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('not a cursor');
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length + 1) return fail('not a cursor');
  if (parsed[0] !== kind) return fail(`not a ${kind} cursor`);
  const key = parsed.slice(1);
  shape.forEach((slot, i) => {
    const value: unknown = key[i];
    const ok = slot === 'integer' ? Number.isSafeInteger(value) && (value as number) >= 0 : typeof value === 'string';
    if (!ok) fail('malformed key');
  });
  return key as Decoded<S>;
}
