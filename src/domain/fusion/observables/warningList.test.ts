import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseObservable } from './normalise.ts';
import { ipInCidr, warningListReason } from './warningList.ts';

const reason = (type: string, value: string): string | null => {
  const observable = normaliseObservable({ type, value });
  assert.ok(observable, `${type} ${value} normalises`);
  return warningListReason(observable);
};

describe('warning list', () => {
  test('public DNS resolvers, in any form', () => {
    assert.match(reason('ipv4-addr', '8.8.8.8') ?? '', /Google/);
    assert.match(reason('ipv4-addr', '001.001.001.001') ?? '', /Cloudflare/);
    assert.match(reason('ipv4-addr', '9.9.9.9') ?? '', /Quad9/);
    assert.match(reason('ipv6-addr', '2001:4860:4860:0:0:0:0:8888') ?? '', /Google/);
  });
  test('private, loopback and link-local ranges', () => {
    assert.match(reason('ipv4-addr', '10.20.30.40') ?? '', /RFC 1918/);
    assert.match(reason('ipv4-addr', '172.31.255.1') ?? '', /RFC 1918/);
    assert.match(reason('ipv4-addr', '192.168.1.1') ?? '', /RFC 1918/);
    assert.match(reason('ipv4-addr', '127.0.0.1') ?? '', /loopback/);
    assert.match(reason('ipv4-addr', '169.254.10.1') ?? '', /link-local/);
    assert.match(reason('ipv6-addr', '::1') ?? '', /loopback/);
    assert.match(reason('ipv6-addr', 'fe80::abcd') ?? '', /link-local/);
    assert.match(reason('ipv6-addr', '::ffff:10.0.0.1') ?? '', /RFC 1918/);
  });
  test('RFC 5737 documentation ranges and public addresses are NOT suppressed', () => {
    for (const ip of ['192.0.2.44', '198.51.100.7', '203.0.113.250', '172.32.0.1', '8.8.8.9']) assert.equal(reason('ipv4-addr', ip), null, ip);
    assert.equal(reason('ipv6-addr', '2001:db8::5'), null);
  });
  test('popular domains and their subdomains', () => {
    assert.match(reason('domain-name', 'Google.com') ?? '', /google\.com/);
    assert.match(reason('domain-name', 'update.microsoft.com.') ?? '', /microsoft\.com/);
    assert.equal(reason('domain-name', 'notgoogle.com'), null);
    assert.equal(reason('domain-name', 'ghuraba-archive.org'), null);
  });
  test('a URL only when it is a popular site root; email addresses never', () => {
    assert.match(reason('url', 'https://www.google.com/') ?? '', /root/);
    assert.equal(reason('url', 'https://docs.google.com/document/d/abc'), null);
    assert.equal(reason('email-addr', 'cell.leader@gmail.com'), null);
  });
  test('ipInCidr compares prefixes within one family', () => {
    assert.equal(ipInCidr('172.16.0.0/12', '172.16.0.0/12'), true);
    assert.equal(ipInCidr('172.15.255.255', '172.16.0.0/12'), false);
    assert.equal(ipInCidr('10.0.0.1', 'fc00::/7'), false);
  });
});
