// Issue 10 live updates on one node (SQLite, in-process events): GET /api/events over real
// HTTP streams what each committed write changed, each reader only what the read routes
// would show them; a reconnecting client resumes after its Last-Event-ID (or is told to
// reset); heartbeats flow; a disabled account's stream ends; closing the server ends streams.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { installErrorHandler } from '../../src/http/errors.ts';
import { installAuth } from '../../src/http/auth/plugin.ts';
import { registerAuthRoutes } from '../../src/http/auth/routes.ts';
import { DEFAULT_AUTH_SETTINGS } from '../../src/http/auth/settings.ts';
import { registerEventRoutes } from '../../src/http/api/events.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { inProcessEventBus } from '../../src/storage/sqlite/events.ts';
import { publishingStore } from '../../src/app/events/publishingStore.ts';
import { MAX_OBJECT_EVENTS_PER_WRITE } from '../../src/app/events/writeEvents.ts';
import type { Clock, Store } from '../../src/app/ports.ts';
import type { EventBus } from '../../src/app/ports/events.ts';
import { openCase } from '../../src/domain/warning/index.ts';
import { TEST_AUTH, addUser, type TestUser } from '../auth/support.ts';
import { createApiToken, revokeApiToken } from '../../src/app/auth/apiTokens.ts';
import { tempDir } from '../support/cli.ts';
import { SseClient } from '../multinode/sseClient.ts';
import { getJson, indicator, ingestOverHttp, report, signInOverHttp, statementMarking, type HttpSession } from '../multinode/fixtures.ts';

const clock: Clock = { now: () => new Date().toISOString() };

