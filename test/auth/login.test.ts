// Sign-in, sessions, CSRF, one-time passwords, API tokens, throttling — over HTTP, in-process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import type { Store } from '../../src/app/ports.ts';
import { createApiToken, revokeApiToken } from '../../src/app/auth/apiTokens.ts';
import { createUser } from '../../src/app/auth/createUser.ts';
import { updateUser } from '../../src/app/auth/updateUser.ts';
import type { AuditEntry } from '../../src/app/ports/audit.ts';
import { TEST_AUTH, TEST_PASSWORD_PARAMS, addUser, manualClock, signIn } from './support.ts';

const clock = manualClock();
const ctx = () => ({ store, clock, passwordParams: TEST_PASSWORD_PARAMS });
let store: Store;

async function auditEntries(action: string): Promise<AuditEntry[]> {
  return [...(await store.audit.list({ action, limit: 1000 })).items];
}

function login(app: FastifyInstance, username: string, password: string, ip = '127.0.0.1') {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
}

describe('sessions', () => {
  let app: FastifyInstance;
  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('sign-in sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token; /me answers', async () => {
    const user = await addUser(store, clock, { roles: ['analyst'], clearance: 'S', compartments: ['SI'] });
    const res = await login(app, user.username.toUpperCase(), user.password);
    assert.equal(res.statusCode, 200, res.body);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^tearline_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/, 'not Secure over plain HTTP');
    const body = res.json() as { user: { username: string; clearance: string }; permissions: string[]; csrfToken: string; mustChangePassword: boolean };
    assert.equal(body.user.username, user.username);
    assert.ok(body.permissions.includes('objects.ingest'));
    assert.equal(body.mustChangePassword, false);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookie.split(';')[0] as string } });
    assert.equal(me.statusCode, 200);
    assert.deepEqual((me.json() as { csrfToken: string; via: string }).csrfToken, body.csrfToken);
    assert.equal((await auditEntries('auth.login')).at(0)?.subject, `user:${user.username}`);
  });

  test('failures all answer the same 401, and the audit says why without naming unknown accounts', async () => {
    const user = await addUser(store, clock, { roles: ['analyst'] });
    const disabled = await addUser(store, clock, { roles: ['analyst'] });
    const off = await updateUser({ username: disabled.username, disabled: true }, 'system:test', ctx());
    assert.ok(off.ok);
    const bodies = [
      await login(app, user.username, 'wrong password here'),
      await login(app, 'no-such-person', 'whatever password'),
      await login(app, disabled.username, disabled.password),
    ];
    for (const res of bodies) {
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json(), { error: { code: 'invalid-credentials', message: 'invalid username or password' } });
    }
    const failures = (await auditEntries('auth.login-failed')).slice(0, 3).reverse();
    assert.deepEqual(failures.map((e) => [e.subject, (e.details as { failure: string }).failure]), [
      [`user:${user.username}`, 'wrong-password'],
      ['user:?', 'unknown-user'],
      [`user:${disabled.username}`, 'disabled'],
    ]);
    assert.ok(!JSON.stringify(failures).includes('no-such-person'), 'an unknown username (maybe a password) is not recorded');
  });

  test('state-changing requests need the CSRF header; reads do not', async () => {
    const admin = await addUser(store, clock, { roles: ['administrator'] });
    const session = await signIn(app, admin);
    const body = { username: 'csrf-victim', roles: ['analyst'], clearance: 'U' };
    const without = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie: session.cookie }, payload: body });
    assert.equal(without.statusCode, 403);
    assert.equal((without.json() as { error: { code: string } }).error.code, 'csrf');
    const wrong = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie: session.cookie, 'x-csrf-token': 'A'.repeat(43) }, payload: body });
    assert.equal(wrong.statusCode, 403);
    assert.equal(await store.users.findUser('csrf-victim'), null);
    const withIt = await app.inject({ method: 'POST', url: '/api/users', headers: session, payload: body });
    assert.equal(withIt.statusCode, 201, withIt.body);
    assert.equal((await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: session.cookie } })).statusCode, 200);
  });

  test('sign-out ends the session and clears the cookie', async () => {
    const session = await signIn(app, await addUser(store, clock));
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: session });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /^tearline_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: session })).statusCode, 401);
  });

  test('sessions expire after the configured lifetime', async () => {
    const session = await signIn(app, await addUser(store, clock));
    clock.advanceMinutes(8 * 60 - 1);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: session })).statusCode, 200);
    clock.advanceMinutes(1);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: session })).statusCode, 401);
  });

  test('a one-time password allows nothing but changing it; the change ends other sessions', async () => {
    const created = await createUser({ username: 'newcomer', roles: ['analyst'], clearance: 'U' }, 'system:test', ctx());
    assert.ok(created.ok);
    const otp = created.value.oneTimePassword as string;
    const other = await signIn(app, { username: 'newcomer', password: otp });
    const session = await signIn(app, { username: 'newcomer', password: otp });
    const blocked = await app.inject({ method: 'GET', url: '/api/objects', headers: session });
    assert.equal(blocked.statusCode, 403);
    assert.equal((blocked.json() as { error: { code: string } }).error.code, 'password-change-required');
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: session })).statusCode, 200);
    const change = (currentPassword: string, newPassword: string) =>
      app.inject({ method: 'POST', url: '/api/auth/password', headers: session, payload: { currentPassword, newPassword } });
    assert.equal((await change('not it at all', 'a fine new passphrase')).statusCode, 403);
    assert.equal((await change(otp, 'short')).statusCode, 400);
    assert.equal((await change(otp, 'a fine new passphrase')).statusCode, 204);
    assert.equal((await app.inject({ method: 'GET', url: '/api/objects', headers: session })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: other })).statusCode, 401, 'the other session ended');
    assert.equal((await login(app, 'newcomer', otp)).statusCode, 401, 'the one-time password is spent');
    assert.equal((await login(app, 'newcomer', 'a fine new passphrase')).statusCode, 200);
  });

  test('Secure cookies when configured to always (behind a TLS proxy)', async () => {
    const secure = await buildServer({ store, clock, maxBodyBytes: 1024, version: 'test', auth: { ...TEST_AUTH, secureCookies: 'always' } });
    try {
      const user = await addUser(store, clock);
      const res = await login(secure, user.username, user.password);
      assert.match(String(res.headers['set-cookie']), /; Secure$/);
    } finally {
      await secure.close();
    }
  });
});

