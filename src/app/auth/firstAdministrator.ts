// Use case: on first start (no users at all), create the first administrator with a one-time
// password, returned once for the start-up banner; it must be changed at first sign-in.
// Checked and created inside one write, so two processes starting together make one.
import type { Clearance } from '../../domain/people/user.ts';
import { systemActor } from '../audit/actors.ts';
import type { UserRecord } from '../ports/users.ts';
import type { AuthContext } from './context.ts';
import { hashPassword } from './password.ts';
import { profileDigest, userSubject } from './profileDigest.ts';
import { newOneTimePassword, newUserId } from './secrets.ts';

export interface FirstAdministratorSettings {
  readonly username: string;
  /**
   * The administrator's clearance. Administrators hold no workflow authority, but they read
   * objects like everyone else, within their clearance.
   */
  readonly clearance: Clearance;
}

export type FirstAdministrator = { readonly created: false } | { readonly created: true; readonly username: string; readonly oneTimePassword: string };

export async function ensureFirstAdministrator(settings: FirstAdministratorSettings, ctx: AuthContext): Promise<FirstAdministrator> {
  if ((await ctx.store.users.countUsers()) > 0) return { created: false };
  const oneTimePassword = newOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword, ctx.passwordParams);
  const now = ctx.clock.now();
  const user: UserRecord = {
    id: newUserId(),
    username: settings.username,
    displayName: 'Administrator',
    roles: ['administrator'],
    clearance: settings.clearance,
    compartments: [],
    disabled: false,
    mustChangePassword: true,
    createdAt: now,
    updatedAt: now,
  };
  const created = await ctx.store.write(async (tx) => {
    if ((await tx.users.countUsers()) > 0) return false;
    await tx.users.createUser({ ...user, passwordHash });
    await tx.audit.append({
      at: now,
      actor: systemActor('first-start'),
      action: 'user.create',
      subject: userSubject(user.username),
      reason: 'first start: no users existed',
      after: profileDigest(user),
      details: { roles: [...user.roles], clearance: user.clearance, compartments: [], oneTimePassword: true },
    });
    return true;
  });
  return created ? { created: true, username: user.username, oneTimePassword } : { created: false };
}
