import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { correlate } from './correlate.ts';
import { city, group, report, site, threat } from './fixtures.ts';
import type { ReportFacts, ThreatFacts } from './facts.ts';

const rules = (result: ReturnType<typeof correlate>, threatId: string): string[] =>
  result.links.find((l) => l.threatId === threatId)?.evidence.map((e) => e.rule) ?? [];

describe('correlate: exact observables', () => {
  test('one phone written two ways joins, with the value as evidence', () => {
    const t = threat('threat-a', report('r1', { observables: [{ type: 'phone-number', value: '00963 944 000 123' }] }));
    const result = correlate(report('r2', { observables: [{ type: 'x-tearline-phone', value: '+963-944-000-123' }] }), [t]);
    assert.equal(result.decision.join, 'threat-a');
    const link = result.links[0];
    assert.deepEqual(link?.evidence, [{ rule: 'observable', values: ['+963944000123'], weight: 1, reportIds: ['r1'] }]);
    assert.equal(link?.anchor, 'anchored by a shared observable');
  });
  test('IPv4-mapped IPv6 and a padded IPv4 are one address', () => {
    const t = threat('threat-a', report('r1', { observables: [{ type: 'ipv6-addr', value: '::ffff:203.0.113.9' }] }));
    assert.equal(correlate(report('r2', { observables: [{ type: 'ipv4-addr', value: '203.0.113.009' }] }), [t]).decision.join, 'threat-a');
  });
});

describe('correlate: suppression of values that correlate with everything', () => {
  test('a public resolver shared by two unrelated threats links neither', () => {
    const a = threat('threat-a', report('r1', { observables: [{ type: 'ipv4-addr', value: '8.8.8.8' }, { type: 'domain-name', value: 'alpha-c2.example' }] }));
    const b = threat('threat-b', report('r2', { observables: [{ type: 'ipv4-addr', value: '8.8.8.8' }, { type: 'domain-name', value: 'bravo-c2.example' }] }));
    const incoming = report('r3', { observables: [{ type: 'ipv4-addr', value: '8.8.8.8' }, { type: 'domain-name', value: 'alpha-c2.example' }] });
    const result = correlate(incoming, [a, b]);
    assert.deepEqual(result.links.map((l) => l.threatId), ['threat-a']);
    assert.deepEqual(result.links[0]?.evidence[0]?.values, ['alpha-c2.example']);
    assert.equal(result.decision.join, 'threat-a');
    assert.deepEqual(result.decision.merge, [], 'the resolver does not glue threat-b on');
    assert.deepEqual(result.suppressed.map((s) => [s.value, s.reason]), [['8.8.8.8', 'warning-list']]);
  });
  test('a private address alone makes no link; a documentation address does', () => {
    const t = threat('threat-a', report('r1', { observables: [{ type: 'ipv4-addr', value: '192.168.1.10' }, { type: 'ipv4-addr', value: '198.51.100.23' }] }));
    assert.equal(correlate(report('r2', { observables: [{ type: 'ipv4-addr', value: '192.168.1.10' }] }), [t]).decision.newThreat, true);
    assert.equal(correlate(report('r3', { observables: [{ type: 'ipv4-addr', value: '198.51.100.23' }] }), [t]).decision.join, 'threat-a');
  });
  test('the cap: a value held by more than N threats makes no new link', () => {
    const holding = (id: string): ThreatFacts => threat(id, report(`r-${id}`, { observables: [{ type: 'domain-name', value: 'shared-cdn.example' }] }));
    const candidates = [holding('threat-1'), holding('threat-2'), holding('threat-3')];
    const incoming = report('r-new', { observables: [{ type: 'domain-name', value: 'Shared-CDN.example' }] });
    const capped = correlate(incoming, candidates, { correlationCap: 2 });
    assert.deepEqual(capped.links, []);
    assert.equal(capped.decision.newThreat, true);
    assert.equal(capped.suppressed[0]?.reason, 'cap');
    assert.match(capped.suppressed[0]?.detail ?? '', /3 threats \(cap 2\)/);
    const uncapped = correlate(incoming, candidates, { correlationCap: 3 });
    assert.equal(uncapped.links.length, 3);
  });
  test('the cap also counts threats the app index knows about but did not pass', () => {
    const t = threat('threat-a', report('r1', { observables: [{ type: 'domain-name', value: 'shared-cdn.example' }] }));
    const incoming = report('r2', { observables: [{ type: 'domain-name', value: 'shared-cdn.example' }] });
    const counts = new Map([['obs:domain-name:shared-cdn.example', 21]]);
    assert.deepEqual(correlate(incoming, [t], { valueThreatCounts: counts }).links, []);
    assert.equal(correlate(incoming, [t], { valueThreatCounts: counts, correlationCap: 21 }).links.length, 1);
  });
});

