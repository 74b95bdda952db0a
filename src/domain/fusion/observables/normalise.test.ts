import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalDomain } from './domain.ts';
import { canonicalEmail } from './email.ts';
import { normaliseObservable } from './normalise.ts';
import { canonicalPhone } from './phone.ts';
import { canonicalUrl } from './url.ts';

describe('domain names', () => {
  test('case and the trailing root dot do not count', () => {
    assert.equal(canonicalDomain('Ghuraba-Archive.ORG.'), 'ghuraba-archive.org');
  });
  test('IDNA: Unicode and punycode forms are one value', () => {
    assert.equal(canonicalDomain('bücher.example'), 'xn--bcher-kva.example');
    assert.equal(canonicalDomain('XN--BCHER-KVA.example'), 'xn--bcher-kva.example');
  });
  test('not a host name', () => {
    for (const bad of ['', 'a..b', 'has space.com', 'user@host.com', 'http://x.com']) assert.equal(canonicalDomain(bad), null, bad);
  });
});

describe('URLs', () => {
  test('scheme and host case, default port, fragment', () => {
    assert.equal(canonicalUrl('HTTP://Example.ORG:80/Path/File.php#top'), 'http://example.org/Path/File.php');
    assert.equal(canonicalUrl('https://example.org:443/a'), 'https://example.org/a');
    assert.equal(canonicalUrl('https://example.org:8443/a'), 'https://example.org:8443/a');
  });
  test('percent-encoding: hex upper case, unreserved characters decoded', () => {
    assert.equal(canonicalUrl('http://example.org/%7euser/a%2fb?q=%3d%41'), 'http://example.org/~user/a%2Fb?q=%3DA');
  });
  test('trailing slash: the root is "/", longer paths lose it; empty query dropped', () => {
    assert.equal(canonicalUrl('http://example.org'), 'http://example.org/');
    assert.equal(canonicalUrl('http://example.org/a/b/'), 'http://example.org/a/b');
    assert.equal(canonicalUrl('http://example.org/a/b'), 'http://example.org/a/b');
    assert.equal(canonicalUrl('http://example.org/a?'), 'http://example.org/a');
  });
  test('dot segments, host trailing dot, IDN host, missing scheme', () => {
    assert.equal(canonicalUrl('http://example.org/a/./b/../c'), 'http://example.org/a/c');
    assert.equal(canonicalUrl('http://example.org./x'), 'http://example.org/x');
    assert.equal(canonicalUrl('http://bücher.example/x'), 'http://xn--bcher-kva.example/x');
    assert.equal(canonicalUrl('example.org/login'), 'http://example.org/login');
  });
  test('the path keeps its case; the query keeps its order', () => {
    assert.notEqual(canonicalUrl('http://example.org/A'), canonicalUrl('http://example.org/a'));
    assert.equal(canonicalUrl('http://example.org/?b=2&a=1'), 'http://example.org/?b=2&a=1');
  });
  test('unparseable', () => {
    assert.equal(canonicalUrl('http://'), null);
    assert.equal(canonicalUrl(''), null);
  });
});

describe('phone numbers (E.164)', () => {
  test('spacing and punctuation are dropped', () => {
    assert.equal(canonicalPhone('+963 944 000 123'), '+963944000123');
    assert.equal(canonicalPhone('+1 (312) 555-0176'), '+13125550176');
    assert.equal(canonicalPhone('+49.30.1234.5678'), '+493012345678');
  });
  test('00 prefix and bare digits are international', () => {
    assert.equal(canonicalPhone('00963944000123'), '+963944000123');
    assert.equal(canonicalPhone('963944000123'), '+963944000123');
    assert.equal(canonicalPhone('tel:+963-944-000-123'), '+963944000123');
  });
  test('not a number', () => {
    for (const bad of ['+0123456789', '12345', '+1234567890123456', 'call me', '+963 944 000 12x']) assert.equal(canonicalPhone(bad), null, bad);
  });
});

describe('email addresses', () => {
  test('the domain part compares as a domain; the local part folds too', () => {
    assert.equal(canonicalEmail('Abu.Talha@Protonmail.COM'), 'abu.talha@protonmail.com');
    assert.equal(canonicalEmail('x@bücher.example.'), 'x@xn--bcher-kva.example');
  });
  test('not an address', () => {
    for (const bad of ['@x.com', 'x@', 'no-at-sign', 'a b@x.com']) assert.equal(canonicalEmail(bad), null, bad);
  });
});

describe('normaliseObservable', () => {
  test('keys are "<kind>:<canonical value>"', () => {
    assert.equal(normaliseObservable({ type: 'ipv4-addr', value: '192.0.2.010' })?.key, 'ipv4-addr:192.0.2.10');
    assert.equal(normaliseObservable({ type: 'domain-name', value: 'EVIL.example.' })?.key, 'domain-name:evil.example');
    assert.equal(normaliseObservable({ type: 'phone-number', value: '+963 944 000 123' })?.key, 'phone-number:+963944000123');
  });
  test('an IPv4-mapped IPv6 address is the IPv4 address', () => {
    const a = normaliseObservable({ type: 'ipv6-addr', value: '::ffff:203.0.113.9' });
    const b = normaliseObservable({ type: 'ipv4-addr', value: '203.0.113.009' });
    assert.equal(a?.key, b?.key);
  });
  test('hashes: case-insensitive, keyed by value whatever field carried them', () => {
    const upper = normaliseObservable({ type: 'file', value: '001DD76872D80801692FF942308C64E6' });
    const lower = normaliseObservable({ type: 'md5', value: '001dd76872d80801692ff942308c64e6' });
    assert.equal(upper?.key, 'hash:001dd76872d80801692ff942308c64e6');
    assert.equal(upper?.key, lower?.key);
    assert.equal(normaliseObservable({ type: 'file', value: 'abc' }), null);
  });
  test('vehicle plates and Telegram handles', () => {
    assert.equal(normaliseObservable({ type: 'vehicle-plate', value: 'ab-123 cd' })?.value, 'AB123CD');
    assert.equal(normaliseObservable({ type: 'telegram', value: 'Ghuraba_News' })?.value, '@ghuraba_news');
  });
  test('unknown types compare exactly (case matters for wallets)', () => {
    const a = normaliseObservable({ type: 'cryptocurrency-wallet', value: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT' });
    const b = normaliseObservable({ type: 'cryptocurrency-wallet', value: '1boatslrhtknngkdxeeobr76b53lettpyt' });
    assert.notEqual(a?.key, b?.key);
  });
  test('invalid values are dropped, not guessed', () => {
    assert.equal(normaliseObservable({ type: 'ipv4-addr', value: '999.1.1.1' }), null);
    assert.equal(normaliseObservable({ type: 'email-addr', value: 'nobody' }), null);
  });
});
