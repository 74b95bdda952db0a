// tearline token create|revoke|list: API tokens for scripts and integrations. A token acts
// as its user, limited to its scopes (permissions), until it expires or is revoked; it is
// printed once at creation and stored only as its SHA-256. Sent as `Authorization: Bearer`.
import { createApiToken, DEFAULT_TOKEN_DAYS, revokeApiToken } from '../../app/auth/apiTokens.ts';
import { PERMISSIONS } from '../../domain/people/permissions.ts';
import { normaliseUsername } from '../../domain/people/user.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { cliAuthContext, operatorActor, refusal } from './user.ts';

const USAGE = `usage: tearline token create USERNAME --scope PERMISSION [--scope PERMISSION]... [--name TEXT] [--days N]
       tearline token revoke TOKEN-ID [--reason TEXT]
       tearline token list [USERNAME] [--json]
scopes: ${PERMISSIONS.join(', ')} (each must be granted by the user's roles)
common options: --db PATH`;

const OPTIONS = {
  ...STORE_OPTIONS,
  scope: { type: 'string', multiple: true },
  name: { type: 'string' },
  days: { type: 'string' },
  reason: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function tokenCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parse(rest, OPTIONS);
  const known = sub === 'create' || sub === 'revoke' || sub === 'list';
  if (!known || !parsed.ok || parsed.values.help === true || parsed.positionals.length > 1 || (sub !== 'list' && parsed.positionals.length !== 1)) {
    io.stderr.write(`${parsed.ok ? '' : `tearline token: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const days = parsed.values.days;
  if (days !== undefined && !/^\d+$/.test(days)) {
    io.stderr.write(`tearline token: --days must be a whole number\n`);
    return EXIT_USAGE;
  }
  const [target] = parsed.positionals;
  const opened = await openFor(io, deps, overridesFrom(parsed.values));
  if (!opened.ok) return opened.exitCode;
  const ctx = cliAuthContext(opened.store, deps);
  try {
    if (sub === 'create') {
      const outcome = await createApiToken(
        {
          username: target as string,
          name: parsed.values.name ?? 'cli',
          scopes: (parsed.values.scope as unknown as string[] | undefined) ?? [],
          days: days === undefined ? DEFAULT_TOKEN_DAYS : Number(days),
        },
        operatorActor(io),
        ctx,
      );
      if (!outcome.ok) return refusal(io, outcome.problem);
      const { record, token } = outcome.value;
      io.stdout.write(`token ${record.id} for ${normaliseUsername(target as string)}, scopes ${record.scopes.join(',')}, expires ${record.expiresAt}\n`);
      io.stdout.write(`${token}\n(shown once: store it now; send it as "Authorization: Bearer <token>")\n`);
      return EXIT_OK;
    }
    if (sub === 'revoke') {
      const reason = parsed.values.reason;
      const outcome = await revokeApiToken({ id: target as string, ...(reason === undefined ? {} : { reason }) }, operatorActor(io), ctx);
      if (!outcome.ok) return refusal(io, outcome.problem);
      io.stdout.write(`token ${outcome.value.id} revoked\n`);
      return EXIT_OK;
    }
    let userId: string | undefined;
    if (target !== undefined) {
      const user = await opened.store.users.findUser(normaliseUsername(target));
      if (user === null) {
        io.stderr.write(`tearline: no-such-user: no user ${target}\n`);
        return EXIT_REJECTED;
      }
      userId = user.id;
    }
    const users = new Map((await opened.store.users.listUsers()).map((u) => [u.id, u.username]));
    const tokens = await opened.store.users.listApiTokens(userId);
    if (parsed.values.json === true) {
      io.stdout.write(`${JSON.stringify(tokens.map((t) => ({ ...t, username: users.get(t.userId) })))}\n`);
      return EXIT_OK;
    }
    const now = deps.clock.now();
    for (const t of tokens) {
      const state = t.revokedAt !== null ? `revoked ${t.revokedAt}` : t.expiresAt <= now ? `expired ${t.expiresAt}` : `expires ${t.expiresAt}`;
      io.stdout.write(`${t.id} ${users.get(t.userId) ?? t.userId} "${t.name}" scopes=${t.scopes.join(',')} ${state}\n`);
    }
    return EXIT_OK;
  } finally {
    await opened.store.close();
  }
}
