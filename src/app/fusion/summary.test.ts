import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assess } from '../../domain/assessment/index.ts';
import type { ReportFacts } from '../../domain/fusion/index.ts';
import { nextCheckAt, signatureOf, threatName } from './summary.ts';

const HOUR = 3_600_000;
const start = Date.parse('2025-08-01T00:00:00.000Z');
const report = (window: { start: string; end: string } | null): ReportFacts => ({
  id: 'report--1',
  sourceId: 'identity--a',
  reliability: 'B',
  credibility: 2,
  published: null,
  automatic: false,
  analystConfirmed: false,
  actors: [{ id: 'a1', names: ['ISIS'], kind: 'group' }],
  places: [{ id: 'p1', name: 'Damascus', kind: 'city' }, { id: 'p2', name: 'Sayyida Zaynab shrine', kind: 'site' }],
  methods: [{ id: 'm1', name: 'an attack', kind: 'generic' }, { id: 'm2', name: 'car bomb', kind: 'vbied' }],
  targets: [],
  observables: [],
  window,
  cites: [],
});
const win = { start: new Date(start).toISOString(), end: new Date(start + 24 * HOUR - 1).toISOString() };
const at = (hoursBeforeStart: number): Date => new Date(start - hoursBeforeStart * HOUR);

describe('when the clock next changes an assessment (DOMAIN.md §1 imminence classes)', () => {
  test('I3 -> I2 at 30 days before the start, I2 -> I1 at 72 h, I1 -> expired after the end', () => {
    const threat = { id: 't', reports: [report(win)] };
    const i3 = assess(threat, at(40 * 24));
    assert.equal(i3.imminence.class, 'I3');
    assert.equal(nextCheckAt(i3), new Date(start - 30 * 24 * HOUR).toISOString());
    const i2 = assess(threat, at(10 * 24));
    assert.equal(nextCheckAt(i2), new Date(start - 72 * HOUR).toISOString());
    const i1 = assess(threat, at(10));
    assert.equal(nextCheckAt(i1), new Date(start + 24 * HOUR).toISOString());
    // At each boundary the class has changed, so a pass then always finds something new.
    assert.equal(assess(threat, new Date(nextCheckAt(i3) as string)).imminence.class, 'I2');
    assert.equal(assess(threat, new Date(nextCheckAt(i2) as string)).imminence.class, 'I1');
    assert.equal(assess(threat, new Date(nextCheckAt(i1) as string)).imminence.class, 'expired');
    assert.equal(nextCheckAt(assess(threat, new Date(start + 48 * HOUR))), null);
    assert.equal(nextCheckAt(assess({ id: 't', reports: [report(null)] }, at(0))), null);
  });

  test('the signature ignores the clock inside a class, not a change of class', () => {
    const threat = { id: 't', reports: [report(win)] };
    assert.equal(signatureOf(assess(threat, at(60))), signatureOf(assess(threat, at(10))));
    assert.notEqual(signatureOf(assess(threat, at(80))), signatureOf(assess(threat, at(10))));
    assert.notEqual(signatureOf(assess(threat, at(10))), signatureOf(assess({ id: 't', reports: [report(win), { ...report(win), id: 'report--2' }] }, at(10))));
  });
});

test('a threat is named by who, where (the most precise place) and how (a named method)', () => {
  assert.equal(threatName([report(null)]), 'ISIS · Sayyida Zaynab shrine · car bomb');
  const bare = { ...report(null), actors: [], places: [], methods: [] };
  assert.equal(threatName([bare], new Map([['report--1', 'Cable 12']])), 'Cable 12');
});
