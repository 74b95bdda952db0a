// Who a request is: a session cookie or an API token, resolved against the store on every
// request, so a disabled user, an ended session or a revoked token stops working at once.
import { permissionsOf, type Permission } from '../../domain/people/permissions.ts';
import { userActor } from '../audit/actors.ts';
import type { AuthContext, Principal } from './context.ts';
import { API_TOKEN_PREFIX, sha256Hex } from './secrets.ts';

/** Base64url of 32 bytes; anything else is not one of ours and is not looked up. */
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const API_TOKEN = new RegExp(`^${API_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

export async function authenticateSession(token: string, ctx: Pick<AuthContext, 'store' | 'clock'>): Promise<Principal | null> {
  if (!SESSION_TOKEN.test(token)) return null;
  const session = await ctx.store.users.findSession(sha256Hex(token), ctx.clock.now());
  if (session === null) return null;
  const user = await ctx.store.users.getUser(session.userId);
  if (user === null || user.disabled) return null;
  return { user, permissions: permissionsOf(user.roles), via: 'session', credential: session.tokenHash, actor: userActor(user.username) };
}

/**
 * Whether the credential a principal came with still stands: the session has not ended or
 * expired, the API token has not been revoked or expired. For what outlives its request (a
 * live event stream), which would otherwise go on after the person signed out.
 */
export async function credentialStands(principal: Principal, ctx: Pick<AuthContext, 'store' | 'clock'>): Promise<boolean> {
  const now = ctx.clock.now();
  if (principal.via === 'session') return (await ctx.store.users.findSession(principal.credential, now)) !== null;
  const token = await ctx.store.users.getApiToken(principal.credential);
  return token !== null && token.revokedAt === null && token.expiresAt > now;
}

export async function authenticateApiToken(token: string, ctx: Pick<AuthContext, 'store' | 'clock'>): Promise<Principal | null> {
  if (!API_TOKEN.test(token)) return null;
  const record = await ctx.store.users.findApiToken(sha256Hex(token), ctx.clock.now());
  if (record === null) return null;
  const user = await ctx.store.users.getUser(record.userId);
  if (user === null || user.disabled) return null;
  // The scopes were checked against the user's permissions when the token was made; roles may
  // have shrunk since, so the token can do only what both still allow.
  const roles = permissionsOf(user.roles);
  const permissions = new Set<Permission>(record.scopes.filter((scope) => roles.has(scope)));
  return { user, permissions, via: 'token', credential: record.id, actor: userActor(user.username) };
}
