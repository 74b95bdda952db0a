// Use case: an administrator (or the local operator) creates an internal user. Without a
// password given, the user gets a one-time password, returned once, that must be changed at
// first sign-in.
import { checkProfile, type ProfileInput } from '../../domain/people/user.ts';
import { describePasswordProblem, passwordProblems } from '../../domain/people/passwordRules.ts';
import type { UserRecord } from '../ports/users.ts';
import { refused, type AuthContext, type AuthOutcome } from './context.ts';
import { hashPassword } from './password.ts';
import { profileDigest, userSubject } from './profileDigest.ts';
import { newOneTimePassword, newUserId } from './secrets.ts';

export interface CreateUserInput extends ProfileInput {
  /** A chosen password; absent: a one-time password is generated. */
  readonly password?: string;
  readonly reason?: string;
}

export interface CreatedUser {
  readonly user: UserRecord;
  /** The generated one-time password: shown once, never stored or logged. */
  readonly oneTimePassword?: string;
}

export async function createUser(input: CreateUserInput, actor: string, ctx: AuthContext): Promise<AuthOutcome<CreatedUser>> {
  const checked = checkProfile(input);
  if (!checked.ok) return refused('invalid-profile', 'the user profile is not valid', checked.issues.map((i) => `${i.field}: ${i.message}`));
  const profile = checked.profile;
  const oneTime = input.password === undefined ? newOneTimePassword() : undefined;
  const password = input.password ?? (oneTime as string);
  const problems = passwordProblems(password, profile.username);
  if (problems.length > 0) return refused('weak-password', problems.map(describePasswordProblem).join('; '));
  // Hashing is slow on purpose: do it before the write, which holds the store's writer.
  const passwordHash = await hashPassword(password, ctx.passwordParams);
  const now = ctx.clock.now();
  const user: UserRecord = {
    id: newUserId(),
    ...profile,
    disabled: false,
    mustChangePassword: oneTime !== undefined,
    createdAt: now,
    updatedAt: now,
  };
  const outcome = await ctx.store.write(async (tx) => {
    const created = await tx.users.createUser({ ...user, passwordHash });
    if (created !== 'created') return created;
    await tx.audit.append({
      at: now,
      actor,
      action: 'user.create',
      subject: userSubject(user.username),
      reason: input.reason ?? null,
      after: profileDigest(user),
      details: { roles: [...user.roles], clearance: user.clearance, compartments: [...user.compartments], oneTimePassword: oneTime !== undefined },
    });
    return created;
  });
  if (outcome === 'username-taken') return refused('username-taken', `the username ${profile.username} is taken`);
  return { ok: true, value: oneTime === undefined ? { user } : { user, oneTimePassword: oneTime } };
}
