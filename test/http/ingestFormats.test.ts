// POST /api/ingest with the formats `tearline ingest --format` takes besides STIX: a report
// text (field report, news article) answers with what the extractor found, with offsets into
// the text; a CSV indicator list; a MISP event. The format comes from the Content-Type or a
// `format` parameter. Bad input of every format gets a clear error and stores nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import type { Store } from '../../src/app/ports.ts';
import type { ApiErrorBody, IngestResponse, ObjectVersionsResponse } from '../../src/http/wire.ts';
import { sessionOf, signInTo } from '../auth/support.ts';

const clock = { now: () => '2025-03-12T09:00:00.000Z' };

const FIELD_REPORT = [
  'SECRET//REL TO USA, GBR',
  '',
  'FIELD REPORT: BOMB PLOT AGAINST A HOTEL IN MOGADISHU',
  '',
  '(S//REL TO USA, GBR) A source with direct access reports that an al-Shabaab cell plans a car bomb attack against the Sahafi Hotel in Mogadishu within the next 48 hours. The cell leader uses the handset +252 61 555 0142.',
  '',
].join('\n');

const NEWS_ARTICLE = 'DAMASCUS, 10 March 2025 — Daesh members were seen near the Sayyida Zaynab shrine, police said. Pilgrims are expected on Friday.\n';

const CSV = 'type,value,description\nipv4-addr,198.51.100.7,relay\ndomain-name,bad.example,c2\n';

const MISP_EVENT = {
  Event: {
    uuid: '5f1c0000-0000-4000-8000-000000000001',
    info: 'Phishing wave against ministries',
    date: '2025-03-01',
    timestamp: '1740787200',
    published: true,
    Orgc: { name: 'ACME CERT', uuid: '5f1c0000-0000-4000-8000-000000000002' },
    Tag: [{ name: 'tlp:green' }],
    Attribute: [{ uuid: '5f1c0000-0000-4000-8000-000000000003', type: 'domain', category: 'Network activity', value: 'login-ministry.example', to_ids: true, timestamp: '1740787200' }],
  },
};

async function post(app: FastifyInstance, payload: string | Buffer, contentType: string, query = '') {
  return app.inject({ method: 'POST', url: `/api/ingest${query}`, headers: { ...sessionOf(app), 'content-type': contentType }, payload });
}

async function versions(store: Store): Promise<number> {
  return (await store.stats()).versions;
}

