import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StixObject } from '../stix/object.ts';
import { correlate } from './correlate.ts';
import { reportFactsFrom } from './fromStix.ts';
import { patternObservables } from './patternValues.ts';

const byId = (objects: readonly StixObject[]): Map<string, StixObject> => new Map(objects.map((o) => [o.id, o]));
const base = { spec_version: '2.1', created: '2025-07-01T00:00:00.000Z', modified: '2025-07-01T00:00:00.000Z' };

describe('reportFactsFrom', () => {
  const source: StixObject = { type: 'identity', id: 'identity--partner', ...base, name: 'Partner service', identity_class: 'organization', x_tearline_reliability: 'B' };
  const group: StixObject = { type: 'intrusion-set', id: 'intrusion-set--isis', ...base, name: 'Islamic State of Iraq and Syria', aliases: ['ISIS', 'Daesh'] };
  const cell: StixObject = { type: 'threat-actor', id: 'threat-actor--cell', ...base, name: 'Jaramana cell', threat_actor_types: ['terrorist'] };
  const shrine: StixObject = { type: 'location', id: 'location--shrine', ...base, name: 'Sayyida Zaynab shrine', latitude: 33.4442, longitude: 36.3411, country: 'SY' };
  const damascus: StixObject = { type: 'location', id: 'location--damascus', ...base, name: 'Damascus', city: 'Damascus', country: 'SY', latitude: 33.51, longitude: 36.29 };
  const syria: StixObject = { type: 'location', id: 'location--syria', ...base, name: 'Syria', country: 'SY' };
  const vbied: StixObject = { type: 'attack-pattern', id: 'attack-pattern--vbied', ...base, name: 'Vehicle-borne improvised explosive device (VBIED)' };
  const pilgrims: StixObject = { type: 'identity', id: 'identity--pilgrims', ...base, name: 'Shia pilgrims', identity_class: 'class' };
  const phone: StixObject = { type: 'indicator', id: 'indicator--phone', ...base, pattern: "[x-tearline-phone:value = '+963944000123']", pattern_type: 'stix', valid_from: base.created };
  const ip: StixObject = { type: 'ipv4-addr', id: 'ipv4-addr--1', spec_version: '2.1', value: '203.0.113.9' };
  const targets: StixObject = { type: 'relationship', id: 'relationship--t', ...base, relationship_type: 'targets', source_ref: group.id, target_ref: shrine.id, start_time: '2025-07-04T00:00:00Z', stop_time: '2025-07-04T12:00:00Z' };
  const report: StixObject = {
    type: 'report', id: 'report--cable', ...base, created_by_ref: source.id, published: '2025-07-01T00:00:00Z', confidence: 70,
    object_refs: [group.id, cell.id, damascus.id, syria.id, vbied.id, pilgrims.id, phone.id, ip.id, targets.id, 'report--earlier', 'file--missing'],
  };
  const all = byId([source, group, cell, shrine, damascus, syria, vbied, pilgrims, phone, ip, targets, report]);

  test('builds every kind of fact', () => {
    const result = reportFactsFrom(report, all);
    assert.ok(result.ok);
    const f = result.facts;
    assert.equal(f.sourceId, 'identity--partner');
    assert.equal(f.reliability, 'B', 'from the source identity');
    assert.equal(f.credibility, 2, 'confidence 70 -> 2');
    assert.deepEqual(f.actors.map((a) => [a.id, a.kind, a.names]), [
      ['intrusion-set--isis', 'group', ['Islamic State of Iraq and Syria', 'ISIS', 'Daesh']],
      ['threat-actor--cell', 'cell', ['Jaramana cell']],
    ]);
    assert.deepEqual(f.places.map((p) => [p.name, p.kind]), [['Damascus', 'city'], ['Syria', 'country'], ['Sayyida Zaynab shrine', 'site']]);
    assert.deepEqual(f.methods.map((m) => m.kind), ['vbied']);
    assert.deepEqual(f.targets, [{ id: 'identity--pilgrims', name: 'Shia pilgrims', role: 'victim', specific: false }]);
    assert.deepEqual(f.observables, [{ type: 'x-tearline-phone', value: '+963944000123' }, { type: 'ipv4-addr', value: '203.0.113.9' }]);
    assert.deepEqual(f.window, { start: '2025-07-04T00:00:00Z', end: '2025-07-04T12:00:00Z' });
    assert.deepEqual(f.cites, ['report--earlier']);
    assert.deepEqual(result.unresolvedRefs, ['file--missing']);
  });
  test('explicit grades win; the report may carry its own window and extraction flags', () => {
    const own = { ...report, id: 'report--own', x_tearline_window: { start: '2025-07-05T00:00:00Z', end: '2025-07-06T00:00:00Z' }, x_tearline_automatic: true };
    const result = reportFactsFrom(own, all, { reliability: 'A', credibility: 3 });
    assert.ok(result.ok);
    assert.equal(result.facts.reliability, 'A');
    assert.equal(result.facts.credibility, 3);
    assert.equal(result.facts.automatic, true);
    assert.equal(result.facts.analystConfirmed, false);
    assert.deepEqual(result.facts.window, { start: '2025-07-05T00:00:00Z', end: '2025-07-06T00:00:00Z' });
  });
  test('no confidence and an ungraded source: F6', () => {
    const bare: StixObject = { type: 'report', id: 'report--bare', ...base, object_refs: [] };
    const result = reportFactsFrom(bare, new Map());
    assert.ok(result.ok);
    assert.equal(`${result.facts.reliability}${result.facts.credibility}`, 'F6');
    assert.equal(result.facts.sourceId, null);
  });
  test('anything but a report is a typed error, not a throw', () => {
    const result = reportFactsFrom(group, all);
    assert.deepEqual(result, { ok: false, error: { code: 'not-a-report', message: 'expected a report, got intrusion-set' } });
  });
});

