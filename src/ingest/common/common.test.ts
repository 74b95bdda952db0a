import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePattern } from '../../domain/stix/pattern/index.ts';
import { confidenceFromCredibility, credibilityFromConfidence } from './admiralty.ts';
import { canonicalJson } from './canonical-json.ts';
import { derivedId, scoId } from './ids.ts';
import { combineMarkings, papMarking, tlpMarking, TLP2_EXTENSION_ID } from './markings.ts';
import { inferObservableType, matchObservableType, observableComparisons, refang, resolveObservableType } from './observable-types.ts';
import { parseSimplePattern, renderPattern, type Comparison } from './pattern.ts';
import { buildSco, scoComparisons } from './sco.ts';
import { uuidv5 } from './uuid5.ts';

describe('uuidv5', () => {
  test('matches the RFC 4122 name-based UUID of python.org in the DNS namespace', () => {
    // The value every UUID library documents (e.g. Python's uuid.uuid5(NAMESPACE_DNS, "python.org")).
    assert.equal(uuidv5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
  test('sets version 5 and the RFC 4122 variant', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const uuid = uuidv5('00abedb4-aa42-466c-9c01-fed23315a9b7', name);
        assert.match(uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    );
  });
});

describe('canonicalJson (RFC 8785)', () => {
  test('sorts members and drops whitespace', () => {
    assert.equal(canonicalJson({ b: [1, { d: 'x', c: true }], a: null }), '{"a":null,"b":[1,{"c":true,"d":"x"}]}');
  });
  test('is the same text whatever the member order, and parses back to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
        const reversed = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
          v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        ) as unknown;
        assert.equal(canonicalJson(reversed), text);
      }),
    );
  });
});

describe('SCO identifiers (STIX 2.1 §2.9)', () => {
  test('give the id python-stix2 (the OASIS reference library) computes for its file test object', () => {
    // cti-python-stix2 test_id_gen_recursive_dict_conversion_1.
    const file = {
      type: 'file',
      name: 'example.exe',
      size: 68000,
      magic_number_hex: '50000000',
      hashes: { 'SHA-256': '841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649' },
      extensions: {
        'windows-pebinary-ext': {
          pe_type: 'exe',
          machine_hex: '014c',
          sections: [{ name: '.data', size: 4096, entropy: 7.980693, hashes: { 'SHA-256': '6e3b6f3978e5cd96ba7abee35c24e867b7e64072e2ecb22d0ee7a6e6af6894d0' } }],
        },
      },
    };
    assert.equal(scoId(file), 'file--ced31cd4-bdcb-537d-aefa-92d291bfc11d');
  });
  test('use only the contributing properties and one hash, MD5 first', () => {
    const a = scoId({ type: 'file', hashes: { MD5: '0749bae92ca336a02c83d126e04ec628', 'SHA-1': '77b0c41b7d340b8a3d903f21347bbf06aa766b5b' }, size: 1 });
    const b = scoId({ type: 'file', hashes: { MD5: '0749bae92ca336a02c83d126e04ec628' }, mime_type: 'x' });
    assert.equal(a, b);
    assert.notEqual(scoId({ type: 'domain-name', value: 'a.example' }), scoId({ type: 'domain-name', value: 'b.example' }));
  });
  test('derived ids differ by type for the same seed (§2.9: no UUID reused across types)', () => {
    assert.notEqual(derivedId('indicator', 'x').slice(-36), derivedId('note', 'x').slice(-36));
    assert.equal(derivedId('indicator', 'x'), derivedId('indicator', 'x'));
  });
});

