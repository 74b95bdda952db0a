// TAXII 2.1 §5.3 Get Object Manifests, §5.4 Get Objects (§3.3 sorting, §3.4 filtering,
// §3.5 pagination, §3.2 X-TAXII-Date-Added headers), §5.6 Get an Object, §5.7 Delete an
// Object, §5.8 Get Object Versions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TAXII, call, envelope, indicator, json, makeAccount, makeCollection, taxiiServer, uuid, type TaxiiFixture } from './support.ts';

let fx: TaxiiFixture;
let auth: string;
let writeOnly: string;
let readOnly: string;
let outsider: string;
let c: string;
const OLD = '2019-05-01T10:00:00.000Z';
const NEW = '2024-06-01T10:00:00.000Z';
const NEWER = '2024-07-01T10:00:00.000Z';
const malware = (n: number): Record<string, unknown> => ({
  type: 'malware', spec_version: '2.1', id: `malware--${uuid(1000 + n)}`, created: OLD, modified: OLD, name: `M${n}`, is_family: false,
});

async function post(objects: unknown[]): Promise<Record<string, unknown>> {
  const response = await call(fx.app, `/taxii2/root/collections/${c}/objects/`, { method: 'POST', auth, contentType: TAXII, body: envelope(objects) });
  assert.equal(response.statusCode, 202, response.body);
  return json(response);
}

function objectsOf(response: { body: string }): Record<string, unknown>[] {
  return (JSON.parse(response.body) as { objects?: Record<string, unknown>[] }).objects ?? [];
}

before(async () => {
  fx = await taxiiServer();
  c = await makeCollection(fx, { title: 'Objects' });
  auth = await makeAccount(fx, 'analyst', { read: [c], write: [c] });
  writeOnly = await makeAccount(fx, 'drop-box', { write: [c] });
  readOnly = await makeAccount(fx, 'viewer', { read: [c] });
  outsider = await makeAccount(fx, 'outsider');
  // Three requests: 5 indicators modified long ago, 2 malware, then a new version of indicator 1.
  await post([1, 2, 3, 4, 5].map((n) => indicator(n, OLD, { created: OLD })));
  await post([malware(1), malware(2)]);
  await post([indicator(1, NEW, { created: OLD })]);
});
after(() => fx.close());

