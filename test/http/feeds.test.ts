// GET/POST/DELETE /api/feeds: the TAXII polling feeds `tearline feed` manages, over REST. A
// real source: a second Tearline server on loopback serving a TAXII collection to a partner
// account. A feed added through the API is pulled by the real scheduler and client, and the
// list shows its last run (time, outcome, objects, error) without ever showing a secret.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import type { Store } from '../../src/app/ports.ts';
import { FeedScheduler } from '../../src/app/taxii/feedScheduler.ts';
import { addAccount } from '../../src/app/taxii/manageAccounts.ts';
import { addCollection } from '../../src/app/taxii/manageCollections.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { feedConnector } from '../../src/ingest/taxii/connect.ts';
import type { ApiErrorBody, FeedJson, FeedsResponse, NewFeedResponse } from '../../src/http/wire.ts';
import { TEST_AUTH, signedInAs } from '../auth/support.ts';
import { TEST_PASSWORD_PARAMS } from '../auth/support.ts';
import { indicator } from '../taxii/support.ts';

const clock = { now: () => new Date().toISOString() };
const PARTNER_PASSWORD = 'a long partner feed passphrase';

describe('feeds over REST', () => {
  let source: { store: Store; app: FastifyInstance; url: string };
  let store: Store;
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let analyst: Record<string, string>;

  before(async () => {
    // The partner's server: a collection of three indicators its account may read.
    const sourceStore = openSqliteStore({ path: ':memory:' });
    const ctx = { store: sourceStore, clock, actor: 'cli:test', scrypt: TEST_PASSWORD_PARAMS };
    const collection = await addCollection({ title: 'Shared', alias: 'shared' }, ctx);
    assert.ok(collection.ok, JSON.stringify(collection));
    await ingestObjects([indicator(1), indicator(2), indicator(3)], { collectionIds: [collection.value.id] }, { store: sourceStore, clock });
    assert.ok((await addAccount({ name: 'tearline-b', password: PARTNER_PASSWORD, read: ['shared'] }, ctx)).ok);
    const sourceApp = await buildServer({ store: sourceStore, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH });
    source = { store: sourceStore, app: sourceApp, url: await sourceApp.listen({ host: '127.0.0.1', port: 0 }) };

    store = openSqliteStore({ path: ':memory:' });
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH });
    admin = await signedInAs(app, store, clock, { roles: ['administrator'] });
    analyst = await signedInAs(app, store, clock, { roles: ['analyst'] });
  });
  after(async () => {
    await app.close();
    await store.close();
    await source.app.close();
    await source.store.close();
  });

  const list = async (headers: Record<string, string>): Promise<readonly FeedJson[]> => {
    const res = await app.inject({ method: 'GET', url: '/api/feeds', headers });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as FeedsResponse).feeds;
  };

  test('an administrator adds feeds; everyone sees them, never their secrets', async () => {
    assert.deepEqual(await list(analyst), []);
    const added = await app.inject({
      method: 'POST', url: '/api/feeds', headers: admin,
      payload: { name: 'partner-b', url: `${source.url}/taxii2/`, collection: 'shared', intervalSeconds: 60, auth: { kind: 'basic', user: 'tearline-b', password: PARTNER_PASSWORD } },
    });
    assert.equal(added.statusCode, 201, added.body);
    const feed = (added.json() as NewFeedResponse).feed;
    assert.deepEqual(feed.auth, { kind: 'basic', user: 'tearline-b', secret: 'stored' });
    assert.deepEqual(feed.lastRun, { outcome: 'never-run', startedAt: null, finishedAt: null, objects: null, error: null });
    // A feed whose server refuses it: a wrong token named by an environment variable.
    const wrong = await app.inject({
      method: 'POST', url: '/api/feeds', headers: admin,
      payload: { name: 'wrong-token', url: `${source.url}/taxii2/`, collection: 'shared', intervalSeconds: 60, auth: { kind: 'token', tokenEnv: 'TEARLINE_TEST_NO_SUCH_TOKEN' } },
    });
    assert.equal(wrong.statusCode, 201, wrong.body);
    const seen = await list(analyst);
    assert.deepEqual(seen.map((f) => f.name), ['partner-b', 'wrong-token']);
    assert.ok(!JSON.stringify(seen).includes(PARTNER_PASSWORD), 'the password is never answered');
    assert.deepEqual(seen[1]?.auth, { kind: 'token', secret: 'environment', env: 'TEARLINE_TEST_NO_SUCH_TOKEN' });
  });

  test('after a pull, each feed shows its last run: time, outcome, objects, error', async () => {
    const scheduler = new FeedScheduler({ store, clock, ingest: ingestObjects, openSource: feedConnector({ userAgent: 'Tearline test', env: {}, maxResponseBytes: 1024 * 1024 }), tickMs: 3_600_000 });
    const ran = await scheduler.tick();
    await scheduler.stop();
    assert.deepEqual([...ran].sort(), ['partner-b', 'wrong-token']);
    const [ok, failed] = await list(analyst);
    assert.equal(ok?.lastRun.outcome, 'ok');
    assert.equal(ok?.lastRun.objects, 3);
    assert.equal(ok?.lastRun.error, null);
    assert.ok(ok?.lastRun.finishedAt !== null && Date.parse(ok?.lastRun.finishedAt ?? '') >= Date.parse(ok?.lastRun.startedAt ?? ''));
    assert.equal(ok?.nextRunAt, new Date(Date.parse(ok?.lastRun.finishedAt ?? '') + 60_000).toISOString());
    assert.equal(failed?.lastRun.outcome, 'failed');
    assert.match(failed?.lastRun.error ?? '', /TEARLINE_TEST_NO_SUCH_TOKEN/);
    assert.equal((await store.stats()).objects, 3, 'the pulled objects are stored');
  });

  test('bad feeds are refused with a reason; only administrators change feeds; removal is audited', async () => {
    const bad: { body: unknown; status: number; code: string }[] = [
      { body: { name: 'plain', url: 'http://taxii.example/taxii2/' }, status: 400, code: 'invalid-url' },
      { body: { name: 'fast', url: 'https://taxii.example/taxii2/', intervalSeconds: 1 }, status: 400, code: 'invalid-interval' },
      { body: { name: 'bad name!', url: 'https://taxii.example/taxii2/' }, status: 400, code: 'invalid-name' },
      { body: { name: 'x', url: 'https://taxii.example/taxii2/', auth: { kind: 'basic', user: 'u' } }, status: 400, code: 'invalid-auth' },
      { body: { name: 'x', url: 'https://taxii.example/taxii2/', auth: { kind: 'token', token: 't', tokenEnv: 'T' } }, status: 400, code: 'invalid-auth' },
      { body: { name: 'x', url: 'https://taxii.example/taxii2/', auth: { kind: 'kerberos' } }, status: 400, code: 'invalid-auth' },
      { body: { name: 'x', url: 'https://taxii.example/taxii2/', into: 'no-such-collection' }, status: 400, code: 'unknown-collection' },
      { body: { url: 'https://taxii.example/taxii2/' }, status: 400, code: 'missing-field' },
      { body: { name: 'partner-b', url: 'https://taxii.example/taxii2/' }, status: 409, code: 'feed-exists' },
    ];
    for (const c of bad) {
      const res = await app.inject({ method: 'POST', url: '/api/feeds', headers: admin, payload: c.body as Record<string, unknown> });
      assert.equal(res.statusCode, c.status, `${c.code}: ${res.body}`);
      assert.equal((res.json() as ApiErrorBody).error.code, c.code, res.body);
    }
    assert.equal((await list(admin)).length, 2, 'nothing was added');

    const byAnalyst = await app.inject({ method: 'DELETE', url: '/api/feeds/partner-b', headers: analyst });
    assert.equal(byAnalyst.statusCode, 403, byAnalyst.body);
    const removed = await app.inject({ method: 'DELETE', url: '/api/feeds/wrong-token', headers: admin });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual((await list(admin)).map((f) => f.name), ['partner-b']);
    const again = await app.inject({ method: 'DELETE', url: '/api/feeds/wrong-token', headers: admin });
    assert.equal(again.statusCode, 404, again.body);
    const audit = await app.inject({ method: 'GET', url: '/api/audit?action=taxii.feed-remove', headers: admin });
    assert.match(audit.body, /feed:wrong-token/);
  });
});
