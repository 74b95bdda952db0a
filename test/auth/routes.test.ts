// Issue 8 "Each route declares the permission it needs": every route the server has, with
// every role, answers as its declaration says — 401 without a sign-in, 403 without the
// permission, and something else (200, 400, 404, 422…) with it. Routes come from the server
// itself (onRoute), so a new route is walked without editing this test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { declaredRoutes, installAuth } from '../../src/http/auth/plugin.ts';
import { UndeclaredRouteError, requires, type DeclaredRoute } from '../../src/http/auth/access.ts';
import { DEFAULT_AUTH_SETTINGS } from '../../src/http/auth/settings.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { ROLES, type Role } from '../../src/domain/warning/roles.ts';
import { permissionsOf } from '../../src/domain/people/permissions.ts';
import type { Store } from '../../src/app/ports.ts';
import { TEST_AUTH, addUser, manualClock, signIn, type TestUser } from './support.ts';

const clock = manualClock();

/** Sample values for path parameters, so each route gets past routing to its own checks. */
const PARAMS: Readonly<Record<string, string>> = {
  id: 'indicator--00000000-0000-4000-8000-000000000000',
  username: 'bystander',
};

function concreteUrl(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(PARAMS[name] ?? 'x'));
}

function allowed(route: DeclaredRoute, role: Role): boolean {
  const access = route.access;
  if (access.kind === 'permission') return permissionsOf([role]).has(access.permission);
  return true;
}

describe('every route, every role', () => {
  let store: Store;
  let app: FastifyInstance;
  const users = new Map<Role, TestUser>();

  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH });
    for (const role of ROLES) users.set(role, await addUser(store, clock, { roles: [role], clearance: 'TS' }, `only-${role.replaceAll('_', '-')}`));
    await addUser(store, clock, { roles: ['analyst'] }, 'bystander');
    // A second administrator, so disabling or demoting one is never refused as the last.
    await addUser(store, clock, { roles: ['administrator'] }, 'spare-admin');
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('the server knows its routes and each has a declared access', () => {
    const routes = declaredRoutes(app);
    const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
    for (const expected of ['GET /api/objects', 'GET /api/objects/:id', 'POST /api/ingest', 'POST /api/auth/login', 'GET /api/auth/me', 'GET /api/audit', 'GET /api/users', 'POST /api/users', 'GET /api/feeds', 'POST /api/feeds', 'DELETE /api/feeds/:name']) {
      assert.ok(keys.has(expected), expected);
    }
    assert.ok(routes.every((r) => r.access !== undefined));
  });

  test('signed-out requests to non-public routes get 401; public ones never ask for a sign-in', async () => {
    for (const route of declaredRoutes(app)) {
      if (route.access.kind === 'partner') continue;
      const res = await app.inject({ method: route.method as 'GET', url: concreteUrl(route.url), ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { payload: {} }) });
      const label = `${route.method} ${route.url} (${res.statusCode} ${res.body.slice(0, 120)})`;
      if (route.access.kind === 'public') assert.ok(res.statusCode !== 401 && res.statusCode !== 403, label);
      else assert.equal(res.statusCode, 401, label);
    }
  });

  test('each role is allowed exactly what its permissions say, and refused with 403 otherwise', async () => {
    const checked: string[] = [];
    for (const route of declaredRoutes(app)) {
      if (route.access.kind === 'public' || route.access.kind === 'partner') continue;
      for (const role of ROLES) {
        // A fresh session for every call: some routes end the session or change the account.
        const headers = await signIn(app, users.get(role) as TestUser);
        // The live event stream (issue 10) answers its headers and then never ends by itself:
        // its answer is read as a stream, and a stream that opened is dropped.
        const streaming = route.method === 'GET' && route.url === '/api/events';
        const res = await app.inject({
          method: route.method as 'GET',
          url: concreteUrl(route.url),
          headers,
          ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { payload: {} }),
          ...(streaming ? { payloadAsStream: true } : {}),
        });
        const body = streaming ? await streamedBody(res) : res.body;
        const label = `${role} ${route.method} ${route.url}: ${res.statusCode} ${body.slice(0, 160)}`;
        if (allowed(route, role)) {
          assert.ok(res.statusCode !== 401 && res.statusCode !== 403, label);
        } else {
          assert.equal(res.statusCode, 403, label);
          if (route.method !== 'HEAD') assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'forbidden', label);
        }
        checked.push(label);
      }
    }
    assert.ok(checked.length >= ROLES.length * 10, `walked ${checked.length} route/role pairs`);
  });
});

/** The body of an answer injected with payloadAsStream: read whole when it is an error, dropped when it is a live stream. */
async function streamedBody(res: { statusCode: number; stream(): NodeJS.ReadableStream & { destroy(): void } }): Promise<string> {
  const stream = res.stream();
  if (res.statusCode === 200) {
    stream.destroy();
    return '(event stream)';
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

describe('a route without a declared access', () => {
  test('stops the server from starting', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    try {
      const app = Fastify();
      installAuth(app, store, clock, DEFAULT_AUTH_SETTINGS);
      app.get('/api/declared', { config: { access: requires('objects.read') } }, async () => ({}));
      assert.throws(() => app.get('/api/forgotten', async () => ({})), UndeclaredRouteError);
      // The same inside a plugin: the error surfaces when the server gets ready.
      const other = Fastify();
      installAuth(other, store, clock, DEFAULT_AUTH_SETTINGS);
      void other.register(async (scope) => {
        scope.post('/api/also-forgotten', async () => ({}));
      });
      await assert.rejects(async () => {
        await other.ready();
      }, UndeclaredRouteError);
      await app.close();
    } finally {
      await store.close();
    }
  });
});
