// One entry point for observable normalisation: each SCO type compares in its own canonical
// form, and the correlation key is "<kind>:<canonical value>". Hashes key on the value alone
// (a SHA-256 is the same file whatever field name carried it).
import type { ObservableFact } from '../facts.ts';
import { canonicalDomain } from './domain.ts';
import { canonicalEmail } from './email.ts';
import { canonicalIp } from './ip.ts';
import { canonicalPhone } from './phone.ts';
import { canonicalUrl } from './url.ts';

export type ObservableKind =
  | 'ipv4-addr'
  | 'ipv6-addr'
  | 'domain-name'
  | 'url'
  | 'email-addr'
  | 'phone-number'
  | 'hash'
  | 'vehicle-plate'
  | 'telegram'
  | 'other';

export interface NormalObservable {
  readonly kind: ObservableKind;
  readonly value: string;
  /** "<kind>:<value>": equal keys are the same observable. */
  readonly key: string;
  /** As the source wrote it, for the analyst. */
  readonly original: string;
}

const HASH_TYPES = new Set(['file', 'hash', 'md5', 'sha-1', 'sha1', 'sha-256', 'sha256', 'sha-512', 'sha512', 'sha3-256', 'sha3-512']);
const HASH_LENGTHS = new Set([32, 40, 56, 64, 96, 128]);
const PHONE_TYPES = new Set(['phone-number', 'phone', 'x-tearline-phone', 'x-phone-number', 'tel']);

/**
 * Normalised forms, by type and value. Re-assessing every threat re-reads its reports'
 * facts from the store and normalises each observable again (URL and IP parsing were a third
 * of a full re-assessment's CPU). The function is pure, so a memo cannot go stale; it is
 * bounded and simply starts over when full.
 */
const memo = new Map<string, NormalObservable | null>();
const MEMO_LIMIT = 200_000;

/** The canonical form of an observable, or null when its value is not valid for its type. */
export function normaliseObservable(observable: ObservableFact): NormalObservable | null {
  const memoKey = `${observable.type}\u0000${observable.value}`;
  const hit = memo.get(memoKey);
  if (hit !== undefined) return hit;
  const normal = normaliseUncached(observable);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(memoKey, normal);
  return normal;
}

function normaliseUncached(observable: ObservableFact): NormalObservable | null {
  const type = observable.type.trim().toLowerCase();
  const original = observable.value;
  const make = (kind: ObservableKind, value: string | null): NormalObservable | null =>
    value === null ? null : { kind, value, key: `${kind}:${value}`, original };
  switch (type) {
    case 'ipv4-addr':
    case 'ipv6-addr':
    case 'ipv4':
    case 'ipv6':
    case 'ip': {
      const ip = canonicalIp(original);
      return ip === null ? null : make(ip.version === 4 ? 'ipv4-addr' : 'ipv6-addr', ip.text);
    }
    case 'domain-name':
    case 'domain':
    case 'hostname':
      return make('domain-name', canonicalDomain(original));
    case 'url':
    case 'uri':
      return make('url', canonicalUrl(original));
    case 'email-addr':
    case 'email':
      return make('email-addr', canonicalEmail(original));
    case 'vehicle-plate':
    case 'x-tearline-vehicle-plate':
      // Plates are written with and without separators ("AB-123 CD" = "AB123CD").
      return make('vehicle-plate', nonEmpty(original.toUpperCase().replace(/[\s-]/g, '')));
    case 'telegram':
      return make('telegram', nonEmpty(`@${original.trim().replace(/^@/, '').toLowerCase()}`.replace(/^@$/, '')));
    default:
      if (PHONE_TYPES.has(type)) return make('phone-number', canonicalPhone(original));
      if (HASH_TYPES.has(type)) return make('hash', canonicalHash(original));
      // Types we do not know compare exactly, bar surrounding space: case may matter (wallets).
      return make('other', nonEmpty(original.trim()) === null ? null : `${type}:${original.trim()}`);
  }
}

/** Hex digests are case-insensitive; anything that is not a known digest length is not a hash. */
export function canonicalHash(input: string): string | null {
  const text = input.trim().toLowerCase();
  return /^[0-9a-f]+$/.test(text) && HASH_LENGTHS.has(text.length) ? text : null;
}

function nonEmpty(text: string): string | null {
  return text.trim() === '' ? null : text;
}