describe('correlate: actors under their aliases', () => {
  const isis = group('intrusion-set--isis', 'Islamic State of Iraq and Syria', 'ISIS', 'ISIL', 'Daesh');
  const damascus = city('location--damascus', 'Damascus', 33.51, 36.29, 'SY');
  test('ISIS / ISIL / Daesh / the full name, as aliases of one object, all match it', () => {
    const t = threat('threat-a', report('r1', { actors: [isis] }));
    for (const name of ['ISIS', 'isil', 'DAESH', 'Islamic State of Iraq and Syria', 'the Islamic-State of Iraq & Syria']) {
      const result = correlate(report('r2', { actors: [group('intrusion-set--other', name)] }), [t]);
      assert.deepEqual(rules(result, 'threat-a'), ['actor'], name);
      assert.match(result.links[0]?.evidence[0]?.values[0] ?? '', /shared name/);
    }
  });
  test('the same group alone never joins (ISIS in Nigeria is not ISIS in Syria)', () => {
    const result = correlate(report('r2', { actors: [group('intrusion-set--x', 'Daesh')] }), [threat('threat-a', report('r1', { actors: [isis] }))]);
    assert.equal(result.links[0]?.joinable, false);
    assert.match(result.links[0]?.anchor ?? '', /not anchored/);
    assert.equal(result.decision.newThreat, true);
  });
  test('the same group in the same area joins', () => {
    const t = threat('threat-a', report('r1', { actors: [isis], places: [damascus] }));
    const incoming = report('r2', { actors: [group('intrusion-set--x', 'Daesh')], places: [site('location--sz', 'Sayyida Zaynab shrine', { lat: 33.4442, lon: 36.3411, country: 'SY' })] });
    const result = correlate(incoming, [t]);
    assert.deepEqual(rules(result, 'threat-a'), ['actor', 'area']);
    assert.equal(result.links[0]?.score, 0.7);
    assert.equal(result.decision.join, 'threat-a');
  });
  test('two different objects whose alias sets overlap: linked by the shared alias, joined only with more', () => {
    const somali = group('intrusion-set--hsm', 'al-Shabaab', 'Harakat al-Shabaab al-Mujahideen', 'HSM');
    const mozambican = group('intrusion-set--ismp', 'Islamic State Mozambique Province', 'al-Shabaab', 'ISMP');
    const t = threat('threat-somalia', report('r1', { actors: [somali], places: [city('location--mog', 'Mogadishu', 2.04, 45.34, 'SO')] }));
    const far = correlate(report('r2', { actors: [mozambican], places: [city('location--moc', 'Mocímboa da Praia', -11.35, 40.35, 'MZ')] }), [t]);
    assert.deepEqual(rules(far, 'threat-somalia'), ['actor']);
    assert.match(far.links[0]?.evidence[0]?.values[0] ?? '', /al-Shabaab/);
    assert.equal(far.decision.newThreat, true);
    const near = correlate(report('r3', { actors: [mozambican], places: [city('location--mog2', 'Mogadishu', 2.05, 45.32)] }), [t]);
    assert.equal(near.decision.join, 'threat-somalia');
  });
});