describe('how precise a STIX location is', () => {
  const kindOf = (props: Record<string, unknown>): string => {
    const location: StixObject = { type: 'location', id: 'location--x', ...base, ...props };
    const report: StixObject = { type: 'report', id: 'report--x', ...base, object_refs: [location.id] };
    const result = reportFactsFrom(report, byId([location]));
    assert.ok(result.ok);
    return result.facts.places[0]?.kind ?? 'none';
  };
  test('sites, cities, regions, countries and bare points', () => {
    assert.equal(kindOf({ name: 'Westgate mall', latitude: -1.26, longitude: 36.8 }), 'site');
    assert.equal(kindOf({ name: 'Rue de la Régence 32', street_address: 'Rue de la Régence 32', city: 'Brussels' }), 'site');
    assert.equal(kindOf({ name: 'Jaramana', city: 'Jaramana', country: 'SY' }), 'city');
    assert.equal(kindOf({ name: 'Al-Hamidiyah', city: 'Damascus' }), 'site');
    assert.equal(kindOf({ name: 'Borno', administrative_area: 'Borno', country: 'NG' }), 'region');
    assert.equal(kindOf({ name: 'Syria', country: 'SY' }), 'country');
    assert.equal(kindOf({ name: 'Point 7', latitude: 1, longitude: 2 }), 'unknown');
    assert.equal(kindOf({ name: 'Point 7', latitude: 1, longitude: 2, precision: 50 }), 'site');
    assert.equal(kindOf({ name: 'Damascus', latitude: 33.51, longitude: 36.29, x_tearline_place_kind: 'city' }), 'city');
  });
});

describe('pattern equality values', () => {
  test('=, IN, hashes and reference values; NOT and other operators skipped', () => {
    assert.deepEqual(patternObservables("[file:hashes.'SHA-256' = 'AB12' OR url:value = 'http://x.example/a\\'b']"), [
      { type: 'file', value: 'AB12' },
      { type: 'url', value: "http://x.example/a'b" },
    ]);
    assert.deepEqual(patternObservables("[network-traffic:dst_ref.value IN ('198.51.100.1', 'evil.example')]"), [
      { type: 'ip', value: '198.51.100.1' },
      { type: 'domain-name', value: 'evil.example' },
    ]);
    assert.deepEqual(patternObservables("[domain-name:value NOT = 'x.example'] AND [domain-name:value != 'y.example'] AND [file:name = 'a.exe']"), []);
  });
});

const examples = fileURLToPath(new URL('../../../../shared/data/stix-examples/', import.meta.url));

describe('reportFactsFrom on the OASIS example reports', () => {
  const load = (name: string): StixObject[] => (JSON.parse(readFileSync(`${examples}${name}`, 'utf8')) as { objects: StixObject[] }).objects;
  test('APT1 and Poison Ivy', (t) => {
    if (!existsSync(examples)) {
      t.skip(`shared data absent: ${examples}`);
      return;
    }
    const apt1 = load('apt1.json');
    const apt1Report = apt1.find((o) => o.type === 'report');
    assert.ok(apt1Report);
    const a = reportFactsFrom(apt1Report, byId(apt1));
    assert.ok(a.ok);
    assert.ok(a.facts.actors.some((x) => x.names.includes('APT1') && x.names.includes('Comment Crew')));
    assert.ok(a.facts.observables.some((o) => o.type === 'domain-name' && o.value === 'hugesoft.org'));
    assert.ok(a.facts.observables.some((o) => o.type === 'file' && o.value === '001dd76872d80801692ff942308c64e6'));
    assert.equal(a.facts.observables.filter((o) => o.type === 'ipv4-addr').length, 4);
    assert.deepEqual(a.unresolvedRefs, []);

    const ivy = load('poisonivy.json');
    const ivyReport = ivy.find((o) => o.type === 'report');
    assert.ok(ivyReport);
    const b = reportFactsFrom(ivyReport, byId(ivy));
    assert.ok(b.ok);
    assert.ok(b.facts.observables.length > 0);
    // Two unrelated campaigns: correlation finds no joinable link between them.
    const result = correlate(b.facts, [{ id: 'threat-apt1', reports: [a.facts] }]);
    assert.equal(result.decision.newThreat, true);
  });
});