describe('§5.4 Get Objects', () => {
  test('an envelope of the latest versions, sorted by date_added; the stored JSON as it is', async () => {
    const response = await call(fx.app, `/taxii2/root/collections/${c}/objects/`, { auth });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], TAXII);
    const objects = objectsOf(response);
    // indicator 1's latest version was added last, so it comes last (§3.3).
    assert.deepEqual(objects.map((o) => o.id), [2, 3, 4, 5].map((n) => `indicator--${uuid(n)}`).concat([`malware--${uuid(1001)}`, `malware--${uuid(1002)}`, `indicator--${uuid(1)}`]));
    assert.equal(objects[6]?.modified, NEW);
    assert.equal(json(response).more, false);
  });

  test('§3.2 X-TAXII-Date-Added-First/Last are when objects entered the collection, never their modified', async () => {
    const response = await call(fx.app, `/taxii2/root/collections/${c}/objects/`, { auth });
    const first = String(response.headers['x-taxii-date-added-first']);
    const last = String(response.headers['x-taxii-date-added-last']);
    assert.match(first, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/, '§2 timestamp: microsecond precision');
    assert.ok(first.startsWith('2025-'), `date_added ${first} is the clock's, not modified ${OLD}`);
    assert.ok(last > first);
  });

  test('§3.5 pagination: limit, more and next walk every object once, stateless', async () => {
    const seen: string[] = [];
    let next: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const url = `/taxii2/root/collections/${c}/objects/?limit=3${next === undefined ? '' : `&next=${encodeURIComponent(next)}`}`;
      const response = await call(fx.app, url, { auth });
      const body = json<{ more: boolean; next?: string; objects?: { id: string }[] }>(response);
      assert.ok((body.objects ?? []).length <= 3);
      seen.push(...(body.objects ?? []).map((o) => o.id));
      assert.equal(body.more, body.next !== undefined);
      next = body.next;
      if (!body.more) break;
    }
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
  });

  test('§3.4 added_after is strictly after the date_added; §3.5 paging by X-TAXII-Date-Added-Last works too', async () => {
    // The first page holds the first request's four latest versions, which share one date_added.
    const firstPage = await call(fx.app, `/taxii2/root/collections/${c}/objects/?limit=4`, { auth });
    const last = String(firstPage.headers['x-taxii-date-added-last']);
    const rest = objectsOf(await call(fx.app, `/taxii2/root/collections/${c}/objects/?added_after=${last}`, { auth }));
    assert.deepEqual(rest.map((o) => o.type), ['malware', 'malware', 'indicator']);
    // Ties: a page that ends inside a group of equal date_added values leaves the rest of the
    // group before added_after=Last; `next` (which carries the insertion order) does not.
    const tie = await call(fx.app, `/taxii2/root/collections/${c}/objects/?limit=2`, { auth });
    const viaNext = objectsOf(await call(fx.app, `/taxii2/root/collections/${c}/objects/?limit=2&next=${String(json(tie).next)}`, { auth }));
    assert.deepEqual(viaNext.map((o) => o.id), [`indicator--${uuid(4)}`, `indicator--${uuid(5)}`]);
  });

  test('§3.4.1 match[type], match[id] (ORed values, ANDed fields), match[spec_version]', async () => {
    const types = objectsOf(await call(fx.app, `/taxii2/root/collections/${c}/objects/?match[type]=malware`, { auth }));
    assert.deepEqual(types.map((o) => o.name), ['M1', 'M2']);
    const ids = objectsOf(await call(fx.app, `/taxii2/root/collections/${c}/objects/?match[id]=indicator--${uuid(3)},malware--${uuid(1002)}`, { auth }));
    assert.deepEqual(ids.map((o) => o.id), [`indicator--${uuid(3)}`, `malware--${uuid(1002)}`]);
    const both = objectsOf(await call(fx.app, `/taxii2/root/collections/${c}/objects/?match[id]=indicator--${uuid(3)}&match[type]=malware`, { auth }));
    assert.deepEqual(both, []);
    assert.equal(objectsOf(await call(fx.app, `/taxii2/root/collections/${c}/objects/?match[spec_version]=2.1`, { auth })).length, 7);
    assert.equal(objectsOf(await call(fx.app, `/taxii2/root/collections/${c}/objects/?match[spec_version]=2.0`, { auth })).length, 0);
    const unknownType = await call(fx.app, `/taxii2/root/collections/${c}/objects/?match[type]=grouping`, { auth });
    assert.equal(unknownType.statusCode, 200, '§3.4.1: a STIX type never errors');
    assert.deepEqual(json(unknownType), { more: false }, '§5.4: an empty envelope');
    assert.equal(unknownType.headers['x-taxii-date-added-first'], undefined);
  });

  test('§3.4.1 match[version]: last by default, first, all, a timestamp, combinations', async () => {
    const url = (v: string): string => `/taxii2/root/collections/${c}/objects/?match[id]=indicator--${uuid(1)}${v === '' ? '' : `&match[version]=${v}`}`;
    const versions = async (v: string): Promise<unknown[]> => objectsOf(await call(fx.app, url(v), { auth })).map((o) => o.modified);
    assert.deepEqual(await versions(''), [NEW]);
    assert.deepEqual(await versions('last'), [NEW]);
    assert.deepEqual(await versions('first'), [OLD]);
    assert.deepEqual(await versions('all'), [OLD, NEW]);
    assert.deepEqual(await versions('first,last'), [OLD, NEW]);
    assert.deepEqual(await versions(OLD), [OLD]);
    assert.deepEqual(await versions('2019-05-01T10:00:00Z'), [OLD], 'the same instant at another precision');
    assert.deepEqual(await versions(NEWER), []);
  });

  test('§3.4 malformed parameters are 400 TAXII errors', async () => {
    const base = `/taxii2/root/collections/${c}/objects/`;
    for (const query of [
      'limit=0', 'limit=-1', 'limit=ten', 'limit=1&limit=2',
      'added_after=yesterday', 'added_after=2025-01-01T00:00:00+01:00', 'added_after=2025-02-30T00:00:00Z',
      'next=not-a-cursor', `next=${'x'.repeat(3000)}`,
      'match[version]=all,last', 'match[version]=last,last', 'match[version]=latest',
      'match[type]=Not_A_Type', 'match[type]=', 'match[id]=indicator--nope', 'match[spec_version]=two',
      `match[id]=${Array.from({ length: 5000 }, (_, i) => `indicator--${uuid(i)}`).join(',')}`,
    ]) {
      const response = await call(fx.app, `${base}?${query}`, { auth });
      assert.equal(response.statusCode, 400, query.slice(0, 60));
      assert.equal(response.headers['content-type'], TAXII);
      assert.equal(json(response).http_status, '400');
    }
  });

  test('a limit above the server limit is served as the server limit, with more when there is more', async () => {
    const response = await call(fx.app, `/taxii2/root/collections/${c}/objects/?limit=100000`, { auth });
    assert.equal(response.statusCode, 200);
    assert.equal(objectsOf(response).length, 7);
  });

  test('§5.4 access: can_read false is 403 (a write-only account), no right at all is 404', async () => {
    assert.equal((await call(fx.app, `/taxii2/root/collections/${c}/objects/`, { auth: writeOnly })).statusCode, 403);
    assert.equal((await call(fx.app, `/taxii2/root/collections/${c}/manifest/`, { auth: writeOnly })).statusCode, 403);
    assert.equal((await call(fx.app, `/taxii2/root/collections/${c}/objects/`, { auth: outsider })).statusCode, 404);
    assert.equal((await call(fx.app, '/taxii2/root/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/objects/', { auth })).statusCode, 404);
  });
});

