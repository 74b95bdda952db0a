// POST /api/ingest in-process (Fastify inject): the same acceptance and refusals as
// `tearline ingest`, the status codes of the wire contract, and nothing stored on rejection.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import type { Store } from '../../src/app/ports.ts';
import type { ApiErrorBody, IngestResponse, ObjectVersionsResponse } from '../../src/http/wire.ts';
import { sessionOf, signInTo } from '../auth/support.ts';

const clock = { now: () => '2025-01-01T00:00:00.000Z' };

const IDENTITY = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--4f1c3a52-5d6e-4f70-8a91-b2c3d4e5f601',
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  name: 'Example Org',
  identity_class: 'organization',
};

const INDICATOR = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d',
  created: '2024-01-02T00:00:00.000Z',
  modified: '2024-01-02T00:00:00.000Z',
  created_by_ref: IDENTITY.id,
  name: 'Bad domain',
  pattern: "[domain-name:value = 'bad.example']",
  pattern_type: 'stix',
  valid_from: '2024-01-02T00:00:00Z',
};

const BAD_IDENTITY = { ...IDENTITY, id: 'identity--0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', identity_class: 42 };

function bundle(...objects: unknown[]): string {
  return JSON.stringify({ type: 'bundle', id: 'bundle--1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a', objects });
}

async function post(app: FastifyInstance, payload: string | Buffer, query = '', contentType = 'application/json') {
  return app.inject({ method: 'POST', url: `/api/ingest${query}`, headers: { ...sessionOf(app), 'content-type': contentType }, payload });
}

/** What the store holds, read from the store itself (the public health route says nothing about it). */
async function counts(store: Store): Promise<{ objects: number; versions: number }> {
  const stats = await store.stats();
  return { objects: stats.objects, versions: stats.versions };
}

