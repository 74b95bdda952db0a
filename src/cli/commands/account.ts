// tearline account add|grant|list|remove: TAXII accounts (partner and system principals of
// the TAXII API; internal users are `tearline user`). An account has a password (HTTP Basic)
// or a bearer token; only scrypt hashes are stored. A password is read from stdin, never
// from the command line (the process list shows it to other users); a token is generated
// and printed once.
import type { Store } from '../../app/ports.ts';
import { addAccount, grantAccount, removeAccount } from '../../app/taxii/manageAccounts.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { listFlag } from './collection.ts';
import { readSecret } from './taxii.ts';
import { operatorActor } from './user.ts';

const USAGE = `usage: tearline account add NAME (--password-stdin | --token) [--read COLLECTION]... [--write COLLECTION]... [--json]
       tearline account grant NAME [--read COLLECTION]... [--write COLLECTION]... [--revoke COLLECTION]...
       tearline account list [--json]
       tearline account remove NAME
COLLECTION: an id or alias (comma-separated lists work too); common options: --db PATH`;

const OPTIONS = {
  ...STORE_OPTIONS,
  'password-stdin': { type: 'boolean' },
  token: { type: 'boolean' },
  read: { type: 'string', multiple: true },
  write: { type: 'string', multiple: true },
  revoke: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

export async function accountCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parse(rest, OPTIONS);
  const arity = sub === 'list' ? 0 : 1;
  if (!['add', 'grant', 'list', 'remove'].includes(sub ?? '') || !parsed.ok || parsed.values.help === true || parsed.positionals.length !== arity) {
    io.stderr.write(`${parsed.ok ? '' : `tearline account: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const values = parsed.values;
  const name = parsed.positionals[0] as string;
  if (sub === 'add' && (values['password-stdin'] === true) === (values.token === true)) {
    io.stderr.write(`tearline account add: give --password-stdin or --token\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const password = sub === 'add' && values['password-stdin'] === true ? await readSecret(io) : undefined;
  const opened = await openFor(io, deps, overridesFrom(values));
  if (!opened.ok) return opened.exitCode;
  const { store } = opened;
  const ctx = { store, clock: deps.clock, actor: operatorActor(io) };
  try {
    switch (sub) {
      case 'list':
        return await list(store, io, values.json === true);
      case 'remove': {
        const removed = await removeAccount(name, ctx);
        if (!removed.ok) return refused(io, 'remove', removed.message);
        io.stdout.write(`removed account ${name}\n`);
        return EXIT_OK;
      }
      case 'grant': {
        const granted = await grantAccount(name, { read: listFlag(values.read), write: listFlag(values.write), revoke: listFlag(values.revoke) }, ctx);
        if (!granted.ok) return refused(io, 'grant', granted.message);
        io.stdout.write(`account ${name}: ${describe(await store.taxii.grantsOf(name))}\n`);
        return EXIT_OK;
      }
      default: {
        const added = await addAccount({
          name,
          ...(password === undefined ? { token: true } : { password }),
          read: listFlag(values.read),
          write: listFlag(values.write),
        }, ctx);
        if (!added.ok) return refused(io, 'add', added.message);
        const grants = await store.taxii.grantsOf(name);
        if (values.json === true) {
          io.stdout.write(`${JSON.stringify({ name, credential: added.value.account.credential, token: added.value.token, grants })}\n`);
        } else {
          io.stdout.write(`added account ${name} (${added.value.account.credential}): ${describe(grants)}\n`);
          if (added.value.token !== undefined) {
            io.stdout.write(`token (shown once, only its hash is kept): ${added.value.token}\nuse it as: Authorization: Bearer <token>\n`);
          }
        }
        return EXIT_OK;
      }
    }
  } finally {
    await store.close();
  }
}

function refused(io: CliIo, sub: string, message: string): number {
  io.stderr.write(`tearline account ${sub}: ${message}\n`);
  return EXIT_REJECTED;
}

function describe(grants: readonly { collectionId: string; canRead: boolean; canWrite: boolean }[]): string {
  if (grants.length === 0) return 'no collections yet (tearline account grant NAME --read ID)';
  return grants.map((g) => `${g.collectionId} ${[g.canRead ? 'read' : '', g.canWrite ? 'write' : ''].filter((x) => x !== '').join('+')}`).join(', ');
}

async function list(store: Store, io: CliIo, json: boolean): Promise<number> {
  const rows = [];
  for (const account of await store.taxii.listAccounts()) {
    rows.push({ name: account.name, credential: account.credential, createdAt: account.createdAt, grants: await store.taxii.grantsOf(account.name) });
  }
  if (json) {
    io.stdout.write(`${JSON.stringify(rows)}\n`);
    return EXIT_OK;
  }
  if (rows.length === 0) io.stdout.write('no TAXII accounts (tearline account add NAME --token)\n');
  for (const row of rows) io.stdout.write(`${row.name}  ${row.credential}  ${describe(row.grants)}\n`);
  return EXIT_OK;
}
