// A threat's (or a report's) facts laid out for fast comparison: observables by canonical
// key, actors with their name keys, windows as intervals. Profiles are cached per facts
// object: facts are immutable values, so a cached profile can never go stale.
import type { ActorFact, MethodFact, PlaceFact, ReportFacts, TargetFact, ThreatFacts } from './facts.ts';
import { nameKey, nameKeys } from './names.ts';
import { normaliseObservable, type NormalObservable } from './observables/normalise.ts';
import { toInterval, type Interval } from './time.ts';

export interface Sourced<T> {
  readonly fact: T;
  readonly reportId: string;
}

export interface ProfiledActor extends Sourced<ActorFact> {
  readonly keys: ReadonlySet<string>;
}

export interface ProfiledObservable {
  readonly observable: NormalObservable;
  readonly reportIds: readonly string[];
}

export interface FactsProfile {
  readonly reportIds: readonly string[];
  readonly observables: ReadonlyMap<string, ProfiledObservable>;
  readonly actors: readonly ProfiledActor[];
  readonly places: readonly Sourced<PlaceFact>[];
  readonly methods: readonly Sourced<MethodFact>[];
  readonly targets: readonly (Sourced<TargetFact> & { readonly key: string })[];
  readonly windows: readonly Sourced<Interval>[];
}

const cache = new WeakMap<object, FactsProfile>();

export function threatProfile(threat: ThreatFacts): FactsProfile {
  return cached(threat, () => buildProfile(threat.reports));
}

export function reportProfile(report: ReportFacts): FactsProfile {
  return cached(report, () => buildProfile([report]));
}

export function profileOfReports(reports: readonly ReportFacts[]): FactsProfile {
  return buildProfile(reports);
}

function cached(key: object, build: () => FactsProfile): FactsProfile {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const profile = build();
  cache.set(key, profile);
  return profile;
}

function buildProfile(reports: readonly ReportFacts[]): FactsProfile {
  const observables = new Map<string, { observable: NormalObservable; reportIds: string[] }>();
  const actors: ProfiledActor[] = [];
  const places: Sourced<PlaceFact>[] = [];
  const methods: Sourced<MethodFact>[] = [];
  const targets: (Sourced<TargetFact> & { key: string })[] = [];
  const windows: Sourced<Interval>[] = [];
  for (const report of reports) {
    const reportId = report.id;
    for (const fact of report.observables) {
      const observable = normaliseObservable(fact);
      if (observable === null) continue;
      const entry = observables.get(observable.key);
      if (entry === undefined) observables.set(observable.key, { observable, reportIds: [reportId] });
      else if (!entry.reportIds.includes(reportId)) entry.reportIds.push(reportId);
    }
    for (const fact of report.actors) actors.push({ fact, reportId, keys: nameKeys(fact.names) });
    for (const fact of report.places) places.push({ fact, reportId });
    for (const fact of report.methods) methods.push({ fact, reportId });
    for (const fact of report.targets) targets.push({ fact, reportId, key: nameKey(fact.name) });
    if (report.window !== null) {
      const interval = toInterval(report.window);
      if (interval !== null) windows.push({ fact: interval, reportId });
    }
  }
  return { reportIds: reports.map((r) => r.id), observables, actors, places, methods, targets, windows };
}