describe('REST ingest API', () => {
  let store: Store;
  let app: FastifyInstance;

  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    app = await buildServer({ store, clock, maxBodyBytes: 64 * 1024, version: 'test' });
    await signInTo(app, store, clock, { roles: ['analyst'] });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('stores a bundle (200) and a second time reports it unchanged', async () => {
    const first = await post(app, bundle(IDENTITY, INDICATOR));
    assert.equal(first.statusCode, 200, first.body);
    const body = first.json() as IngestResponse;
    assert.deepEqual(
      { committed: body.committed, partial: body.partial, kind: body.kind, received: body.received, stored: body.stored, unchanged: body.unchanged, rejected: body.rejected, errors: body.errors },
      { committed: true, partial: false, kind: 'bundle', received: 2, stored: 2, unchanged: 0, rejected: 0, errors: [] },
    );
    const stored = (await app.inject({ method: 'GET', url: `/api/objects/${INDICATOR.id}`, headers: sessionOf(app) })).json() as ObjectVersionsResponse;
    assert.deepEqual(stored.versions, [INDICATOR]);

    const again = (await post(app, bundle(IDENTITY, INDICATOR))).json() as IngestResponse;
    assert.equal(again.stored, 0);
    assert.equal(again.unchanged, 2);
  });

  test('accepts a single object and the STIX media type', async () => {
    const newer = { ...INDICATOR, modified: '2024-02-01T00:00:00.000Z', name: 'Bad domain (revised)' };
    const res = await post(app, JSON.stringify(newer), '', 'application/stix+json;version=2.1');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as IngestResponse;
    assert.equal(body.kind, 'object');
    assert.equal(body.stored, 1);
    const versions = (await app.inject({ method: 'GET', url: `/api/objects/${INDICATOR.id}`, headers: sessionOf(app) })).json() as ObjectVersionsResponse;
    assert.deepEqual(versions.versions.map((v) => v.modified), [INDICATOR.modified, newer.modified]);
  });

  test('rejects a bundle with a bad object whole (422): every error reported, nothing stored', async () => {
    const before = await counts(store);
    const fresh = { ...IDENTITY, id: 'identity--7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f', name: 'Fresh Org' };
    const res = await post(app, bundle(fresh, BAD_IDENTITY));
    assert.equal(res.statusCode, 422, res.body);
    const body = res.json() as IngestResponse;
    assert.equal(body.committed, false);
    assert.equal(body.stored, 0);
    assert.equal(body.received, 2);
    assert.ok(body.errors.length >= 1);
    const error = body.errors[0];
    assert.equal(error?.objectId, BAD_IDENTITY.id);
    assert.match(error?.path ?? '', /^objects\[1\]/);
    assert.ok((error?.code ?? '') !== '' && (error?.message ?? '') !== '');
    assert.deepEqual(await counts(store), before);
    assert.equal((await app.inject({ method: 'GET', url: `/api/objects/${fresh.id}`, headers: sessionOf(app) })).statusCode, 404);
  });

  test('partial=true stores the valid objects and reports the rest (207)', async () => {
    const good = { ...IDENTITY, id: 'identity--8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a', name: 'Good Org' };
    const dependent = { ...INDICATOR, id: 'indicator--9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b', created_by_ref: BAD_IDENTITY.id };
    const res = await post(app, bundle(good, BAD_IDENTITY, dependent), '?partial=true');
    assert.equal(res.statusCode, 207, res.body);
    const body = res.json() as IngestResponse;
    assert.equal(body.partial, true);
    assert.equal(body.committed, true);
    assert.deepEqual([body.received, body.stored, body.rejected], [3, 1, 2]);
    assert.deepEqual(new Set(body.errors.map((e) => e.objectId)), new Set([BAD_IDENTITY.id, dependent.id]));
    assert.ok(body.errors.some((e) => e.code === 'dangling-reference' && e.objectId === dependent.id));
    assert.equal((await app.inject({ method: 'GET', url: `/api/objects/${good.id}`, headers: sessionOf(app) })).statusCode, 200);
  });

  test('partial=true with nothing valid stores nothing (422)', async () => {
    const before = await counts(store);
    const res = await post(app, bundle(BAD_IDENTITY), '?partial=true');
    assert.equal(res.statusCode, 422, res.body);
    assert.equal((res.json() as IngestResponse).committed, false);
    assert.deepEqual(await counts(store), before);
  });

  test('JSON that is not STIX is a rejected input (422) with the reason', async () => {
    for (const payload of ['[1, 2]', '{"hello": "world"}', '{"type": "bundle", "objects": 7}']) {
      const res = await post(app, payload);
      assert.equal(res.statusCode, 422, payload);
      const body = res.json() as IngestResponse;
      assert.equal(body.committed, false);
      assert.match(body.errors[0]?.code ?? '', /^(not-stix|invalid-bundle)$/, payload);
    }
  });

  test('bad requests answer with an error body and store nothing', async () => {
    const before = await counts(store);
    const cases: { payload: string | Buffer; query?: string; type?: string; status: number; code: string }[] = [
      { payload: '{"type": "bundle", "objects": [', status: 400, code: 'malformed-json' },
      { payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, code: 'invalid-utf8' },
      { payload: bundle(IDENTITY), query: '?partial=yes', status: 400, code: 'invalid-partial' },
      { payload: bundle(IDENTITY), type: 'text/html', status: 415, code: 'unsupported-media-type' },
      { payload: 'objects=1', type: 'application/x-www-form-urlencoded', status: 415, code: 'unsupported-media-type' },
    ];
    for (const c of cases) {
      const res = await post(app, c.payload, c.query ?? '', c.type ?? 'application/json');
      assert.equal(res.statusCode, c.status, `${c.code}: ${res.body}`);
      assert.equal((res.json() as ApiErrorBody).error.code, c.code);
    }
    const bare = await app.inject({ method: 'POST', url: '/api/ingest', headers: sessionOf(app) });
    assert.equal(bare.statusCode, 415, bare.body);
    assert.deepEqual(await counts(store), before);
  });
});

describe('REST ingest API body limit', () => {
  test('answers 413 above the server body limit and stores nothing', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const app = await buildServer({ store, clock, maxBodyBytes: 2048, version: 'test' });
    await signInTo(app, store, clock, { roles: ['analyst'] });
    try {
      const big = bundle(...Array.from({ length: 20 }, (_, i) => ({ ...IDENTITY, id: `identity--00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })));
      assert.ok(Buffer.byteLength(big) > 2048);
      const res = await post(app, big);
      assert.equal(res.statusCode, 413, res.body);
      assert.equal((res.json() as ApiErrorBody).error.code, 'body-too-large');
      assert.deepEqual(await counts(store), { objects: 0, versions: 0 });
      const small = await post(app, bundle(IDENTITY));
      assert.equal(small.statusCode, 200, small.body);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
