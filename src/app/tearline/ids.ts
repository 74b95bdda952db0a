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
  if (originals.length === 0) return [];
  const blocks = Buffer.alloc(originals.length * 16);
  originals.forEach((o, i) => blocks.write(o.uuidHex, i * 16, 16, 'hex'));
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  const hex = Buffer.concat([cipher.update(blocks), cipher.final()]).toString('hex');
  return originals.map((o, i) => `${o.type}--${uuidFromHex(hex, i * 32, isScoType(o.type) ? '5' : '4')}`);
}

const VARIANT = '89ab89ab89ab89ab';

/** 32 hex digits at `at` as a UUID with the version digit set and RFC 4122 variant bits 10xx. */
function uuidFromHex(hex: string, at: number, version: string): string {
  const variant = VARIANT[parseInt(hex.charAt(at + 16), 16)] as string;
  return `${hex.slice(at, at + 8)}-${hex.slice(at + 8, at + 12)}-${version}${hex.slice(at + 13, at + 16)}-${variant}${hex.slice(at + 17, at + 20)}-${hex.slice(at + 20, at + 32)}`;
}

/** The bundle's id for this release. */
export function bundleId(key: Buffer): string {
  return `bundle--${formatUuid(createHmac('sha256', key).update('bundle').digest(), 4)}`;
}