describe('API tokens', () => {
  let app: FastifyInstance;
  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('a token acts as its user within its scopes, until revoked or expired; a bad token is never ignored', async () => {
    const oversight = await addUser(store, clock, { roles: ['oversight'] });
    const made = await createApiToken({ username: oversight.username, name: 'script', scopes: ['objects.read'], days: 2 }, 'system:test', ctx());
    assert.ok(made.ok);
    const bearer = { authorization: `Bearer ${made.value.token}` };
    assert.equal((await app.inject({ method: 'GET', url: '/api/objects', headers: bearer })).statusCode, 200);
    const outOfScope = await app.inject({ method: 'GET', url: '/api/audit', headers: bearer });
    assert.equal(outOfScope.statusCode, 403, 'oversight may read the audit log, this token may not');
    const bad = await app.inject({ method: 'GET', url: '/api/objects', headers: { authorization: 'Bearer tearline_pat_nope' } });
    assert.equal(bad.statusCode, 401);
    clock.advanceMinutes(2 * 24 * 60);
    assert.equal((await app.inject({ method: 'GET', url: '/api/objects', headers: bearer })).statusCode, 401, 'expired');
    const fresh = await createApiToken({ username: oversight.username, name: 'script 2', scopes: ['objects.read', 'audit.read'] }, 'system:test', ctx());
    assert.ok(fresh.ok);
    const freshBearer = { authorization: `Bearer ${fresh.value.token}` };
    assert.equal((await app.inject({ method: 'GET', url: '/api/audit', headers: freshBearer })).statusCode, 200);
    assert.ok((await revokeApiToken({ id: fresh.value.record.id }, 'system:test', ctx())).ok);
    assert.equal((await app.inject({ method: 'GET', url: '/api/audit', headers: freshBearer })).statusCode, 401, 'revoked');
    assert.deepEqual((await auditEntries('token.create')).length, 2);
  });

  test('scopes must be granted by the user roles, and tokens stop when roles shrink', async () => {
    const analyst = await addUser(store, clock, { roles: ['analyst'] });
    const beyond = await createApiToken({ username: analyst.username, name: 'x', scopes: ['users.manage'] }, 'system:test', ctx());
    assert.ok(!beyond.ok && beyond.problem.code === 'invalid-scope');
    const made = await createApiToken({ username: analyst.username, name: 'x', scopes: ['objects.ingest'] }, 'system:test', ctx());
    assert.ok(made.ok);
    const headers = { authorization: `Bearer ${made.value.token}`, 'content-type': 'application/json' };
    const before = await app.inject({ method: 'POST', url: '/api/ingest', headers, payload: '{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[]}' });
    assert.notEqual(before.statusCode, 403, before.body);
    assert.ok((await updateUser({ username: analyst.username, roles: ['oversight'] }, 'system:test', ctx())).ok);
    const after = await app.inject({ method: 'POST', url: '/api/ingest', headers, payload: '{}' });
    assert.equal(after.statusCode, 403);
  });

  test('the token secret is stored only as its hash', async () => {
    const user = await addUser(store, clock, { roles: ['analyst'] });
    const made = await createApiToken({ username: user.username, name: 'x', scopes: ['objects.read'] }, 'system:test', ctx());
    assert.ok(made.ok);
    const listed = await store.users.listApiTokens();
    assert.ok(!JSON.stringify(listed).includes(made.value.token.slice(13)));
  });
});