describe('correlate: places, time, targets and methods', () => {
  test('the same named site joins on its own', () => {
    const t = threat('threat-a', report('r1', { places: [site('location--a', 'Sayyida Zaynab shrine')] }));
    const result = correlate(report('r2', { places: [site('location--b', 'Sayyida Zaynab Shrine', { lat: 33.4442, lon: 36.3411 })] }), [t]);
    assert.deepEqual(rules(result, 'threat-a'), ['place']);
    assert.equal(result.decision.join, 'threat-a');
  });
  test('time overlap alone never joins, whatever its weight', () => {
    const window = { start: '2025-07-04T00:00:00Z', end: '2025-07-05T00:00:00Z' };
    const t = threat('threat-a', report('r1', { window }));
    const result = correlate(report('r2', { window }), [t], { weights: { time: 5 } });
    assert.deepEqual(rules(result, 'threat-a'), ['time']);
    assert.equal(result.links[0]?.score, 5);
    assert.equal(result.links[0]?.joinable, false);
    assert.equal(result.decision.newThreat, true);
  });
  test('windows within the tolerance overlap; windows far apart count against', () => {
    const place = site('location--a', 'Great Synagogue of Brussels', { country: 'BE' });
    const t = threat('threat-a', report('r1', { places: [place], window: { start: '2024-02-16T00:00:00Z', end: '2024-02-17T00:00:00Z' } }));
    const close = correlate(report('r2', { places: [place], window: { start: '2024-02-17T12:00:00Z', end: '2024-02-18T00:00:00Z' } }), [t]);
    assert.deepEqual(rules(close, 'threat-a'), ['place', 'time']);
    const apart = correlate(report('r3', { places: [place], window: { start: '2024-03-16T00:00:00Z', end: '2024-03-17T00:00:00Z' } }), [t]);
    assert.deepEqual(rules(apart, 'threat-a'), ['place', 'time-disjoint']);
    assert.equal(apart.links[0]?.score, 0.3);
    assert.equal(apart.decision.newThreat, true);
    const tolerant = correlate(report('r4', { places: [place], window: { start: '2024-02-18T00:00:00Z', end: '2024-02-19T00:00:00Z' } }), [t], { timeToleranceHours: 48 });
    assert.deepEqual(rules(tolerant, 'threat-a'), ['place', 'time']);
  });
  test('a shared named target with the same actor joins; a shared category only adds weight', () => {
    const actor = group('intrusion-set--x', 'Hamas');
    const embassy = { id: 'identity--embassy', name: 'Embassy of Israel in Brussels', role: 'target' as const, specific: true };
    const t = threat('threat-a', report('r1', { actors: [actor], targets: [embassy] }));
    const named = correlate(report('r2', { actors: [actor], targets: [{ ...embassy, id: 'identity--other' }] }), [t]);
    assert.deepEqual(rules(named, 'threat-a'), ['actor', 'target']);
    assert.equal(named.decision.join, 'threat-a');
    const pilgrims = { id: 'identity--p', name: 'pilgrims', role: 'victim' as const, specific: false };
    const t2 = threat('threat-b', report('r3', { actors: [actor], targets: [pilgrims], methods: [{ id: 'attack-pattern--1', name: 'knife attack', kind: 'knife' }] }));
    const category = correlate(report('r4', { actors: [actor], targets: [pilgrims], methods: [{ id: 'attack-pattern--2', name: 'stabbing', kind: 'knife' }] }), [t2]);
    assert.deepEqual(rules(category, 'threat-b'), ['actor', 'method', 'target-category']);
    assert.equal(category.decision.newThreat, true);
  });
});

