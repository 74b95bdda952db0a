// What the auth use cases need, and who a request acts as once authenticated.
import type { Permission } from '../../domain/people/permissions.ts';
import type { Clock, Store } from '../ports.ts';
import type { UserRecord } from '../ports/users.ts';
import type { ScryptParams } from './password.ts';

export interface AuthContext {
  readonly store: Store;
  readonly clock: Clock;
  /** Parameters for new password hashes (tests pass cheaper ones). */
  readonly passwordParams: ScryptParams;
}

export interface SessionSettings {
  /** How long a session lasts from sign-in, in minutes (absolute, not sliding). */
  readonly sessionTtlMinutes: number;
}

/** A signed-in internal user, as one request sees them. */
export interface Principal {
  readonly user: UserRecord;
  /** What this request may do: the roles' permissions, narrowed by an API token's scopes. */
  readonly permissions: ReadonlySet<Permission>;
  readonly via: 'session' | 'token';
  /** The session's token hash, or the API token's public id. */
  readonly credential: string;
  /** How the audit log names them (`user:<username>`). */
  readonly actor: string;
}

/** A refusal the caller shows to a person: a stable code and a sentence. */
export interface AuthProblem {
  readonly code:
    | 'invalid-profile'
    | 'username-taken'
    | 'no-such-user'
    | 'weak-password'
    | 'wrong-password'
    | 'last-administrator'
    | 'invalid-scope'
    | 'invalid-expiry'
    | 'no-such-token';
  readonly message: string;
  readonly details?: readonly string[];
}

export type AuthOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: AuthProblem };

export function refused<T>(code: AuthProblem['code'], message: string, details?: readonly string[]): AuthOutcome<T> {
  return { ok: false, problem: details === undefined ? { code, message } : { code, message, details } };
}

export function addMinutes(timestamp: string, minutes: number): string {
  return new Date(Date.parse(timestamp) + minutes * 60_000).toISOString();
}
