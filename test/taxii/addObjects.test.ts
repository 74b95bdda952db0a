// TAXII 2.1 §5.5 Add Objects and bad input: every refusal is a §3.6.1 error message with the
// status of the §5.5 table, and a request refused as a whole writes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TAXII, call, envelope, indicator, json, makeAccount, makeCollection, taxiiServer, uuid, type TaxiiFixture } from './support.ts';

const LIMIT = 64 * 1024;
let fx: TaxiiFixture;
let auth: string;
let readOnly: string;
let outsider: string;
let c: string;
let url: string;

before(async () => {
  fx = await taxiiServer({ maxBodyBytes: LIMIT });
  c = await makeCollection(fx, { title: 'Inbox' });
  auth = await makeAccount(fx, 'sender', { read: [c], write: [c] });
  readOnly = await makeAccount(fx, 'viewer', { read: [c] });
  outsider = await makeAccount(fx, 'outsider');
  url = `/taxii2/root/collections/${c}/objects/`;
});
after(() => fx.close());

function post(body: string | Buffer, options: { contentType?: string; auth?: string; target?: string } = {}) {
  return call(fx.app, options.target ?? url, { method: 'POST', auth: options.auth ?? auth, contentType: options.contentType ?? TAXII, body });
}

async function storeSize(): Promise<[number, number]> {
  const stats = await fx.store.stats();
  return [stats.versions, (await fx.store.listMemberships(c, { limit: 10_000 })).items.length];
}

function assertRefused(response: { statusCode: number; headers: Record<string, unknown>; body: string } & Parameters<typeof json>[0], status: number): void {
  assert.equal(response.statusCode, status, response.body);
  assert.equal(response.headers['content-type'], TAXII);
  const body = json(response);
  assert.equal(body.http_status, String(status));
  assert.equal(typeof body.title, 'string');
  assert.equal(typeof body.description, 'string');
}

describe('§5.5 Add Objects', () => {
  test('202 with a complete status resource; the objects join the collection', async () => {
    const response = await post(envelope([indicator(1), indicator(2)]));
    assert.equal(response.statusCode, 202);
    assert.equal(response.headers['content-type'], TAXII);
    const status = json(response);
    assert.match(String(status.id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(status.status, 'complete');
    assert.match(String(status.request_timestamp), /\.\d{6}Z$/);
    assert.deepEqual([status.total_count, status.success_count, status.failure_count, status.pending_count], [2, 2, 0, 0]);
    assert.deepEqual((status.successes as { id: string; version: string }[]).map((s) => [s.id, s.version]), [
      [`indicator--${uuid(1)}`, '2025-01-01T00:00:00.000Z'], [`indicator--${uuid(2)}`, '2025-01-01T00:00:00.000Z'],
    ]);
    assert.equal('failures' in status, false, '§2: no empty lists');
    assert.equal((await fx.store.taxii.collectionManifest(c, { versions: { kind: 'all' }, limit: 10 })).items.length, 2);
  });

  test('an exact duplicate of an object already present is not an error', async () => {
    const status = json(await post(envelope([indicator(1)])));
    assert.deepEqual([status.success_count, status.failure_count], [1, 0]);
    assert.equal((status.successes as { message: string }[])[0]?.message, 'already present');
  });

  test('invalid STIX in a valid envelope: valid objects stored, each invalid one a failure with its reason', async () => {
    const before = await storeSize();
    const invalid = { ...indicator(11), pattern: "[ipv4-addr:value = '1.2.3.4'" };
    const conflict = { ...indicator(1), name: 'changed without a new modified' };
    const dangling = { type: 'relationship', spec_version: '2.1', id: `relationship--${uuid(12)}`, created: '2025-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z', relationship_type: 'indicates', source_ref: `indicator--${uuid(3)}`, target_ref: `malware--${uuid(404)}` };
    const response = await post(envelope([indicator(3), invalid, 'not an object', conflict, dangling]));
    assert.equal(response.statusCode, 202);
    const status = json<{ total_count: number; success_count: number; failure_count: number; failures: { id: string; version: string; message: string }[] }>(response);
    assert.deepEqual([status.total_count, status.success_count, status.failure_count], [5, 1, 4]);
    assert.deepEqual(status.failures.map((f) => f.id), [`indicator--${uuid(11)}`, 'objects[2]', `indicator--${uuid(1)}`, `relationship--${uuid(12)}`]);
    assert.match(status.failures[0]?.message ?? '', /pattern/);
    assert.match(status.failures[2]?.message ?? '', /version-conflict/);
    assert.match(status.failures[3]?.message ?? '', /dangling-reference/);
    const after = await storeSize();
    assert.deepEqual([after[0] - before[0], after[1] - before[1]], [1, 1], 'only the valid object was written');
  });

  test('§5.5 access: can_write false is 403, no right at all or no such collection is 404; nothing is written', async () => {
    const before = await storeSize();
    assertRefused(await post(envelope([indicator(20)]), { auth: readOnly }), 403);
    assertRefused(await post(envelope([indicator(20)]), { auth: outsider }), 404);
    assertRefused(await post(envelope([indicator(20)]), { target: '/taxii2/root/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/objects/' }), 404);
    assert.deepEqual(await storeSize(), before);
  });
});

describe('Bad input to §5.5 Add Objects: refused whole, nothing written', () => {
  test('415 for a Content-Type other than application/taxii+json (version 2.1 or none)', async () => {
    const before = await storeSize();
    for (const contentType of ['application/json', 'application/stix+json;version=2.1', 'application/taxii+json;version=2.0', 'text/plain']) {
      assertRefused(await post(envelope([indicator(30)]), { contentType }), 415);
    }
    assert.equal((await post(envelope([indicator(31)]), { contentType: 'application/taxii+json' })).statusCode, 202, '§1.6.8.2: no version means the latest');
    assert.equal((await storeSize())[0], before[0] + 1);
  });

  test('400 for bytes that are not JSON (or not UTF-8, or empty)', async () => {
    const before = await storeSize();
    assertRefused(await post('{"objects": [ {"type": "indicator", '), 400);
    assertRefused(await post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 400);
    assertRefused(await post(''), 400);
    assertRefused(await post(`{"objects":${'['.repeat(100)}${']'.repeat(100)}}`), 400);
    assert.deepEqual(await storeSize(), before);
  });

  test('422 for JSON that is not an envelope of objects', async () => {
    const before = await storeSize();
    for (const body of ['[]', '"objects"', JSON.stringify(indicator(40)), '{}', '{"objects": []}', '{"objects": {"type": "indicator"}}', '{"objects": [], "more": "yes"}']) {
      assertRefused(await post(body), 422);
    }
    assert.deepEqual(await storeSize(), before);
  });

  test('413 above max_content_length and never at or below it (§4.2.1)', async () => {
    const filler = (size: number): string => {
      const base = envelope([indicator(50, '2025-02-01T00:00:00.000Z')]);
      // Pad with spaces inside the JSON, so the body is valid at any size.
      return `${base.slice(0, -1)}${' '.repeat(size - base.length)}}`;
    };
    const exact = filler(LIMIT);
    assert.equal(Buffer.byteLength(exact), LIMIT);
    assert.equal((await post(exact)).statusCode, 202, 'a body of exactly max_content_length is accepted');
    const before = await storeSize();
    assertRefused(await post(filler(LIMIT + 1)), 413);
    assert.deepEqual(await storeSize(), before);
  });
});
