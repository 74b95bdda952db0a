import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ASSESSMENT_CONFIG } from './config.ts';
import { specificityOf } from './specificity.ts';
import { threatWindow } from './window.ts';
import { city, group, report, site, threat } from '../fusion/fixtures.ts';
import type { ReportFacts } from '../fusion/facts.ts';

const vectorOf = (...reports: ReportFacts[]) => {
  const t = threat('t', ...reports);
  return specificityOf(t, threatWindow(t), DEFAULT_ASSESSMENT_CONFIG);
};

describe('specificity vector', () => {
  test('nothing known: all zeros', () => {
    const s = vectorOf(report('r1'));
    assert.deepEqual(s.vector, { who: 0, target: 0, when: 0, how: 0, victim: 0, location: 0 });
    assert.equal(s.total, 0);
    assert.equal(s.reasons.who, 'no actor named');
  });
  test('who: a group is 1, a named cell or person is 2', () => {
    assert.equal(vectorOf(report('r1', { actors: [group('g', 'ISIS')] })).vector.who, 1);
    assert.equal(vectorOf(report('r1', { actors: [{ id: 'p', names: ['Yassin Darwish'], kind: 'individual' }] })).vector.who, 2);
    assert.equal(vectorOf(report('r1', { actors: [{ id: 'c', names: ['Jaramana cell'], kind: 'cell' }] })).vector.who, 2);
  });
  test('target: a category is 1, a named site or identified target is 2', () => {
    assert.equal(vectorOf(report('r1', { targets: [{ id: 'i', name: 'hotels', role: 'target', specific: false }] })).vector.target, 1);
    assert.equal(vectorOf(report('r1', { targets: [{ id: 'i', name: 'US Embassy', role: 'target', specific: true }] })).vector.target, 2);
    const named = vectorOf(report('r1', { places: [site('s', 'Sayyida Zaynab shrine')] }));
    assert.equal(named.vector.target, 2);
    assert.match(named.reasons.target, /a named site: Sayyida Zaynab shrine \(report r1\)/);
  });
  test('when: a window of exactly 72 h is 2, one millisecond more is 1', () => {
    const start = Date.parse('2025-07-04T00:00:00Z');
    const iso = (ms: number) => new Date(ms).toISOString();
    assert.equal(vectorOf(report('r1', { window: { start: iso(start), end: iso(start + 72 * 3_600_000) } })).vector.when, 2);
    assert.equal(vectorOf(report('r1', { window: { start: iso(start), end: iso(start + 72 * 3_600_000 + 1) } })).vector.when, 1);
    assert.equal(vectorOf(report('r1', { window: { start: '2025-10-01T00:00:00Z', end: '2025-11-01T00:00:00Z' } })).vector.when, 1);
  });
  test('when: the narrowest window of the threat counts', () => {
    const month = report('r1', { window: { start: '2025-07-01T00:00:00Z', end: '2025-08-01T00:00:00Z' } });
    const day = report('r2', { window: { start: '2025-07-04T00:00:00Z', end: '2025-07-05T00:00:00Z' } });
    const s = vectorOf(month, day);
    assert.equal(s.vector.when, 2);
    assert.match(s.reasons.when, /report r2/);
  });
  test('how: a named method is 2, a generic attack or "a bomb" is 1', () => {
    assert.equal(vectorOf(report('r1', { methods: [{ id: 'm', name: 'car bomb', kind: 'vbied' }] })).vector.how, 2);
    assert.equal(vectorOf(report('r1', { methods: [{ id: 'm', name: 'kidnapping', kind: 'kidnapping' }] })).vector.how, 2);
    assert.equal(vectorOf(report('r1', { methods: [{ id: 'm', name: 'a bomb', kind: 'unspecified-bomb' }] })).vector.how, 1);
    assert.equal(vectorOf(report('r1', { methods: [{ id: 'm', name: 'attack', kind: 'generic' }] })).vector.how, 1);
  });
  test('victim: a category of people is 1, identified persons 2', () => {
    assert.equal(vectorOf(report('r1', { targets: [{ id: 'v', name: 'pilgrims', role: 'victim', specific: false }] })).vector.victim, 1);
    assert.equal(vectorOf(report('r1', { targets: [{ id: 'v', name: 'the abducted pupils of Kuriga school', role: 'victim', specific: true }] })).vector.victim, 2);
  });
  test('location: a country or region is 1, a city, site or point is 2', () => {
    assert.equal(vectorOf(report('r1', { places: [{ id: 'l', name: 'Syria', kind: 'country' }] })).vector.location, 1);
    assert.equal(vectorOf(report('r1', { places: [{ id: 'l', name: 'Sahel', kind: 'region' }] })).vector.location, 1);
    assert.equal(vectorOf(report('r1', { places: [city('l', 'Damascus', 33.51, 36.29)] })).vector.location, 2);
    assert.equal(vectorOf(report('r1', { places: [{ id: 'l', name: 'grid ref', kind: 'unknown', lat: 1, lon: 2 }] })).vector.location, 2);
    assert.equal(vectorOf(report('r1', { places: [{ id: 'l', name: 'the north', kind: 'unknown' }] })).vector.location, 1);
  });
  test('each dimension takes the best any report gives; the total sums them', () => {
    const s = vectorOf(report('r1', { actors: [group('g', 'ISIS')], places: [{ id: 'l', name: 'Syria', kind: 'country' }] }), report('r2', { places: [site('s', 'Sayyida Zaynab shrine')] }));
    assert.deepEqual(s.vector, { who: 1, target: 2, when: 0, how: 0, victim: 0, location: 2 });
    assert.equal(s.total, 5);
  });
});
