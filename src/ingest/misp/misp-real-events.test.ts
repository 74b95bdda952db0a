// The importer and exporter on the real MISP events in shared/data/misp (CIRCL OSINT feed
// events from PyMISP's test data, see its README).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateBundle } from '../../domain/stix/index.ts';
import type { StixObject } from '../../domain/stix/object.ts';
import { parsePattern } from '../../domain/stix/pattern/index.ts';
import { exportMispEvent, importMisp } from './index.ts';

const eventsDir = fileURLToPath(new URL('../../../../shared/data/misp/events/', import.meta.url));
const present = existsSync(eventsDir);
const files = present ? readdirSync(eventsDir).filter((f) => f.endsWith('.json')).sort() : [];
const NOW = '2025-01-01T00:00:00.000Z';

type Json = Record<string, unknown>;
const load = (file: string): Json => JSON.parse(readFileSync(eventsDir + file, 'utf8')) as Json;
const eventOf = (json: Json): Json => (json['Event'] ?? json) as Json;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const byType = (objects: readonly StixObject[], type: string): StixObject[] => objects.filter((o) => o.type === type);

/** Counted straight from the JSON, independently of the importer. */
function attributeCount(event: Json): number {
  return list(event['Attribute']).length + list(event['Object']).reduce((n, o) => n + list(o['Attribute']).length, 0);
}

describe('importMisp on the real events', () => {
  test('the shared events are there', (t) => {
    if (!present) return t.skip(`shared data absent: ${eventsDir}`);
    assert.equal(files.length, 6);
  });

  for (const file of files) {
    describe(file, () => {
      const json = load(file);
      const event = eventOf(json);
      const result = importMisp(json, { now: NOW });
      const s = result.summary;

      test('accounts for every attribute: mapped, unmapped with a reason, or rejected with a reason', () => {
        const total = attributeCount(event);
        assert.equal(s['attributes.total'], total);
        assert.equal((s['attributes.mapped'] ?? 0) + (s['attributes.unmapped'] ?? 0) + (s['attributes.rejected'] ?? 0), total);
        const attributeIssues = (issues: typeof result.unmapped) => issues.filter((i) => i.item.startsWith('attribute '));
        assert.equal(attributeIssues(result.unmapped).length, s['attributes.unmapped'] ?? 0);
        assert.equal(attributeIssues(result.rejected).length, s['attributes.rejected'] ?? 0);
        for (const issue of [...result.unmapped, ...result.rejected]) {
          assert.ok(issue.code.length > 0 && issue.message.length > 0, JSON.stringify(issue));
        }
        // Every object is mapped, decomposed into attributes, or kept whole with a reason.
        const objects = list(event['Object']).length;
        assert.equal(s['objects.total'] ?? 0, objects);
        assert.equal((s['objects.mapped'] ?? 0) + (s['objects.decomposed'] ?? 0) + (s['objects.unmapped'] ?? 0), objects);
      });

      test('is valid STIX 2.1 (no validator errors) with a report that references what exists', () => {
        const validation = validateBundle({ type: 'bundle', id: 'bundle--3f0f7a0e-5b2c-4c6e-9a53-1a7d0f4c2b11', objects: result.objects });
        assert.deepEqual(validation.errors, []);
        const ids = new Set(result.objects.map((o) => o.id));
        const [report] = byType(result.objects, 'report');
        assert.ok(report);
        assert.equal(report['name'], event['info']);
        for (const ref of report['object_refs'] as string[]) assert.ok(ids.has(ref), ref);
        // Everything the event yielded is in the report, apart from marking definitions.
        const content = result.objects.filter((o) => o.type !== 'marking-definition' && o.type !== 'report');
        assert.deepEqual(new Set(report['object_refs'] as string[]), new Set(content.map((o) => o.id)));
      });

      test('writes STIX patterns that the pattern parser accepts', () => {
        const indicators = byType(result.objects, 'indicator').filter((i) => i['pattern_type'] === 'stix');
        assert.ok(indicators.length > 0);
        for (const indicator of indicators) {
          const parsed = parsePattern(indicator['pattern'] as string);
          assert.ok(parsed.ok, `${indicator['pattern'] as string}: ${parsed.ok ? '' : parsed.error.message}`);
        }
      });

      test('marks everything with the event TLP (tlp:white -> TLP 1.0 WHITE) and carries the definition', () => {
        const white = 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9';
        assert.ok(result.objects.some((o) => o.id === white));
        for (const object of result.objects) {
          if (object.type === 'marking-definition') continue;
          if (['intrusion-set', 'malware', 'tool', 'attack-pattern'].includes(object.type)) continue; // shared galaxy knowledge
          assert.deepEqual(object['object_marking_refs'], [white], object.id);
        }
      });

      test('is deterministic and idempotent: the same input gives the same objects', () => {
        const again = importMisp(load(file), { now: '2030-06-01T00:00:00.000Z' });
        assert.deepEqual(again.objects, result.objects);
      });

      test('round-trips: import -> export -> import gives the same indicators and objects', () => {
        const exported = exportMispEvent(result.objects) as { Event: Json };
        const mispEvent = exported.Event;
        assert.equal(mispEvent['uuid'], event['uuid']);
        assert.equal(mispEvent['info'], event['info']);
        assert.equal(mispEvent['date'], event['date']);
        assert.match(String(mispEvent['timestamp']), /^\d+$/);
        assert.ok(list(mispEvent['Tag']).some((t) => t['name'] === 'tlp:white'));
        for (const attribute of list(mispEvent['Attribute'])) {
          assert.equal(typeof attribute['timestamp'], 'string');
          assert.equal(typeof attribute['uuid'], 'string');
        }
        const again = importMisp(exported, { now: NOW });
        const indicators = (r: typeof result) => new Map(byType(r.objects, 'indicator').map((o) => [o.id, o]));
        assert.deepEqual(indicators(again), indicators(result));
        assert.deepEqual(new Set(again.objects.map((o) => o.id)), new Set(result.objects.map((o) => o.id)));
      });
    });
  }
});

