// Password hashing with scrypt (RFC 7914) from node:crypto. The stored form carries its own
// parameters, so they can be raised later: a hash made with weaker ones still verifies and is
// re-hashed with the current ones at the next successful login (needsRehash).
//
//   scrypt$v=1$N=32768,r=8,p=1$<salt, base64>$<key, base64>
//
// Defaults (issue 8): N = 2^15, r = 8, p = 1 — 32 MiB and roughly 50-100 ms per hash on one
// server core — a 16-byte random salt and a 64-byte key. OWASP's Password Storage Cheat Sheet
// suggests N = 2^17 for new systems: raise DEFAULT_SCRYPT_PARAMS when the hardware allows, and
// stored hashes follow at their next login.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { normalisePassword } from '../../domain/people/passwordRules.ts';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
  readonly saltBytes: number;
  readonly keyBytes: number;
}

export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 64 });

/** The bounds a stored hash's parameters must fall in before we spend CPU and memory on it. */
const LIMITS = { minN: 2 ** 10, maxN: 2 ** 20, maxR: 32, maxP: 16, minSalt: 16, maxSalt: 64, minKey: 32, maxKey: 128 };

interface Decoded {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128·N·r bytes; node's default cap (32 MiB) is exactly N=2^15,r=8, so leave room.
    maxmem: 256 * params.N * params.r + 16 * 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(normalisePassword(password), salt, params.keyBytes, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(params.saltBytes);
  const key = await derive(password, salt, params);
  return `scrypt$v=1$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function decode(stored: string): Decoded | undefined {
  const parts = stored.split('$');
  if (parts.length !== 5 || parts[0] !== 'scrypt' || parts[1] !== 'v=1') return undefined;
  const m = /^N=(\d+),r=(\d+),p=(\d+)$/.exec(parts[2] as string);
  if (m === null) return undefined;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const salt = Buffer.from(parts[3] as string, 'base64');
  const key = Buffer.from(parts[4] as string, 'base64');
  // Node's decoder skips what it cannot read; only the exact encoding of the bytes counts.
  if (salt.toString('base64') !== parts[3] || key.toString('base64') !== parts[4]) return undefined;
  const powerOfTwo = (N & (N - 1)) === 0;
  if (!powerOfTwo || N < LIMITS.minN || N > LIMITS.maxN || r < 1 || r > LIMITS.maxR || p < 1 || p > LIMITS.maxP) return undefined;
  if (salt.length < LIMITS.minSalt || salt.length > LIMITS.maxSalt || key.length < LIMITS.minKey || key.length > LIMITS.maxKey) return undefined;
  return { params: { N, r, p, saltBytes: salt.length, keyBytes: key.length }, salt, key };
}

/** Whether `password` matches `stored`. An unreadable stored hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const decoded = decode(stored);
  if (decoded === undefined) return false;
  const key = await derive(password, decoded.salt, decoded.params);
  return timingSafeEqual(key, decoded.key);
}

/** Whether a stored hash was made with weaker parameters than `current` (or cannot be read). */
export function needsRehash(stored: string, current: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const decoded = decode(stored);
  if (decoded === undefined) return true;
  const p = decoded.params;
  return p.N < current.N || p.r < current.r || p.p < current.p || p.saltBytes < current.saltBytes || p.keyBytes < current.keyBytes;
}

/**
 * Spends the same time as checking a real password, for logins that name no usable account:
 * the answer's timing then does not tell which usernames exist.
 */
export async function burnPasswordCheck(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<void> {
  await derive(password, Buffer.alloc(params.saltBytes), params);
}
