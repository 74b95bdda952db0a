// Name-based UUIDs (RFC 4122 §4.3, version 5 = SHA-1). STIX 2.1 §2.9 uses them for
// deterministic identifiers; we also use them to derive stable ids from other systems' ids.
import { createHash } from 'node:crypto';

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

/** The version-5 UUID of `name` (UTF-8) in `namespace` (RFC 4122 §4.3). */
export function uuidv5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  // RFC 4122 §4.1.3: version 5 in the high nibble of octet 6; §4.1.1: variant 10xx in octet 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for the 8-4-4-4-12 hex shape (any version). */
export function looksLikeUuid(text: string): boolean {
  return UUID_SHAPE.test(text);
}
