import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assess } from './assess.ts';
import { priorityOf } from './priority.ts';
import { DEFAULT_ASSESSMENT_CONFIG } from './config.ts';
import { group, report, site, threat, windowFrom } from '../fusion/fixtures.ts';

const now = new Date('2025-07-01T12:00:00.000Z');
const plot = threat(
  'threat-plot',
  report('r1', {
    sourceId: 'identity--a',
    actors: [group('g', 'ISIS')],
    places: [site('s', 'Sayyida Zaynab shrine')],
    methods: [{ id: 'm', name: 'car bomb', kind: 'vbied' }],
    window: windowFrom(now, 30, 24),
  }),
  report('r2', { sourceId: 'identity--b', credibility: 3, places: [site('s2', 'Sayyida Zaynab Shrine')] }),
);

describe('assess', () => {
  test('every input and sub-score is in the assessment', () => {
    const a = assess(plot, now);
    assert.equal(a.threatId, 'threat-plot');
    assert.equal(a.assessedAt, now.toISOString());
    assert.deepEqual(a.inputs.reportIds, ['r1', 'r2']);
    assert.deepEqual(a.inputs.window, { ...windowFrom(now, 30, 24), reportId: 'r1' });
    assert.equal(a.credibility.grade, 1);
    assert.deepEqual(a.specificity.vector, { who: 1, target: 2, when: 2, how: 2, victim: 0, location: 2 });
    assert.equal(a.imminence.class, 'I1');
    assert.equal(a.harm.harm, 'killing');
    assert.equal(a.severity.level, 4);
    assert.equal(a.dutyToWarn.triggered, true);
    assert.equal(a.priority.band, 'P1');
    assert.equal(a.config.trigger.minConfidence, 50);
  });
  test('the explanation has a line for every rule that contributed', () => {
    const lines = assess(plot, now).explanation;
    const expect = [
      /^credibility: report r1: B2 \(usually reliable, probably true\)$/,
      /^credibility: 2 independent origin\(s\)/,
      /^credibility: grade 1: 2 independent corroborating origins agree$/,
      /^credibility: confidence 90/,
      /^specificity who = 1: a group: ISIS \(report r1\)$/,
      /^specificity target = 2: a named site: Sayyida Zaynab shrine \(report r1\)$/,
      /^specificity when = 2: a window of 24 h <= 72 h/,
      /^specificity how = 2: a method: car bomb \(vbied\)/,
      /^specificity victim = 0: no people at risk named$/,
      /^specificity total 9 of 12$/,
      /^imminence: I1: the window starts in 30 h/,
      /^harm: killing: implied by car bomb$/,
      /^severity: 4 \(mass-casualty\)/,
      /^duty to warn: met: harm:/,
      /^duty to warn: TRIGGERED \(sunset 2025-07-03T18:00:00.000Z\)$/,
      /^priority: severity: 35 of 35 points/,
      /^priority: score \d+(\.\d+)?: band P1/,
    ];
    for (const pattern of expect) assert.ok(lines.some((l) => pattern.test(l)), `no line matches ${pattern}\n${lines.join('\n')}`);
  });
  test('after the window: expired, not triggered (sunset), P4', () => {
    const a = assess(plot, new Date(now.getTime() + 60 * 3_600_000));
    assert.equal(a.imminence.class, 'expired');
    assert.equal(a.dutyToWarn.triggered, false);
    assert.deepEqual(a.dutyToWarn.reasons.map((r) => r.code), ['sunset']);
    assert.equal(a.priority.band, 'P4');
    assert.ok(a.explanation.includes('priority: expired window: P4'));
  });
  test('configuration reaches every rule', () => {
    const a = assess(plot, now, { trigger: { minConfidence: 95 }, i1Hours: 24 });
    assert.equal(a.imminence.class, 'I2');
    assert.equal(a.dutyToWarn.triggered, false);
    assert.deepEqual(a.dutyToWarn.reasons.filter((r) => !r.met).map((r) => r.code), ['confidence']);
  });
});

describe('priority', () => {
  const inputs = { severity: 2 as const, imminence: 'I3' as const, confidence: 50, specificityTotal: 6, triggered: false };
  test('the score is the sum of the documented components', () => {
    const p = priorityOf(inputs, DEFAULT_ASSESSMENT_CONFIG.priority);
    assert.deepEqual(p.components.map((c) => [c.name, c.points]), [['severity', 17.5], ['imminence', 4.5], ['confidence', 10], ['specificity', 7.5]]);
    assert.equal(p.score, 39.5);
    assert.equal(p.band, 'P3');
  });
  test('a triggered duty to warn is always P1, and says so', () => {
    const p = priorityOf({ ...inputs, triggered: true }, DEFAULT_ASSESSMENT_CONFIG.priority);
    assert.equal(p.band, 'P1');
    assert.ok(p.explanation.includes('duty to warn triggered: raised to P1'));
  });
});
