import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hexCase, isBase64, isValidHashValue } from './encodings.ts';
import { isLanguageTag } from './language-tags.ts';
import { isIPv4Cidr, isIPv6Cidr, isMacAddress } from './network-values.ts';

describe('value formats', () => {
  test('RFC 5646 language tags', () => {
    for (const tag of ['en', 'de', 'en-US', 'zh-Hant-TW', 'sr-Latn-RS', 'x-klingon', 'i-enochian', 'es-419']) assert.ok(isLanguageTag(tag), tag);
    for (const tag of ['', 'e', 'x', 'en_US', 'en--US', 'en-', '123', 'toolongtag', 'en-abcdefghi']) assert.ok(!isLanguageTag(tag), tag);
  });

  test('IPv4 and IPv6 in CIDR notation (§6.8, §6.9)', () => {
    for (const ip of ['198.51.100.3', '10.2.4.5/24', '0.0.0.0/0', '255.255.255.255/32']) assert.ok(isIPv4Cidr(ip), ip);
    for (const ip of ['256.1.1.1', '1.2.3', '1.2.3.4/33', '1.2.3.4/', '01.2.3.4', '1.2.3.4.5', 'example.com']) assert.ok(!isIPv4Cidr(ip), ip);
    for (const ip of ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', '2001:0db8::/96', '::', '::1', 'fe80::', '::ffff:192.0.2.1', '1:2:3:4:5:6:7:8/128']) {
      assert.ok(isIPv6Cidr(ip), ip);
    }
    for (const ip of ['1:2:3:4:5:6:7', '1::2::3', '12345::', ':::', '1:2:3:4:5:6:7:8:9', '::1/129', 'g::1', '1.2.3.4']) assert.ok(!isIPv6Cidr(ip), ip);
  });

  test('MAC-48, lowercase, colon-delimited (§6.10)', () => {
    assert.ok(isMacAddress('00:00:ab:cd:ef:01'));
    for (const mac of ['00:00:AB:CD:EF:01', '00-00-ab-cd-ef-01', '0:0:ab:cd:ef:1', '00:00:ab:cd:ef']) assert.ok(!isMacAddress(mac), mac);
  });

  test('base64, hex and hash digests (§2.1, §2.8, §10.7)', () => {
    assert.ok(isBase64('aGVsbG8='));
    assert.ok(isBase64(''));
    assert.ok(!isBase64('aGVsbG8'));
    assert.ok(!isBase64('aGVs*G8='));
    assert.equal(hexCase('00ff'), 0);
    assert.equal(hexCase('504B0304'), 1);
    assert.equal(hexCase('0f0'), -1);
    assert.ok(isValidHashValue('MD5', '1717b7fff97d37a1e1a0029d83492de1'));
    assert.ok(!isValidHashValue('MD5', '1717b7fff97d37a1e1a0029d83492de'));
    assert.ok(!isValidHashValue('SHA-256', 'not a digest'));
    assert.ok(isValidHashValue('SSDEEP', '96:s4Ud1Lj96tHHlZDrwciQmA+4uy1I0G4HYuL8N3TzS8QsO/wqWXLcMSx:sF1LjEtHHlZDrJzrhuyZvHYm8tKp/RWO'));
    assert.ok(!isValidHashValue('SSDEEP', 'abc'));
    assert.ok(isValidHashValue('x_custom', 'anything'), 'custom algorithms are not checked');
  });
});