describe('GET /api/events on one node', () => {
  const dir = tempDir('tearline-events-');
  let bus: EventBus;
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  const users = new Map<string, TestUser>();
  const sessions = new Map<string, HttpSession>();
  const streams: SseClient[] = [];

  const stream = async (who: string, headers: Record<string, string> = {}): Promise<SseClient> => {
    const client = await SseClient.open(`${base}/api/events`, { cookie: (sessions.get(who) as HttpSession).cookie, ...headers });
    streams.push(client);
    await client.waitFor((e) => e.event === 'ready', 10_000, 'ready');
    return client;
  };
  /** Ingests a public sentinel and waits until `client` hears it: everything before it has been judged. */
  const drain = async (...clients: SseClient[]): Promise<void> => {
    const sentinel = indicator('sentinel');
    await ingestOverHttp(base, sessions.get('ana') as HttpSession, [sentinel]);
    for (const client of clients) await client.waitFor((e) => e.event === 'object' && e.data.includes(sentinel.id), 10_000, `the sentinel ${sentinel.id}`);
  };

  before(async () => {
    bus = inProcessEventBus();
    store = publishingStore(openSqliteStore({ path: dir.db }), bus);
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH, events: bus });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    users.set('ana', await addUser(store, clock, { roles: ['analyst'], clearance: 'TS' }, 'ana'));
    users.set('uma', await addUser(store, clock, { roles: ['analyst'], clearance: 'U' }, 'uma'));
    users.set('adam', await addUser(store, clock, { roles: ['administrator'], clearance: 'TS' }, 'adam'));
    for (const [name, user] of users) sessions.set(name, await signInOverHttp(base, user));
  });
  after(async () => {
    for (const client of streams) client.close();
    await app.close();
    await store.close();
    dir.cleanup();
  });

  test('needs a sign-in, and answers as an event stream', async () => {
    const res = await fetch(`${base}/api/events`);
    assert.equal(res.status, 401);
    const client = await stream('ana');
    assert.equal(client.events[0]?.event, 'ready');
  });

  test('an ingest reaches every stream, each reader told only of what they may read', async () => {
    const ana = await stream('ana');
    const uma = await stream('uma');
    const secret = statementMarking('SECRET');
    const open = indicator('open indicator');
    const hidden = indicator('secret indicator', [secret.id]);
    const openReport = report('open report', [open]);
    const secretReport = report('secret report', [hidden], [secret.id]);
    const objects = [secret, open, hidden, openReport, secretReport];
    await ingestOverHttp(base, sessions.get('ana') as HttpSession, objects);

    for (const object of objects) await ana.waitFor((e) => e.event === 'object' && e.data.includes(object.id), 10_000, `the event of ${object.id}`);
    await ana.waitFor((e) => e.event === 'threat', 10_000, 'a threat event');
    await drain(ana, uma);

    // Every object and threat the cleared reader heard of: the uncleared one heard of it
    // exactly when the read routes show it to her.
    const objectIds = objects.map((o) => o.id);
    const umaObjects = new Set(uma.dataOf<{ id: string }>('object').map((e) => e.id));
    for (const id of objectIds) {
      const read = await getJson(base, `/api/objects/${id}`, sessions.get('uma') as HttpSession);
      assert.equal(umaObjects.has(id), read.status === 200, `${id}: event sent ${umaObjects.has(id)}, read answers ${read.status}`);
    }
    assert.ok(umaObjects.has(open.id) && !umaObjects.has(hidden.id) && !umaObjects.has(secretReport.id), uma.describe());
    const threatIds = [...new Set(ana.dataOf<{ threatId: string }>('threat').map((e) => e.threatId))];
    assert.ok(threatIds.length >= 1);
    const umaThreats = new Set(uma.dataOf<{ threatId: string }>('threat').map((e) => e.threatId));
    let hiddenThreats = 0;
    for (const threatId of threatIds) {
      const read = await getJson(base, `/api/threats/${threatId}`, sessions.get('uma') as HttpSession);
      assert.equal(umaThreats.has(threatId), read.status === 200, `${threatId}: event sent ${umaThreats.has(threatId)}, read answers ${read.status}`);
      if (read.status === 404) hiddenThreats += 1;
    }
    assert.ok(hiddenThreats >= 1, 'the secret report made a threat the uncleared reader may not see');
    // Nothing a hidden object could give away: no event names it, in any field.
    for (const event of uma.events) assert.ok(!event.data.includes(hidden.id) && !event.data.includes(secretReport.id), event.data);
  });

  test('warning case events go to readers of warnings only', async () => {
    const ana = await stream('ana');
    const adam = await stream('adam');
    const opened = openCase({ id: `case-${Date.now()}`, summary: 'A plot', reportRefs: [] }, { kind: 'system', systemId: 'test' }, clock.now());
    assert.ok(opened.ok);
    await store.write(async (tx) => {
      assert.equal(await tx.warnings.createCase(opened.case, opened.events, null), true);
    });
    const told = await ana.waitFor((e) => e.event === 'warning', 10_000, 'the warning event');
    assert.deepEqual(JSON.parse(told.data), { kind: 'warning', caseId: opened.case.id, state: opened.case.state, version: 1, change: 'opened' });
    await drain(ana, adam);
    assert.equal(adam.events.filter((e) => e.event === 'warning').length, 0, 'an administrator does not read warnings');
  });

  test('a rolled-back write publishes nothing', async () => {
    const ana = await stream('ana');
    const lost = indicator('never stored');
    await assert.rejects(store.write(async (tx) => {
      const { toObjectWrite } = await import('../../src/app/objectWrite.ts');
      await tx.putObjects([toObjectWrite(lost as never)]);
      throw new Error('changed my mind');
    }), /changed my mind/);
    await drain(ana);
    assert.ok(!ana.events.some((e) => e.data.includes(lost.id)));
  });

  test('a bulk write names its first objects and says there were more', async () => {
    const ana = await stream('ana');
    const uma = await stream('uma');
    const secret = statementMarking('SECRET');
    // The marking itself is visible to everyone: it goes in first, in a write of its own.
    await ingestOverHttp(base, sessions.get('ana') as HttpSession, [secret]);
    const many = Array.from({ length: MAX_OBJECT_EVENTS_PER_WRITE + 5 }, (_, i) => indicator(`bulk ${i}`, [secret.id]));
    await ingestOverHttp(base, sessions.get('ana') as HttpSession, many);
    await ana.waitFor((e) => e.event === 'objects-truncated', 10_000, 'objects-truncated');
    const bulkIds = new Set(many.map((o) => o.id));
    assert.equal(ana.dataOf<{ id: string }>('object').filter((e) => bulkIds.has(e.id)).length, MAX_OBJECT_EVENTS_PER_WRITE);
    await drain(uma);
    // All of it was hidden from her: not even the fact of a bulk write reaches her.
    assert.equal(uma.events.filter((e) => e.event === 'objects-truncated').length, 0);
    for (const event of uma.events) assert.ok(!many.some((o) => event.data.includes(o.id)));
  });

  test('a client reconnecting with Last-Event-ID gets what it missed; an unknown id gets a reset', async () => {
    const first = await stream('ana');
    const a = indicator('missed a');
    const b = indicator('missed b');
    await ingestOverHttp(base, sessions.get('ana') as HttpSession, [a]);
    const seen = await first.waitFor((e) => e.event === 'object' && e.data.includes(a.id));
    first.close();
    await ingestOverHttp(base, sessions.get('ana') as HttpSession, [b]);

    const resumed = await stream('ana', { 'last-event-id': seen.id as string });
    const replayed = resumed.events.filter((e) => e.event === 'object');
    assert.ok(replayed.some((e) => e.data.includes(b.id)), resumed.describe());
    assert.ok(!replayed.some((e) => e.data.includes(a.id)), 'nothing up to the last id seen again');
    assert.ok(resumed.events.findIndex((e) => e.data.includes(b.id)) < resumed.events.findIndex((e) => e.event === 'ready'), 'the replay comes before ready');

    const lost = await stream('ana', { 'last-event-id': 'kq1x2-AAAAAAAA.3' });
    assert.deepEqual(lost.events.map((e) => e.event), ['reset', 'ready']);
  });
});

