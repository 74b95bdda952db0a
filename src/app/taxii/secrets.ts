// Secrets of TAXII accounts: passwords (HTTP Basic, RFC 7617) and bearer tokens.
//
// Both are stored only as scrypt hashes, made and checked by the same code as internal
// users' passwords (app/auth/password.ts: node:crypto scrypt, N = 2^15, r = 8, p = 1, 16-byte
// salt, 64-byte key; the stored text names its parameters; keys compared with
// timingSafeEqual). Passwords follow the same rules (domain/people/passwordRules.ts).
//
// A token is `tlt_<token id>_<secret>`: the id (public, 12 hex digits) finds the account;
// only the 256-bit random secret is hashed and compared.
import { randomBytes } from 'node:crypto';
import { burnPasswordCheck, hashPassword, verifyPassword, type ScryptParams } from '../auth/password.ts';

export type { ScryptParams };

export function hashSecret(secret: string, params?: ScryptParams): Promise<string> {
  return hashPassword(secret, params);
}

/** Whether `secret` is the one `stored` was made from. An unreadable `stored` never verifies. */
export function verifySecret(secret: string, stored: string): Promise<boolean> {
  return verifyPassword(secret, stored);
}

/** As slow as verifySecret, for a credential that names no account: timing tells nothing. */
export function burnSecretCheck(secret: string): Promise<void> {
  return burnPasswordCheck(secret);
}

export interface NewToken {
  /** What the account stores and the lookup uses. */
  readonly tokenId: string;
  /** What is hashed. */
  readonly secret: string;
  /** What the client sends: `Authorization: Bearer <token>`. Shown once, never stored. */
  readonly token: string;
}

const TOKEN_FORMAT = /^tlt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function newToken(): NewToken {
  const tokenId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { tokenId, secret, token: `tlt_${tokenId}_${secret}` };
}

export function parseToken(token: string): { readonly tokenId: string; readonly secret: string } | null {
  const match = TOKEN_FORMAT.exec(token);
  return match === null ? null : { tokenId: match[1] as string, secret: match[2] as string };
}
