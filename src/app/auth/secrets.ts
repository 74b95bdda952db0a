// Random secrets handed to clients (session cookies, API tokens, one-time passwords) and the
// digests the store keeps instead of them. 32 random bytes = 256 bits: a SHA-256 of such a
// value needs no salt or slow hash, because there is nothing to guess.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const API_TOKEN_PREFIX = 'tearline_pat_';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The prefix lets secret scanners recognise a leaked token. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** A public id for a token (12 hex digits): shown in lists, used to revoke. */
export function newTokenId(): string {
  return randomBytes(6).toString('hex');
}

export function newUserId(): string {
  return randomUUID();
}

/** Letters and digits without look-alikes (no 0/O, 1/l/I), in groups of 4 for reading aloud. */
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password of 20 characters (~115 bits), e.g. `k7Qm-x2Pa-…`. */
export function newOneTimePassword(): string {
  const chars: string[] = [];
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % OTP_ALPHABET.length);
  while (chars.length < 20) {
    for (const byte of randomBytes(32)) {
      if (byte < limit && chars.length < 20) chars.push(OTP_ALPHABET[byte % OTP_ALPHABET.length] as string);
    }
  }
  return [0, 4, 8, 12, 16].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/**
 * The CSRF token of a session: derived from the session secret, so the server stores nothing
 * and a page that cannot read the HttpOnly session cookie cannot compute it (a synchronizer
 * token bound to the session, OWASP CSRF Prevention Cheat Sheet).
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('tearline csrf v1').digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