describe('patterns', () => {
  const printable = fc.string({ unit: 'grapheme', minLength: 1 });
  test('render and parse back, whatever quotes and backslashes the values hold', () => {
    fc.assert(
      fc.property(printable, printable, fc.integer({ min: 0, max: 65535 }), (name, data, port) => {
        const comparisons: Comparison[] = [
          { path: { type: 'file', steps: ['name'] }, value: name },
          { path: { type: 'windows-registry-key', steps: ['values', { index: '*' }, 'data'] }, value: data },
          { path: { type: 'network-traffic', steps: ['dst_port'] }, value: port },
        ];
        const text = renderPattern(comparisons);
        assert.deepEqual(parseSimplePattern(text), comparisons);
      }),
    );
  });
  test('quote property names that are not plain identifiers (§9.3)', () => {
    const comparisons = observableComparisons('sha256', 'B3C4AE251F8094FA15B510051835C657EAEF2A6CEA46075D3AEC964B14A99F68', 'pattern');
    assert.ok(comparisons.ok);
    assert.equal(renderPattern(comparisons.comparisons), "[file:hashes.'SHA-256' = 'b3c4ae251f8094fa15b510051835c657eaef2a6cea46075d3aec964b14a99f68']");
  });
  test('every observable type gives a pattern the STIX pattern parser accepts', () => {
    const samples: Record<string, string> = {
      'ip-dst': '1.2.3.4', 'ip-src': '2001:db8::1', domain: 'Evil.Example.com', hostname: 'a.b.example', url: "http://x.example/a'b",
      uri: 'http://x.example/', link: 'https://x.example', email: 'a@b.example', 'email-src': 'a@b.example', 'email-dst': 'c@d.example',
      'email-reply-to': 'r@b.example', 'email-subject': 'Invoice', 'email-body': 'hello\nworld', 'email-x-mailer': 'X', 'email-message-id': '<1@x>',
      'email-attachment': 'inv.pdf', filename: 'C:\\temp\\a.exe', attachment: 'a.jpg', mutex: 'Global\\m', regkey: 'HKLM\\Software\\Run', AS: 'AS64500',
      'mac-address': '00-1A-2B-3C-4D-5E', imphash: 'f34d5f2d4577ed6d9ceec516c1f5a744', 'user-agent': 'Mozilla/5.0', port: '443',
      'x509-fingerprint-md5': 'f34d5f2d4577ed6d9ceec516c1f5a744', 'x509-fingerprint-sha1': '77b0c41b7d340b8a3d903f21347bbf06aa766b5b',
      'x509-fingerprint-sha256': 'b3c4ae251f8094fa15b510051835c657eaef2a6cea46075d3aec964b14a99f68', 'domain|ip': 'a.example|10.0.0.1',
      'ip-dst|port': '10.0.0.1|8080', 'ip-src|port': '2001:db8::2|53', 'hostname|port': 'c2.example|443', 'regkey|value': 'HKCU\\Run|evil.exe',
      'filename|imphash': 'a.dll|f34d5f2d4577ed6d9ceec516c1f5a744', md5: '0749bae92ca336a02c83d126e04ec628', sha1: '77b0c41b7d340b8a3d903f21347bbf06aa766b5b',
      sha224: 'a'.repeat(56), sha256: 'b'.repeat(64), sha384: 'c'.repeat(96), sha512: 'd'.repeat(128), 'sha3-256': 'e'.repeat(64), 'sha3-512': 'f'.repeat(128),
      ssdeep: '96:s4Ud1Lj96tHHlZDrwciQmA+4uy1I0G4HYuL8N3TzS8QsO/wqWXLcMSx:sF1LjEtHHlZDrwciQmA+4uyMnL8N3Tc', tlsh: 'T1' + '0A'.repeat(35),
      'filename|md5': 'a.exe|0749bae92ca336a02c83d126e04ec628', 'filename|sha256': 'a.exe|' + 'b'.repeat(64), 'malware-sample': 'a.exe|0749bae92ca336a02c83d126e04ec628',
    };
    for (const [type, value] of Object.entries(samples)) {
      const result = observableComparisons(type, value, 'pattern');
      assert.ok(result.ok, `${type}: ${result.ok ? '' : result.message}`);
      const pattern = renderPattern(result.comparisons);
      const parsed = parsePattern(pattern);
      assert.ok(parsed.ok, `${type}: ${pattern}: ${parsed.ok ? '' : parsed.error.message}`);
      // And the table finds the type back (or one sharing its paths, e.g. ip-dst for ip-src).
      const match = matchObservableType(result.comparisons, 'pattern', type);
      assert.equal(match?.type, type);
    }
  });
  test('IPv6 addresses use ipv6-addr, IPv4 ipv4-addr', () => {
    const v6 = observableComparisons('ip-dst', '2001:db8::1', 'pattern');
    const v4 = observableComparisons('ip-dst', '198.51.100.7/32', 'pattern');
    assert.ok(v6.ok && v4.ok);
    assert.equal(renderPattern(v6.comparisons), "[ipv6-addr:value = '2001:db8::1']");
    assert.equal(renderPattern(v4.comparisons), "[ipv4-addr:value = '198.51.100.7/32']");
  });
  test('reject malformed values with a reason', () => {
    for (const [type, value] of [['ip-dst', '1.2.3.999'], ['md5', 'abc'], ['domain', 'not a domain'], ['AS', 'ASX'], ['ip-dst|port', '1.2.3.4'], ['port', '70000']]) {
      const result = observableComparisons(type ?? '', value ?? '', 'pattern');
      assert.equal(result.ok, false, `${type} ${value}`);
      assert.ok(!result.ok && result.message.length > 0);
    }
  });
});

