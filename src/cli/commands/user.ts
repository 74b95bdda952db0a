// tearline user add|list|set|disable|enable|passwd: internal users, from the machine that
// holds the database. The CLI needs no sign-in: it acts with the local operator's authority
// over the database file (whoever can write the file can change anything in it), and the
// audit log names the operating-system account that ran it (`cli:<os user>`).
//
// Passwords never go on the command line (other users can read it in the process list):
// a one-time password is generated and printed once, or --password-stdin reads one.
import { userInfo } from 'node:os';
import { cliActor } from '../../app/audit/actors.ts';
import type { AuthContext } from '../../app/auth/context.ts';
import { createUser } from '../../app/auth/createUser.ts';
import { ensureFirstAdministrator } from '../../app/auth/firstAdministrator.ts';
import { DEFAULT_SCRYPT_PARAMS } from '../../app/auth/password.ts';
import { resetPassword } from '../../app/auth/resetPassword.ts';
import { updateUser } from '../../app/auth/updateUser.ts';
import type { Store } from '../../app/ports.ts';
import type { UserRecord } from '../../app/ports/users.ts';
import type { Config } from '../../config/config.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';

const USAGE = `usage: tearline user add USERNAME --role ROLE [--role ROLE]... [--clearance U|C|S|TS] [--compartment NAME]... [--name TEXT] [--password-stdin]
       tearline user list [--json]
       tearline user set USERNAME [--role ROLE]... [--clearance U|C|S|TS] [--compartment NAME]... [--no-compartments] [--name TEXT]
       tearline user disable|enable USERNAME
       tearline user passwd USERNAME [--password-stdin]
common options: --reason TEXT (recorded in the audit log), --db PATH`;

const OPTIONS = {
  ...STORE_OPTIONS,
  role: { type: 'string', multiple: true },
  clearance: { type: 'string' },
  compartment: { type: 'string', multiple: true },
  'no-compartments': { type: 'boolean' },
  name: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  reason: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The audit actor of whoever runs the CLI: the OS account, not a claim from the environment. */
export function operatorActor(io: CliIo): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to what the shell says.
    name = io.env.USER ?? io.env.USERNAME ?? io.env.LOGNAME;
  }
  return cliActor(name ?? '');
}

export function cliAuthContext(store: Store, deps: CliDeps): AuthContext {
  return { store, clock: deps.clock, passwordParams: DEFAULT_SCRYPT_PARAMS };
}

export async function userCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parse(rest, OPTIONS);
  if (sub === undefined || !parsed.ok || parsed.values.help === true) {
    io.stderr.write(`${parsed.ok ? '' : `tearline user: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const values = parsed.values;
  const [username, ...extra] = parsed.positionals;
  if (sub === 'list' ? parsed.positionals.length > 0 : username === undefined || extra.length > 0) {
    io.stderr.write(`${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (!['add', 'list', 'set', 'disable', 'enable', 'passwd'].includes(sub)) {
    io.stderr.write(`tearline user: unknown subcommand '${sub}'\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const password = values['password-stdin'] === true ? await readPassword(io) : undefined;
  const opened = await openFor(io, deps, overridesFrom(values));
  if (!opened.ok) return opened.exitCode;
  const ctx = cliAuthContext(opened.store, deps);
  const actor = operatorActor(io);
  const reason = values.reason;
  const roles = values.role as unknown as string[] | undefined;
  const compartments = values['no-compartments'] === true ? [] : (values.compartment as unknown as string[] | undefined);
  try {
    switch (sub) {
      case 'list': {
        const users = await opened.store.users.listUsers();
        if (values.json === true) io.stdout.write(`${JSON.stringify(users)}\n`);
        else for (const u of users) io.stdout.write(`${describe(u)}\n`);
        return EXIT_OK;
      }
      case 'add': {
        const outcome = await createUser(
          {
            username,
            displayName: values.name,
            roles: roles ?? [],
            clearance: values.clearance ?? 'U',
            compartments: compartments ?? [],
            ...(password === undefined ? {} : { password }),
            ...(reason === undefined ? {} : { reason }),
          },
          actor,
          ctx,
        );
        if (!outcome.ok) return refusal(io, outcome.problem);
        io.stdout.write(`created ${describe(outcome.value.user)}\n`);
        if (outcome.value.oneTimePassword !== undefined) {
          io.stdout.write(`one-time password (shown once; it must be changed at first sign-in): ${outcome.value.oneTimePassword}\n`);
        }
        return EXIT_OK;
      }
      case 'set':
      case 'disable':
      case 'enable': {
        const outcome = await updateUser(
          {
            username: username as string,
            ...(values.name === undefined ? {} : { displayName: values.name }),
            ...(roles === undefined ? {} : { roles }),
            ...(values.clearance === undefined ? {} : { clearance: values.clearance }),
            ...(compartments === undefined ? {} : { compartments }),
            ...(sub === 'set' ? {} : { disabled: sub === 'disable' }),
            ...(reason === undefined ? {} : { reason }),
          },
          actor,
          ctx,
        );
        if (!outcome.ok) return refusal(io, outcome.problem);
        io.stdout.write(`${describe(outcome.value)}\n`);
        return EXIT_OK;
      }
      default: {
        const outcome = await resetPassword(
          { username: username as string, ...(password === undefined ? {} : { password }), ...(reason === undefined ? {} : { reason }) },
          actor,
          ctx,
        );
        if (!outcome.ok) return refusal(io, outcome.problem);
        io.stdout.write(`password of ${outcome.value.username} changed; their sessions have ended\n`);
        if (outcome.value.oneTimePassword !== undefined) {
          io.stdout.write(`one-time password (shown once; it must be changed at next sign-in): ${outcome.value.oneTimePassword}\n`);
        }
        return EXIT_OK;
      }
    }
  } finally {
    await opened.store.close();
  }
}

export function describe(user: UserRecord): string {
  const state = [user.disabled ? 'disabled' : '', user.mustChangePassword ? 'one-time password' : ''].filter((s) => s !== '').join(', ');
  const compartments = user.compartments.length === 0 ? '' : ` compartments=${user.compartments.join(',')}`;
  return `${user.username} (${user.displayName}) roles=${user.roles.join(',')} clearance=${user.clearance}${compartments}${state === '' ? '' : ` [${state}]`}`;
}

export function refusal(io: CliIo, problem: { readonly code: string; readonly message: string; readonly details?: readonly string[] }): number {
  io.stderr.write(`tearline: ${problem.code}: ${problem.message}\n`);
  for (const detail of problem.details ?? []) io.stderr.write(`  ${detail}\n`);
  return problem.code === 'invalid-profile' || problem.code === 'invalid-scope' || problem.code === 'invalid-expiry' ? EXIT_USAGE : EXIT_REJECTED;
}

/** The password on stdin, without the newline `echo` or a here-string adds. */
async function readPassword(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.byteLength;
    if (size > 64 * 1024) break;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * First start (issue 8): with no users at all, creates the first administrator and returns
 * the lines that show its one-time password, printed once next to the URL.
 */
export async function firstLoginLines(store: Store, config: Config, deps: CliDeps): Promise<string | undefined> {
  const first = await ensureFirstAdministrator(
    { username: config.auth.firstAdmin, clearance: config.auth.firstAdminClearance },
    cliAuthContext(store, deps),
  );
  if (!first.created) return undefined;
  return `  first login: ${first.username} / ${first.oneTimePassword}\n    (a one-time password, shown only now: sign in and choose your own; \`tearline user passwd ${first.username}\` makes a new one)\n`;
}
