// Who is calling the TAXII API (TAXII 2.1 §1.6.9: RFC 7235 Authorization header; HTTP
// Basic per RFC 7617, §8.2.2 "SHOULD implement"; bearer API tokens, RFC 6750 §2.1).
//
// Every request looks the account up again, so a removed account or a changed secret
// stops working at once. The same read brings the collection the request names, with the
// account's rights on it (accountAccess): one store read per request instead of two.
//
// A scrypt verification costs ~0.1 s of CPU, far too much per request, so a successful one
// is remembered for a while: the cache key is an HMAC of the presented credential under a
// key that lives only in this process (a memory dump does not yield a fast-to-crack digest
// of the password), and an entry only counts while the account still has the very hash it
// was verified against.
import { createHmac, randomBytes } from 'node:crypto';
import type { CollectionAccess, TaxiiAccount, TaxiiReads } from '../ports/taxii.ts';
import { burnSecretCheck, parseToken, verifySecret } from './secrets.ts';

export type AuthOutcome =
  /** `access`: the collection asked for as the account sees it (null: none asked for, or no such collection). */
  | { readonly ok: true; readonly account: TaxiiAccount; readonly access: CollectionAccess | null }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'rejected' };

export interface AuthenticatorOptions {
  /** How long a verified credential is trusted without scrypt (ms). */
  readonly cacheTtlMs?: number;
  readonly cacheSize?: number;
  readonly now?: () => number;
}

const DEFAULT_TTL_MS = 10 * 60 * 1000;
const DEFAULT_CACHE_SIZE = 1000;
/** Longer credentials are refused before any work (no legitimate one comes close). */
const MAX_CREDENTIAL_CHARS = 1024;

interface Verified {
  readonly secretHash: string;
  readonly until: number;
}

export class Authenticator {
  readonly #accounts: Pick<TaxiiReads, 'accountAccess'>;
  readonly #ttl: number;
  readonly #size: number;
  readonly #now: () => number;
  readonly #key = randomBytes(32);
  /** Insertion-ordered: the oldest entry is evicted first. */
  readonly #verified = new Map<string, Verified>();
  /** Checks under way: concurrent requests with one credential share one scrypt run. */
  readonly #pending = new Map<string, Promise<boolean>>();

  constructor(accounts: Pick<TaxiiReads, 'accountAccess'>, options: AuthenticatorOptions = {}) {
    this.#accounts = accounts;
    this.#ttl = options.cacheTtlMs ?? DEFAULT_TTL_MS;
    this.#size = options.cacheSize ?? DEFAULT_CACHE_SIZE;
    this.#now = options.now ?? Date.now;
  }

  /** Checks an Authorization header value; with `collection` (an id or alias), also reads the account's access to it. */
  async authenticate(authorization: string | undefined, collection: string | null = null): Promise<AuthOutcome> {
    if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing' };
    if (authorization.length > MAX_CREDENTIAL_CHARS) return { ok: false, reason: 'malformed' };
    const credential = parseAuthorization(authorization);
    if (credential === null) return { ok: false, reason: 'malformed' };
    const found = await this.#accounts.accountAccess(credential.kind === 'basic' ? { name: credential.user } : { tokenId: credential.tokenId }, collection);
    const account = found?.account ?? null;
    const expected = credential.kind === 'basic' ? 'password' : 'token';
    if (account === null || account.credential !== expected) {
      // As slow as a real check, so timing does not tell which account names exist.
      await burnSecretCheck(credential.secret);
      return { ok: false, reason: 'rejected' };
    }
    const cacheKey = createHmac('sha256', this.#key).update(`${expected}\0${account.name}\0${credential.secret}`).digest('base64url');
    const cached = this.#verified.get(cacheKey);
    const access = found?.access ?? null;
    if (cached !== undefined && cached.secretHash === account.secretHash && cached.until > this.#now()) return { ok: true, account, access };
    const pendingKey = `${cacheKey}\0${account.secretHash}`;
    let check = this.#pending.get(pendingKey);
    if (check === undefined) {
      check = verifySecret(credential.secret, account.secretHash).finally(() => this.#pending.delete(pendingKey));
      this.#pending.set(pendingKey, check);
    }
    if (!(await check)) return { ok: false, reason: 'rejected' };
    this.#remember(cacheKey, account.secretHash);
    return { ok: true, account, access };
  }

  #remember(key: string, secretHash: string): void {
    this.#verified.delete(key);
    this.#verified.set(key, { secretHash, until: this.#now() + this.#ttl });
    while (this.#verified.size > this.#size) {
      const oldest = this.#verified.keys().next().value;
      if (oldest === undefined) break;
      this.#verified.delete(oldest);
    }
  }
}

type Credential =
  | { readonly kind: 'basic'; readonly user: string; readonly secret: string }
  | { readonly kind: 'token'; readonly tokenId: string; readonly secret: string };

/** RFC 7235 §2.1: the scheme is case-insensitive, one space, then the credentials. */
export function parseAuthorization(header: string): Credential | null {
  const match = /^([A-Za-z]+) +(\S+) *$/.exec(header);
  if (match === null) return null;
  const scheme = (match[1] as string).toLowerCase();
  const value = match[2] as string;
  if (scheme === 'basic') {
    // RFC 7617 §2: base64 of user-id ":" password, UTF-8 (we announce charset="UTF-8").
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return null;
    return { kind: 'basic', user: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  if (scheme === 'bearer') {
    const token = parseToken(value);
    return token === null ? null : { kind: 'token', ...token };
  }
  return null;
}