describe('observables', () => {
  test('domain|ip builds the domain with a resolves_to_refs to the address SCO', () => {
    const c = observableComparisons('domain|ip', 'Evil.example|2001:db8::5', 'observe');
    assert.ok(c.ok);
    const sco = buildSco(c.comparisons, c.kinds);
    assert.ok(sco.ok);
    const [domain, ip] = sco.objects;
    assert.equal(ip?.type, 'ipv6-addr');
    assert.deepEqual(domain?.['resolves_to_refs'], [ip?.id]);
    assert.equal(domain?.['value'], 'evil.example');
    assert.equal(domain?.id, scoId({ type: 'domain-name', value: 'evil.example' }));
    // Reading the SCO back gives the same comparisons.
    const lookup = (id: string) => sco.objects.find((o) => o.id === id);
    assert.equal(matchObservableType(scoComparisons(domain!, lookup), 'observe')?.value, 'evil.example|2001:db8::5');
  });
  test('ip|port becomes network-traffic with the protocol of the address family (§6.12)', () => {
    const c = observableComparisons('ip-dst|port', '10.0.0.1|8080', 'observe');
    assert.ok(c.ok);
    const sco = buildSco(c.comparisons, c.kinds);
    assert.ok(sco.ok);
    assert.deepEqual(sco.primary['protocols'], ['ipv4']);
    assert.equal(sco.primary['dst_port'], 8080);
  });
  test('types without an SCO form say why', () => {
    for (const type of ['user-agent', 'imphash', 'port', 'hostname|port']) {
      const value = type === 'imphash' ? 'f34d5f2d4577ed6d9ceec516c1f5a744' : type === 'port' ? '80' : type === 'hostname|port' ? 'a.example|80' : 'UA';
      const result = observableComparisons(type, value, 'observe');
      assert.ok(!result.ok && result.code === 'no-observable-form', type);
    }
  });
  test('type inference by shape', () => {
    const cases: Record<string, string | undefined> = {
      '1.2.3.4': 'ip-dst', '2001:db8::1': 'ip-dst', '10.0.0.0/8': 'ip-dst', 'https://x.example/a': 'url', 'a@b.example': 'email',
      '0749bae92ca336a02c83d126e04ec628': 'md5', '77b0c41b7d340b8a3d903f21347bbf06aa766b5b': 'sha1', ['b'.repeat(64)]: 'sha256',
      ['d'.repeat(128)]: 'sha512', 'evil.example.com': 'domain', 'just words': undefined, '12345': undefined,
    };
    for (const [value, type] of Object.entries(cases)) assert.equal(inferObservableType(value), type, value);
  });
  test('refang undoes the usual defanging', () => {
    assert.equal(refang('hxxps://evil[.]example(.)com/x'), 'https://evil.example.com/x');
    assert.equal(refang('a[@]b[.]example'), 'a@b.example');
  });
  test('type names as people write them', () => {
    assert.equal(resolveObservableType('IPv4'), 'ip-dst');
    assert.equal(resolveObservableType('domain_name'), 'domain');
    assert.equal(resolveObservableType('SHA-256'), 'sha256');
    assert.equal(resolveObservableType('as'), 'AS');
    assert.equal(resolveObservableType('bogus'), undefined);
  });
});

describe('markings', () => {
  test('TLP 1.0 names map to the predefined objects, CLEAR and AMBER+STRICT to TLP 2.0', () => {
    assert.equal(tlpMarking('TLP:WHITE')?.id, 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9');
    assert.equal(tlpMarking('amber')?.id, 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82');
    assert.equal(tlpMarking('amber', 2)?.id, 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421');
    const strict = tlpMarking('tlp:amber+strict');
    assert.equal(strict?.id, 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003');
    assert.deepEqual(strict?.['extensions'], { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'amber+strict' } });
    assert.equal(tlpMarking('purple'), undefined);
  });
  test('combining keeps the most restrictive TLP and PAP (DOMAIN.md §2 rule 5)', () => {
    const white = tlpMarking('white')?.id ?? '';
    const red = tlpMarking('red')?.id ?? '';
    const strict = tlpMarking('amber+strict')?.id ?? '';
    const papGreen = papMarking('GREEN')?.id ?? '';
    const papRed = papMarking('PAP:RED')?.id ?? '';
    assert.deepEqual(combineMarkings([white, papGreen], [strict], [papRed, 'marking-definition--other']), [strict, papRed, 'marking-definition--other']);
    assert.deepEqual(combineMarkings([red], [white]), [red]);
  });
  test('PAP markings are statement markings with a stable id', () => {
    const pap = papMarking('amber');
    assert.equal(pap?.['definition_type'], 'statement');
    assert.match(String((pap?.['definition'] as Record<string, unknown>)['statement']), /^PAP:AMBER\. /);
    assert.equal(pap?.id, papMarking('PAP:AMBER')?.id);
  });
});

describe('admiralty', () => {
  test('credibility to confidence and back (DOMAIN.md §3)', () => {
    assert.deepEqual(['1', '2', '3', '4', '5', '6'].map(confidenceFromCredibility), [90, 70, 50, 30, 10, undefined]);
    assert.deepEqual([100, 80, 79, 60, 59, 40, 39, 20, 19, 0].map(credibilityFromConfidence), ['1', '1', '2', '2', '3', '3', '4', '4', '5', '5']);
    for (const grade of ['1', '2', '3', '4', '5']) assert.equal(credibilityFromConfidence(confidenceFromCredibility(grade) ?? -1), grade);
  });
});
