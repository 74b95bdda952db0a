// What the audit log records, and the oversight view of it (GET /api/audit).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { digestOfList } from '../../src/app/audit/digest.ts';
import type { Store } from '../../src/app/ports.ts';
import type { AuditEntry } from '../../src/app/ports/audit.ts';
import { TEST_AUTH, addUser, manualClock, signIn, type SessionHeaders } from './support.ts';

const clock = manualClock('2025-03-01T12:00:00.000Z');

const IDENTITY = { type: 'identity', spec_version: '2.1', id: 'identity--4f1c3a52-5d6e-4f70-8a91-b2c3d4e5f601', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: 'Example Org', identity_class: 'organization' };

describe('audit records', () => {
  let store: Store;
  let app: FastifyInstance;
  let oversight: SessionHeaders;
  let admin: SessionHeaders;

  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH });
    oversight = await signIn(app, await addUser(store, clock, { roles: ['oversight'] }, 'olga'));
    admin = await signIn(app, await addUser(store, clock, { roles: ['administrator'] }, 'adam'));
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('a committed ingest is one entry in its own write, naming its actor and what it stored; a rejected one none', async () => {
    const before = (await store.audit.head())?.seq ?? 0;
    const outcome = await ingestObjects([IDENTITY], {}, { store, clock, actor: 'cli:ops' });
    assert.equal(outcome.stored, 1);
    const [entry] = (await store.audit.list({ action: 'objects.ingest', limit: 1 })).items;
    assert.equal(entry?.seq, before + 1);
    assert.equal(entry?.actor, 'cli:ops');
    assert.equal(entry?.after, digestOfList([`${IDENTITY.id}|${IDENTITY.modified}|stored`]));
    assert.deepEqual(entry?.details, { partial: false, received: 1, stored: 1, unchanged: 0, rejected: 0, collections: [] });
    const rejected = await ingestObjects([{ ...IDENTITY, id: 'identity--not-a-uuid' }], {}, { store, clock });
    assert.equal(rejected.committed, false);
    assert.equal((await store.audit.head())?.seq, before + 1, 'nothing recorded for a rolled-back ingest');
    const partial = await ingestObjects([IDENTITY, { type: 'nonsense' }], { partial: true }, { store, clock });
    assert.equal(partial.unchanged, 1);
    const [last] = (await store.audit.list({ action: 'objects.ingest', limit: 1 })).items;
    assert.equal(last?.actor, 'system:ingest', 'unattributed callers are recorded as such');
    assert.equal((last?.details as { rejected: number }).rejected, 1);
  });

  test('permission changes through the API are recorded with before and after digests', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'eve', roles: ['analyst'], clearance: 'C', reason: 'joins the desk' } });
    assert.equal(created.statusCode, 201, created.body);
    assert.match((created.json() as { oneTimePassword: string }).oneTimePassword, /^[\w]{4}(-[\w]{4}){4}$/);
    const changed = await app.inject({ method: 'PATCH', url: '/api/users/eve', headers: admin, payload: { clearance: 'S', compartments: ['SI'] } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual((changed.json() as { user: { clearance: string; compartments: string[] } }).user.compartments, ['SI']);
    const entries = (await store.audit.list({ subject: 'user:eve', limit: 10 })).items;
    assert.deepEqual(entries.map((e) => [e.actor, e.action]), [['user:adam', 'user.update'], ['user:adam', 'user.create']]);
    assert.equal(entries[1]?.reason, 'joins the desk');
    assert.equal(entries[0]?.before, entries[1]?.after, 'the change starts from what creation left');
    assert.notEqual(entries[0]?.after, entries[0]?.before);
  });

  test('oversight filters the log by actor, action, subject and time, pages it, and verifies it', async () => {
    const get = async (query: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/audit?${query}`, headers: oversight });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { entries: AuditEntry[]; next?: string };
    };
    const byAdam = await get('actor=user:adam');
    assert.ok(byAdam.entries.length >= 2 && byAdam.entries.every((e) => e.actor === 'user:adam'));
    const logins = await get('action=auth.login&limit=1');
    assert.equal(logins.entries.length, 1);
    assert.ok(logins.next !== undefined);
    const more = await get(`action=auth.login&limit=1&cursor=${encodeURIComponent(logins.next)}`);
    assert.ok((more.entries[0]?.seq ?? 0) < (logins.entries[0]?.seq ?? 0), 'newest first, then older');
    assert.equal((await get('subject=user:eve')).entries.length, 2);
    clock.set('2025-03-01T18:00:00.000Z');
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: admin });
    const today = await get('from=2025-03-01T18:00:00Z');
    assert.deepEqual(today.entries.map((e) => e.action), ['auth.logout']);
    assert.ok((await get('to=2025-03-01T18:00:00Z')).entries.every((e) => e.at < '2025-03-01T18'));
    for (const bad of ['from=yesterday', 'limit=0', 'cursor=nope']) {
      const res = await app.inject({ method: 'GET', url: `/api/audit?${bad}`, headers: oversight });
      assert.equal(res.statusCode, 400, bad);
    }
    const verified = await app.inject({ method: 'GET', url: '/api/audit/verify', headers: oversight });
    assert.equal((verified.json() as { ok: boolean }).ok, true);
  });
});
