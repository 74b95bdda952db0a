// REST: internal users, for administrators (and, read-only, oversight).
//   GET   /api/users                        users.read    -> {users: UserJson[]}
//   POST  /api/users                        users.manage  {username, displayName?, roles, clearance, compartments?, reason?}
//                                                         -> 201 {user, oneTimePassword}
//   PATCH /api/users/:username              users.manage  {displayName?, roles?, clearance?, compartments?, disabled?, reason?}
//   POST  /api/users/:username/password     users.manage  {reason?} -> {username, oneTimePassword}
// One-time passwords are in the response once and nowhere else. Passwords are never chosen
// through this API: the user chooses theirs at first sign-in.
import type { FastifyInstance } from 'fastify';
import type { AuthContext } from '../../app/auth/context.ts';
import { createUser } from '../../app/auth/createUser.ts';
import { resetPassword } from '../../app/auth/resetPassword.ts';
import { updateUser } from '../../app/auth/updateUser.ts';
import { ApiError } from '../errors.ts';
import { requires } from '../auth/access.ts';
import { principalOf } from '../auth/plugin.ts';
import { optionalStringField, problemError } from '../auth/problems.ts';
import { userJson } from '../auth/routes.ts';

const USER_BODY_LIMIT = 64 * 1024;

function record(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid-request', 'send a JSON object');
  return body as Record<string, unknown>;
}

export function registerUserRoutes(app: FastifyInstance, ctx: AuthContext): void {
  app.get('/api/users', { config: { access: requires('users.read') } }, async () => {
    const users = await ctx.store.users.listUsers();
    return { users: users.map(userJson) };
  });

  app.post('/api/users', { config: { access: requires('users.manage') }, bodyLimit: USER_BODY_LIMIT }, async (request, reply) => {
    const body = record(request.body);
    const reason = optionalStringField(body, 'reason', 2000);
    const outcome = await createUser(
      { username: body.username, displayName: body.displayName, roles: body.roles, clearance: body.clearance, compartments: body.compartments, ...(reason === undefined ? {} : { reason }) },
      principalOf(request).actor,
      ctx,
    );
    if (!outcome.ok) throw problemError(outcome.problem);
    return reply.code(201).send({ user: userJson(outcome.value.user), oneTimePassword: outcome.value.oneTimePassword });
  });

  app.patch('/api/users/:username', { config: { access: requires('users.manage') }, bodyLimit: USER_BODY_LIMIT }, async (request) => {
    const { username } = request.params as { username: string };
    const body = record(request.body);
    if (body.disabled !== undefined && typeof body.disabled !== 'boolean') throw new ApiError(400, 'invalid-request', "'disabled' must be true or false");
    const reason = optionalStringField(body, 'reason', 2000);
    const outcome = await updateUser(
      {
        username,
        displayName: body.displayName,
        roles: body.roles,
        clearance: body.clearance,
        compartments: body.compartments,
        ...(typeof body.disabled === 'boolean' ? { disabled: body.disabled } : {}),
        ...(reason === undefined ? {} : { reason }),
      },
      principalOf(request).actor,
      ctx,
    );
    if (!outcome.ok) throw problemError(outcome.problem);
    return { user: userJson(outcome.value) };
  });

  app.post('/api/users/:username/password', { config: { access: requires('users.manage') }, bodyLimit: USER_BODY_LIMIT }, async (request) => {
    const { username } = request.params as { username: string };
    const reason = request.body === undefined ? undefined : optionalStringField(record(request.body), 'reason', 2000);
    const outcome = await resetPassword({ username, ...(reason === undefined ? {} : { reason }) }, principalOf(request).actor, ctx);
    if (!outcome.ok) throw problemError(outcome.problem);
    return { username: outcome.value.username, oneTimePassword: outcome.value.oneTimePassword };
  });
}
