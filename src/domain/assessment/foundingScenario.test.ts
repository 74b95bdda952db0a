// The founding scenario (issue 6): a partner cable, an intercept summary and an open news
// report, arriving over an hour, fuse into ONE threat with group, site, method and date,
// assessed as a duty-to-warn candidate with imminence I1, every link's evidence inspectable.
// The STIX objects are written as three separate sources would write them: each report has
// its own objects for the group and the place, under different names.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StixObject } from '../stix/object.ts';
import { assess } from './assess.ts';
import { fuseReport, type FuseOutcome } from '../fusion/fuse.ts';
import { reportFactsFrom } from '../fusion/fromStix.ts';
import { refuse } from '../fusion/refuse.ts';
import type { ReportFacts, ThreatFacts } from '../fusion/facts.ts';

const HOUR = 3_600_000;
const now = new Date('2025-07-01T12:00:00.000Z');
const at = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();
const sdo = (type: string, id: string, props: Record<string, unknown>): StixObject => ({ type, id: `${type}--${id}`, spec_version: '2.1', created: at(-2), modified: at(-2), ...props });

const partner = sdo('identity', 'partner', { name: 'Partner liaison service', identity_class: 'organization', x_tearline_reliability: 'B' });
const us = sdo('identity', 'us', { name: 'Tearline demo centre', identity_class: 'organization', x_tearline_reliability: 'A' });
const outlet = sdo('identity', 'outlet', { name: 'Regional news outlet', identity_class: 'organization', x_tearline_reliability: 'C' });

// Cable: "an ISIS cell is preparing a car bomb against a Shia shrine south of Damascus".
const cableGroup = sdo('intrusion-set', 'cable-isis', { name: 'ISIS', aliases: ['Islamic State', 'ISIL'] });
const damascus = sdo('location', 'cable-damascus', { name: 'Damascus', city: 'Damascus', country: 'SY', latitude: 33.51, longitude: 36.29 });
const shiaShrine = sdo('identity', 'cable-shrine', { name: 'a Shia shrine south of Damascus', identity_class: 'class' });
const carBomb = sdo('attack-pattern', 'cable-carbomb', { name: 'car bomb' });
const cable = sdo('report', 'cable', {
  created_by_ref: partner.id, published: at(-1), confidence: 70, name: 'Partner cable',
  object_refs: [cableGroup.id, damascus.id, shiaShrine.id, carBomb.id],
});

// Intercept: "Daesh ... the Sayyida Zaynab shrine ... on <2 days from now>" (no coordinates).
const interceptGroup = sdo('intrusion-set', 'intercept-daesh', { name: 'Daesh', aliases: ['Islamic State of Iraq and Syria', 'ISIS'] });
const namedShrine = sdo('location', 'intercept-shrine', { name: 'Sayyida Zaynab shrine', country: 'SY' });
const plotDay = sdo('relationship', 'intercept-targets', {
  relationship_type: 'targets', source_ref: interceptGroup.id, target_ref: namedShrine.id, start_time: at(48), stop_time: at(72),
});
const intercept = sdo('report', 'intercept', {
  created_by_ref: us.id, published: at(-0.5), confidence: 70, name: 'Intercept summary',
  object_refs: [interceptGroup.id, namedShrine.id, plotDay.id],
});

// News: "security tightened around the Sayyida Zaynab shrine" with its coordinates.
const newsShrine = sdo('location', 'news-shrine', { name: 'Sayyida Zaynab Shrine', country: 'SY', city: 'Sayyida Zaynab', latitude: 33.4442, longitude: 36.3411 });
const news = sdo('report', 'news', { created_by_ref: outlet.id, published: at(0), confidence: 50, name: 'News report', object_refs: [newsShrine.id] });

const store = new Map([partner, us, outlet, cableGroup, damascus, shiaShrine, carBomb, cable, interceptGroup, namedShrine, plotDay, intercept, newsShrine, news].map((o) => [o.id, o]));

function facts(report: StixObject): ReportFacts {
  const result = reportFactsFrom(report, store);
  assert.ok(result.ok, `facts of ${report.id}`);
  assert.deepEqual(result.unresolvedRefs, []);
  return result.facts;
}

function arrive(reports: readonly ReportFacts[]): { threats: readonly ThreatFacts[]; outcomes: FuseOutcome[] } {
  let threats: readonly ThreatFacts[] = [];
  const outcomes: FuseOutcome[] = [];
  for (const r of reports) {
    const outcome = fuseReport(threats, r);
    outcomes.push(outcome);
    threats = outcome.threats;
  }
  return { threats, outcomes };
}

