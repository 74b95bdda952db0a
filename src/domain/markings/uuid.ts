// UUIDs we compute rather than draw: content-derived ids for the marking-definitions we write,
// and (in the tearline engine) keyed ids for derivative objects.
import { createHash } from 'node:crypto';

/** Formats 16 bytes as an RFC 4122 UUID of the given version (variant bits 10xx, §4.1.1). */
export function formatUuid(bytes: Uint8Array, version: number): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | (version << 4);
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A version-4-shaped UUID from a SHA-256 of salt and name: deterministic, unpredictable. */
export function hashUuid4(salt: string, name: string): string {
  return formatUuid(createHash('sha256').update(salt).update('\u0000').update(name, 'utf8').digest(), 4);
}

/** RFC 4122 §4.3 name-based UUID, version 5 (SHA-1). */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  return formatUuid(createHash('sha1').update(ns).update(name, 'utf8').digest(), 5);
}
