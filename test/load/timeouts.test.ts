// The server's answer to slow clients (slowloris): headers must arrive within
// CLIENT_TIMEOUTS.headersMs, a whole request within requestMs, checked every checkEveryMs.
// On a real socket: a header trickler and a silent connection are answered 408 and closed
// in time, while an ordinary request on another connection is answered at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { CLIENT_TIMEOUTS, buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import type { Store } from '../../src/app/ports.ts';

const clock = { now: () => new Date().toISOString() };
let store: Store;
let app: FastifyInstance;
let port: number;

before(async () => {
  store = openSqliteStore({ path: ':memory:' });
  app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as net.AddressInfo).port;
});
after(async () => {
  await app.close();
  await store.close();
});

test('the HTTP server carries the slow-client timeouts', () => {
  const server = app.server as Server;
  assert.equal(server.headersTimeout, CLIENT_TIMEOUTS.headersMs);
  assert.equal(server.requestTimeout, CLIENT_TIMEOUTS.requestMs);
  assert.equal(server.timeout, CLIENT_TIMEOUTS.idleMs);
  assert.ok(CLIENT_TIMEOUTS.headersMs < CLIENT_TIMEOUTS.requestMs, 'Node refuses a headers timeout above the request timeout');
});

test('the HTTPS server carries them too', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-timeouts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'),
      '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'pipe' });
  } catch (error) {
    t.skip(`openssl could not make a certificate: ${(error as Error).message.split('\n')[0]}`);
    return;
  }
  const tlsApp = await buildServer({ store, clock, maxBodyBytes: 1024, version: 'test', tls: { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) } });
  try {
    const server = tlsApp.server as Server;
    assert.equal(server.headersTimeout, CLIENT_TIMEOUTS.headersMs);
    assert.equal(server.requestTimeout, CLIENT_TIMEOUTS.requestMs);
  } finally {
    await tlsApp.close();
  }
});

interface Held {
  readonly closedAfterMs: number;
  readonly answer: string;
}

/** Opens a socket, sends `first`, then one byte a second; resolves when the server closes it. */
function hold(first: string | undefined): Promise<Held> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const opened = performance.now();
    let answer = '';
    let trickle: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server never closed the slow connection'));
    }, CLIENT_TIMEOUTS.requestMs + 10_000);
    socket.on('connect', () => {
      if (first === undefined) return;
      socket.write(first);
      trickle = setInterval(() => socket.write('a'), 1000);
    });
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(trickle);
      clearTimeout(guard);
      resolve({ closedAfterMs: performance.now() - opened, answer });
    });
  });
}

test('slow clients are answered 408 and cut off in time while others are served', async () => {
  const trickler = hold(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
  const silent = hold(undefined);
  // Meanwhile an ordinary client on its own connection is served at once.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const started = performance.now();
  const health = await fetch(`http://127.0.0.1:${port}/api/health`);
  assert.equal(health.status, 200);
  assert.ok(performance.now() - started < 2000, 'an ordinary request waited behind the slow clients');

  const bound = CLIENT_TIMEOUTS.headersMs + CLIENT_TIMEOUTS.checkEveryMs + 2000;
  for (const [name, held] of [['header trickler', await trickler], ['silent connection', await silent]] as const) {
    assert.match(held.answer, /^HTTP\/1\.1 408 /, `${name}: ${JSON.stringify(held.answer.slice(0, 80))}`);
    assert.ok(held.closedAfterMs >= CLIENT_TIMEOUTS.headersMs - 100, `${name} cut too early: ${held.closedAfterMs} ms`);
    assert.ok(held.closedAfterMs <= bound, `${name} held its socket ${Math.round(held.closedAfterMs)} ms (bound ${bound})`);
  }
});
