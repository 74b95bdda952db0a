import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockingKeys } from './blocking.ts';
import { correlate } from './correlate.ts';
import { city, group, report, site, threat } from './fixtures.ts';
import type { ReportFacts, ThreatFacts } from './facts.ts';

describe('blocking keys', () => {
  test('normalised observables, actor names, sites, cities, geohash cells and named targets', () => {
    const keys = blockingKeys(
      report('r1', {
        observables: [{ type: 'domain-name', value: 'C2.Example.' }, { type: 'ipv4-addr', value: '8.8.8.8' }],
        actors: [group('intrusion-set--a', 'ISIS', 'Daesh')],
        places: [site('location--s', 'Sayyida Zaynab shrine', { lat: 33.4442, lon: 36.3411, city: 'Sayyida Zaynab' })],
        targets: [
          { id: 'identity--e', name: 'US Embassy', role: 'target', specific: true },
          { id: 'identity--p', name: 'pilgrims', role: 'victim', specific: false },
        ],
      }),
    );
    assert.ok(keys.includes('obs:domain-name:c2.example'));
    assert.ok(!keys.some((k) => k.includes('8.8.8.8')), 'warning-listed values are not indexed');
    assert.ok(keys.includes('actor:isis') && keys.includes('actor:daesh'));
    assert.ok(keys.includes('site:sayyidazaynabshrine'));
    assert.ok(keys.includes('city:sayyidazaynab'));
    assert.equal(keys.filter((k) => k.startsWith('geo4:')).length, 9);
    assert.ok(keys.includes('target:usembassy'));
    assert.ok(!keys.includes('target:pilgrims'), 'categories are too common to index');
    assert.deepEqual(keys, [...keys].sort());
  });
  test('a threat is indexed under the union of its reports keys', () => {
    const t = threat('t', report('r1', { observables: [{ type: 'url', value: 'http://a.example/x' }] }), report('r2', { actors: [group('g', 'HSM')] }));
    assert.deepEqual(blockingKeys(t), ['actor:hsm', 'obs:url:http://a.example/x']);
  });
  test('every joinable candidate shares a key with the report (random places near and far)', () => {
    // Points scattered around Damascus: any pair the rules join must share a blocking key.
    const points: ReportFacts[] = [];
    for (let i = 0; i < 40; i++) {
      const lat = 33.5 + Math.sin(i * 12.9898) * 0.4;
      const lon = 36.3 + Math.cos(i * 78.233) * 0.4;
      points.push(report(`r${i}`, { actors: [group(`g${i}`, 'Daesh')], places: [i % 2 === 0 ? city(`c${i}`, `Town ${i}`, lat, lon) : site(`s${i}`, `Site ${i}`, { lat, lon })] }));
    }
    const threats: ThreatFacts[] = points.map((r) => threat(`t-${r.id}`, r));
    for (const incoming of points) {
      const keys = new Set(blockingKeys(incoming));
      const result = correlate(incoming, threats.filter((t) => t.reports[0]?.id !== incoming.id));
      for (const link of result.links.filter((l) => l.joinable)) {
        const candidate = threats.find((t) => t.id === link.threatId);
        assert.ok(candidate !== undefined && blockingKeys(candidate).some((k) => k.startsWith('geo4:') && keys.has(k)), `${incoming.id} -> ${link.threatId}`);
      }
    }
  });
});
