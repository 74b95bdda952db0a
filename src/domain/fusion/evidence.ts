// The evidence that two sets of facts describe the same threat. Each rule yields at most
// one evidence item, carrying the matched values (what the analyst reads), its weight, and
// the reports on the threat's side that hold those values.
import type { CorrelationOptions } from './options.ts';
import type { FactsProfile, ProfiledObservable } from './profile.ts';
import { matchPlaces, type PlaceMatch } from './places.ts';
import { sharedNames } from './names.ts';
import { warningListReason } from './observables/warningList.ts';
import { gapHours, overlapsWithin } from './time.ts';

export type EvidenceRule =
  | 'observable'
  | 'actor'
  | 'place'
  | 'area'
  | 'target'
  | 'target-category'
  | 'method'
  | 'time'
  | 'time-disjoint';

export interface Evidence {
  readonly rule: EvidenceRule;
  /** Human-readable matched values, sorted. */
  readonly values: readonly string[];
  readonly weight: number;
  /** The reports on the threat's side that carry the matched facts, sorted. */
  readonly reportIds: readonly string[];
}

/** A shared value that made no link, and why: it is on the warning list, or over the cap. */
export interface SuppressedValue {
  readonly value: string;
  readonly reason: 'warning-list' | 'cap';
  readonly detail: string;
}

export interface Comparison {
  readonly evidence: readonly Evidence[];
  readonly suppressed: readonly SuppressedValue[];
}

/** Tells whether an observable key is over the correlation cap, and how many threats hold it. */
export type CapCheck = (key: string) => { readonly capped: boolean; readonly linkedThreats: number };

export function compareProfiles(incoming: FactsProfile, threat: FactsProfile, options: CorrelationOptions, capCheck: CapCheck): Comparison {
  const evidence: Evidence[] = [];
  const suppressed: SuppressedValue[] = [];
  const w = options.weights;

  const shared = sharedObservables(incoming, threat);
  const kept: ProfiledObservable[] = [];
  for (const entry of shared) {
    const reason = warningListReason(entry.observable, options.warningList);
    if (reason !== null) {
      suppressed.push({ value: entry.observable.value, reason: 'warning-list', detail: reason });
      continue;
    }
    const cap = capCheck(entry.observable.key);
    if (cap.capped) {
      suppressed.push({ value: entry.observable.value, reason: 'cap', detail: `already linked to ${cap.linkedThreats} threats (cap ${options.correlationCap})` });
      continue;
    }
    kept.push(entry);
  }
  if (kept.length > 0) {
    evidence.push(item('observable', kept.map((e) => e.observable.value), w.observable * kept.length, kept.flatMap((e) => e.reportIds)));
  }

  const actorValues: string[] = [];
  const actorReports: string[] = [];
  for (const a of incoming.actors) {
    for (const b of threat.actors) {
      const sameObject = a.fact.id === b.fact.id;
      const names = sameObject ? [] : sharedNames(a.fact.names, b.keys);
      if (!sameObject && names.length === 0) continue;
      const ours = a.fact.names[0] ?? a.fact.id;
      const theirs = b.fact.names[0] ?? b.fact.id;
      actorValues.push(sameObject ? `${ours} (same object)` : `${ours} ≈ ${theirs} (shared name: ${names.join(', ')})`);
      actorReports.push(b.reportId);
    }
  }
  if (actorValues.length > 0) evidence.push(item('actor', actorValues, w.actor, actorReports));

  const best = bestPlaceMatch(incoming, threat, options);
  if (best !== null) evidence.push(item(best.rule, best.values, best.rule === 'place' ? w.place : w.area, best.reportIds));

  const specific: string[] = [];
  const specificReports: string[] = [];
  const category: string[] = [];
  const categoryReports: string[] = [];
  for (const a of incoming.targets) {
    for (const b of threat.targets) {
      if (a.fact.id !== b.fact.id && (a.key === '' || a.key !== b.key)) continue;
      const bothSpecific = a.fact.specific && b.fact.specific;
      (bothSpecific ? specific : category).push(a.fact.name === b.fact.name ? a.fact.name : `${a.fact.name} ≈ ${b.fact.name}`);
      (bothSpecific ? specificReports : categoryReports).push(b.reportId);
    }
  }
  if (specific.length > 0) evidence.push(item('target', specific, w.target, specificReports));
  else if (category.length > 0) evidence.push(item('target-category', category, w.targetCategory, categoryReports));

  const methods: string[] = [];
  const methodReports: string[] = [];
  for (const a of incoming.methods) {
    for (const b of threat.methods) {
      // "an attack" twice says nothing: only a named method kind (or the same object) counts.
      const same = a.fact.id === b.fact.id || (a.fact.kind === b.fact.kind && a.fact.kind !== 'generic' && a.fact.kind !== 'cyber');
      if (!same) continue;
      methods.push(a.fact.kind === 'generic' || a.fact.kind === 'cyber' ? a.fact.name : a.fact.kind);
      methodReports.push(b.reportId);
    }
  }
  if (methods.length > 0) evidence.push(item('method', methods, w.method, methodReports));

  const time = compareWindows(incoming, threat, options);
  if (time !== null) evidence.push(time);

  return { evidence: evidence.sort((x, y) => (x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : 0)), suppressed: suppressed.sort((x, y) => (x.value < y.value ? -1 : 1)) };
}

