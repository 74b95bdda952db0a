// Sign-in for the web UI and API clients:
//   POST /api/auth/login     {username, password} -> 200 {user, permissions, csrfToken, expiresAt}
//                            + Set-Cookie tearline_session (HttpOnly, SameSite=Strict, Secure over TLS)
//   POST /api/auth/logout    -> 204, the session ends and the cookie is cleared
//   GET  /api/auth/me        -> 200 {user, permissions, csrfToken?, via}
//   POST /api/auth/password  {currentPassword, newPassword} -> 204 (required after a one-time password)
// Every state-changing request with the session cookie sends `X-CSRF-Token: <csrfToken>`.
// Sign-in is JSON only: a cross-site form cannot post JSON without a CORS preflight, which we
// never grant, so sign-in itself cannot be forged (login CSRF).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changeOwnPassword } from '../../app/auth/changePassword.ts';
import { login, logout, recordLockout } from '../../app/auth/login.ts';
import { csrfTokenFor } from '../../app/auth/secrets.ts';
import type { UserRecord } from '../../app/ports/users.ts';
import { MAX_PASSWORD_LENGTH } from '../../domain/people/passwordRules.ts';
import { permissionsOf, type Permission } from '../../domain/people/permissions.ts';
import { ApiError } from '../errors.ts';
import { PUBLIC, signedIn } from './access.ts';
import { readCookie, sessionCookie } from './cookies.ts';
import { principalOf, secureCookie, type AuthRuntime } from './plugin.ts';
import { problemError, stringField } from './problems.ts';
import { sendTooManyRequests } from './rateLimit.ts';
import { SESSION_COOKIE } from './settings.ts';

/** Sign-in bodies are two short strings. */
const AUTH_BODY_LIMIT = 16 * 1024;

export interface UserJson {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly clearance: string;
  readonly compartments: readonly string[];
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function userJson(user: UserRecord): UserJson {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    clearance: user.clearance,
    compartments: user.compartments,
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

function sorted(permissions: ReadonlySet<Permission>): Permission[] {
  return [...permissions].sort();
}

export function registerAuthRoutes(app: FastifyInstance, auth: AuthRuntime): void {
  app.post('/api/auth/login', { config: { access: PUBLIC }, bodyLimit: AUTH_BODY_LIMIT }, async (request, reply) => {
    const username = stringField(request.body, 'username', 256);
    const password = stringField(request.body, 'password', MAX_PASSWORD_LENGTH * 4);
    return signIn(request, reply, auth, username, password);
  });

  app.post('/api/auth/logout', { config: { access: signedIn({ duringPasswordChange: true }) }, bodyLimit: AUTH_BODY_LIMIT }, async (request, reply) => {
    await logout(principalOf(request), auth.ctx);
    return reply
      .header('set-cookie', sessionCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: secureCookie(request, auth.settings) }))
      .code(204)
      .send();
  });

  app.get('/api/auth/me', { config: { access: signedIn({ duringPasswordChange: true }) } }, async (request) => {
    const principal = principalOf(request);
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    return {
      user: userJson(principal.user),
      permissions: sorted(principal.permissions),
      via: principal.via,
      ...(principal.via === 'session' && token !== undefined ? { csrfToken: csrfTokenFor(token) } : {}),
    };
  });

  app.post('/api/auth/password', { config: { access: signedIn({ duringPasswordChange: true }) }, bodyLimit: AUTH_BODY_LIMIT }, async (request, reply) => {
    const principal = principalOf(request);
    if (principal.via !== 'session') throw new ApiError(403, 'forbidden', 'a password is changed from a signed-in session, not with an API token');
    const currentPassword = stringField(request.body, 'currentPassword', MAX_PASSWORD_LENGTH * 4);
    const newPassword = stringField(request.body, 'newPassword', MAX_PASSWORD_LENGTH * 4);
    const outcome = await changeOwnPassword({ currentPassword, newPassword }, principal, auth.ctx);
    if (!outcome.ok) throw problemError(outcome.problem);
    return reply.code(204).send();
  });
}

async function signIn(request: FastifyRequest, reply: FastifyReply, auth: AuthRuntime, username: string, password: string): Promise<FastifyReply> {
  const now = Date.now();
  const accountKey = username.trim().toLowerCase().slice(0, 128);
  const addressKey = request.ip;
  // Refused before any password is checked: a locked account answers the same whether the
  // password is right or not, and whether the account exists or not.
  for (const check of [auth.addressLimiter.check(addressKey, now), auth.accountLimiter.check(accountKey, now)]) {
    if (!check.allowed) return sendTooManyRequests(reply, check.retryAfterSeconds, 'too many sign-in attempts');
  }
  // Counted before checking, so parallel guesses cannot all slip in under the limit.
  const byAddress = auth.addressLimiter.hit(addressKey, now);
  const byAccount = auth.accountLimiter.hit(accountKey, now);
  if (!byAddress.allowed || !byAccount.allowed) {
    return sendTooManyRequests(reply, Math.max(byAddress.retryAfterSeconds, byAccount.retryAfterSeconds), 'too many sign-in attempts');
  }
  const result = await login({ username, password, ip: request.ip }, { ...auth.ctx, sessionTtlMinutes: auth.settings.sessionTtlMinutes });
  if (!result.ok) {
    request.log.warn({ failure: result.failure, ip: request.ip }, 'sign-in failed');
    const locks = [['address', byAddress, auth.addressLimiter, addressKey], ['account', byAccount, auth.accountLimiter, accountKey]] as const;
    for (const [scope, hit, limiter, key] of locks) {
      if (!hit.blockedNow) continue;
      const until = new Date(now + limiter.check(key, now).retryAfterSeconds * 1000).toISOString();
      await recordLockout(scope, { username, ip: request.ip, until }, auth.ctx);
    }
    throw new ApiError(401, 'invalid-credentials', 'invalid username or password');
  }
  auth.accountLimiter.reset(accountKey);
  const { user, sessionToken, csrfToken, expiresAt } = result.value;
  return reply
    .header('set-cookie', sessionCookie(SESSION_COOKIE, sessionToken, { maxAgeSeconds: auth.settings.sessionTtlMinutes * 60, secure: secureCookie(request, auth.settings) }))
    .send({ user: userJson(user), permissions: sorted(permissionsOf(user.roles)), csrfToken, expiresAt, mustChangePassword: user.mustChangePassword });
}