describe('mappings seen in the real events', () => {
  const only = (file: string) => (present ? importMisp(load(file), { now: NOW }) : undefined);

  test('Xorist: hashes, file names and a registry key with its value become patterns', (t) => {
    const result = only('57c4445b-c548-4654-af0b-4be3950d210f.json');
    if (result === undefined) return t.skip('shared data absent');
    const patterns = byType(result.objects, 'indicator').map((i) => i['pattern']);
    assert.ok(patterns.includes("[file:hashes.'SHA-256' = 'b3c4ae251f8094fa15b510051835c657eaef2a6cea46075d3aec964b14a99f68']"));
    assert.ok(patterns.includes("[file:hashes.MD5 = '0749bae92ca336a02c83d126e04ec628']"));
    assert.ok(patterns.includes("[file:name = '3Z4wnG9603it23y.exe']"));
    assert.ok(
      patterns.includes(
        "[windows-registry-key:key = 'Software\\\\Wow6432Node\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run' AND windows-registry-key:values[*].data = '%TEMP%\\\\3Z4wnG9603it23y.exe']",
      ),
    );
    // text and comment attributes are notes on the report; links its external references.
    const [report] = byType(result.objects, 'report');
    const links = (report?.['external_references'] as Json[]).filter((r) => r['source_name'] === 'misp-link');
    assert.equal(links.length, 2);
    assert.equal(byType(result.objects, 'note').length, 2);
    assert.equal(report?.['published'], '2016-08-30T09:10:31.000Z');
  });

  test('Sednit: the threat-actor cluster becomes an intrusion-set with its synonyms as aliases', (t) => {
    const result = only('5a3c2fcd-8328-42bb-a95e-4f4402de0b81.json');
    if (result === undefined) return t.skip('shared data absent');
    const [sofacy] = byType(result.objects, 'intrusion-set');
    assert.equal(sofacy?.['name'], 'Sofacy');
    assert.ok((sofacy?.['aliases'] as string[]).includes('APT28'));
    assert.ok((sofacy?.['aliases'] as string[]).includes('Fancy Bear'));
    // domain-ip objects: one indicator per object over the address and the domain, in MISP's order.
    assert.ok(
      byType(result.objects, 'indicator').some(
        (i) => i['pattern'] === "[domain-name:resolves_to_refs[*].value = '87.236.211.182' AND domain-name:value = 'servicecdp.com']",
      ),
    );
    // Object references become relationships between what both ends became.
    const relationships = byType(result.objects, 'relationship').filter((r) => r['relationship_type'] === 'communicates-with');
    assert.equal(relationships.length, 20);
    // The "state" text of file objects has no STIX property: kept in notes, listed with a reason.
    assert.equal(result.unmapped.filter((u) => u.code === 'unmapped-relation').length, 37);
  });

  test('SamSam: file objects without to_ids become file SCOs; PE templates are kept as notes', (t) => {
    const result = only('5c066053-0e94-46eb-9746-4b7d950d210f.json');
    if (result === undefined) return t.skip('shared data absent');
    const files = byType(result.objects, 'file');
    const withSize = files.find((f) => typeof f['size'] === 'number');
    assert.ok(withSize);
    assert.ok(Object.keys(withSize['hashes'] as Json).includes('SHA-512'));
    assert.equal(typeof withSize['mime_type'], 'string');
    const peSections = result.unmapped.filter((u) => u.item.startsWith('object ') && u.message.includes('pe-section'));
    assert.equal(peSections.length, 8);
    assert.equal(result.summary['galaxies.mapped'], 2); // malpedia and ransomware tags, no cluster data
    assert.equal(byType(result.objects, 'malware').length, 2);
  });
});

