// Signing in from tests: create a user through the real use case (with cheap scrypt
// parameters, so tests stay fast) and sign in through POST /api/auth/login, as the web UI does.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../../src/app/auth/createUser.ts';
import type { ScryptParams } from '../../src/app/auth/password.ts';
import type { Clock, Store } from '../../src/app/ports.ts';
import type { Role } from '../../src/domain/warning/roles.ts';
import type { Clearance } from '../../src/domain/people/user.ts';

/** The smallest parameters password.ts accepts: only for tests. */
export const TEST_PASSWORD_PARAMS: ScryptParams = Object.freeze({ N: 1024, r: 8, p: 1, saltBytes: 16, keyBytes: 64 });

/** buildServer's `auth` option for tests: cheap hashing, generous throttles. */
export const TEST_AUTH = Object.freeze({
  passwordParams: TEST_PASSWORD_PARAMS,
  accountAttempts: { limit: 1000, windowMs: 60_000 },
  addressAttempts: { limit: 1000, windowMs: 60_000 },
});

export interface TestUser {
  readonly username: string;
  readonly password: string;
}

export interface TestUserOptions {
  readonly roles?: readonly Role[];
  readonly clearance?: Clearance;
  readonly compartments?: readonly string[];
}

let serial = 0;

export async function addUser(store: Store, clock: Clock, options: TestUserOptions = {}, username = `tester${++serial}`): Promise<TestUser> {
  const password = `correct horse battery ${username}`;
  const outcome = await createUser(
    { username, roles: options.roles ?? ['analyst'], clearance: options.clearance ?? 'TS', compartments: options.compartments ?? [], password },
    'system:test',
    { store, clock, passwordParams: TEST_PASSWORD_PARAMS },
  );
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return { username, password };
}

/** Headers that carry a signed-in session (cookie and CSRF token) on app.inject calls. */
// A type alias, not an interface: aliases are assignable to inject's header record.
export type SessionHeaders = {
  readonly cookie: string;
  readonly 'x-csrf-token': string;
};

export async function signIn(app: FastifyInstance, user: TestUser): Promise<SessionHeaders> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: user.password } });
  assert.equal(res.statusCode, 200, res.body);
  const setCookie = res.headers['set-cookie'];
  const line = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  assert.ok(line !== undefined, 'sign-in sets a cookie');
  const { csrfToken } = res.json() as { csrfToken: string };
  return { cookie: line.split(';')[0] as string, 'x-csrf-token': csrfToken };
}

/** A new user with these roles, signed in. */
export async function signedInAs(app: FastifyInstance, store: Store, clock: Clock, options: TestUserOptions = {}): Promise<SessionHeaders> {
  return signIn(app, await addUser(store, clock, options));
}

const sessions = new WeakMap<FastifyInstance, SessionHeaders>();

/** Signs a new user in to `app` and remembers the session for sessionOf(app). */
export async function signInTo(app: FastifyInstance, store: Store, clock: Clock, options: TestUserOptions = {}): Promise<SessionHeaders> {
  const session = await signedInAs(app, store, clock, options);
  sessions.set(app, session);
  return session;
}

/** The session signInTo made for `app` (no headers when there is none). */
export function sessionOf(app: FastifyInstance): Partial<SessionHeaders> {
  return sessions.get(app) ?? {};
}

/** A clock tests move by hand. */
export function manualClock(start = '2025-01-01T00:00:00.000Z'): Clock & { set(at: string): void; advanceMinutes(minutes: number): void } {
  let now = start;
  return {
    now: () => now,
    set(at: string) {
      now = at;
    },
    advanceMinutes(minutes: number) {
      now = new Date(Date.parse(now) + minutes * 60_000).toISOString();
    },
  };
}
