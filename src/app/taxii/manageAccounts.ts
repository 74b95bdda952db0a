// Use cases: TAXII accounts (partner and system principals of the TAXII API, separate from
// internal users) and their rights per collection. Each change is audited in its write.
import { describePasswordProblem, passwordProblems } from '../../domain/people/passwordRules.ts';
import type { Clock, Store, StoreWriter } from '../ports.ts';
import type { TaxiiAccount } from '../ports/taxii.ts';
import { hashSecret, newToken, type ScryptParams } from './secrets.ts';

export type Managed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: string; readonly message: string };

export interface ManageContext {
  readonly store: Store;
  readonly clock: Clock;
  /** Who does it, for the audit log: `cli:<os user>`. */
  readonly actor: string;
  /** scrypt cost; the default outside tests. */
  readonly scrypt?: ScryptParams;
}

export interface NewAccountInput {
  readonly name: string;
  /** A password for HTTP Basic; or `token: true` for a generated bearer token. */
  readonly password?: string;
  readonly token?: boolean;
  /** Collections (id or alias) the account may read, and write. */
  readonly read?: readonly string[];
  readonly write?: readonly string[];
}

export interface NewAccount {
  readonly account: TaxiiAccount;
  /** The bearer token, shown once: only its hash is stored. */
  readonly token?: string;
}

/** RFC 7617 §2: a Basic user-id cannot contain ':'. Kept to a safe, printable set. */
const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

function refuse<T>(code: string, message: string): Managed<T> {
  return { ok: false, code, message };
}

export async function addAccount(input: NewAccountInput, ctx: ManageContext): Promise<Managed<NewAccount>> {
  if (!ACCOUNT_NAME.test(input.name)) {
    return refuse('invalid-name', 'an account name is 1-64 letters, digits and . _ @ -, starting with a letter or digit');
  }
  if ((input.password === undefined) === (input.token !== true)) return refuse('credential', 'give the account either a password or a token');
  if (input.password !== undefined) {
    const problems = passwordProblems(input.password, input.name);
    if (problems.length > 0) return refuse('weak-password', problems.map(describePasswordProblem).join('; '));
  }
  if ((await ctx.store.taxii.getAccount(input.name)) !== null) return refuse('account-exists', `there is already an account ${input.name}`);
  const token = input.token === true ? newToken() : undefined;
  // Hashing is slow on purpose: before the write, which holds the store's writer.
  const secretHash = await hashSecret(token?.secret ?? (input.password as string), ctx.scrypt);
  const now = ctx.clock.now();
  const account: TaxiiAccount = { name: input.name, credential: token === undefined ? 'password' : 'token', tokenId: token?.tokenId ?? null, secretHash, createdAt: now };
  const result = await ctx.store.write(async (tx): Promise<Managed<NewAccount>> => {
    if ((await tx.taxii.getAccount(input.name)) !== null) return refuse('account-exists', `there is already an account ${input.name}`);
    await tx.taxii.putAccount(account);
    const granted = await applyGrants(tx, input.name, input.read ?? [], input.write ?? [], []);
    if (!granted.ok) throw new GrantRefused(granted);
    await tx.audit.append({
      at: now, actor: ctx.actor, action: 'taxii.account-add', subject: `taxii-account:${input.name}`,
      details: { credential: account.credential, read: granted.value.read, write: granted.value.write },
    });
    return { ok: true, value: token === undefined ? { account } : { account, token: token.token } };
  }).catch(unwrapRefusal<NewAccount>);
  return result;
}

export interface GrantInput {
  readonly read?: readonly string[];
  readonly write?: readonly string[];
  /** Collections to take every right away from. */
  readonly revoke?: readonly string[];
}

/** Adds rights (read and write add to what the account has) and revokes others. */
export async function grantAccount(name: string, input: GrantInput, ctx: ManageContext): Promise<Managed<{ read: string[]; write: string[]; revoked: string[] }>> {
  return ctx.store.write(async (tx) => {
    if ((await tx.taxii.getAccount(name)) === null) return refuse<{ read: string[]; write: string[]; revoked: string[] }>('unknown-account', `no account ${name}`);
    const granted = await applyGrants(tx, name, input.read ?? [], input.write ?? [], input.revoke ?? []);
    if (!granted.ok) throw new GrantRefused(granted);
    await tx.audit.append({ at: ctx.clock.now(), actor: ctx.actor, action: 'taxii.account-grant', subject: `taxii-account:${name}`, details: granted.value });
    return granted;
  }).catch(unwrapRefusal<{ read: string[]; write: string[]; revoked: string[] }>);
}

export async function removeAccount(name: string, ctx: ManageContext): Promise<Managed<null>> {
  return ctx.store.write(async (tx) => {
    if (!(await tx.taxii.removeAccount(name))) return refuse<null>('unknown-account', `no account ${name}`);
    await tx.audit.append({ at: ctx.clock.now(), actor: ctx.actor, action: 'taxii.account-remove', subject: `taxii-account:${name}` });
    return { ok: true, value: null };
  });
}

/** Sets rights in `tx`; collections are named by id or alias. Returns the collection ids touched. */
export async function applyGrants(
  tx: StoreWriter, account: string, read: readonly string[], write: readonly string[], revoke: readonly string[],
): Promise<Managed<{ read: string[]; write: string[]; revoked: string[] }>> {
  const resolve = async (names: readonly string[]): Promise<Managed<string[]>> => {
    const ids: string[] = [];
    for (const name of names) {
      const collection = await tx.taxii.resolveCollection(name);
      if (collection === null) return refuse('unknown-collection', `no collection ${name}`);
      ids.push(collection.id);
    }
    return { ok: true, value: ids };
  };
  const [r, w, x] = [await resolve(read), await resolve(write), await resolve(revoke)];
  if (!r.ok) return r;
  if (!w.ok) return w;
  if (!x.ok) return x;
  const current = new Map((await tx.taxii.grantsOf(account)).map((g) => [g.collectionId, g]));
  for (const collectionId of new Set([...r.value, ...w.value])) {
    const before = current.get(collectionId);
    await tx.taxii.putGrant({
      account,
      collectionId,
      canRead: (before?.canRead ?? false) || r.value.includes(collectionId),
      canWrite: (before?.canWrite ?? false) || w.value.includes(collectionId),
    });
  }
  for (const collectionId of x.value) await tx.taxii.putGrant({ account, collectionId, canRead: false, canWrite: false });
  return { ok: true, value: { read: r.value, write: w.value, revoked: x.value } };
}

/** Carries a refusal out of a write so the write rolls back. */
export class GrantRefused extends Error {
  constructor(readonly refusal: { readonly ok: false; readonly code: string; readonly message: string }) {
    super(refusal.message);
  }
}

export function unwrapRefusal<T>(error: unknown): Managed<T> {
  if (error instanceof GrantRefused) return error.refusal;
  throw error;
}
