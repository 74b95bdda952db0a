// TAXII 2.1 §1.6.6 / §8.2.2 HTTPS on a real socket, and §8.5.2 server certificate
// verification by the client: a self-signed certificate made at test time with openssl
// (node:crypto cannot issue X.509 certificates), trusted only through --ca.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { expectCli, startInstance, type Instance } from './instance.ts';
import { runTearline, tempDir } from '../support/cli.ts';
import { plainHttpRefusal } from '../../src/config/config.ts';
import { indicator } from './support.ts';

function makeCertificate(dir: string): { cert: string; key: string } | string {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
      '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'pipe' });
    return { cert, key };
  } catch (error) {
    return `openssl could not make a certificate: ${(error as Error).message.split('\n')[0]}`;
  }
}

const certDir = tempDir('tearline-tls-');
const made = makeCertificate(certDir.path);
let server: Instance | undefined;
const PASSWORD = 'tls test passphrase, long enough';

before(async () => {
  if (typeof made === 'string') return;
  server = await startInstance('tls', { TEARLINE_TLS_CERT: made.cert, TEARLINE_TLS_KEY: made.key });
  const id = (await expectCli(server.cli(['collection', 'add', '--title', 'Over TLS', '--alias', 'tls']))).stdout.split('\n')[0] as string;
  await expectCli(server.cli(['account', 'add', 'reader', '--password-stdin', '--read', id, '--write', id], { stdin: PASSWORD }));
  const file = server.file('one.json', JSON.stringify({ type: 'bundle', id: 'bundle--6ba7b810-9dad-41d1-80b4-00000000aaaa', objects: [indicator(1)] }));
  await expectCli(server.cli(['taxii', 'push', `${server.url}/taxii2/root/collections/tls/`, file, '--user', 'reader', '--password-env', 'P', '--ca', made.cert], { env: { P: PASSWORD } }));
});

after(async () => {
  await server?.close();
  certDir.cleanup();
});

describe('§8.2.2 HTTPS and §8.5.2 server certificate verification', () => {
  test('serve speaks HTTPS with the configured certificate, TLS 1.2 at least', async (t) => {
    if (typeof made === 'string' || server === undefined) return t.skip(typeof made === 'string' ? made : 'no server');
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(made.cert, 'utf8');
    const protocol = await new Promise<string>((resolve, reject) => {
      const req = request(`${server?.url}/taxii2/`, { ca, headers: { accept: 'application/taxii+json;version=2.1' } }, (res) => {
        const socket = res.socket as TLSSocket;
        resolve(`${res.statusCode} ${socket.getProtocol() ?? ''}`);
        res.resume();
      });
      req.on('error', reject);
      req.end();
    });
    assert.match(protocol, /^401 TLSv1\.[23]$/, 'TLS, and TAXII still asks for credentials');
  });

  test('the client refuses the self-signed certificate unless --ca trusts it; there is no switch to skip verification', async (t) => {
    if (typeof made === 'string' || server === undefined) return t.skip(typeof made === 'string' ? made : 'no server');
    const url = `${server.url}/taxii2/`;
    const untrusted = await server.cli(['taxii', 'pull', url, '--user', 'reader', '--password-env', 'P'], { env: { P: PASSWORD } });
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.stderr, /self-signed|certificate/i);
    const trusted = await expectCli(server.cli(['taxii', 'pull', url, '--user', 'reader', '--password-env', 'P', '--ca', made.cert, '--json'], { env: { P: PASSWORD } }));
    const report = JSON.parse(trusted.stdout) as { received: number; url: string };
    assert.equal(report.received, 1);
    assert.match(report.url, /^https:/);
    const insecure = await server.cli(['taxii', 'pull', url, '--insecure'], { env: { P: PASSWORD } });
    assert.equal(insecure.code, 2, 'an unknown option');
  });
});

describe('serve refuses plain HTTP beyond loopback', () => {
  test('a non-loopback bind without TLS or TEARLINE_ALLOW_PLAIN_HTTP=1 exits 2 with the reason', async () => {
    const dir = tempDir();
    try {
      const run = await runTearline(['serve', '--host', '0.0.0.0', '--port', '0'], { env: { TEARLINE_DB: dir.db, TEARLINE_DEMO: '0' }, cwd: dir.path });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /refusing to serve plain HTTP on 0\.0\.0\.0.*TEARLINE_TLS_CERT.*TEARLINE_ALLOW_PLAIN_HTTP=1/s);
    } finally {
      dir.cleanup();
    }
  });

  test('loopback, TLS files, or the explicit allowance are fine', () => {
    assert.equal(plainHttpRefusal({ host: '127.0.0.1' }), null);
    assert.equal(plainHttpRefusal({ host: '::1' }), null);
    assert.equal(plainHttpRefusal({ host: 'localhost' }), null);
    assert.equal(plainHttpRefusal({ host: '0.0.0.0', tls: { certPath: 'c', keyPath: 'k' } }), null);
    assert.equal(plainHttpRefusal({ host: '192.0.2.1', allowPlainHttp: true }), null);
    assert.notEqual(plainHttpRefusal({ host: '::' }), null);
    assert.notEqual(plainHttpRefusal({ host: '192.0.2.1', allowPlainHttp: false }), null);
  });
});
