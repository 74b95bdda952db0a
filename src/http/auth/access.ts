// Every route says who may call it (issue 8 "Authorisation"): the route's own
// `config: { access }`, or — for routes whose modules predate this — an entry in
// ROUTES_DECLARED_HERE below. installAuth refuses to start a server with a route that has
// neither, so a new route cannot be forgotten (the check runs in every test that builds a
// server, and in test/auth/routes.test.ts).
import type { Permission } from '../../domain/people/permissions.ts';
import type { Principal } from '../../app/auth/context.ts';

export type RouteAccess =
  /** Anyone, signed in or not: health, sign-in, the UI's static files. */
  | { readonly kind: 'public' }
  /** Any signed-in user; `duringPasswordChange` lets a one-time-password session call it. */
  | { readonly kind: 'signed-in'; readonly duringPasswordChange: boolean }
  /** A signed-in user (or API token) holding this permission. */
  | { readonly kind: 'permission'; readonly permission: Permission }
  /** A partner account: authenticated by the TAXII module's own hook, not by this one. */
  | { readonly kind: 'partner' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The signed-in user of a `signed-in` or `permission` route; null elsewhere. */
    principal: Principal | null;
  }
}

export const PUBLIC: RouteAccess = Object.freeze({ kind: 'public' });
export const PARTNER: RouteAccess = Object.freeze({ kind: 'partner' });

export function requires(permission: Permission): RouteAccess {
  return { kind: 'permission', permission };
}

export function signedIn(options: { readonly duringPasswordChange?: boolean } = {}): RouteAccess {
  return { kind: 'signed-in', duringPasswordChange: options.duringPasswordChange === true };
}

/**
 * Access of routes registered by modules that do not declare it themselves, by
 * `METHOD /url` (HEAD routes follow their GET). Prefer `config: { access }` on new routes.
 */
export const ROUTES_DECLARED_HERE: Readonly<Record<string, RouteAccess>> = {
  // Liveness for load balancers and the start-up check.
  'GET /api/health': PUBLIC,
  'POST /api/ingest': requires('objects.ingest'),
  // The web UI's files (static.ts): the UI itself then signs in through /api/auth.
  'GET /': PUBLIC,
  'GET /*': PUBLIC,
};

export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess;
}

export class UndeclaredRouteError extends Error {
  constructor(readonly method: string, readonly url: string) {
    super(`route ${method} ${url} declares no access: add config: { access: requires('<permission>') } (or PUBLIC, signedIn(), PARTNER) — see src/http/auth/access.ts`);
    this.name = 'UndeclaredRouteError';
  }
}

/** The access a route registers with; throws UndeclaredRouteError when it has none. */
export function accessFor(method: string, url: string, declared: RouteAccess | undefined): RouteAccess {
  if (declared !== undefined) return declared;
  const listed = ROUTES_DECLARED_HERE[`${method === 'HEAD' ? 'GET' : method} ${url}`];
  if (listed === undefined) throw new UndeclaredRouteError(method, url);
  return listed;
}
