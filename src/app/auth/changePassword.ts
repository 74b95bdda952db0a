// Use case: a signed-in user changes their own password (required after a one-time password).
// The current password is asked again, so a session left open cannot be turned into the
// account. Other sessions of the user end; this one continues.
import { describePasswordProblem, passwordProblems } from '../../domain/people/passwordRules.ts';
import { refused, type AuthContext, type AuthOutcome, type Principal } from './context.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { userSubject } from './profileDigest.ts';

export interface ChangePasswordInput {
  readonly currentPassword: string;
  readonly newPassword: string;
}

export async function changeOwnPassword(input: ChangePasswordInput, principal: Principal, ctx: AuthContext): Promise<AuthOutcome<null>> {
  const { user } = principal;
  const stored = await ctx.store.users.passwordHashOf(user.id);
  if (stored === null || !(await verifyPassword(input.currentPassword, stored))) {
    return refused('wrong-password', 'the current password is not correct');
  }
  const problems = passwordProblems(input.newPassword, user.username);
  if (input.newPassword === input.currentPassword) return refused('weak-password', 'the new password must differ from the current one');
  if (problems.length > 0) return refused('weak-password', problems.map(describePasswordProblem).join('; '));
  const hash = await hashPassword(input.newPassword, ctx.passwordParams);
  const now = ctx.clock.now();
  await ctx.store.write(async (tx) => {
    await tx.users.setPassword(user.id, hash, false, now);
    const ended = await tx.users.deleteSessionsOf(user.id, principal.via === 'session' ? principal.credential : undefined);
    await tx.audit.append({
      at: now,
      actor: principal.actor,
      action: 'user.password-change',
      subject: userSubject(user.username),
      details: { otherSessionsEnded: ended, wasOneTime: user.mustChangePassword },
    });
  });
  return { ok: true, value: null };
}
