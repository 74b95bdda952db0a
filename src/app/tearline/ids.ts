// Identifiers of derivative objects (ARCHITECTURE.md "Release: the invariant": derivatives get
// new ids that cannot be linked back without the internal provenance table).
//
// A derived UUID is the original UUID encrypted with AES-256 under the release key (a keyed
// pseudo-random permutation of 128-bit blocks), with the version and variant bits then set:
// the same input and release give the same output; without the key nobody can tell which
// original an id came from. One cipher call derives a whole release's ids, which keeps a
// 10,000-object release fast. The release key is HMAC-SHA-256(secret, release id). Without a
// secret the release id alone keys it, so anyone who knows the release id could recompute the
// link: keep release ids internal, or pass a secret. Use one release id per partner: two
// partners given the same release id (and secret) could match objects by id.
import { createCipheriv, createHmac } from 'node:crypto';
import { formatUuid } from '../../domain/markings/uuid.ts';
import { isScoType } from './required.ts';

export function releaseKey(releaseId: string, secret: string | undefined): Buffer {
  return createHmac('sha256', secret ?? '').update(`tearline-release\u0000${releaseId}`).digest();
}

export interface Original {
  readonly type: string;
  /** The original UUID as 32 hex digits. */
  readonly uuidHex: string;
}

/**
 * Derives the ids of one release, in input order. SDOs and SROs get version 4 UUIDs (STIX 2.1
 * §2.9 recommends v4 for them), SCOs version 5 ones (§2.9 recommends v5; the canonical
 * id-contributing-property form would let anyone link a released SCO to its original).
 */
export function deriveIds(key: Buffer, originals: readonly Original[]): string[] {
  const uuids = Buffer.alloc(originals.length * 16);
  originals.forEach((o, i) => uuids.write(o.uuidHex, i * 16, 16, 'hex'));
  return deriveIdsAt(key, uuids, originals.map((_, i) => i), originals.map((o) => o.type));
}

/**
 * The same as deriveIds for objects of a prepared package: `uuids` holds 16 bytes per package
 * object, `indexes` says which objects get derived ids, `types` their types (by package index).
 */
export function deriveIdsAt(key: Buffer, uuids: Buffer, indexes: readonly number[], types: readonly string[]): string[] {
  const n = indexes.length;
  if (n === 0) return [];
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  // ECB enciphers each block on its own: when most objects are derived, enciphering the whole
  // package in one call is cheaper than gathering the blocks first.
  const all = n * 4 > uuids.length / 16;
  let input = uuids;
  if (!all) {
    input = Buffer.allocUnsafe(n * 16);
    for (let k = 0; k < n; k++) {
      const i = indexes[k] as number;
      uuids.copy(input, k * 16, i * 16, i * 16 + 16);
    }
  }
  const bytes = Buffer.concat([cipher.update(input), cipher.final()]);
  // Each id is written whole (`type--uuid`, ASCII: prepare only takes ids of that shape) and
  // read back as one flat string, so nothing has to flatten it later (JSON.stringify would).
  const text = Buffer.allocUnsafe(38 + 64);
  const out = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const i = indexes[k] as number;
    const type = types[i] as string;
    const t = type.length <= 64 ? text : Buffer.allocUnsafe(type.length + 38);
    t.write(type, 0, 'latin1');
    t[type.length] = DASH;
    t[type.length + 1] = DASH;
    writeUuid(bytes, (all ? i : k) * 16, t, type.length + 2, isScoType(type) ? 0x50 : 0x40);
    out[k] = t.toString('latin1', 0, type.length + 38);
  }
  return out;
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');
const DASH = 0x2d;

/**
 * 16 bytes at `from` as a UUID at `at`: the version nibble set (`version` is 0x40 or 0x50) and
 * RFC 4122 variant bits 10xx.
 */
function writeUuid(bytes: Buffer, from: number, text: Buffer, at: number, version: number): void {
  let w = at;
  for (let b = 0; b < 16; b++) {
    let v = bytes[from + b] as number;
    if (b === 6) v = (v & 0x0f) | version;
    else if (b === 8) v = (v & 0x3f) | 0x80;
    if (b === 4 || b === 6 || b === 8 || b === 10) text[w++] = DASH;
    text[w++] = HEX[v >> 4] as number;
    text[w++] = HEX[v & 0x0f] as number;
  }
}

/** The bundle's id for this release. */
export function bundleId(key: Buffer): string {
  return `bundle--${formatUuid(createHmac('sha256', key).update('bundle').digest(), 4)}`;
}