function sharedObservables(incoming: FactsProfile, threat: FactsProfile): ProfiledObservable[] {
  // Walk the smaller map: a 1,000-value report against a 3-value threat costs 3 look-ups.
  const [small, large] = incoming.observables.size <= threat.observables.size ? [incoming, threat] : [threat, incoming];
  const out: ProfiledObservable[] = [];
  for (const key of small.observables.keys()) {
    const theirs = threat.observables.get(key);
    if (theirs !== undefined && large.observables.has(key)) out.push(theirs);
  }
  return out;
}

function bestPlaceMatch(incoming: FactsProfile, threat: FactsProfile, options: CorrelationOptions): { rule: PlaceMatch['rule']; values: string[]; reportIds: string[] } | null {
  let rule: PlaceMatch['rule'] | null = null;
  const values: string[] = [];
  const reportIds: string[] = [];
  for (const a of incoming.places) {
    for (const b of threat.places) {
      const match = matchPlaces(a.fact, b.fact, { nearKm: options.nearKm, areaKm: options.areaKm });
      if (match === null) continue;
      if (rule === 'area' && match.rule === 'place') {
        values.length = 0;
        reportIds.length = 0;
      }
      if (rule === 'place' && match.rule === 'area') continue;
      rule = match.rule;
      values.push(match.value);
      reportIds.push(b.reportId);
    }
  }
  return rule === null ? null : { rule, values, reportIds };
}

function compareWindows(incoming: FactsProfile, threat: FactsProfile, options: CorrelationOptions): Evidence | null {
  if (incoming.windows.length === 0 || threat.windows.length === 0) return null;
  const overlapping: string[] = [];
  const reports: string[] = [];
  let smallestGap = Infinity;
  for (const a of incoming.windows) {
    for (const b of threat.windows) {
      smallestGap = Math.min(smallestGap, gapHours(a.fact, b.fact));
      if (!overlapsWithin(a.fact, b.fact, options.timeToleranceHours)) continue;
      overlapping.push(`${iso(a.fact.start)}/${iso(a.fact.end)} ∩ ${iso(b.fact.start)}/${iso(b.fact.end)}`);
      reports.push(b.reportId);
    }
  }
  if (overlapping.length > 0) return item('time', overlapping, options.weights.time, reports);
  return item('time-disjoint', [`windows ${Math.round(smallestGap)} h apart (tolerance ${options.timeToleranceHours} h)`], options.weights.timeDisjoint, threat.windows.map((w) => w.reportId));
}

function item(rule: EvidenceRule, values: readonly string[], weight: number, reportIds: readonly string[]): Evidence {
  return {
    rule,
    values: [...new Set(values)].sort(),
    weight: round(weight),
    reportIds: [...new Set(reportIds)].sort(),
  };
}

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
