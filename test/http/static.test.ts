// Serving the built UI: cache headers by file kind, security headers on HTML, the API left
// alone, and a clear 503 page when web/dist has not been built.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandler } from '../../src/http/errors.ts';
import { CONTENT_SECURITY_POLICY, WEB_DIST_DIR, registerStaticAssets } from '../../src/http/static.ts';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';

async function serverFor(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandler(app);
  app.get('/api/ping', async () => ({ pong: true }));
  registerStaticAssets(app, { root });
  await app.ready();
  return app;
}

describe('static UI assets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-static-'));
  let app: FastifyInstance;

  before(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/app-1a2b3c.js"></script>');
    writeFileSync(join(dir, 'assets', 'app-1a2b3c.js'), 'console.log("hi");');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await serverFor(dir);
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('/ is index.html with security headers and revalidation', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*/);
    assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(res.body, /app-1a2b3c\.js/);
  });

  test('hashed assets are cached for good, other files for an hour', async () => {
    const script = await app.inject({ method: 'GET', url: '/assets/app-1a2b3c.js' });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(script.headers['x-content-type-options'], 'nosniff');
    assert.equal(script.headers['content-security-policy'], undefined);
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    assert.equal(icon.headers['cache-control'], 'public, max-age=3600');
  });

  test('unknown paths and the API are not served from disk', async () => {
    for (const url of ['/nothing-here', '/assets/missing.js', '/../package.json', '/api/unknown']) {
      const res = await app.inject({ method: 'GET', url });
      assert.ok(res.statusCode === 404 || res.statusCode === 403, `${url}: ${res.statusCode}`);
      assert.match(String(res.headers['content-type']), /json/, url);
    }
    const api = await app.inject({ method: 'GET', url: '/api/ping' });
    assert.deepEqual(api.json(), { pong: true });
    assert.equal(api.headers['content-security-policy'], undefined);
  });
});

describe('static UI not built', () => {
  test('/ answers 503 with a page saying how to build it, and serves a build made later', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'tearline-static-'));
    const root = join(parent, 'dist');
    const app = await serverFor(root);
    try {
      const res = await app.inject({ method: 'GET', url: '/' });
      assert.equal(res.statusCode, 503);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /npm run build:web/);
      assert.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
      assert.equal(res.headers['cache-control'], 'no-store');

      // Built while the server runs (npm run build:web in another shell): no restart needed.
      mkdirSync(join(root, 'assets'), { recursive: true });
      writeFileSync(join(root, 'index.html'), '<!doctype html><title>built</title>');
      writeFileSync(join(root, 'assets', 'late-9f8e7d.js'), '');
      const built = await app.inject({ method: 'GET', url: '/' });
      assert.equal(built.statusCode, 200);
      assert.match(built.body, /built/);
      assert.equal((await app.inject({ method: 'GET', url: '/assets/late-9f8e7d.js' })).statusCode, 200);
    } finally {
      await app.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('the built UI through buildServer', () => {
  test('serves web/dist at / beside the API, with no inline script', async (t) => {
    const index = join(WEB_DIST_DIR, 'index.html');
    if (!existsSync(index)) {
      t.skip('web/dist is not built: run npm run build:web (npm test does it first)');
      return;
    }
    const html = readFileSync(index, 'utf8');
    // script-src 'self' forbids inline scripts: every <script> must load a file.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\ssrc="\/assets\/[^"]+"/, tag);
    assert.doesNotMatch(html, /<style\b/);
    assert.doesNotMatch(html, /https?:\/\//, 'the UI loads nothing from another origin');

    const store = openSqliteStore({ path: ':memory:' });
    const app = await buildServer({ store, clock: { now: () => '2025-01-01T00:00:00.000Z' }, maxBodyBytes: 1024 * 1024, version: 'test' });
    try {
      const page = await app.inject({ method: 'GET', url: '/' });
      assert.equal(page.statusCode, 200);
      assert.equal(page.body, html);
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      assert.ok(script !== undefined);
      const asset = await app.inject({ method: 'GET', url: script });
      assert.equal(asset.statusCode, 200);
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(health.statusCode, 200);

      // A reload revalidates index.html: the 304 must not carry the API's data policy, which
      // the browser would merge into the cached page and then block its own scripts.
      const etag = page.headers.etag;
      assert.equal(typeof etag, 'string', 'index.html carries an ETag for revalidation');
      const reload = await app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': String(etag) } });
      assert.equal(reload.statusCode, 304);
      assert.doesNotMatch(String(reload.headers['content-security-policy'] ?? ''), /default-src 'none'/);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
