// Before/after digests for audit entries: the SHA-256 of a value's canonical JSON, so the log
// proves what a record was without holding its content (which may be classified).
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../ports/audit.ts';

export function digestOf(value: JsonValue): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex')}`;
}

/** Digest of a list of strings (ids, `id|version` pairs) in the given order. */
export function digestOfList(values: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const value of values) hash.update(`${JSON.stringify(value)}\n`, 'utf8');
  return `sha256:${hash.digest('hex')}`;
}
