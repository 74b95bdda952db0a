// Use cases: sign in with a password, sign out, and record a lockout. Every attempt that gets
// as far as checking a password is audited, success or failure. Throttling (how many attempts,
// from where) is the caller's: the HTTP layer counts per account and per address.
//
// A failed sign-in says only "invalid username or password", whatever the cause, and takes as
// long when the account does not exist: the answer must not tell which usernames exist. The
// audit entry does say why, for oversight — but never the attempted username when no such
// account exists (people type passwords into the username field).
import { normaliseUsername } from '../../domain/people/user.ts';
import { ANONYMOUS_ACTOR, userActor } from '../audit/actors.ts';
import type { UserRecord } from '../ports/users.ts';
import { addMinutes, type AuthContext, type Principal, type SessionSettings } from './context.ts';
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { userSubject } from './profileDigest.ts';
import { csrfTokenFor, newSessionToken, sha256Hex } from './secrets.ts';

export interface LoginInput {
  readonly username: string;
  readonly password: string;
  /** The client's address, for the audit entry. */
  readonly ip: string;
}

export interface SignedIn {
  readonly user: UserRecord;
  /** The session cookie's value: handed to the client once, stored only as its SHA-256. */
  readonly sessionToken: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export type LoginFailure = 'unknown-user' | 'no-password' | 'wrong-password' | 'disabled';

export type LoginResult = { readonly ok: true; readonly value: SignedIn } | { readonly ok: false; readonly failure: LoginFailure };

/** Subject of audit entries about an account that does not exist. */
const UNKNOWN_ACCOUNT = 'user:?';

export async function login(input: LoginInput, ctx: AuthContext & SessionSettings): Promise<LoginResult> {
  const username = normaliseUsername(input.username);
  const user = username.length <= 64 ? await ctx.store.users.findUser(username) : null;
  const stored = user === null ? null : await ctx.store.users.passwordHashOf(user.id);
  let failure: LoginFailure | undefined;
  if (user === null || stored === null) {
    await burnPasswordCheck(input.password, ctx.passwordParams);
    failure = user === null ? 'unknown-user' : 'no-password';
  } else if (!(await verifyPassword(input.password, stored))) {
    failure = 'wrong-password';
  } else if (user.disabled) {
    // Checked after the password, so a disabled account answers exactly like a wrong password.
    failure = 'disabled';
  }
  const now = ctx.clock.now();
  if (failure !== undefined || user === null || stored === null) {
    const reason = failure ?? 'unknown-user';
    await ctx.store.write((tx) => tx.audit.append({
      at: now,
      actor: ANONYMOUS_ACTOR,
      action: 'auth.login-failed',
      subject: user === null ? UNKNOWN_ACCOUNT : userSubject(user.username),
      details: { ip: input.ip, failure: reason },
    }));
    return { ok: false, failure: reason };
  }
  const rehash = needsRehash(stored, ctx.passwordParams) ? await hashPassword(input.password, ctx.passwordParams) : undefined;
  const sessionToken = newSessionToken();
  const expiresAt = addMinutes(now, ctx.sessionTtlMinutes);
  await ctx.store.write(async (tx) => {
    await tx.users.deleteExpiredSessions(now);
    await tx.users.createSession({ tokenHash: sha256Hex(sessionToken), userId: user.id, createdAt: now, expiresAt });
    if (rehash !== undefined) await tx.users.setPassword(user.id, rehash, user.mustChangePassword, now);
    await tx.audit.append({
      at: now,
      actor: userActor(user.username),
      action: 'auth.login',
      subject: userSubject(user.username),
      details: { ip: input.ip, via: 'password', ...(rehash !== undefined ? { rehashed: true } : {}) },
    });
  });
  return { ok: true, value: { user, sessionToken, csrfToken: csrfTokenFor(sessionToken), expiresAt } };
}

export async function logout(principal: Principal, ctx: AuthContext): Promise<void> {
  if (principal.via !== 'session') return;
  const now = ctx.clock.now();
  await ctx.store.write(async (tx) => {
    await tx.users.deleteSession(principal.credential);
    await tx.audit.append({ at: now, actor: principal.actor, action: 'auth.logout', subject: userSubject(principal.user.username) });
  });
}

/**
 * Records that sign-in was refused for a while after repeated failures (for an account, or
 * from an address). Only the moment a lock starts is recorded, not each refused attempt.
 */
export async function recordLockout(scope: 'account' | 'address', input: { readonly username: string; readonly ip: string; readonly until: string }, ctx: AuthContext): Promise<void> {
  const username = normaliseUsername(input.username);
  const user = scope === 'account' && username.length <= 64 ? await ctx.store.users.findUser(username) : null;
  await ctx.store.write((tx) => tx.audit.append({
    at: ctx.clock.now(),
    actor: 'system:login-throttle',
    action: 'auth.lockout',
    subject: user === null ? (scope === 'address' ? `address:${input.ip}` : UNKNOWN_ACCOUNT) : userSubject(user.username),
    details: { scope, ip: input.ip, until: input.until },
  }));
}
