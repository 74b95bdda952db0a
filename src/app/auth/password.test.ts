import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './password.ts';
import { csrfTokenFor, newApiToken, newOneTimePassword, newSessionToken, sameSecret } from './secrets.ts';

const CHEAP: ScryptParams = { N: 1024, r: 8, p: 1, saltBytes: 16, keyBytes: 64 };

test('a hash records its parameters and verifies only its own password', async () => {
  const stored = await hashPassword('correct horse battery staple', CHEAP);
  assert.match(stored, /^scrypt\$v=1\$N=1024,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
  assert.equal(await verifyPassword('correct horse battery staple', stored), true);
  assert.equal(await verifyPassword('correct horse battery stapl', stored), false);
  assert.notEqual(await hashPassword('correct horse battery staple', CHEAP), stored, 'a new salt each time');
});

test('the default parameters are those issue 8 asks for and verify', async () => {
  assert.deepEqual({ ...DEFAULT_SCRYPT_PARAMS }, { N: 32768, r: 8, p: 1, saltBytes: 16, keyBytes: 64 });
  const stored = await hashPassword('a passphrase of some length');
  assert.ok(stored.startsWith('scrypt$v=1$N=32768,r=8,p=1$'));
  assert.equal(await verifyPassword('a passphrase of some length', stored), true);
});

test('weaker stored parameters ask for a rehash; unreadable or out-of-bounds hashes verify nothing', async () => {
  const weak = await hashPassword('correct horse battery staple', CHEAP);
  assert.equal(needsRehash(weak, DEFAULT_SCRYPT_PARAMS), true);
  assert.equal(needsRehash(weak, CHEAP), false);
  for (const bad of ['', 'scrypt$v=1$N=1000,r=8,p=1$AAAA$AAAA', weak.replace('N=1024', 'N=4194304'), weak.replace('scrypt', 'bcrypt'), weak.slice(0, -10)]) {
    assert.equal(await verifyPassword('correct horse battery staple', bad), false, bad);
    assert.equal(needsRehash(bad), true);
  }
});

test('passwords are compared after Unicode normalisation (NFKC)', async () => {
  const stored = await hashPassword('caf\u00e9 au lait please', CHEAP);
  assert.equal(await verifyPassword('cafe\u0301 au lait please', stored), true);
});

test('secrets are long, random and of the documented shapes', () => {
  assert.match(newSessionToken(), /^[A-Za-z0-9_-]{43}$/);
  assert.match(newApiToken(), /^tearline_pat_[A-Za-z0-9_-]{43}$/);
  assert.match(newOneTimePassword(), /^([a-km-zA-HJ-NP-Z2-9]{4}-){4}[a-km-zA-HJ-NP-Z2-9]{4}$/);
  assert.notEqual(newSessionToken(), newSessionToken());
  const session = newSessionToken();
  assert.equal(csrfTokenFor(session), csrfTokenFor(session));
  assert.notEqual(csrfTokenFor(session), csrfTokenFor(newSessionToken()));
  assert.ok(sameSecret('abc', 'abc') && !sameSecret('abc', 'abd') && !sameSecret('abc', 'abcd'));
});
