// Use case: an administrator (or the local operator) sets a user's password — a generated
// one-time password by default, which the user must change at next sign-in. Every session of
// the user ends.
import { describePasswordProblem, passwordProblems } from '../../domain/people/passwordRules.ts';
import { normaliseUsername } from '../../domain/people/user.ts';
import { refused, type AuthContext, type AuthOutcome } from './context.ts';
import { hashPassword } from './password.ts';
import { userSubject } from './profileDigest.ts';
import { newOneTimePassword } from './secrets.ts';

export interface ResetPasswordInput {
  readonly username: string;
  /** A chosen password (then not one-time); absent: a one-time password is generated. */
  readonly password?: string;
  readonly reason?: string;
}

export interface ResetPassword {
  readonly username: string;
  readonly oneTimePassword?: string;
}

export async function resetPassword(input: ResetPasswordInput, actor: string, ctx: AuthContext): Promise<AuthOutcome<ResetPassword>> {
  const username = normaliseUsername(input.username);
  const user = await ctx.store.users.findUser(username);
  if (user === null) return refused('no-such-user', `no user ${input.username}`);
  const oneTime = input.password === undefined ? newOneTimePassword() : undefined;
  const password = input.password ?? (oneTime as string);
  const problems = passwordProblems(password, username);
  if (problems.length > 0) return refused('weak-password', problems.map(describePasswordProblem).join('; '));
  const hash = await hashPassword(password, ctx.passwordParams);
  const now = ctx.clock.now();
  const done = await ctx.store.write(async (tx) => {
    if (!(await tx.users.setPassword(user.id, hash, oneTime !== undefined, now))) return false;
    const ended = await tx.users.deleteSessionsOf(user.id);
    await tx.audit.append({
      at: now,
      actor,
      action: 'user.password-reset',
      subject: userSubject(username),
      reason: input.reason ?? null,
      details: { oneTimePassword: oneTime !== undefined, sessionsEnded: ended },
    });
    return true;
  });
  if (!done) return refused('no-such-user', `no user ${input.username}`);
  return { ok: true, value: oneTime === undefined ? { username } : { username, oneTimePassword: oneTime } };
}
