// The REST API in-process (Fastify inject): pages, cursors, versions and error bodies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import type { Store } from '../../src/app/ports.ts';
import { syntheticObjects } from '../../bench/synthetic.ts';
import { sessionOf, signInTo } from '../auth/support.ts';

const clock = { now: () => '2025-01-01T00:00:00.000Z' };

describe('REST objects API', () => {
  let store: Store;
  let app: FastifyInstance;
  const objects = [...syntheticObjects(250, 7)];

  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    const outcome = await ingestObjects(objects, {}, { store, clock });
    assert.equal(outcome.committed, true, JSON.stringify(outcome.errors.slice(0, 3)));
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test' });
    await signInTo(app, store, clock, { roles: ['analyst'] });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('health answers without revealing what the store holds', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok', version: 'test' });
  });

  test('pages through every object exactly once with stateless cursors', async () => {
    const seen = new Set<string>();
    let cursor = '';
    for (let pages = 0; pages < 100; pages += 1) {
      const res = await app.inject({ method: 'GET', url: `/api/objects?limit=40${cursor === '' ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, headers: sessionOf(app) });
      assert.equal(res.statusCode, 200);
      const body = res.json() as { objects: { id: string }[]; next?: string };
      for (const o of body.objects) {
        assert.ok(!seen.has(o.id), `${o.id} served twice`);
        seen.add(o.id);
      }
      if (body.next === undefined) break;
      cursor = body.next;
    }
    assert.equal(seen.size, objects.length);
  });

  test('filters by type', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/objects?type=malware,intrusion-set&limit=1000', headers: sessionOf(app) });
    const body = res.json() as { objects: { type: string }[] };
    const expected = objects.filter((o) => o.type === 'malware' || o.type === 'intrusion-set').length;
    assert.equal(body.objects.length, expected);
    assert.ok(body.objects.every((o) => o.type === 'malware' || o.type === 'intrusion-set'));
  });

  test('returns every version of one object, as stored', async () => {
    const first = objects[60] as { id: string; modified: string };
    const newer = { ...objects[60], modified: '2030-01-01T00:00:00.000Z', name: 'renamed' };
    const outcome = await ingestObjects([newer], {}, { store, clock });
    assert.equal(outcome.stored, 1);
    const res = await app.inject({ method: 'GET', url: `/api/objects/${first.id}`, headers: sessionOf(app) });
    assert.equal(res.statusCode, 200);
    const body = res.json() as { versions: { modified: string }[] };
    assert.deepEqual(body.versions.map((v) => v.modified), [first.modified, '2030-01-01T00:00:00.000Z']);
  });

  test('errors are JSON with a code and a message', async () => {
    const cases: [string, number, string][] = [
      ['/api/objects/indicator--00000000-0000-4000-8000-000000000000', 404, 'not-found'],
      ['/api/objects?limit=abc', 400, 'invalid-limit'],
      ['/api/objects?limit=0', 400, 'invalid-limit'],
      ['/api/objects?type=NOT_A_TYPE', 400, 'invalid-type'],
      ['/api/objects?cursor=garbage!!', 400, 'invalid-cursor'],
      ['/api/nothing-here', 404, 'not-found'],
    ];
    for (const [url, status, code] of cases) {
      const res = await app.inject({ method: 'GET', url, headers: sessionOf(app) });
      assert.equal(res.statusCode, status, url);
      const body = res.json() as { error: { code: string; message: string } };
      assert.equal(body.error.code, code, url);
      assert.ok(body.error.message.length > 0);
    }
  });
});