describe('real events, damaged or combined', () => {
  test('broken attributes in a real event are rejected one by one; the rest still imports', (t) => {
    if (!present) return t.skip('shared data absent');
    const json = load('57c4445b-c548-4654-af0b-4be3950d210f.json');
    const attributes = list(eventOf(json)['Attribute']);
    const clean = importMisp(load('57c4445b-c548-4654-af0b-4be3950d210f.json'), { now: NOW });
    const md5 = attributes.find((a) => a['type'] === 'md5');
    const sha1 = attributes.find((a) => a['type'] === 'sha1');
    const filename = attributes.find((a) => a['type'] === 'filename');
    assert.ok(md5 && sha1 && filename);
    md5['value'] = '';
    sha1['type'] = 'sha-one';
    filename['type'] = 'ip-dst';
    filename['value'] = '10.0.0.300';
    const damaged = importMisp(json, { now: NOW });
    assert.deepEqual(
      damaged.rejected.map((r) => [r.item, r.code]),
      [
        [`attribute ${filename['uuid'] as string}`, 'invalid-value'],
        [`attribute ${md5['uuid'] as string}`, 'missing-value'],
        [`attribute ${sha1['uuid'] as string}`, 'unknown-type'],
      ],
    );
    assert.equal(byType(damaged.objects, 'indicator').length, byType(clean.objects, 'indicator').length - 3);
    assert.equal(damaged.summary['attributes.total'], attributes.length);
  });

  test('all six events in one search response: counts add up over the events', (t) => {
    if (!present) return t.skip('shared data absent');
    const events = files.map(load);
    const combined = importMisp({ response: events }, { now: NOW });
    assert.equal(combined.summary['events.imported'], 6);
    assert.equal(combined.summary['attributes.total'], events.map(eventOf).reduce((n, e) => n + attributeCount(e), 0));
    assert.equal(byType(combined.objects, 'report').length, 6);
    const separately = files.map((f) => importMisp(load(f), { now: NOW }));
    assert.equal(byType(combined.objects, 'indicator').length, separately.reduce((n, r) => n + byType(r.objects, 'indicator').length, 0));
  });
});
