// §1.6.9 authentication: Basic and bearer credentials against scrypt hashes, and the cache
// that spares scrypt on every request without outliving a secret or an account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountKey, TaxiiAccount } from '../ports/taxii.ts';
import { Authenticator, parseAuthorization } from './authenticate.ts';
import { hashSecret, newToken } from './secrets.ts';

const CHEAP = { N: 2 ** 10, r: 8, p: 1, saltBytes: 16, keyBytes: 64 };
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function accounts() {
  const token = newToken();
  const table = new Map<string, TaxiiAccount>([
    ['alice', { name: 'alice', credential: 'password', tokenId: null, secretHash: await hashSecret('alice password 1', CHEAP), createdAt: '' }],
    ['robot', { name: 'robot', credential: 'token', tokenId: token.tokenId, secretHash: await hashSecret(token.secret, CHEAP), createdAt: '' }],
  ]);
  let lookups = 0;
  const reads = {
    async accountAccess(key: AccountKey) {
      lookups++;
      const account = 'name' in key ? table.get(key.name) : [...table.values()].find((a) => a.tokenId === key.tokenId);
      return account === undefined ? null : { account, access: null };
    },
  };
  return { table, reads, token: token.token, lookups: () => lookups };
}

test('parseAuthorization: Basic (RFC 7617) and Bearer (RFC 6750) credentials, case-insensitive schemes', () => {
  assert.deepEqual(parseAuthorization(basic('a', 'b:c')), { kind: 'basic', user: 'a', secret: 'b:c' });
  assert.deepEqual(parseAuthorization(`bEaReR tlt_0123456789ab_${'A'.repeat(43)}`), { kind: 'token', tokenId: '0123456789ab', secret: 'A'.repeat(43) });
  for (const bad of ['Basic', 'Basic ###', basic('', 'x'), `Basic ${Buffer.from('nocolon').toString('base64')}`, 'Bearer abc', 'Negotiate abc']) {
    assert.equal(parseAuthorization(bad), null, bad);
  }
});

test('right secrets pass, wrong ones and wrong kinds fail, and missing headers say so', async () => {
  const { reads, token } = await accounts();
  const auth = new Authenticator(reads);
  assert.equal((await auth.authenticate(basic('alice', 'alice password 1'))).ok, true);
  assert.equal((await auth.authenticate(`Bearer ${token}`)).ok, true);
  assert.deepEqual(await auth.authenticate(basic('alice', 'wrong')), { ok: false, reason: 'rejected' });
  assert.deepEqual(await auth.authenticate(basic('robot', 'anything')), { ok: false, reason: 'rejected' }, 'a token account has no password');
  assert.deepEqual(await auth.authenticate(basic('nobody', 'x')), { ok: false, reason: 'rejected' });
  assert.deepEqual(await auth.authenticate(undefined), { ok: false, reason: 'missing' });
  assert.deepEqual(await auth.authenticate('Bearer nope'), { ok: false, reason: 'malformed' });
  assert.deepEqual(await auth.authenticate(`Basic ${'A'.repeat(2000)}`), { ok: false, reason: 'malformed' });
});

test('a verified credential is remembered until its TTL, but never past a changed secret or a removed account', async () => {
  const { table, reads } = await accounts();
  let now = 0;
  const auth = new Authenticator(reads, { cacheTtlMs: 1000, now: () => now });
  const header = basic('alice', 'alice password 1');
  const timed = async (): Promise<number> => {
    const start = performance.now();
    assert.equal((await auth.authenticate(header)).ok, true);
    return performance.now() - start;
  };
  await timed();
  // From the cache: a lookup, no scrypt. (scrypt even at this cost takes well over 0.2 ms.)
  const cached = Math.min(await timed(), await timed(), await timed());
  assert.ok(cached < 5, `cached check took ${cached} ms`);
  const alice = table.get('alice') as TaxiiAccount;
  table.set('alice', { ...alice, secretHash: await hashSecret('a new password!!', CHEAP) });
  assert.equal((await auth.authenticate(header)).ok, false, 'the old password stops at once');
  table.set('alice', alice);
  assert.equal((await auth.authenticate(header)).ok, true);
  table.delete('alice');
  assert.equal((await auth.authenticate(header)).ok, false, 'a removed account stops at once');
  table.set('alice', alice);
  now = 5000;
  assert.equal((await auth.authenticate(header)).ok, true, 'after the TTL it verifies again');
});
