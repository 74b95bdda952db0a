// importMisp and exportMispEvent on small hand-written events: the lenient input forms,
// rejections, markings, Admiralty tags, galaxies, sightings and event reports.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateBundle } from '../../domain/stix/index.ts';
import type { StixObject } from '../../domain/stix/object.ts';
import { SOURCE_RELIABILITY_EXTENSION_ID } from '../common/admiralty.ts';
import { TLP2_EXTENSION_ID } from '../common/markings.ts';
import { exportMispEvent, importMisp } from './index.ts';

type Json = Record<string, unknown>;
const NOW = '2025-01-01T00:00:00.000Z';
const TLP_RED = 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed';
const TLP2_AMBER_STRICT = 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003';

let counter = 0;
function attribute(type: string, value: string | number, extra: Json = {}): Json {
  counter++;
  return { uuid: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`, type, category: 'Network activity', value, to_ids: true, timestamp: '1600000000', ...extra };
}

function event(extra: Json = {}): Json {
  return {
    uuid: '11111111-1111-4111-8111-111111111111',
    info: 'Test event',
    date: '2020-09-01',
    timestamp: '1600000100',
    published: true,
    publish_timestamp: '1600000200',
    Orgc: { name: 'ACME CERT', uuid: '22222222-2222-4222-8222-222222222222' },
    Tag: [{ name: 'tlp:white' }],
    ...extra,
  };
}

const ofType = (objects: readonly StixObject[], type: string): StixObject[] => objects.filter((o) => o.type === type);
const one = (objects: readonly StixObject[], type: string): StixObject => {
  const found = ofType(objects, type);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0] as StixObject;
};
const noErrors = (objects: readonly StixObject[]): void => {
  assert.deepEqual(validateBundle({ type: 'bundle', id: 'bundle--3f0f7a0e-5b2c-4c6e-9a53-1a7d0f4c2b11', objects }).errors, []);
};

describe('input forms', () => {
  const body = event({ Attribute: [attribute('domain', 'evil.example')] });
  test('with or without the Event wrapper, as a list, or as a search response, the result is the same', () => {
    const wrapped = importMisp({ Event: body }, { now: NOW });
    assert.equal(ofType(wrapped.objects, 'indicator').length, 1);
    assert.deepEqual(importMisp(body, { now: NOW }).objects, wrapped.objects);
    assert.deepEqual(importMisp([{ Event: body }], { now: NOW }).objects, wrapped.objects);
    assert.deepEqual(importMisp({ response: [{ Event: body }] }, { now: NOW }).objects, wrapped.objects);
  });
  test('numbers and booleans may be strings or numbers', () => {
    const loose = event({ timestamp: 1600000100, Attribute: [{ ...attribute('ip-dst', '10.1.2.3'), to_ids: '1', timestamp: 1600000000 }] });
    const result = importMisp(loose, { now: NOW });
    assert.equal(one(result.objects, 'indicator')['pattern'], "[ipv4-addr:value = '10.1.2.3']");
    assert.equal(one(result.objects, 'report')['modified'], '2020-09-13T12:28:20.000Z');
  });
  test('several events in one file each become a report', () => {
    const second = event({ uuid: '33333333-3333-4333-8333-333333333333', info: 'Second', Attribute: [attribute('url', 'http://x.example/a')] });
    const result = importMisp({ response: [{ Event: body }, { Event: second }] }, { now: NOW });
    assert.equal(ofType(result.objects, 'report').length, 2);
    assert.equal(result.summary['events.imported'], 2);
  });
  test('entries that are not events are rejected, events still imported', () => {
    const result = importMisp([{ Event: body }, 'junk', { nothing: true }], { now: NOW });
    assert.equal(result.summary['events.total'], 3);
    assert.equal(result.summary['events.rejected'], 2);
    assert.equal(result.rejected[0]?.code, 'not-an-event');
    assert.equal(ofType(result.objects, 'report').length, 1);
  });
});

describe('attributes', () => {
  test('broken attributes are rejected one by one with a reason; the rest is imported', () => {
    const good = attribute('sha256', 'B'.repeat(64));
    const attrs = [
      attribute('ip-dst', '300.1.2.3'),
      attribute('domain', ''),
      attribute('no-such-type', 'x'),
      { ...attribute('md5', 'abc'), uuid: undefined },
      { value: 'untyped' },
      good,
    ];
    const result = importMisp(event({ Attribute: attrs }), { now: NOW });
    assert.deepEqual(result.rejected.map((r) => r.code), ['invalid-value', 'missing-value', 'unknown-type', 'invalid-value', 'missing-type']);
    assert.ok(result.rejected[0]?.message.includes('300.1.2.3'));
    assert.equal(result.rejected[0]?.item, `attribute ${attrs[0]?.['uuid'] as string}`);
    assert.equal(result.summary['attributes.rejected'], 5);
    assert.equal(result.summary['attributes.mapped'], 1);
    assert.equal(one(result.objects, 'indicator')['pattern'], `[file:hashes.'SHA-256' = '${'b'.repeat(64)}']`);
    noErrors(result.objects);
  });

  test('to_ids gives indicators with real patterns; without it, SCOs with §2.9 ids', () => {
    const attrs = [
      attribute('ip-src', '2001:db8::7'),
      attribute('domain|ip', 'c2.example|203.0.113.9'),
      attribute('filename|md5', 'drop.exe|0749BAE92CA336A02C83D126E04EC628'),
      attribute('AS', 'AS64500'),
      attribute('mutex', 'Global\\evil'),
      attribute('user-agent', "Mozilla/5.0 (it's)"),
      attribute('email-src', 'phish@bad.example'),
      attribute('hostname', 'WWW.Bad.Example', { to_ids: false }),
      attribute('email-dst', 'victim@corp.example', { to_ids: false }),
      attribute('ip-dst|port', '198.51.100.1|4444', { to_ids: false }),
    ];
    const result = importMisp(event({ Attribute: attrs }), { now: NOW });
    const patterns = ofType(result.objects, 'indicator').map((i) => i['pattern']);
    assert.deepEqual(patterns, [
      "[ipv6-addr:value = '2001:db8::7']",
      "[domain-name:value = 'c2.example' AND domain-name:resolves_to_refs[*].value = '203.0.113.9']",
      "[file:name = 'drop.exe' AND file:hashes.MD5 = '0749bae92ca336a02c83d126e04ec628']",
      '[autonomous-system:number = 64500]',
      "[mutex:name = 'Global\\\\evil']",
      "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'Mozilla/5.0 (it\\'s)']",
      "[email-message:from_ref.value = 'phish@bad.example']",
    ]);
    const domain = one(result.objects, 'domain-name');
    assert.equal(domain['value'], 'www.bad.example');
    assert.match(domain.id, /^domain-name--[0-9a-f-]{8}-[0-9a-f-]{4}-5/);
    assert.equal(ofType(result.objects, 'email-addr')[0]?.['value'], 'victim@corp.example');
    const traffic = one(result.objects, 'network-traffic');
    assert.equal(traffic['dst_port'], 4444);
    assert.deepEqual(traffic['protocols'], ['ipv4']);
    assert.ok(result.objects.some((o) => o.id === traffic['dst_ref']));
    noErrors(result.objects);
  });

  test('known types without STIX form are kept in notes and listed as unmapped; deleted ones skipped', () => {
    const btc = attribute('btc', '1GCaWA685Nj2PqqG7P2ZBACYZB8ZtpQuQ9', { comment: 'ransom wallet' });
    const result = importMisp(event({ Attribute: [btc, attribute('user-agent', 'UA', { to_ids: false }), attribute('domain', 'gone.example', { deleted: true })] }), { now: NOW });
    assert.deepEqual(result.unmapped.map((u) => u.code), ['unmapped-type', 'no-observable-form', 'deleted']);
    const note = ofType(result.objects, 'note').find((n) => n['content'] === btc['value']);
    assert.equal(note?.['abstract'], 'ransom wallet');
    assert.ok((note?.['labels'] as string[]).includes('misp:type="btc"'));
    assert.equal(result.summary['attributes.unmapped'], 3);
    assert.equal(ofType(result.objects, 'domain-name').length, 0);
  });

  test('detection rules and vulnerabilities', () => {
    const rule = 'rule x { condition: true }';
    const result = importMisp(event({ Attribute: [attribute('yara', rule, { to_ids: false }), attribute('vulnerability', 'cve-2017-0199'), attribute('stix2-pattern', "[url:value = 'http://a.example']"), attribute('stix2-pattern', '[broken')] }), { now: NOW });
    const yara = ofType(result.objects, 'indicator').find((i) => i['pattern_type'] === 'yara');
    assert.equal(yara?.['pattern'], rule);
    assert.equal(yara?.['pattern_version'], undefined);
    const vulnerability = one(result.objects, 'vulnerability');
    assert.equal(vulnerability['name'], 'CVE-2017-0199');
    assert.deepEqual((vulnerability['external_references'] as Json[])[0], { source_name: 'cve', external_id: 'CVE-2017-0199' });
    assert.ok(ofType(result.objects, 'indicator').some((i) => i['pattern'] === "[url:value = 'http://a.example']"));
    assert.equal(result.rejected.length, 1);
    assert.match(result.rejected[0]?.message ?? '', /not a valid STIX pattern/);
  });
});

describe('markings and the Admiralty scale', () => {
  test('TLP 2.0 tags use the TLP 2.0 definitions, which travel with the output; attributes keep the stricter TLP', () => {
    const result = importMisp(event({ Tag: [{ name: 'tlp:amber+strict' }, { name: 'PAP:GREEN' }], Attribute: [attribute('domain', 'a.example', { Tag: [{ name: 'tlp:red' }] }), attribute('domain', 'b.example')] }), { now: NOW });
    const report = one(result.objects, 'report');
    const [pap] = (report['object_marking_refs'] as string[]).slice(1);
    assert.equal((report['object_marking_refs'] as string[])[0], TLP2_AMBER_STRICT);
    const strict = result.objects.find((o) => o.id === TLP2_AMBER_STRICT);
    assert.deepEqual(strict?.['extensions'], { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'amber+strict' } });
    const papDefinition = result.objects.find((o) => o.id === pap);
    assert.equal(papDefinition?.['definition_type'], 'statement');
    assert.equal(papDefinition?.['name'], 'PAP:GREEN');
    const [a, b] = ofType(result.objects, 'indicator');
    assert.deepEqual(a?.['object_marking_refs'], [TLP_RED, pap]);
    assert.deepEqual(b?.['object_marking_refs'], [TLP2_AMBER_STRICT, pap]);
    assert.ok(result.objects.some((o) => o.id === TLP_RED));
    noErrors(result.objects);
  });

  test('the same observable in two events keeps the most restrictive TLP', () => {
    const white = event({ Attribute: [attribute('domain', 'shared.example', { to_ids: false })] });
    const red = event({ uuid: '44444444-4444-4444-8444-444444444444', Tag: [{ name: 'tlp:red' }], Attribute: [attribute('domain', 'shared.example', { to_ids: false })] });
    const result = importMisp([white, red], { now: NOW });
    assert.deepEqual(one(result.objects, 'domain-name')['object_marking_refs'], [TLP_RED]);
  });

  test('credibility becomes confidence; source reliability goes on the creator identity in an extension', () => {
    const tags = [{ name: 'tlp:white' }, { name: 'admiralty-scale:information-credibility="2"' }, { name: 'admiralty-scale:source-reliability="b"' }];
    const attrs = [attribute('domain', 'a.example'), attribute('domain', 'b.example', { Tag: [{ name: 'admiralty-scale:information-credibility="6"' }] }), attribute('domain', 'c.example', { Tag: [{ name: 'admiralty-scale:information-credibility="1"' }] })];
    const result = importMisp(event({ Tag: tags, Attribute: attrs }), { now: NOW });
    assert.equal(one(result.objects, 'report')['confidence'], 70);
    assert.deepEqual(ofType(result.objects, 'indicator').map((i) => i['confidence']), [70, undefined, 90]);
    const identity = ofType(result.objects, 'identity').find((i) => i['name'] === 'ACME CERT');
    assert.deepEqual(identity?.['extensions'], { [SOURCE_RELIABILITY_EXTENSION_ID]: { extension_type: 'property-extension', source_reliability: 'B' } });
    assert.ok(result.objects.some((o) => o.id === SOURCE_RELIABILITY_EXTENSION_ID && o.type === 'extension-definition'));
    assert.equal(one(result.objects, 'report')['created_by_ref'], identity?.id);
    noErrors(result.objects);
    // And back: the exported event carries both Admiralty tags.
    const tagsOut = ((exportMispEvent(result.objects) as { Event: Json }).Event['Tag'] as Json[]).map((t) => t['name']);
    assert.ok(tagsOut.includes('admiralty-scale:information-credibility="2"'));
    assert.ok(tagsOut.includes('admiralty-scale:source-reliability="b"'));
  });
});

describe('galaxies, sightings, event reports, objects', () => {
  test('threat actor clusters become intrusion sets with aliases; attribute galaxies are linked by indicates', () => {
    const galaxy = [{ type: 'threat-actor', GalaxyCluster: [{ type: 'threat-actor', value: 'Sofacy', tag_name: 'misp-galaxy:threat-actor="Sofacy"', uuid: '7cdff317-a673-4474-84ec-4f1754947823', description: 'Russian group', meta: { synonyms: ['APT28', 'Fancy Bear', 'Sofacy'], refs: ['https://example.org/sofacy'] } }] }];
    const attr = attribute('domain', 'c2.example', { Tag: [{ name: 'misp-galaxy:mitre-malware="X-Agent - S0161"' }] });
    const result = importMisp(event({ Galaxy: galaxy, Tag: [{ name: 'tlp:white' }, { name: 'misp-galaxy:threat-actor="Sofacy"' }, { name: 'misp-galaxy:sector="Defence"' }], Attribute: [attr] }), { now: NOW });
    const actor = one(result.objects, 'intrusion-set');
    assert.equal(actor['name'], 'Sofacy');
    assert.deepEqual(actor['aliases'], ['APT28', 'Fancy Bear']);
    assert.equal(actor['description'], 'Russian group');
    const malware = one(result.objects, 'malware');
    assert.equal(malware['name'], 'X-Agent');
    assert.equal(malware['is_family'], true);
    const relationship = one(result.objects, 'relationship');
    assert.equal(relationship['relationship_type'], 'indicates');
    assert.equal(relationship['source_ref'], one(result.objects, 'indicator').id);
    assert.equal(relationship['target_ref'], malware.id);
    assert.deepEqual(result.unmapped.map((u) => u.code), ['unmapped-galaxy']);
    assert.ok((one(result.objects, 'report')['labels'] as string[]).includes('misp-galaxy:sector="Defence"'));
    noErrors(result.objects);
  });

  test('sightings: seen -> sighting (or observed-data for an SCO), false positive -> opinion, expiration -> valid_until', () => {
    const org = { name: 'Partner SOC', uuid: '55555555-5555-4555-8555-555555555555' };
    const ids = attribute('domain', 'seen.example', {
      Sighting: [
        { uuid: '66666666-6666-4666-8666-666666666661', type: '0', date_sighting: '1600001000', Organisation: org },
        { uuid: '66666666-6666-4666-8666-666666666662', type: '1', date_sighting: '1600002000', Organisation: org },
        { uuid: '66666666-6666-4666-8666-666666666663', type: '2', date_sighting: '1600003000' },
      ],
    });
    const observable = attribute('ip-dst', '192.0.2.44', { to_ids: false });
    const eventSighting = { uuid: '66666666-6666-4666-8666-666666666664', attribute_uuid: observable['uuid'], type: '0', date_sighting: '1600004000' };
    const result = importMisp(event({ Attribute: [ids, observable], Sighting: [eventSighting] }), { now: NOW });
    const indicator = one(result.objects, 'indicator');
    const sighting = one(result.objects, 'sighting');
    assert.equal(sighting['sighting_of_ref'], indicator.id);
    assert.equal(sighting['first_seen'], '2020-09-13T12:43:20.000Z');
    const partner = ofType(result.objects, 'identity').find((i) => i['name'] === 'Partner SOC');
    assert.deepEqual(sighting['where_sighted_refs'], [partner?.id]);
    assert.equal(one(result.objects, 'opinion')['opinion'], 'strongly-disagree');
    assert.equal(indicator['valid_until'], '2020-09-13T13:16:40.000Z');
    const observed = one(result.objects, 'observed-data');
    assert.deepEqual(observed['object_refs'], [one(result.objects, 'ipv4-addr').id]);
    assert.equal(result.summary['sightings.total'], 4);
    assert.equal(result.summary['sightings.mapped'], 4);
    noErrors(result.objects);
    // Sightings go back to MISP on their attributes.
    const exported = (exportMispEvent(result.objects) as { Event: Json }).Event;
    const back = (exported['Attribute'] as Json[]).find((a) => a['value'] === 'seen.example');
    assert.deepEqual((back?.['Sighting'] as Json[]).map((s) => s['type']).sort(), ['0', '1']);
  });

  test('event reports become notes on the report', () => {
    const result = importMisp(event({ Attribute: [attribute('domain', 'x.example')], EventReport: [{ uuid: '77777777-7777-4777-8777-777777777777', name: 'Analysis', content: '# Findings\nBad.', timestamp: '1600000300' }, { uuid: '77777777-7777-4777-8777-777777777778', name: '', content: '' }] }), { now: NOW });
    const note = ofType(result.objects, 'note').find((n) => n['abstract'] === 'Analysis');
    assert.equal(note?.['content'], '# Findings\nBad.');
    assert.deepEqual(note?.['object_refs'], [one(result.objects, 'report').id]);
    assert.equal(result.rejected[0]?.code, 'missing-value');
  });

  test('a file object without to_ids is one file SCO; a bad attribute in it is rejected alone', () => {
    const object = {
      uuid: '88888888-8888-4888-8888-888888888888',
      name: 'file',
      'meta-category': 'file',
      timestamp: '1600000050',
      Attribute: [
        { uuid: '88888888-8888-4888-8888-000000000001', object_relation: 'filename', type: 'filename', value: 'a.exe', to_ids: false },
        { uuid: '88888888-8888-4888-8888-000000000002', object_relation: 'sha256', type: 'sha256', value: 'c'.repeat(64), to_ids: false },
        { uuid: '88888888-8888-4888-8888-000000000003', object_relation: 'size-in-bytes', type: 'size-in-bytes', value: '1024', to_ids: false },
        { uuid: '88888888-8888-4888-8888-000000000004', object_relation: 'md5', type: 'md5', value: 'nothex', to_ids: false },
        { uuid: '88888888-8888-4888-8888-000000000005', object_relation: 'entropy', type: 'float', value: '7.9', to_ids: false },
      ],
    };
    const result = importMisp(event({ Object: [object] }), { now: NOW });
    const file = one(result.objects, 'file');
    assert.deepEqual([file['name'], file['hashes'], file['size']], ['a.exe', { 'SHA-256': 'c'.repeat(64) }, 1024]);
    assert.deepEqual(result.rejected.map((r) => r.item), ['attribute 88888888-8888-4888-8888-000000000004']);
    assert.deepEqual(result.unmapped.map((u) => u.code), ['unmapped-relation']);
    const note = one(result.objects, 'note');
    assert.deepEqual(note['object_refs'], [file.id]);
    assert.equal(note['content'], 'entropy (float): "7.9"');
    assert.deepEqual([result.summary['attributes.mapped'], result.summary['attributes.rejected'], result.summary['attributes.unmapped']], [3, 1, 1]);
  });

  test('a domain-ip object without a domain is imported attribute by attribute', () => {
    const object = { uuid: '99999999-9999-4999-8999-999999999999', name: 'domain-ip', Attribute: [{ uuid: '99999999-9999-4999-8999-000000000001', object_relation: 'ip', type: 'ip-dst', value: '192.0.2.1', to_ids: true }] };
    const result = importMisp(event({ Object: [object] }), { now: NOW });
    assert.equal(one(result.objects, 'indicator')['pattern'], "[ipv4-addr:value = '192.0.2.1']");
    assert.equal(result.summary['objects.decomposed'], 1);
    assert.equal(result.unmapped[0]?.code, 'decomposed');
  });

  test('an empty event without a creator is rejected', () => {
    const result = importMisp({ Event: { uuid: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', info: 'empty', date: '2020-01-01' } }, { now: NOW });
    assert.deepEqual(result.objects, []);
    assert.equal(result.rejected[0]?.code, 'empty-event');
  });
});

describe('exportMispEvent on STIX not made by importMisp', () => {
  test('a report with indicators and observables becomes an event MISP accepts', () => {
    const amber = 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82';
    const objects: StixObject[] = [
      { type: 'identity', spec_version: '2.1', id: 'identity--0b7a8c2e-1d2f-4a4b-9c3d-5e6f7a8b9c0d', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: 'Our CERT' },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--1b7a8c2e-1d2f-4a4b-9c3d-5e6f7a8b9c0d', created: '2024-02-01T10:00:00.000Z', modified: '2024-02-02T10:00:00.000Z', name: 'C2', pattern: "[ipv4-addr:value = '203.0.113.5']", pattern_type: 'stix', valid_from: '2024-02-01T10:00:00.000Z', object_marking_refs: [amber] },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--2b7a8c2e-1d2f-4a4b-9c3d-5e6f7a8b9c0d', created: '2024-02-01T10:00:00.000Z', modified: '2024-02-01T10:00:00.000Z', pattern: "[url:value = 'http://a.example/x'] OR [domain-name:value = 'a.example']", pattern_type: 'stix', valid_from: '2024-02-01T10:00:00.000Z' },
      { type: 'url', spec_version: '2.1', id: 'url--3b7a8c2e-1d2f-5a4b-9c3d-5e6f7a8b9c0d', value: 'http://b.example/' },
      { type: 'malware', spec_version: '2.1', id: 'malware--4b7a8c2e-1d2f-4a4b-9c3d-5e6f7a8b9c0d', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: 'Emotet', is_family: true },
      { type: 'report', spec_version: '2.1', id: 'report--5b7a8c2e-1d2f-4a4b-9c3d-5e6f7a8b9c0d', created_by_ref: 'identity--0b7a8c2e-1d2f-4a4b-9c3d-5e6f7a8b9c0d', created: '2024-02-01T09:00:00.000Z', modified: '2024-02-03T09:00:00.000Z', name: 'Campaign X', published: '2024-02-03T09:00:00.000Z', object_refs: ['indicator--1b7a8c2e-1d2f-4a4b-9c3d-5e6f7a8b9c0d', 'indicator--2b7a8c2e-1d2f-4a4b-9c3d-5e6f7a8b9c0d', 'url--3b7a8c2e-1d2f-5a4b-9c3d-5e6f7a8b9c0d', 'malware--4b7a8c2e-1d2f-4a4b-9c3d-5e6f7a8b9c0d'], object_marking_refs: ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'], external_references: [{ source_name: 'vendor', url: 'https://vendor.example/blog' }] },
    ];
    const event = (exportMispEvent(objects) as { Event: Json }).Event;
    assert.equal(event['uuid'], '5b7a8c2e-1d2f-4a4b-9c3d-5e6f7a8b9c0d');
    assert.equal(event['info'], 'Campaign X');
    assert.equal(event['date'], '2024-02-01');
    assert.equal(event['timestamp'], String(Date.parse('2024-02-03T09:00:00.000Z') / 1000));
    assert.deepEqual(event['Orgc'], { name: 'Our CERT', uuid: '0b7a8c2e-1d2f-4a4b-9c3d-5e6f7a8b9c0d' });
    assert.deepEqual((event['Tag'] as Json[]).map((t) => t['name']), ['tlp:white', 'misp-galaxy:malpedia="Emotet"']);
    const attributes = event['Attribute'] as Json[];
    const simplify = (a: Json) => [a['type'], a['value'], a['to_ids'], ((a['Tag'] as Json[] | undefined) ?? []).map((t) => t['name'])];
    assert.deepEqual(attributes.map(simplify), [
      ['ip-dst', '203.0.113.5', true, ['tlp:amber']],
      ['stix2-pattern', "[url:value = 'http://a.example/x'] OR [domain-name:value = 'a.example']", true, []],
      ['url', 'http://b.example/', false, []],
      ['link', 'https://vendor.example/blog', false, []],
    ]);
    assert.equal(attributes[0]?.['comment'], '');
    assert.equal(attributes[0]?.['category'], 'Network activity');
    assert.equal(attributes[0]?.['timestamp'], String(Date.parse('2024-02-02T10:00:00.000Z') / 1000));
    // What it exported imports again.
    const back = importMisp({ Event: event }, { now: NOW });
    assert.deepEqual(back.rejected, []);
    assert.equal(ofType(back.objects, 'indicator').length, 2);
  });
});