describe('§5.3 Get Object Manifests', () => {
  test('manifest-records with date_added, version and media_type, filtered like objects', async () => {
    const response = await call(fx.app, `/taxii2/root/collections/${c}/manifest/?match[type]=indicator&limit=2`, { auth });
    assert.equal(response.statusCode, 200);
    const body = json<{ more: boolean; next: string; objects: Record<string, unknown>[] }>(response);
    assert.equal(body.more, true);
    assert.equal(body.objects.length, 2);
    const [record] = body.objects;
    assert.deepEqual(Object.keys(record ?? {}).sort(), ['date_added', 'id', 'media_type', 'version']);
    assert.equal(record?.version, OLD);
    assert.equal(record?.media_type, 'application/stix+json;version=2.1');
    assert.equal(record?.date_added, response.headers['x-taxii-date-added-first']);
  });
});

describe('§5.6 Get an Object and §5.8 Get Object Versions', () => {
  test('one object: its latest version by default, every version with match[version]=all', async () => {
    const url = `/taxii2/root/collections/${c}/objects/indicator--${uuid(1)}/`;
    assert.deepEqual(objectsOf(await call(fx.app, url, { auth })).map((o) => o.modified), [NEW]);
    assert.deepEqual(objectsOf(await call(fx.app, `${url}?match[version]=all`, { auth })).map((o) => o.modified), [OLD, NEW]);
    const page = await call(fx.app, `${url}?match[version]=all&limit=1`, { auth });
    assert.equal(json(page).more, true);
    assert.ok(page.headers['x-taxii-date-added-first'] !== undefined);
  });

  test('versions: every version in the collection, in date_added order', async () => {
    const response = await call(fx.app, `/taxii2/root/collections/${c}/objects/indicator--${uuid(1)}/versions/`, { auth });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(json(response), { more: false, versions: [OLD, NEW] });
    assert.ok(response.headers['x-taxii-date-added-last'] !== undefined);
  });

  test('an object the collection does not hold is 404; a collection the account cannot read is 403', async () => {
    for (const url of [`/taxii2/root/collections/${c}/objects/indicator--${uuid(999)}/`, `/taxii2/root/collections/${c}/objects/indicator--${uuid(999)}/versions/`, `/taxii2/root/collections/${c}/objects/not-an-id/`]) {
      const response = await call(fx.app, url, { auth });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.headers['content-type'], TAXII);
    }
    assert.equal((await call(fx.app, `/taxii2/root/collections/${c}/objects/indicator--${uuid(1)}/`, { auth: writeOnly })).statusCode, 403);
    assert.equal((await call(fx.app, `/taxii2/root/collections/${c}/objects/indicator--${uuid(1)}/versions/`, { auth: outsider })).statusCode, 404);
  });
});

describe('§5.7 Delete an Object', () => {
  test('the §5.7 table: no rights 404, read only 403, write only 403', async () => {
    const url = `/taxii2/root/collections/${c}/objects/indicator--${uuid(2)}/`;
    assert.equal((await call(fx.app, url, { method: 'DELETE', auth: outsider })).statusCode, 404);
    assert.equal((await call(fx.app, url, { method: 'DELETE', auth: readOnly })).statusCode, 403);
    assert.equal((await call(fx.app, url, { method: 'DELETE', auth: writeOnly })).statusCode, 403);
  });

  test('read and write: 200, then the object is 404 and gone from objects and manifests; the store keeps it', async () => {
    const url = `/taxii2/root/collections/${c}/objects/indicator--${uuid(2)}/`;
    const deleted = await call(fx.app, url, { method: 'DELETE', auth });
    assert.equal(deleted.statusCode, 200);
    assert.equal(deleted.headers['content-type'], TAXII);
    assert.equal((await call(fx.app, url, { auth })).statusCode, 404);
    const all = objectsOf(await call(fx.app, `/taxii2/root/collections/${c}/objects/?match[version]=all`, { auth }));
    assert.equal(all.some((o) => o.id === `indicator--${uuid(2)}`), false);
    assert.equal((await fx.store.getObjectVersions(`indicator--${uuid(2)}`)).length, 1);
    assert.equal((await call(fx.app, url, { method: 'DELETE', auth })).statusCode, 404);
  });

  test('match[version] deletes only the chosen versions', async () => {
    const url = `/taxii2/root/collections/${c}/objects/indicator--${uuid(1)}/`;
    assert.equal((await call(fx.app, `${url}?match[version]=first`, { method: 'DELETE', auth })).statusCode, 200);
    assert.deepEqual(json(await call(fx.app, `${url}versions/`, { auth })).versions, [NEW]);
    assert.equal((await call(fx.app, `${url}?match[version]=${OLD}`, { method: 'DELETE', auth })).statusCode, 404, 'nothing left to match');
  });
});
