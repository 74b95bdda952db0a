// Use case: an administrator changes a user's roles, clearance, compartments, name, or
// disables/enables the account (permission changes, audited with before/after digests).
// Disabling ends the user's sessions at once; their API tokens stop working while disabled.
import { checkProfile } from '../../domain/people/user.ts';
import type { UserChanges, UserRecord, UsersWrites } from '../ports/users.ts';
import { refused, type AuthContext, type AuthOutcome } from './context.ts';
import { profileDigest, userSubject } from './profileDigest.ts';

export interface UpdateUserInput {
  readonly username: string;
  readonly displayName?: unknown;
  readonly roles?: unknown;
  readonly clearance?: unknown;
  readonly compartments?: unknown;
  readonly disabled?: boolean;
  readonly reason?: string;
}

export async function updateUser(input: UpdateUserInput, actor: string, ctx: AuthContext): Promise<AuthOutcome<UserRecord>> {
  const now = ctx.clock.now();
  return ctx.store.write(async (tx): Promise<AuthOutcome<UserRecord>> => {
    const before = await tx.users.findUser(input.username.trim().toLowerCase());
    if (before === null) return refused('no-such-user', `no user ${input.username}`);
    const checked = checkProfile({
      username: before.username,
      displayName: input.displayName ?? before.displayName,
      roles: input.roles ?? before.roles,
      clearance: input.clearance ?? before.clearance,
      compartments: input.compartments ?? before.compartments,
    });
    if (!checked.ok) return refused('invalid-profile', 'the user profile is not valid', checked.issues.map((i) => `${i.field}: ${i.message}`));
    const changes: UserChanges = {
      displayName: checked.profile.displayName,
      roles: checked.profile.roles,
      clearance: checked.profile.clearance,
      compartments: checked.profile.compartments,
      disabled: input.disabled ?? before.disabled,
    };
    const after: UserRecord = { ...before, ...changes, updatedAt: now };
    if (await leavesNoAdministrator(tx.users, before, after)) {
      return refused('last-administrator', 'this would leave no enabled administrator: create or enable another one first');
    }
    await tx.users.updateUser(before.id, changes, now);
    if (after.disabled && !before.disabled) await tx.users.deleteSessionsOf(before.id);
    await tx.audit.append({
      at: now,
      actor,
      action: after.disabled !== before.disabled ? (after.disabled ? 'user.disable' : 'user.enable') : 'user.update',
      subject: userSubject(before.username),
      reason: input.reason ?? null,
      before: profileDigest(before),
      after: profileDigest(after),
      details: { roles: [...after.roles], clearance: after.clearance, compartments: [...after.compartments], disabled: after.disabled },
    });
    return { ok: true, value: after };
  });
}

function isActiveAdministrator(user: UserRecord): boolean {
  return !user.disabled && user.roles.includes('administrator');
}

/** Someone must always be able to manage accounts from the web, or only the file's owner can. */
async function leavesNoAdministrator(users: UsersWrites, before: UserRecord, after: UserRecord): Promise<boolean> {
  if (!isActiveAdministrator(before) || isActiveAdministrator(after)) return false;
  const others = (await users.listUsers()).filter((u) => u.id !== before.id && isActiveAdministrator(u));
  return others.length === 0;
}
