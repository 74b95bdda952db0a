import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalIp, canonicalIpv4, canonicalIpv6, formatIpv6, parseIpv6Groups } from './ip.ts';

describe('IPv4 canonical form', () => {
  test('leading zeros are decimal padding', () => {
    assert.equal(canonicalIpv4('192.000.002.010')?.text, '192.0.2.10');
    assert.equal(canonicalIpv4('010.001.002.003')?.text, '10.1.2.3');
  });
  test('surrounding space is ignored; /32 is a single host', () => {
    assert.equal(canonicalIpv4(' 203.0.113.7 ')?.text, '203.0.113.7');
    assert.equal(canonicalIpv4('203.0.113.7/32')?.text, '203.0.113.7');
  });
  test('a block keeps its prefix and loses host bits', () => {
    assert.equal(canonicalIpv4('223.166.1.2/15')?.text, '223.166.0.0/15');
    assert.equal(canonicalIpv4('198.51.100.77/24')?.text, '198.51.100.0/24');
  });
  test('not an address', () => {
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', 'a.b.c.d', '1.2.3.4/33', '1.2.3.4/x', '']) assert.equal(canonicalIpv4(bad), null, bad);
  });
});

describe('IPv6 canonical form (RFC 5952)', () => {
  test('expanded and compressed forms of one address agree', () => {
    const forms = ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329', '2001:DB8:0:0:0:FF00:42:8329'];
    for (const form of forms) assert.equal(canonicalIpv6(form)?.text, '2001:db8::ff00:42:8329', form);
  });
  test('the longest zero run is compressed, the first on ties, never a single group', () => {
    assert.equal(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]), '2001:db8::1:0:0:1');
    assert.equal(formatIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]), '2001:db8:0:1:1:1:1:1');
    assert.equal(formatIpv6([0x2001, 0, 0, 1, 0, 0, 0, 1]), '2001:0:0:1::1');
    assert.equal(formatIpv6([0, 0, 0, 0, 0, 0, 0, 0]), '::');
    assert.equal(formatIpv6([0, 0, 0, 0, 0, 0, 0, 1]), '::1');
  });
  test('IPv4-mapped addresses become IPv4, in dotted or hex form', () => {
    assert.deepEqual(canonicalIpv6('::ffff:192.0.2.128'), { version: 4, text: '192.0.2.128' });
    assert.deepEqual(canonicalIpv6('::FFFF:c000:0280'), { version: 4, text: '192.0.2.128' });
    assert.deepEqual(canonicalIp('0:0:0:0:0:ffff:198.51.100.1'), { version: 4, text: '198.51.100.1' });
  });
  test('other embedded IPv4 tails stay IPv6', () => {
    assert.equal(canonicalIpv6('64:ff9b::192.0.2.33')?.text, '64:ff9b::c000:221');
  });
  test('brackets, zone ids and blocks', () => {
    assert.equal(canonicalIpv6('[2001:db8::1]')?.text, '2001:db8::1');
    assert.equal(canonicalIpv6('fe80::1%eth0')?.text, 'fe80::1');
    assert.equal(canonicalIpv6('2001:db8:abcd:12::1/48')?.text, '2001:db8:abcd::/48');
  });
  test('not an address', () => {
    for (const bad of ['2001:db8::1::2', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', '1:2:3:4:5:6:7', ':::', '']) assert.equal(parseIpv6Groups(bad), null, bad);
    assert.equal(canonicalIp('not an ip'), null);
  });
});
