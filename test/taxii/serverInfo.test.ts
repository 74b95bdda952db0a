// TAXII 2.1 §4 Server Information (discovery, API root, status) and §5.1/§5.2 collections.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { TAXII, call, envelope, indicator, json, makeAccount, makeCollection, taxiiServer, type TaxiiFixture } from './support.ts';

let fx: TaxiiFixture;
let reader: string;
let writer: string;
let outsider: string;
let shared: string;
let inbox: string;
let secret: string;

before(async () => {
  fx = await taxiiServer({ maxBodyBytes: 2 * 1024 * 1024 });
  shared = await makeCollection(fx, { title: 'Shared indicators', alias: 'shared' });
  inbox = await makeCollection(fx, { title: 'Inbox' });
  secret = await makeCollection(fx, { title: 'Internal only' });
  reader = await makeAccount(fx, 'reader', { read: [shared], write: [inbox] });
  writer = await makeAccount(fx, 'writer', { read: [shared, secret], write: [shared, secret] });
  outsider = await makeAccount(fx, 'outsider');
});
after(() => fx.close());

describe('§4.1 Server Discovery', () => {
  test('GET /taxii2/ gives title, description, default and relative api_roots', async () => {
    const response = await call(fx.app, '/taxii2/', { auth: reader });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], TAXII);
    const body = json(response);
    assert.equal(typeof body.title, 'string');
    assert.deepEqual(body.api_roots, ['/taxii2/root/']);
    assert.equal(body.default, '/taxii2/root/', '§4.1.1: default is one of api_roots');
  });
});

describe('§4.2 Get API Root Information', () => {
  test('versions lists the TAXII 2.1 media type; max_content_length is the body limit', async () => {
    const body = json(await call(fx.app, '/taxii2/root/', { auth: reader }));
    assert.deepEqual(body.versions, [TAXII]);
    assert.equal(body.max_content_length, 2 * 1024 * 1024);
    assert.equal(typeof body.title, 'string');
  });
});

describe('§5.1 Get Collections and §5.2 Get a Collection', () => {
  test('an account sees the collections it may read or write, with its own can_read and can_write', async () => {
    const body = json<{ collections: Record<string, unknown>[] }>(await call(fx.app, '/taxii2/root/collections/', { auth: reader }));
    assert.deepEqual(body.collections.map((c) => [c.id, c.can_read, c.can_write]), [[shared, true, false], [inbox, false, true]]);
    assert.deepEqual(body.collections[0], {
      id: shared, title: 'Shared indicators', alias: 'shared', can_read: true, can_write: false, media_types: ['application/stix+json;version=2.1'],
    });
    const writerView = json<{ collections: Record<string, unknown>[] }>(await call(fx.app, '/taxii2/root/collections/', { auth: writer }));
    assert.deepEqual(writerView.collections.map((c) => c.id), [shared, secret]);
  });

  test('an account with no collection gets an empty collections resource', async () => {
    const response = await call(fx.app, '/taxii2/root/collections/', { auth: outsider });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(json(response), {}, '§5.1.1: no collections: the key is omitted');
  });

  test('a collection by id or alias; 404 for an unknown one and for one the account has no right on', async () => {
    assert.equal(json(await call(fx.app, `/taxii2/root/collections/${shared}/`, { auth: reader })).id, shared);
    assert.equal(json(await call(fx.app, '/taxii2/root/collections/shared/', { auth: reader })).id, shared);
    const hidden = await call(fx.app, `/taxii2/root/collections/${secret}/`, { auth: reader });
    const absent = await call(fx.app, '/taxii2/root/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/', { auth: reader });
    assert.equal(hidden.statusCode, 404);
    assert.equal(absent.statusCode, 404);
    assert.equal(json(hidden).description?.toString().includes('Internal'), false, 'nothing of the hidden collection leaks');
  });
});

describe('§4.3 Get Status', () => {
  test('the status of an Add Objects request is there to poll, for the account that made it only', async () => {
    const posted = await call(fx.app, `/taxii2/root/collections/${inbox}/objects/`, {
      method: 'POST', auth: reader, contentType: TAXII, body: envelope([indicator(1)]),
    });
    assert.equal(posted.statusCode, 202);
    const status = json(posted);
    const polled = await call(fx.app, `/taxii2/root/status/${String(status.id)}/`, { auth: reader });
    assert.equal(polled.statusCode, 200);
    assert.equal(polled.headers['content-type'], TAXII);
    assert.deepEqual(json(polled), status);
    assert.equal((await call(fx.app, `/taxii2/root/status/${String(status.id)}/`, { auth: writer })).statusCode, 404, 'another account');
    assert.equal((await call(fx.app, '/taxii2/root/status/2d086da7-4bdc-4f91-900e-d77486753710/', { auth: reader })).statusCode, 404);
  });

  test('statuses persist in the store and can be polled after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tearline-taxii-'));
    try {
      const path = join(dir, 'store.db');
      const first = await taxiiServer({ store: openSqliteStore({ path }) });
      const c = await makeCollection(first, { title: 'C' });
      const auth = await makeAccount(first, 'p', { read: [c], write: [c] });
      const posted = json(await call(first.app, `/taxii2/root/collections/${c}/objects/`, { method: 'POST', auth, contentType: TAXII, body: envelope([indicator(2)]) }));
      await first.close();
      const second = await taxiiServer({ store: openSqliteStore({ path }) });
      try {
        const polled = await call(second.app, `/taxii2/root/status/${String(posted.id)}/`, { auth });
        assert.equal(polled.statusCode, 200);
        assert.deepEqual(json(polled), posted);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
