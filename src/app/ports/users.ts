// Port: internal users, their password hashes, sessions and API tokens (issue 8). Partner
// accounts (TAXII, acknowledgements) are not here: they are the `taxii` facet's.
//
// Timestamps are RFC 3339 UTC with milliseconds (`2025-01-01T00:00:00.000Z`, what Clock.now()
// returns), so comparing them as text orders them in time. Secrets never reach the store:
// sessions and tokens are kept as SHA-256 hex digests of the value the client holds, and
// passwords as encoded scrypt hashes (app/auth/password.ts).
import type { Role } from '../../domain/warning/roles.ts';
import type { Clearance } from '../../domain/people/user.ts';
import type { Permission } from '../../domain/people/permissions.ts';

export interface UserRecord {
  /** Opaque and stable; never shown as a login name. */
  readonly id: string;
  /** Unique, lower case, never reused (users are disabled, not deleted). */
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly clearance: Clearance;
  /** Sorted, upper case. */
  readonly compartments: readonly string[];
  readonly disabled: boolean;
  /** Set for one-time passwords: the user may do nothing but change it. */
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewUser extends UserRecord {
  /** Encoded scrypt hash; null for an account that cannot sign in with a password (e.g. OIDC only). */
  readonly passwordHash: string | null;
}

/** The fields an update may change; absent ones stay as they are. */
export interface UserChanges {
  readonly displayName?: string;
  readonly roles?: readonly Role[];
  readonly clearance?: Clearance;
  readonly compartments?: readonly string[];
  readonly disabled?: boolean;
}

export interface SessionRecord {
  /** SHA-256 hex of the session cookie's value. */
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface ApiTokenRecord {
  /** Public id (shown in lists, used to revoke); not the secret. */
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  /** What the token may do: a subset of its user's permissions, checked again at each use. */
  readonly scopes: readonly Permission[];
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

export interface NewApiToken extends ApiTokenRecord {
  /** SHA-256 hex of the token string. */
  readonly tokenHash: string;
}

export type CreateUserOutcome = 'created' | 'username-taken';

export interface UsersReads {
  getUser(id: string): Promise<UserRecord | null>;
  /** By normalised (lower-case) username. */
  findUser(username: string): Promise<UserRecord | null>;
  /** Every user, ordered by username. Deployments have tens or hundreds, not millions. */
  listUsers(): Promise<readonly UserRecord[]>;
  countUsers(): Promise<number>;
  /** The stored password hash; null when the user has none or does not exist. */
  passwordHashOf(userId: string): Promise<string | null>;
  /** The session with this token hash if it expires after `now`, else null. */
  findSession(tokenHash: string, now: string): Promise<SessionRecord | null>;
  /** The token with this hash if it is neither revoked nor expired at `now`, else null. */
  findApiToken(tokenHash: string, now: string): Promise<ApiTokenRecord | null>;
  getApiToken(id: string): Promise<ApiTokenRecord | null>;
  /** Tokens (revoked and expired included), of one user or all, ordered by createdAt then id. */
  listApiTokens(userId?: string): Promise<readonly ApiTokenRecord[]>;
}

export interface UsersWrites extends UsersReads {
  /** Refuses (without writing) a username that is already taken; ids must be new. */
  createUser(user: NewUser): Promise<CreateUserOutcome>;
  /** Returns false when there is no such user. */
  updateUser(id: string, changes: UserChanges, updatedAt: string): Promise<boolean>;
  setPassword(id: string, passwordHash: string, mustChange: boolean, updatedAt: string): Promise<boolean>;
  createSession(session: SessionRecord): Promise<void>;
  /** Returns whether it existed. */
  deleteSession(tokenHash: string): Promise<boolean>;
  /** Ends every session of a user, except `keepTokenHash` when given. Returns how many ended. */
  deleteSessionsOf(userId: string, keepTokenHash?: string): Promise<number>;
  /** Removes sessions that expired at or before `now`. Returns how many. */
  deleteExpiredSessions(now: string): Promise<number>;
  createApiToken(token: NewApiToken): Promise<void>;
  /** Sets revokedAt once; returns false when there is no such token or it was already revoked. */
  revokeApiToken(id: string, revokedAt: string): Promise<boolean>;
}
