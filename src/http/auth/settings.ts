// The server's authentication settings; main.ts fills them from the configuration, tests
// pass what they need.
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from '../../app/auth/password.ts';
import type { LimiterSettings } from './rateLimit.ts';

export interface AuthSettings {
  /** Absolute session lifetime from sign-in. */
  readonly sessionTtlMinutes: number;
  /** 'auto': Secure cookies when the request came over TLS; 'always': also behind a TLS-terminating proxy. */
  readonly secureCookies: 'auto' | 'always';
  readonly passwordParams: ScryptParams;
  /** Sign-in attempts per account (any username, existing or not). */
  readonly accountAttempts: LimiterSettings;
  /** Sign-in attempts per client address. */
  readonly addressAttempts: LimiterSettings;
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

export const DEFAULT_AUTH_SETTINGS: AuthSettings = Object.freeze({
  sessionTtlMinutes: 8 * 60,
  secureCookies: 'auto',
  passwordParams: DEFAULT_SCRYPT_PARAMS,
  // OWASP Authentication Cheat Sheet "Login Throttling": lock for a while after a few failures.
  accountAttempts: { limit: 5, windowMs: FIFTEEN_MINUTES, blockMs: FIFTEEN_MINUTES },
  addressAttempts: { limit: 30, windowMs: FIFTEEN_MINUTES, blockMs: FIFTEEN_MINUTES },
});

export const SESSION_COOKIE = 'tearline_session';
/** The header the web UI sends its CSRF token in on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';
