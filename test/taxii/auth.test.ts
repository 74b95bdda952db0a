// TAXII 2.1 §1.6.9 Authentication and Authorization, §1.6.8 Content Negotiation, §3.1
// Endpoints (media type on every response), in-process with app.inject.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { removeAccount } from '../../src/app/taxii/manageAccounts.ts';
import { TAXII, basic, call, json, makeAccount, makeCollection, makeTokenAccount, taxiiServer, type TaxiiFixture, PASSWORD } from './support.ts';

let fx: TaxiiFixture;
let partner: string;
let tokenAuth: string;

before(async () => {
  fx = await taxiiServer();
  const shared = await makeCollection(fx, { title: 'Shared' });
  partner = await makeAccount(fx, 'partner', { read: [shared] });
  tokenAuth = await makeTokenAccount(fx, 'system', { read: [shared] });
});
after(() => fx.close());

function assertTaxiiError(response: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number): Record<string, unknown> {
  assert.equal(response.statusCode, status);
  assert.equal(response.headers['content-type'], TAXII);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  assert.equal(typeof body.title, 'string');
  assert.equal(typeof body.description, 'string');
  assert.equal(body.http_status, String(status), '§3.6.1: http_status matches the HTTP status');
  return body;
}

describe('§1.6.9 Authentication and Authorization', () => {
  test('no credentials: 401 with WWW-Authenticate challenges for Basic and Bearer, as a TAXII error', async () => {
    for (const url of ['/taxii2/', '/taxii2/root/', '/taxii2/root/collections/', '/taxii2/root/collections/x/objects/', '/taxii2/nowhere/']) {
      const response = await call(fx.app, url);
      assertTaxiiError(response, 401);
      const challenges = response.headers['www-authenticate'];
      assert.ok(Array.isArray(challenges) ? challenges.some((c) => c.startsWith('Basic ')) : String(challenges).startsWith('Basic'));
      assert.match(String(challenges), /Bearer realm=/);
    }
  });

  test('HTTP Basic (RFC 7617) with the right password is accepted; a wrong password or user is 401', async () => {
    assert.equal((await call(fx.app, '/taxii2/', { auth: partner })).statusCode, 200);
    assertTaxiiError(await call(fx.app, '/taxii2/', { auth: basic('partner', 'wrong password here') }), 401);
    assertTaxiiError(await call(fx.app, '/taxii2/', { auth: basic('nobody', PASSWORD) }), 401);
    // A password account cannot be used as a token and vice versa.
    assertTaxiiError(await call(fx.app, '/taxii2/', { auth: basic('system', PASSWORD) }), 401);
  });

  test('bearer tokens (RFC 6750) are checked against their hash; malformed headers are 401', async () => {
    assert.equal((await call(fx.app, '/taxii2/', { auth: tokenAuth })).statusCode, 200);
    const forged = tokenAuth.slice(0, -4) + (tokenAuth.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    assertTaxiiError(await call(fx.app, '/taxii2/', { auth: forged }), 401);
    for (const header of ['Bearer', 'Bearer not-a-token', 'Basic !!!', `Basic ${Buffer.from('no-colon').toString('base64')}`, 'Digest abc']) {
      assertTaxiiError(await call(fx.app, '/taxii2/', { auth: header }), 401);
    }
  });

  test('a removed account stops working at once, even with its credentials verified before', async () => {
    const shared = await makeCollection(fx, { title: 'Brief' });
    const auth = await makeAccount(fx, 'short-lived', { read: [shared] });
    assert.equal((await call(fx.app, '/taxii2/', { auth })).statusCode, 200);
    const removed = await removeAccount('short-lived', fx.manage);
    assert.equal(removed.ok, true);
    assertTaxiiError(await call(fx.app, '/taxii2/', { auth }), 401);
  });
});

describe('§1.6.8 Content Negotiation and §3.1 media types', () => {
  test('every Accept that admits TAXII 2.1 is served (several ranges, q-values, bare application/taxii+json, none)', async () => {
    for (const accept of [
      TAXII,
      'application/taxii+json',
      'application/taxii+json; version=2.1',
      'APPLICATION/TAXII+JSON;VERSION=2.1',
      '*/*',
      'application/*;q=0.2',
      'text/html, application/taxii+json;version=2.1;q=0.9',
      'application/taxii+json;version=2.0, */*;q=0.1',
      'application/taxii+json;version=2.1;charset=utf-8',
    ]) {
      const response = await call(fx.app, '/taxii2/', { auth: partner, accept });
      assert.equal(response.statusCode, 200, accept);
      assert.equal(response.headers['content-type'], TAXII, accept);
    }
    assert.equal((await call(fx.app, '/taxii2/', { auth: partner, accept: null })).statusCode, 200, 'no Accept header accepts anything (RFC 7231 §5.3.2)');
  });

  test('406 when no range admits TAXII 2.1, as a TAXII error', async () => {
    for (const accept of [
      'application/taxii+json;version=2.0',
      'application/json',
      'application/stix+json;version=2.1',
      'text/html',
      'application/taxii+json;version=2.1;q=0, */*',
      'application/taxii+json;q=0',
    ]) {
      const response = await call(fx.app, '/taxii2/', { auth: partner, accept });
      assertTaxiiError(response, 406);
    }
  });

  test('the REST API keeps its own error format next to TAXII', async () => {
    const rest = await fx.app.inject({ method: 'GET', url: '/api/does-not-exist' });
    assert.equal(rest.statusCode, 404);
    assert.ok(String(rest.headers['content-type']).startsWith('application/json'));
    assert.ok('error' in (json(rest) as object));
  });

  test('§3.1 paths end in "/": a path without it is 404 with a hint; an undefined method is 405 with Allow', async () => {
    const slashless = await call(fx.app, '/taxii2/root/collections', { auth: partner });
    assert.match(String(assertTaxiiError(slashless, 404).description), /end with "\/"/);
    const put = await call(fx.app, '/taxii2/root/collections/', { method: 'PUT', auth: partner, body: '{}', contentType: TAXII });
    assertTaxiiError(put, 405);
    assert.equal(put.headers.allow, 'GET, HEAD');
    assertTaxiiError(await call(fx.app, '/taxii2/other-root/collections/', { auth: partner }), 404);
  });
});