describe('sign-in throttling', () => {
  let app: FastifyInstance;
  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    app = await buildServer({
      store,
      clock,
      maxBodyBytes: 1024 * 1024,
      version: 'test',
      auth: { ...TEST_AUTH, accountAttempts: { limit: 3, windowMs: 60_000, blockMs: 90_000 }, addressAttempts: { limit: 6, windowMs: 60_000 } },
    });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('an account locks after repeated failures — even the right password then gets 429 with Retry-After', async () => {
    const user = await addUser(store, clock);
    for (let i = 0; i < 3; i++) assert.equal((await login(app, user.username, 'wrong password!', '10.0.0.1')).statusCode, 401);
    const locked = await login(app, user.username, user.password, '10.0.0.2');
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.headers['retry-after'], '90');
    assert.equal((locked.json() as { error: { code: string } }).error.code, 'too-many-requests');
    const lockouts = await auditEntries('auth.lockout');
    assert.equal(lockouts.length, 1);
    assert.equal(lockouts[0]?.subject, `user:${user.username}`);
    const unknown = await login(app, 'nobody-here', 'x'.repeat(12), '10.0.0.3');
    assert.equal(unknown.statusCode, 401, 'other accounts are not affected');
  });

  test('an address is throttled across accounts', async () => {
    for (let i = 0; i < 6; i++) assert.equal((await login(app, `guess${i}`, 'wrong password!', '10.9.9.9')).statusCode, 401);
    const res = await login(app, 'guess-next', 'wrong password!', '10.9.9.9');
    assert.equal(res.statusCode, 429);
    assert.ok(Number(res.headers['retry-after']) > 0);
    assert.equal((await login(app, 'guess-next', 'wrong password!', '10.9.9.8')).statusCode, 401, 'another address is not');
  });

  test('parallel guesses cannot slip in under the limit', async () => {
    const user = await addUser(store, clock);
    const answers = await Promise.all(Array.from({ length: 8 }, () => login(app, user.username, 'wrong password!', '10.1.1.1')));
    const statuses = answers.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429, 429, 429]);
  });
});
