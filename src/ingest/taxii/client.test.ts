// The TAXII client against a scripted server on loopback: retries, answers checked to be
// TAXII, discovery to collection resolution, envelopes and headers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TaxiiClient } from './client.ts';

const TAXII = 'application/taxii+json;version=2.1';
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
const seen: { url: string; headers: IncomingMessage['headers'] }[] = [];
let server: Server;
let base: string;

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': TAXII, ...headers });
  res.end(JSON.stringify(body));
}

before(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const handler = routes.get(req.url?.split('?')[0] ?? '');
    if (handler === undefined) reply(res, 404, { title: 'Not Found', description: 'nothing here' });
    else handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (): TaxiiClient => new TaxiiClient({
  auth: { kind: 'basic', user: 'me', password: 'pw' },
  userAgent: 'Tearline/test',
  retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
});

test('sends Accept, User-Agent and credentials; retries 503 within its bound, then succeeds', async () => {
  let calls = 0;
  routes.set('/flaky/collections/c1/objects/', (_req, res) => {
    calls++;
    if (calls < 3) reply(res, 503, { title: 'busy' }, { 'retry-after': '0' });
    else reply(res, 200, { more: true, next: 'n2', objects: [{ id: 'x' }] }, { 'X-TAXII-Date-Added-Last': '2025-01-01T00:00:00.000000Z' });
  });
  const got = await client().getObjects(`${base}/flaky/collections/c1/`, { addedAfter: '2025-01-01T00:00:00Z', limit: 10 });
  assert.deepEqual(got, { ok: true, value: { objects: [{ id: 'x' }], more: true, next: 'n2', dateAddedLast: '2025-01-01T00:00:00.000000Z' } });
  assert.equal(calls, 3);
  const last = seen[seen.length - 1];
  assert.equal(last?.headers.accept, TAXII);
  assert.equal(last?.headers['user-agent'], 'Tearline/test');
  assert.equal(last?.headers.authorization, `Basic ${Buffer.from('me:pw').toString('base64')}`);
  assert.match(last?.url ?? '', /added_after=2025-01-01T00%3A00%3A00Z&limit=10/);
});

test('errors are values: an HTTP error names the TAXII error, is not retried; answers that are not TAXII are protocol errors', async () => {
  let calls = 0;
  routes.set('/denied/', (_req, res) => {
    calls++;
    reply(res, 403, { title: 'Forbidden', description: 'you may not read', http_status: '403' });
  });
  const denied = await client().get(`${base}/denied/`);
  assert.deepEqual(denied.ok ? null : [denied.error.kind, denied.error.status, /you may not read/.test(denied.error.message)], ['http', 403, true]);
  assert.equal(calls, 1);
  routes.set('/html/', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html></html>');
  });
  const html = await client().get(`${base}/html/`);
  assert.equal(html.ok ? null : html.error.kind, 'protocol');
  routes.set('/bad-envelope/collections/c/objects/', (_req, res) => reply(res, 200, { objects: 'nope' }));
  const bad = await client().getObjects(`${base}/bad-envelope/collections/c/`, {});
  assert.equal(bad.ok ? null : bad.error.kind, 'protocol');
  const refused = await new TaxiiClient({ auth: { kind: 'none' }, userAgent: 't', retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).get('http://127.0.0.1:1/');
  assert.equal(refused.ok ? null : refused.error.kind, 'network');
});

test('resolveCollection: discovery, then the default API root, then the collection by alias, title or the only readable one', async () => {
  routes.set('/taxii2/', (_req, res) => reply(res, 200, { title: 'S', default: '/api2/', api_roots: ['/api1/', '/api2/'] }));
  routes.set('/api2/collections/', (_req, res) => reply(res, 200, { collections: [
    { id: 'c-read', title: 'Indicators', alias: 'ind', can_read: true, can_write: false },
    { id: 'c-write', title: 'Inbox', can_read: false, can_write: true },
  ] }));
  routes.set('/api2/collections/c-read/', (_req, res) => reply(res, 200, { id: 'c-read', title: 'Indicators', can_read: true, can_write: false }));
  const c = client();
  for (const wanted of ['ind', 'indicators', 'c-read', undefined]) {
    const resolved = await c.resolveCollection(`${base}/taxii2/`, wanted);
    assert.deepEqual(resolved, { ok: true, value: { url: `${base}/api2/collections/c-read/`, apiRoot: `${base}/api2/` } }, String(wanted));
  }
  const missing = await c.resolveCollection(`${base}/taxii2/`, 'nope');
  assert.match(missing.ok ? '' : missing.error.message, /no collection 'nope'.*c-read \(Indicators\).*c-write \(Inbox, not readable\)/);
  // A collection URL by alias is named by its id.
  routes.set('/api2/collections/ind/', (_req, res) => reply(res, 200, { id: 'c-read', title: 'Indicators', can_read: true, can_write: false }));
  const direct = await c.resolveCollection(`${base}/api2/collections/ind/objects/`);
  assert.deepEqual(direct, { ok: true, value: { url: `${base}/api2/collections/c-read/`, apiRoot: `${base}/api2/` } });
  assert.match(c.principal, /^basic:me$/);
  assert.match(new TaxiiClient({ auth: { kind: 'token', token: 'secret' }, userAgent: 't' }).principal, /^token:[0-9a-f]{16}$/);
});
