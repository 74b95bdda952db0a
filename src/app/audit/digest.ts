// Before/after digests for audit entries: the SHA-256 of a value's canonical JSON, so the log
// proves what a record was without holding its content (which may be classified).
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../ports/audit.ts';

export function digestOf(value: JsonValue): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex')}`;
}

/** Text handed to the hash at a time: the same digest as one item at a time, in far fewer calls. */
const CHUNK_CHARACTERS = 64 * 1024;

/** Digest of a list of strings (ids, `id|version` pairs) in the given order: each as JSON, then a line feed. */
export function digestOfList(values: Iterable<string>): string {
  const hash = createHash('sha256');
  // One update per item measured 189 ms of a 200,000-object ingest's writing thread.
  let chunk = '';
  for (const value of values) {
    chunk += `${JSON.stringify(value)}\n`;
    if (chunk.length >= CHUNK_CHARACTERS) {
      hash.update(chunk, 'utf8');
      chunk = '';
    }
  }
  if (chunk !== '') hash.update(chunk, 'utf8');
  return `sha256:${hash.digest('hex')}`;
}
