import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findPatternObservables, findPhones, normalisePhone, refang } from './index.ts';

const values = (text: string): string[] => findPatternObservables(text).map((o) => `${o.value.type}:${o.value.value}`);

describe('network observables', () => {
  test('refangs defanged URLs, domains, emails and addresses', () => {
    assert.deepEqual(values('see hxxps://evil[.]example[.]com/a/b.php?x=1, then'), ['url:https://evil.example.com/a/b.php?x=1']);
    assert.deepEqual(values('backup domain ghuraba-archive[.]org and c2 evil(dot)net.'), ['domain-name:ghuraba-archive.org', 'domain-name:evil.net']);
    assert.deepEqual(values('mail ops[@]bad-actor[.]io now'), ['email-addr:ops@bad-actor.io']);
    assert.deepEqual(values('beacon to 198.51.100[.]7 nightly'), ['ipv4-addr:198.51.100.7']);
    assert.equal(refang('hxxp://a[.]b(.)c'), 'http://a.b.c');
  });

  test('an email or URL is one observable: its domain is not reported again', () => {
    assert.deepEqual(values('write to Security@NNCSN-ng.org or visit https://nncsn-ng.org/report.'), ['email-addr:security@nncsn-ng.org', 'url:https://nncsn-ng.org/report']);
  });

  test('version numbers, file names and abbreviations are not addresses or domains', () => {
    assert.deepEqual(values('Upgrade to version 10.2.1.4 or build 2.0.0.1; open guide.pdf, e.g. the setup.py script.'), []);
    assert.deepEqual(values('Firmware 1.2.3.4.5 and 10.0.19041.1 are releases'), []);
    assert.deepEqual(values('He arrived in Kabul.It was late.'), []);
  });

  test('IPv6 addresses but not times', () => {
    assert.deepEqual(values('from 2001:db8::ff00:42:8329 at 12:30:45'), ['ipv6-addr:2001:db8::ff00:42:8329']);
  });

  test('hashes by length', () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const sha1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
    const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const found = findPatternObservables(`${md5} ${sha1} ${sha256}`);
    assert.deepEqual(found.map((o) => o.value.qualifier), ['MD5', 'SHA-1', 'SHA-256']);
  });

  test('wallets are checksum-checked', () => {
    assert.deepEqual(values('pay bc1qlw7j7pwpaww202vd8q56sgmgvpus69n75plefc or TCzfJheNGWYJjojjc3TUj4LeYefHGLLLGa'), [
      'cryptocurrency-wallet:bc1qlw7j7pwpaww202vd8q56sgmgvpus69n75plefc',
      'cryptocurrency-wallet:TCzfJheNGWYJjojjc3TUj4LeYefHGLLLGa',
    ]);
    assert.deepEqual(values('typo bc1qlw7j7pwpaww202vd8q56sgmgvpus69n75plefd'), []);
  });

  test('handles take the platform the sentence names; plates follow their cue and repeat bare', () => {
    const found = findPatternObservables('His Telegram account @Abu_Test_77 posted. A car with registration AB-123-CD was seen; later AB-123-CD left. Plate unknown.');
    assert.deepEqual(
      found.map((o) => [o.value.type, o.value.value, o.value.qualifier]),
      [
        ['user-account', '@abu_test_77', 'telegram'],
        ['vehicle-plate', 'AB123CD', undefined],
        ['vehicle-plate', 'AB123CD', undefined],
      ],
    );
  });
});

describe('phone numbers', () => {
  test('normalise to E.164, local numbers by the region the text gives', () => {
    assert.equal(normalisePhone('(312) 555-0176', ['US']), '+13125550176');
    assert.equal(normalisePhone('+258 84 555 0193', []), '+258845550193');
    assert.equal(normalisePhone('0345 5550172', ['AF', 'PK']), '+923455550172');
    assert.equal(normalisePhone('0722 555 091', ['KE']), '+254722555091');
    assert.equal(normalisePhone('0803 555 0142', ['NG']), '+2348035550142');
    assert.equal(normalisePhone('12345', ['US']), null);
  });

  test('dates, reference numbers and IPs are not phone numbers', () => {
    const text = 'On 09/22/2026 ref CPD-26-09114 from 203.0.113.91 and 2024-02-16, call 0711 555 284.';
    assert.deepEqual(findPhones(text, () => ['KE']).map((p) => p.value.value), ['+254711555284']);
  });
});