describe('correlate: analyst decisions and merges', () => {
  const phone = (value: string) => [{ type: 'phone-number', value }];
  test('a pinned report joins the pinned threat even without evidence', () => {
    const result = correlate(report('r9'), [threat('threat-a', report('r1'))], { decisions: [{ kind: 'pin', reportId: 'r9', threatId: 'threat-a' }] });
    assert.equal(result.decision.join, 'threat-a');
    assert.match(result.decision.reason, /pinned by an analyst/);
  });
  test('a rejected link is shown but never joined', () => {
    const t = threat('threat-a', report('r1', { observables: phone('+963944000123') }));
    const result = correlate(report('r2', { observables: phone('+963944000123') }), [t], { decisions: [{ kind: 'reject', reportId: 'r2', threatId: 'threat-a' }] });
    assert.equal(result.links[0]?.rejectedByAnalyst, true);
    assert.equal(result.links[0]?.joinable, false);
    assert.equal(result.decision.newThreat, true);
  });
  test('a later pin overrides an earlier rejection', () => {
    const t = threat('threat-a', report('r1', { observables: phone('+963944000123') }));
    const decisions = [
      { kind: 'reject' as const, reportId: 'r2', threatId: 'threat-a' },
      { kind: 'pin' as const, reportId: 'r2', threatId: 'threat-a' },
    ];
    assert.equal(correlate(report('r2', { observables: phone('+963944000123') }), [t], { decisions }).decision.join, 'threat-a');
  });
  test('a report bridging two threats joins the best and merges the other, unless it holds pinned reports', () => {
    const a = threat('threat-a', report('r1', { observables: phone('+963944000123') }));
    const b = threat('threat-b', report('r2', { observables: [{ type: 'email-addr', value: 'courier@mail.example' }] }));
    const bridge = report('r3', { observables: [...phone('+963944000123'), { type: 'email-addr', value: 'Courier@mail.example' }] });
    const result = correlate(bridge, [b, a]);
    assert.equal(result.decision.join, 'threat-a');
    assert.deepEqual(result.decision.merge, ['threat-b']);
    const pinned = correlate(bridge, [a, b], { decisions: [{ kind: 'pin', reportId: 'r2', threatId: 'threat-b' }] });
    assert.deepEqual(pinned.decision.merge, []);
  });
  test('re-correlating a report already in a threat compares it with the rest of that threat', () => {
    const r1 = report('r1', { observables: phone('+963944000123') });
    const t = threat('threat-a', r1, report('r2', { observables: phone('+963944000999') }));
    assert.equal(correlate(r1, [t]).decision.newThreat, true);
    assert.equal(correlate(report('r1', { observables: phone('+963944000999') }), [t]).decision.join, 'threat-a');
  });
});

describe('correlate is independent of the order of candidate threats', () => {
  const pool: ReportFacts[] = [
    report('p1', { observables: [{ type: 'domain-name', value: 'c2.example' }] }),
    report('p2', { actors: [group('intrusion-set--a', 'ISIS', 'Daesh')], places: [city('location--d', 'Damascus', 33.51, 36.29)] }),
    report('p3', { places: [site('location--s', 'Sayyida Zaynab shrine')] }),
    report('p4', { actors: [group('intrusion-set--b', 'Daesh')] }),
    report('p5', { observables: [{ type: 'ipv4-addr', value: '8.8.8.8' }, { type: 'domain-name', value: 'C2.example.' }] }),
    report('p6', { window: { start: '2025-07-04T00:00:00Z', end: '2025-07-05T00:00:00Z' }, places: [site('location--s2', 'sayyida zaynab shrine')] }),
  ];
  const incoming = report('new', {
    actors: [group('intrusion-set--c', 'ISIL', 'Daesh')],
    places: [site('location--n', 'Sayyida Zaynab shrine', { lat: 33.4442, lon: 36.3411 })],
    observables: [{ type: 'domain-name', value: 'c2.example' }, { type: 'ipv4-addr', value: '8.8.8.8' }],
    window: { start: '2025-07-04T12:00:00Z', end: '2025-07-04T18:00:00Z' },
  });
  test('any permutation gives the same links and decision', () => {
    const threatsArb = fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 6 }).chain((ids) =>
      fc.tuple(
        fc.constant(ids),
        fc.array(fc.subarray(pool, { minLength: 1, maxLength: 3 }), { minLength: ids.length, maxLength: ids.length }),
      ),
    );
    fc.assert(
      fc.property(threatsArb, fc.integer({ min: 1, max: 3 }), ([ids, reportSets], cap) => {
        const candidates = ids.map((id, i) => threat(`threat-${id}`, ...(reportSets[i] ?? [])));
        const forward = correlate(incoming, candidates, { correlationCap: cap });
        const backward = correlate(incoming, [...candidates].reverse(), { correlationCap: cap });
        const rotated = correlate(incoming, [...candidates.slice(1), ...candidates.slice(0, 1)], { correlationCap: cap });
        assert.deepEqual(backward, forward);
        assert.deepEqual(rotated, forward);
      }),
      { numRuns: 150 },
    );
  });
});
