import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_ASSESSMENT_CONFIG } from './config.ts';
import { threatCredibility } from './credibility.ts';
import { group, report, site, threat } from '../fusion/fixtures.ts';
import type { Credibility, Reliability, ReportFacts } from '../fusion/facts.ts';

const shrine = site('location--sz', 'Sayyida Zaynab shrine');
const isis = group('intrusion-set--isis', 'ISIS', 'Daesh');
const grade = (...reports: ReportFacts[]) => threatCredibility(threat('t', ...reports), DEFAULT_ASSESSMENT_CONFIG);

describe('threat credibility', () => {
  test('one report keeps its grade', () => {
    const c = grade(report('r1', { credibility: 3, places: [shrine] }));
    assert.equal(c.grade, 3);
    assert.equal(c.confidence, 50);
  });
  test('a single origin cannot confirm itself: a report graded 1 gives 2', () => {
    const c = grade(report('r1', { credibility: 1, places: [shrine] }));
    assert.equal(c.grade, 2);
    assert.ok(c.explanation.some((l) => /no second independent origin/.test(l)));
  });
  test('two independent origins that agree give 1 (confidence 90)', () => {
    const c = grade(report('r1', { sourceId: 'identity--a', credibility: 2, places: [shrine] }), report('r2', { sourceId: 'identity--b', credibility: 3, places: [shrine] }));
    assert.equal(c.grade, 1);
    assert.equal(c.confidence, 90);
    assert.equal(c.agreeingOrigins, 2);
  });
  test('the same source twice counts once', () => {
    const c = grade(report('r1', { sourceId: 'identity--a', places: [shrine] }), report('r2', { sourceId: 'identity--a', places: [shrine] }));
    assert.equal(c.grade, 2);
    assert.equal(c.origins.length, 1);
  });
  test('a report citing another counts once with it', () => {
    const c = grade(report('r1', { sourceId: 'identity--a', places: [shrine] }), report('r2', { sourceId: 'identity--b', places: [shrine], cites: ['r1'] }));
    assert.equal(c.grade, 2);
    assert.deepEqual(c.origins.map((o) => o.reportIds), [['r1', 'r2']]);
  });
  test('independent origins that do not agree do not confirm', () => {
    const c = grade(report('r1', { places: [shrine] }), report('r2', { actors: [isis] }));
    assert.equal(c.grade, 2);
    assert.equal(c.agreeingOrigins, 1);
  });
  test('windows that contradict each other break agreement', () => {
    const c = grade(
      report('r1', { places: [shrine], window: { start: '2025-07-04T00:00:00Z', end: '2025-07-05T00:00:00Z' } }),
      report('r2', { places: [shrine], window: { start: '2025-09-04T00:00:00Z', end: '2025-09-05T00:00:00Z' } }),
    );
    assert.equal(c.grade, 2);
  });
  test('an unreliable (E) source or a doubtful report does not corroborate', () => {
    assert.equal(grade(report('r1', { places: [shrine] }), report('r2', { places: [shrine], reliability: 'E' })).grade, 2);
    assert.equal(grade(report('r1', { places: [shrine] }), report('r2', { places: [shrine], credibility: 4 })).grade, 2);
  });
  test('automatic extraction caps confidence at 50 until an analyst confirms', () => {
    const auto = report('r1', { credibility: 2, automatic: true, places: [shrine] });
    const capped = grade(auto);
    assert.equal(capped.grade, 3);
    assert.equal(capped.confidence, 50);
    assert.ok(capped.explanation.some((l) => /capped at confidence 50/.test(l)));
    assert.equal(grade({ ...auto, analystConfirmed: true }).grade, 2);
    // Two unconfirmed automatic origins cannot confirm each other either.
    assert.equal(grade(auto, report('r2', { credibility: 2, automatic: true, places: [shrine] })).grade, 3);
  });
  test('the cap follows the configuration', () => {
    const auto = report('r1', { credibility: 1, automatic: true, places: [shrine] });
    assert.equal(threatCredibility(threat('t', auto), { ...DEFAULT_ASSESSMENT_CONFIG, automaticConfidenceCap: 30 }).grade, 4);
  });
  test('6 only when nothing can be judged', () => {
    assert.equal(grade(report('r1', { credibility: 6 })).grade, 6);
    assert.equal(grade(report('r1', { credibility: 6 })).confidence, undefined);
    assert.equal(grade(report('r1', { credibility: 6 }), report('r2', { credibility: 4 })).grade, 4);
  });
});

describe('property: adding a corroborating independent report never lowers credibility', () => {
  const reliability = fc.constantFrom<Reliability>('A', 'B', 'C', 'D', 'E', 'F');
  const credibility = fc.constantFrom<Credibility>(1, 2, 3, 4, 5, 6);
  const facts = fc.record({
    reliability,
    credibility,
    automatic: fc.boolean(),
    analystConfirmed: fc.boolean(),
    source: fc.constantFrom('identity--a', 'identity--b', 'identity--c'),
    shrine: fc.boolean(),
    actor: fc.boolean(),
    cites: fc.boolean(),
  });
  test('grade never gets worse (its number never grows)', () => {
    fc.assert(
      fc.property(fc.array(facts, { minLength: 1, maxLength: 6 }), facts, (existing, added) => {
        const reports = existing.map((f, i) =>
          report(`r${i}`, {
            reliability: f.reliability,
            credibility: f.credibility,
            automatic: f.automatic,
            analystConfirmed: f.analystConfirmed,
            sourceId: f.source,
            places: f.shrine ? [shrine] : [],
            actors: f.actor ? [isis] : [],
            cites: f.cites && i > 0 ? [`r${i - 1}`] : [],
          }),
        );
        // Independent: a source no other report has, citing nothing, cited by nothing.
        const corroborating = report('r-new', {
          reliability: added.reliability,
          credibility: added.credibility,
          automatic: added.automatic,
          analystConfirmed: added.analystConfirmed,
          sourceId: 'identity--independent',
          places: [shrine],
          actors: added.actor ? [isis] : [],
        });
        const before = threatCredibility(threat('t', ...reports), DEFAULT_ASSESSMENT_CONFIG).grade;
        const after = threatCredibility(threat('t', ...reports, corroborating), DEFAULT_ASSESSMENT_CONFIG).grade;
        assert.ok(after <= before, `before ${before}, after ${after}`);
      }),
      { numRuns: 300 },
    );
  });
});
