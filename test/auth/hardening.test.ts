// Issue 8 "Hardening": no secrets in logs or error bodies, security headers on API answers
// too, body and JSON depth limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import type { Store } from '../../src/app/ports.ts';
import { createApiToken } from '../../src/app/auth/apiTokens.ts';
import { TEST_AUTH, TEST_PASSWORD_PARAMS, addUser, manualClock, signIn } from './support.ts';

const clock = manualClock();

describe('secrets stay out of logs and error bodies', () => {
  let store: Store;
  let app: FastifyInstance;
  const log: string[] = [];

  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH, logger: true, logStream: { write: (line) => void log.push(line) } });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('a failed sign-in, a bad token and a malformed body leave neither password nor token anywhere', async () => {
    const user = await addUser(store, clock, { roles: ['oversight'] });
    const wrongPassword = 'Wr0ng-but-secret-passphrase';
    const made = await createApiToken({ username: user.username, name: 't', scopes: ['objects.read'] }, 'system:test', { store, clock, passwordParams: TEST_PASSWORD_PARAMS });
    assert.ok(made.ok);
    const forgedToken = `${made.value.token.slice(0, -4)}AAAA`;
    const bodies: string[] = [];
    const failed = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: wrongPassword } });
    assert.equal(failed.statusCode, 401);
    bodies.push(failed.body);
    const typo = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: wrongPassword, password: wrongPassword } });
    bodies.push(typo.body);
    const malformed = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: `{"username":"${user.username}","password":"${wrongPassword}"` });
    assert.equal(malformed.statusCode, 400);
    bodies.push(malformed.body);
    const badToken = await app.inject({ method: 'GET', url: '/api/objects', headers: { authorization: `Bearer ${forgedToken}` } });
    assert.equal(badToken.statusCode, 401);
    bodies.push(badToken.body);
    const good = await app.inject({ method: 'GET', url: '/api/objects', headers: { authorization: `Bearer ${made.value.token}` } });
    assert.equal(good.statusCode, 200);
    const session = await signIn(app, user);
    const sessionValue = session.cookie.split('=')[1] as string;

    const everything = [...log, ...bodies].join('\n');
    assert.ok(log.length > 0, 'the server did log');
    assert.ok(log.some((l) => l.includes('sign-in failed')), 'failures are logged, without the secret');
    for (const secret of [wrongPassword, user.password, made.value.token, forgedToken, sessionValue, session['x-csrf-token']]) {
      assert.ok(!everything.includes(secret), `a secret leaked: ${secret.slice(0, 6)}…`);
    }
    const audit = JSON.stringify((await store.audit.list({ limit: 1000 })).items);
    for (const secret of [wrongPassword, user.password, made.value.token, sessionValue]) assert.ok(!audit.includes(secret), 'nor in the audit log');
  });
});

describe('limits and headers', () => {
  let store: Store;
  let app: FastifyInstance;

  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('API answers carry the security headers, errors included', async () => {
    for (const url of ['/api/health', '/api/objects', '/api/no-such-thing']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
      assert.equal(res.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'", url);
      assert.equal(res.headers['cache-control'], 'no-store', url);
      assert.equal(res.headers['strict-transport-security'], undefined, 'HSTS only over TLS');
    }
  });

  test('JSON nested deeper than 64 levels is refused with 400 before any handler runs', async () => {
    const session = await signIn(app, await addUser(store, clock, { roles: ['administrator'] }));
    const deep = `${'{"a":'.repeat(70)}1${'}'.repeat(70)}`;
    const res = await app.inject({ method: 'POST', url: '/api/users', headers: { ...session, 'content-type': 'application/json' }, payload: deep });
    assert.equal(res.statusCode, 400);
    assert.equal((res.json() as { error: { code: string } }).error.code, 'json-too-deep');
  });

  test('sign-in bodies are small: a large one is refused with 413', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'p'.repeat(40_000) } });
    assert.equal(res.statusCode, 413);
    assert.equal((res.json() as { error: { code: string } }).error.code, 'body-too-large');
  });

  test('a non-JSON sign-in is refused (a cross-site form cannot sign anyone in)', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=a&password=b' });
    assert.equal(res.statusCode, 415);
  });
});