describe('GET /api/events: heartbeats, a changed account, a closing server', () => {
  test('heartbeats flow; disabling the account ends its stream; closing the server ends the rest', async () => {
    const dir = tempDir('tearline-events-');
    const bus = inProcessEventBus();
    const store = publishingStore(openSqliteStore({ path: dir.db }), bus);
    const app = Fastify();
    installErrorHandler(app);
    const auth = installAuth(app, store, clock, { ...DEFAULT_AUTH_SETTINGS, ...TEST_AUTH });
    registerAuthRoutes(app, auth);
    registerEventRoutes(app, { store, clock, events: bus, heartbeatMs: 100 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const leaver = await addUser(store, clock, { roles: ['analyst'] }, 'leaver');
      const stayer = await addUser(store, clock, { roles: ['analyst'] }, 'stayer');
      const open = async (user: TestUser): Promise<SseClient> => {
        const client = await SseClient.open(`${base}/api/events`, { cookie: (await signInOverHttp(base, user)).cookie });
        await client.waitFor((e) => e.event === 'ready');
        return client;
      };
      const leaving = await open(leaver);
      const staying = await open(stayer);
      const until = Date.now() + 5000;
      while (leaving.heartbeats < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assert.ok(leaving.heartbeats >= 2, `heartbeats: ${leaving.heartbeats}`);

      const record = await store.users.findUser('leaver');
      await store.write(async (tx) => {
        assert.equal(await tx.users.updateUser(record?.id as string, { disabled: true }, clock.now()), true);
      });
      await leaving.waitFor((e) => e.event === 'end', 5000, 'the end of the stream');
      await leaving.ended;
      assert.equal(staying.done, false, 'other streams go on');

      // Signing out ends the session's stream at the next heartbeat, not at the stream's cap.
      const outgoer = await addUser(store, clock, { roles: ['analyst'] }, 'outgoer');
      const session = await signInOverHttp(base, outgoer);
      const signedOut = await SseClient.open(`${base}/api/events`, { cookie: session.cookie });
      await signedOut.waitFor((e) => e.event === 'ready');
      const logout = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { ...session } });
      assert.equal(logout.status, 204);
      const ending = await signedOut.waitFor((e) => e.event === 'end', 5000, 'the end of the signed-out stream');
      assert.deepEqual(JSON.parse(ending.data), { reason: 'signed-out' });
      await signedOut.ended;

      // So does revoking the API token a stream was opened with.
      const made = await createApiToken({ username: 'outgoer', name: 'feed reader', scopes: ['objects.read'] }, 'user:admin', auth.ctx);
      assert.ok(made.ok);
      const byToken = await SseClient.open(`${base}/api/events`, { authorization: `Bearer ${made.value.token}` });
      await byToken.waitFor((e) => e.event === 'ready');
      const untilBeat = byToken.heartbeats + 2;
      while (byToken.heartbeats < untilBeat && Date.now() < until + 10_000) await new Promise((r) => setTimeout(r, 50));
      assert.equal(byToken.done, false, 'a standing token keeps its stream through heartbeats');
      assert.ok((await revokeApiToken({ id: made.value.record.id }, 'user:admin', auth.ctx)).ok);
      const revoked = await byToken.waitFor((e) => e.event === 'end', 5000, 'the end of the revoked token\'s stream');
      assert.deepEqual(JSON.parse(revoked.data), { reason: 'signed-out' });
      await byToken.ended;
      assert.equal(staying.done, false, 'other streams go on');

      const started = Date.now();
      await app.close();
      await staying.ended;
      assert.ok(Date.now() - started < 5000, `closing took ${Date.now() - started} ms`);
    } finally {
      await app.close();
      await store.close();
      dir.cleanup();
    }
  });
});