describe('REST ingest of report texts, CSV and MISP', () => {
  let store: Store;
  let app: FastifyInstance;

  before(async () => {
    store = openSqliteStore({ path: ':memory:' });
    app = await buildServer({ store, clock, maxBodyBytes: 256 * 1024, version: 'test' });
    await signInTo(app, store, clock, { roles: ['analyst'] });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('a field report sent as text/plain is stored, and the answer marks what was found in it', async () => {
    const res = await post(app, FIELD_REPORT, 'text/plain; charset=utf-8', '?name=field-report.txt');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as IngestResponse;
    assert.equal(body.format, 'text');
    assert.equal(body.committed, true);
    assert.ok(body.stored >= 5, `stored ${body.stored}`);
    const extraction = body.extraction;
    assert.ok(extraction !== undefined);
    assert.equal(extraction.objectCount, body.received);
    // No parameter and no dateline: dates resolve against the day it was ingested.
    assert.deepEqual([extraction.published, extraction.publishedFrom], ['2025-03-12', 'today']);
    // Every mention's offsets point at its own text.
    for (const m of extraction.mentions) assert.equal(FIELD_REPORT.slice(m.start, m.end), m.text, JSON.stringify(m));
    const found = new Set(extraction.mentions.map((m) => `${m.kind}:${m.text}`));
    for (const expected of ['group:al-Shabaab', 'method:car bomb', 'place:Mogadishu', 'date:within the next 48 hours', 'observable:+252 61 555 0142', 'marking:SECRET//REL TO USA, GBR']) {
      assert.ok(found.has(expected), `${expected} in ${[...found].join(' | ')}`);
    }
    // The report is stored, named after the file, and refers to what was found.
    assert.match(extraction.reportId ?? '', /^report--/);
    const stored = (await app.inject({ method: 'GET', url: `/api/objects/${extraction.reportId as string}`, headers: sessionOf(app) })).json() as ObjectVersionsResponse;
    const report = stored.versions[0] as { name?: string; object_refs?: string[] };
    assert.equal(report.name, 'field-report.txt');
    assert.ok((report.object_refs?.length ?? 0) >= 4);
  });

  test('a news article takes its dateline as its publication date, or the `published` parameter', async () => {
    const stated = (await post(app, NEWS_ARTICLE, 'text/plain')).json() as IngestResponse;
    assert.deepEqual([stated.extraction?.published, stated.extraction?.publishedFrom], ['2025-03-10', 'stated']);
    const given = await post(app, NEWS_ARTICLE, 'application/json', '?format=text&published=2025-03-11');
    assert.equal(given.statusCode, 200, given.body);
    const body = given.json() as IngestResponse;
    assert.deepEqual([body.format, body.extraction?.published, body.extraction?.publishedFrom], ['text', '2025-03-11', 'given']);
  });

  test('a CSV indicator list by Content-Type, and a MISP event by the format parameter', async () => {
    const csv = await post(app, CSV, 'text/csv');
    assert.equal(csv.statusCode, 200, csv.body);
    const csvBody = csv.json() as IngestResponse;
    assert.deepEqual([csvBody.format, csvBody.committed, csvBody.extraction], ['csv', true, undefined]);
    assert.ok(csvBody.stored >= 2);

    const misp = await post(app, JSON.stringify(MISP_EVENT), 'application/json', '?format=misp');
    assert.equal(misp.statusCode, 200, misp.body);
    const mispBody = misp.json() as IngestResponse;
    assert.equal(mispBody.format, 'misp');
    assert.ok(mispBody.stored >= 2, misp.body);
    const indicators = (await app.inject({ method: 'GET', url: '/api/objects?type=indicator&limit=100', headers: sessionOf(app) })).json() as { objects: { pattern?: string }[] };
    assert.ok(indicators.objects.some((i) => i.pattern === "[domain-name:value = 'login-ministry.example']"));
    assert.ok(indicators.objects.some((i) => i.pattern === "[ipv4-addr:value = '198.51.100.7']"));
  });

  test('a CSV with a ragged row is refused whole (422), and partial=true stores the good rows (207)', async () => {
    const ragged = 'type,value,description\nipv4-addr,198.51.100.8,relay\ndomain-name,worse.example,c2,extra\n';
    const before = await versions(store);
    const refused = await post(app, ragged, 'text/csv');
    assert.equal(refused.statusCode, 422, refused.body);
    const body = refused.json() as IngestResponse;
    assert.equal(body.committed, false);
    assert.ok(body.errors.some((e) => e.path.startsWith('line 3')), refused.body);
    assert.equal(await versions(store), before, 'nothing stored');

    const partial = await post(app, ragged, 'text/csv', '?partial=true');
    assert.equal(partial.statusCode, 207, partial.body);
    const partialBody = partial.json() as IngestResponse;
    assert.equal(partialBody.committed, true);
    assert.ok(partialBody.rejected >= 1 && partialBody.stored >= 1);
  });

  test('bad input of each format gets a clear error and stores nothing', async () => {
    const before = await versions(store);
    const cases: { payload: string | Buffer; type: string; query?: string; status: number; code: string }[] = [
      { payload: Buffer.from([0x41, 0x00, 0x42]), type: 'text/plain', status: 400, code: 'binary-input' },
      { payload: Buffer.from([0x41, 0xff, 0xfe]), type: 'text/plain', status: 400, code: 'invalid-utf8' },
      { payload: Buffer.from([0x41, 0xff, 0xfe]), type: 'text/csv', status: 400, code: 'invalid-utf8' },
      { payload: '{"Event": ', type: 'application/json', query: '?format=misp', status: 400, code: 'malformed-json' },
      { payload: NEWS_ARTICLE, type: 'text/plain', query: '?published=2025-02-30', status: 400, code: 'invalid-published' },
      { payload: CSV, type: 'text/csv', query: '?published=2025-02-01', status: 400, code: 'invalid-published' },
      { payload: NEWS_ARTICLE, type: 'text/plain', query: '?format=pdf', status: 400, code: 'invalid-format' },
      { payload: NEWS_ARTICLE, type: 'text/plain', query: '?format=ndjson', status: 400, code: 'invalid-format' },
      { payload: NEWS_ARTICLE, type: 'text/plain', query: `?name=${'x'.repeat(201)}`, status: 400, code: 'invalid-name' },
      { payload: NEWS_ARTICLE, type: 'text/html', status: 415, code: 'unsupported-media-type' },
    ];
    for (const c of cases) {
      const res = await post(app, c.payload, c.type, c.query ?? '');
      assert.equal(res.statusCode, c.status, `${c.code}: ${res.body}`);
      const error = (res.json() as ApiErrorBody).error;
      assert.equal(error.code, c.code, res.body);
      assert.ok(error.message.length > 10, `a message that says why: ${error.message}`);
    }
    // Readable input that is not intelligence: an outcome that says why (422), nothing stored.
    const rejected: { payload: string; type: string; query?: string; code: string }[] = [
      { payload: '  \n\t\n', type: 'text/plain', code: 'empty-input' },
      { payload: JSON.stringify({ Event: { uuid: '5f1c0000-0000-4000-8000-000000000009', info: 'empty' } }), type: 'application/json', query: '?format=misp', code: 'empty-event' },
      { payload: 'colour,shape\nred,round\n', type: 'text/csv', code: '' },
    ];
    for (const c of rejected) {
      const res = await post(app, c.payload, c.type, c.query ?? '');
      assert.equal(res.statusCode, 422, `${c.code}: ${res.body}`);
      const body = res.json() as IngestResponse;
      assert.equal(body.committed, false);
      assert.ok(body.errors.length > 0 && body.errors.every((e) => e.message.length > 0), res.body);
      if (c.code !== '') assert.equal(body.errors[0]?.code, c.code, res.body);
    }
    assert.equal(await versions(store), before, 'nothing stored');
  });

  test('a report text above the extraction limit is refused before extraction (413)', async () => {
    const big = await buildServer({ store, clock, maxBodyBytes: 4 * 1024 * 1024, version: 'test' });
    try {
      const headers = await signInTo(big, store, clock, { roles: ['analyst'] });
      const res = await big.inject({ method: 'POST', url: '/api/ingest', headers: { ...headers, 'content-type': 'text/plain' }, payload: Buffer.alloc(3 * 1024 * 1024, 0x61) });
      assert.equal(res.statusCode, 413, res.body.slice(0, 200));
      assert.match((res.json() as ApiErrorBody).error.message, /report text is limited to/);
    } finally {
      await big.close();
    }
  });

  test('an oversight reader may not ingest any format', async () => {
    const reader = await buildServer({ store, clock, maxBodyBytes: 64 * 1024, version: 'test' });
    try {
      const headers = await signInTo(reader, store, clock, { roles: ['oversight'] });
      const res = await reader.inject({ method: 'POST', url: '/api/ingest', headers: { ...headers, 'content-type': 'text/plain' }, payload: NEWS_ARTICLE });
      assert.equal(res.statusCode, 403, res.body);
    } finally {
      await reader.close();
    }
  });
});
