// Authentication and authorisation for every route, installed on the root instance before any
// route is registered:
// - onRoute: each route's access is resolved (access.ts) or the server refuses to start;
// - onRequest: a `signed-in` or `permission` route needs a session cookie (plus the CSRF
//   header on state-changing methods) or an `Authorization: Bearer` API token, and then the
//   permission; public and partner routes pass through (partner routes authenticate in the
//   TAXII module). This runs before the body is read, so strangers cannot make us parse.
// Refusals: 401 without valid credentials, 403 without the permission. Whether an object
// exists is never part of it: the object routes answer 404 for hidden and absent alike.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateApiToken, authenticateSession } from '../../app/auth/authenticate.ts';
import type { AuthContext, Principal } from '../../app/auth/context.ts';
import { csrfTokenFor, sameSecret } from '../../app/auth/secrets.ts';
import type { Clock, Store } from '../../app/ports.ts';
import { ApiError } from '../errors.ts';
import { accessFor, type DeclaredRoute, type RouteAccess } from './access.ts';
import { readCookie } from './cookies.ts';
import { DEFAULT_JSON_BODY_BYTES, installJsonParser } from './jsonBody.ts';
import { WindowLimiter } from './rateLimit.ts';
import { installSecurityHeaders } from './securityHeaders.ts';
import { CSRF_HEADER, SESSION_COOKIE, type AuthSettings } from './settings.ts';

/** What the auth routes share with the hooks. */
export interface AuthRuntime {
  readonly ctx: AuthContext;
  readonly settings: AuthSettings;
  readonly accountLimiter: WindowLimiter;
  readonly addressLimiter: WindowLimiter;
  /** Every route registered so far, with its access (for the route table test). */
  readonly routes: readonly DeclaredRoute[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const declared = new WeakMap<FastifyInstance, readonly DeclaredRoute[]>();

/** The routes of a server built by buildServer, with their declared access. */
export function declaredRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return declared.get(app) ?? [];
}

export function installAuth(app: FastifyInstance, store: Store, clock: Clock, settings: AuthSettings): AuthRuntime {
  const routes: DeclaredRoute[] = [];
  declared.set(app, routes);
  const ctx: AuthContext = { store, clock, passwordParams: settings.passwordParams };
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const access = accessFor(method, route.url, route.config?.access);
      routes.push({ method, url: route.url, access });
      route.config = { ...route.config, access };
    }
    // Only the routes that need a principal get the hook, ahead of their own: public and
    // partner routes (TAXII authenticates its accounts itself) and the not-found handler
    // pay nothing for it, not even the promise of a hook that returns at once.
    const access = route.config?.access;
    if (access !== undefined && needsPrincipal(access)) {
      const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
      const authoriseRequest = async (request: FastifyRequest): Promise<void> => {
        request.principal = await authorise(request, access, ctx);
      };
      route.onRequest = [authoriseRequest, ...own];
    }
  });
  app.decorateRequest('principal', null);
  installJsonParser(app, DEFAULT_JSON_BODY_BYTES);
  installSecurityHeaders(app);
  return {
    ctx,
    settings,
    accountLimiter: new WindowLimiter(settings.accountAttempts),
    addressLimiter: new WindowLimiter(settings.addressAttempts),
    routes,
  };
}

function needsPrincipal(access: RouteAccess): access is Exclude<RouteAccess, { kind: 'public' | 'partner' }> {
  return access.kind !== 'public' && access.kind !== 'partner';
}

async function authorise(request: FastifyRequest, access: Exclude<RouteAccess, { kind: 'public' | 'partner' }>, ctx: AuthContext): Promise<Principal> {
  const principal = await authenticate(request, ctx);
  if (principal.via === 'session' && principal.user.mustChangePassword && !(access.kind === 'signed-in' && access.duringPasswordChange)) {
    throw new ApiError(403, 'password-change-required', 'change the one-time password first (POST /api/auth/password)');
  }
  if (access.kind === 'permission' && !principal.permissions.has(access.permission)) {
    throw new ApiError(403, 'forbidden', `this needs the '${access.permission}' permission, which your roles${principal.via === 'token' ? ' or this token' : ''} do not grant`);
  }
  return principal;
}

async function authenticate(request: FastifyRequest, ctx: AuthContext): Promise<Principal> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    // RFC 6750 §2.1. A token that does not check out is refused, never ignored in favour of a cookie.
    const m = /^Bearer ([^\s]+)$/i.exec(authorization.trim());
    const principal = m === null ? null : await authenticateApiToken(m[1] as string, ctx);
    if (principal === null) throw new ApiError(401, 'unauthenticated', 'the API token is not valid (unknown, expired or revoked)');
    return principal;
  }
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  const principal = token === undefined ? null : await authenticateSession(token, ctx);
  if (token === undefined || principal === null) throw new ApiError(401, 'unauthenticated', 'sign in first (POST /api/auth/login)');
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, csrfTokenFor(token))) {
      throw new ApiError(403, 'csrf', `a state-changing request needs the ${CSRF_HEADER} header from sign-in or GET /api/auth/me`);
    }
  }
  return principal;
}

/** The principal of a `signed-in` or `permission` route (set by the onRequest hook). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new ApiError(401, 'unauthenticated', 'sign in first (POST /api/auth/login)');
  return request.principal;
}

export function secureCookie(request: FastifyRequest, settings: AuthSettings): boolean {
  return settings.secureCookies === 'always' || request.protocol === 'https';
}

