// POST /api/ingest needs an authenticated caller with `objects.ingest`. Before the first
// start the campaign creates an analyst and an API token for it through the real use cases,
// straight in the database, the way an operator would with the CLI.
import { createApiToken } from '../../src/app/auth/apiTokens.ts';
import { createUser } from '../../src/app/auth/createUser.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import type { ScryptParams } from '../../src/app/auth/password.ts';

/** The cheapest parameters password.ts accepts: the password is never used to sign in. */
const CHEAP_HASHING: ScryptParams = Object.freeze({ N: 1024, r: 8, p: 1, saltBytes: 16, keyBytes: 64 });

/** Headers that authenticate the REST driver's requests. */
export async function ingestCredentials(db: string): Promise<Record<string, string>> {
  const store = openSqliteStore({ path: db });
  try {
    const ctx = { store, clock: { now: () => new Date().toISOString() }, passwordParams: CHEAP_HASHING };
    const user = await createUser({ username: 'crash-driver', roles: ['analyst'], clearance: 'TS', compartments: [], password: 'crash driver correct horse battery' }, 'system:crash-test', ctx);
    if (!user.ok) throw new Error(`crash harness: cannot create its user: ${user.problem.message}`);
    const token = await createApiToken({ username: 'crash-driver', name: 'crash campaign', scopes: ['objects.ingest'] }, 'system:crash-test', ctx);
    if (!token.ok) throw new Error(`crash harness: cannot create its API token: ${token.problem.message}`);
    return { authorization: `Bearer ${token.value.token}` };
  } finally {
    await store.close();
  }
}