describe('founding scenario', () => {
  const cableFacts = facts(cable);
  const interceptFacts = facts(intercept);
  const newsFacts = facts(news);

  test('the grades come from the sources and confidences (B2, A2, C3)', () => {
    assert.deepEqual([cableFacts, interceptFacts, newsFacts].map((f) => `${f.reliability}${f.credibility}`), ['B2', 'A2', 'C3']);
    assert.equal(cableFacts.methods[0]?.kind, 'vbied');
  });

  test('arriving over an hour, the three reports fuse into ONE threat', () => {
    const { threats, outcomes } = arrive([cableFacts, interceptFacts, newsFacts]);
    assert.equal(threats.length, 1);
    const [only] = threats;
    assert.deepEqual(only?.reports.map((r) => r.id).sort(), [cable.id, intercept.id, news.id].sort());

    // Cable: nothing to join. Intercept: the same group under another name, but the shrine and
    // "Damascus" cannot be compared without coordinates: a link, not a join.
    assert.equal(outcomes[0]?.result.decision.newThreat, true);
    const second = outcomes[1]?.result;
    assert.equal(second?.decision.newThreat, true);
    assert.deepEqual(second?.links[0]?.evidence.map((e) => e.rule), ['actor']);
    assert.match(second?.links[0]?.evidence[0]?.values[0] ?? '', /Daesh ≈ ISIS \(shared name: ISIS\)/);

    // News: the same named site joins the intercept's threat; with the shrine's coordinates,
    // the cable's "near Damascus" now meets it, so the cable's threat is merged in.
    const third = outcomes[2]?.result;
    assert.equal(third?.decision.join, `threat:${intercept.id}`);
    assert.deepEqual(third?.decision.merge, [`threat:${cable.id}`]);
    const siteLink = third?.links.find((l) => l.threatId === `threat:${intercept.id}`);
    assert.deepEqual(siteLink?.evidence, [{ rule: 'place', values: ['Sayyida Zaynab Shrine ≈ Sayyida Zaynab shrine'], weight: 0.6, reportIds: [intercept.id] }]);
    const areaLink = third?.links.find((l) => l.threatId === `threat:${cable.id}`);
    assert.deepEqual(areaLink?.evidence, [{ rule: 'area', values: ['Sayyida Zaynab Shrine ≈ Damascus (8.7 km)'], weight: 0.3, reportIds: [cable.id] }]);
    assert.match(third?.decision.reason ?? '', /merge/);
  });

  test('the threat carries group, site, method and date, and is a duty-to-warn candidate with imminence I1', () => {
    const [threat] = arrive([cableFacts, interceptFacts, newsFacts]).threats;
    assert.ok(threat);
    const a = assess(threat, now);
    assert.deepEqual(a.inputs.actors, ['Daesh', 'ISIS']);
    assert.ok(a.inputs.places.includes('Sayyida Zaynab shrine'));
    assert.deepEqual(a.inputs.methods, ['car bomb']);
    assert.deepEqual(a.inputs.window, { start: at(48), end: at(72), reportId: intercept.id });
    assert.equal(a.imminence.class, 'I1');
    assert.equal(a.credibility.grade, 1, 'three independent origins, agreeing');
    assert.equal(a.credibility.confidence, 90);
    assert.deepEqual(a.specificity.vector, { who: 1, target: 2, when: 2, how: 2, victim: 0, location: 2 });
    assert.equal(a.harm.harm, 'killing');
    assert.equal(a.dutyToWarn.triggered, true);
    assert.equal(a.dutyToWarn.sunset, at(72));
    assert.equal(a.priority.band, 'P1');
  });

  test('any arrival order, and re-fusion from scratch, give the same one threat', () => {
    const all = [cableFacts, interceptFacts, newsFacts];
    const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    for (const order of orders) {
      const { threats } = arrive(order.map((i) => all[i]!));
      assert.equal(threats.length, 1, `order ${order.join(',')}`);
    }
    assert.equal(refuse(all, []).length, 1);
  });

  test('two days later the window has closed: sunset, no longer triggered', () => {
    const [threat] = arrive([cableFacts, interceptFacts, newsFacts]).threats;
    assert.ok(threat);
    const later = assess(threat, new Date(now.getTime() + 73 * HOUR));
    assert.equal(later.dutyToWarn.triggered, false);
    assert.equal(later.dutyToWarn.reasons[0]?.code, 'sunset');
  });
});
