// Use cases: create and revoke API tokens for scripts and integrations. A token acts as its
// user, limited to its scopes, until it expires or is revoked; it is shown once at creation
// and stored only as its SHA-256.
import { isPermission, permissionsOf, type Permission } from '../../domain/people/permissions.ts';
import { normaliseUsername } from '../../domain/people/user.ts';
import type { ApiTokenRecord } from '../ports/users.ts';
import { addMinutes, refused, type AuthContext, type AuthOutcome } from './context.ts';
import { userSubject } from './profileDigest.ts';
import { newApiToken, newTokenId, sha256Hex } from './secrets.ts';

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;

export interface CreateTokenInput {
  readonly username: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly days?: number;
}

export interface CreatedToken {
  readonly record: ApiTokenRecord;
  /** The secret: shown once. */
  readonly token: string;
}

export async function createApiToken(input: CreateTokenInput, actor: string, ctx: AuthContext): Promise<AuthOutcome<CreatedToken>> {
  const user = await ctx.store.users.findUser(normaliseUsername(input.username));
  if (user === null) return refused('no-such-user', `no user ${input.username}`);
  const days = input.days ?? DEFAULT_TOKEN_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) return refused('invalid-expiry', `a token lasts 1 to ${MAX_TOKEN_DAYS} days`);
  const granted = permissionsOf(user.roles);
  const unknown = input.scopes.filter((s) => !isPermission(s));
  if (unknown.length > 0) return refused('invalid-scope', `unknown scopes: ${unknown.join(', ')}`);
  const scopes = [...new Set(input.scopes as Permission[])].sort();
  if (scopes.length === 0) return refused('invalid-scope', 'a token needs at least one scope');
  const beyond = scopes.filter((s) => !granted.has(s));
  if (beyond.length > 0) return refused('invalid-scope', `${user.username}'s roles do not grant: ${beyond.join(', ')}`);
  const name = input.name.trim();
  if (name === '' || name.length > 200) return refused('invalid-scope', 'a token needs a name of 1-200 characters');
  const now = ctx.clock.now();
  const token = newApiToken();
  const record: ApiTokenRecord = { id: newTokenId(), userId: user.id, name, scopes, createdAt: now, expiresAt: addMinutes(now, days * 24 * 60), revokedAt: null };
  await ctx.store.write(async (tx) => {
    await tx.users.createApiToken({ ...record, tokenHash: sha256Hex(token) });
    await tx.audit.append({
      at: now,
      actor,
      action: 'token.create',
      subject: `token:${record.id}`,
      details: { user: userSubject(user.username), name, scopes: [...scopes], expiresAt: record.expiresAt },
    });
  });
  return { ok: true, value: { record, token } };
}

export async function revokeApiToken(input: { readonly id: string; readonly reason?: string }, actor: string, ctx: AuthContext): Promise<AuthOutcome<ApiTokenRecord>> {
  const now = ctx.clock.now();
  return ctx.store.write(async (tx): Promise<AuthOutcome<ApiTokenRecord>> => {
    const record = await tx.users.getApiToken(input.id);
    if (record === null || !(await tx.users.revokeApiToken(input.id, now))) {
      return refused('no-such-token', record === null ? `no token ${input.id}` : `token ${input.id} was already revoked`);
    }
    await tx.audit.append({ at: now, actor, action: 'token.revoke', subject: `token:${record.id}`, reason: input.reason ?? null });
    return { ok: true, value: { ...record, revokedAt: now } };
  });
}
