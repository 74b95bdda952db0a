// Issue 8 "Authorisation": the REST object reads show each user only what their clearance and
// compartments allow — pages, cursors and 404s give nothing hidden away — cut out portions
// they may not see, and audit reads of protected material.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import type { Store } from '../../src/app/ports.ts';
import { TEST_AUTH, addUser, manualClock, signIn, type SessionHeaders, type TestUserOptions } from './support.ts';

const clock = manualClock();
const T = '2025-01-01T00:00:00.000Z';

function statement(n: number, text: string) {
  return { type: 'marking-definition', spec_version: '2.1', id: `marking-definition--00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`, created: T, definition_type: 'statement', definition: { statement: text } };
}

const SECRET = statement(1, 'SECRET');
const SECRET_SI = statement(2, 'SECRET//SI');
const TOP_SECRET = statement(3, 'TOP SECRET');

function indicator(n: number, extra: Record<string, unknown> = {}) {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
    created: T,
    modified: T,
    name: `indicator ${n}`,
    pattern: `[domain-name:value = 'x${n}.example']`,
    pattern_type: 'stix',
    valid_from: T,
    ...extra,
  };
}

// Interleaved so hidden objects sit between visible ones in the store's order.
const OBJECTS = [
  SECRET, SECRET_SI, TOP_SECRET,
  indicator(1),
  indicator(2, { object_marking_refs: [SECRET.id] }),
  indicator(3, { object_marking_refs: [SECRET_SI.id] }),
  indicator(4),
  indicator(5, { object_marking_refs: [TOP_SECRET.id] }),
  indicator(6, { description: 'source detail', granular_markings: [{ marking_ref: SECRET.id, selectors: ['description'] }] }),
  indicator(7, { object_marking_refs: [SECRET.id] }),
  indicator(8, { object_marking_refs: [TOP_SECRET.id] }),
  indicator(9, { object_marking_refs: [TOP_SECRET.id] }),
];
const ID = (n: number) => indicator(n).id;

describe('object reads filtered by clearance and compartments', () => {
  let store: Store;
  let app: FastifyInstance;
  const sessions = new Map<string, SessionHeaders>();
  const readers: Record<string, TestUserOptions> = {
    unclassified: { clearance: 'U' },
    secret: { clearance: 'S' },
    secretSi: { clearance: 'S', compartments: ['SI'] },
    topSecret: { clearance: 'TS', compartments: ['SI'] },
  };

  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    const outcome = await ingestObjects(OBJECTS, {}, { store, clock });
    assert.ok(outcome.committed, JSON.stringify(outcome.errors));
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH });
    for (const [name, options] of Object.entries(readers)) sessions.set(name, await signIn(app, await addUser(store, clock, { roles: ['analyst'], ...options }, name.toLowerCase())));
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  async function page(reader: string, query: string): Promise<{ objects: { id: string; description?: string; granular_markings?: unknown }[]; next?: string }> {
    const res = await app.inject({ method: 'GET', url: `/api/objects?${query}`, headers: sessions.get(reader) });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as never;
  }

  async function allIds(reader: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const body = await page(reader, `type=indicator&limit=${limit}${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      if (body.next !== undefined) assert.equal(body.objects.length, limit, `${reader}: a page with more to come is full`);
      assert.ok(body.objects.length > 0 || i === 0, `${reader}: no empty page after a cursor`);
      ids.push(...body.objects.map((o) => o.id));
      cursor = body.next;
      if (cursor === undefined) break;
    }
    return ids.sort();
  }

  test('each reader lists exactly what they may see, in full pages, with no cursor into hidden objects', async () => {
    const expected: Record<string, number[]> = {
      unclassified: [1, 4, 6],
      secret: [1, 2, 4, 6, 7],
      secretSi: [1, 2, 3, 4, 6, 7],
      topSecret: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    };
    for (const [reader, numbers] of Object.entries(expected)) {
      for (const limit of [1, 2, 3, 100]) {
        assert.deepEqual(await allIds(reader, limit), numbers.map(ID).sort(), `${reader}, limit ${limit}`);
      }
    }
  });

  test('a hidden object answers exactly like one that does not exist', async () => {
    const hidden = await app.inject({ method: 'GET', url: `/api/objects/${ID(5)}`, headers: sessions.get('secret') });
    const absent = await app.inject({ method: 'GET', url: `/api/objects/${ID(99)}`, headers: sessions.get('secret') });
    assert.equal(hidden.statusCode, 404);
    assert.equal(absent.statusCode, 404);
    const shape = (body: string, id: string) => body.replace(id, '<id>');
    assert.equal(shape(hidden.body, ID(5)), shape(absent.body, ID(99)));
    assert.equal((await app.inject({ method: 'GET', url: `/api/objects/${ID(5)}`, headers: sessions.get('topSecret') })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: `/api/objects/${ID(3)}`, headers: sessions.get('secret') })).statusCode, 404, 'needs SI');
  });

  test('a portion above the reader is cut out, with its granular marking; cleared readers get the stored bytes', async () => {
    const low = await app.inject({ method: 'GET', url: `/api/objects/${ID(6)}`, headers: sessions.get('unclassified') });
    const [version] = (low.json() as { versions: { name: string; description?: string; granular_markings?: unknown }[] }).versions;
    assert.equal(version?.name, 'indicator 6');
    assert.equal(version?.description, undefined);
    assert.equal(version?.granular_markings, undefined);
    assert.ok(!low.body.includes('source detail'));
    const high = await app.inject({ method: 'GET', url: `/api/objects/${ID(6)}`, headers: sessions.get('secret') });
    const stored = (await store.getLatestObject(ID(6)))?.json as string;
    assert.ok(high.body.includes(stored), 'exactly as stored');
  });

  test('reads of protected material are audited, one entry per request; unprotected reads are not', async () => {
    const before = (await store.audit.head())?.seq ?? 0;
    await app.inject({ method: 'GET', url: `/api/objects/${ID(1)}`, headers: sessions.get('secret') });
    await app.inject({ method: 'GET', url: '/api/objects?type=indicator&limit=100', headers: sessions.get('unclassified') });
    assert.equal((await store.audit.head())?.seq ?? 0, before, 'nothing protected was read');
    await app.inject({ method: 'GET', url: `/api/objects/${ID(2)}`, headers: sessions.get('secret') });
    await app.inject({ method: 'GET', url: '/api/objects?type=indicator&limit=100', headers: sessions.get('topSecret') });
    const entries = (await store.audit.list({ limit: 2 })).items;
    assert.deepEqual(entries.map((e) => [e.actor, e.action, e.subject]), [
      ['user:topsecret', 'objects.list', 'objects:7'],
      ['user:secret', 'objects.read', ID(2)],
    ]);
    // 6 counts: its SECRET description was shown.
    assert.deepEqual((entries[0]?.details as { objects: string[] }).objects.map((o) => o.split('|')[0]).sort(), [2, 3, 5, 6, 7, 8, 9].map(ID).sort());
  });
});
