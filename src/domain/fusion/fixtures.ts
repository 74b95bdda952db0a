// Builders for tests: a ReportFacts with sensible empty defaults, so each test states only
// the facts it is about. Used by the fusion and assessment tests only.
import type { ActorFact, PlaceFact, ReportFacts, ThreatFacts } from './facts.ts';

export function report(id: string, facts: Partial<Omit<ReportFacts, 'id'>> = {}): ReportFacts {
  return {
    id,
    sourceId: `identity--source-of-${id}`,
    reliability: 'B',
    credibility: 2,
    published: '2025-07-01T00:00:00.000Z',
    automatic: false,
    analystConfirmed: false,
    actors: [],
    places: [],
    methods: [],
    targets: [],
    observables: [],
    window: null,
    cites: [],
    ...facts,
  };
}

export function threat(id: string, ...reports: ReportFacts[]): ThreatFacts {
  return { id, reports };
}

export function group(id: string, ...names: string[]): ActorFact {
  return { id, names, kind: 'group' };
}

export function site(id: string, name: string, extra: Partial<PlaceFact> = {}): PlaceFact {
  return { id, name, kind: 'site', ...extra };
}

export function city(id: string, name: string, lat: number, lon: number, country?: string): PlaceFact {
  return { id, name, kind: 'city', lat, lon, ...(country === undefined ? {} : { country }) };
}

/** A window of `hours` starting `startHours` after `now`. */
export function windowFrom(now: Date, startHours: number, hours: number): { start: string; end: string } {
  const start = now.getTime() + startHours * 3_600_000;
  return { start: new Date(start).toISOString(), end: new Date(start + hours * 3_600_000).toISOString() };
}
