// The specificity vector (DOMAIN.md §3, scored as in shared/data/reports/README.md):
//   dimension  1 (general)                                 2 (specific)
//   who        a group                                     a named cell or person
//   target     a category of target ("hotels", "a shrine") a named site or identified target
//   when       a window longer than 72 h                   a date, or a window of 72 h or less
//   how        a generic attack, or "a bomb"               a method: VBIED, suicide vest, IED,
//                                                          drone, small arms, knife, kidnapping, arson
//   victim     a category of people ("pilgrims")           identified persons or a specific group
//   location   a country, region or vague place            a named city, town or site, or a point
// 0 means the reports say nothing on that dimension. Each dimension takes the best any
// report of the threat gives, and says which fact gave it.
import type { MethodKind, PlaceFact, ThreatFacts } from '../fusion/facts.ts';
import { durationHours } from '../fusion/time.ts';
import type { AssessmentConfig } from './config.ts';
import type { ThreatWindow } from './window.ts';

export type Dimension = 'who' | 'target' | 'when' | 'how' | 'victim' | 'location';
export const DIMENSIONS: readonly Dimension[] = ['who', 'target', 'when', 'how', 'victim', 'location'];

export type Score = 0 | 1 | 2;
export type SpecificityVector = Readonly<Record<Dimension, Score>>;

export interface SpecificityAssessment {
  readonly vector: SpecificityVector;
  /** Sum of the six scores, 0-12. */
  readonly total: number;
  /** Why each dimension scored what it did. */
  readonly reasons: Readonly<Record<Dimension, string>>;
}

const SPECIFIC_METHODS: ReadonlySet<MethodKind> = new Set(['vbied', 'suicide-vest', 'ied', 'drone', 'small-arms', 'knife', 'kidnapping', 'arson']);

interface Scored {
  readonly score: Score;
  readonly reason: string;
}

export function specificityOf(threat: ThreatFacts, window: ThreatWindow | null, config: AssessmentConfig): SpecificityAssessment {
  const best: Record<Dimension, Scored> = {
    who: none('no actor named'),
    target: none('no target named'),
    when: none('no time given'),
    how: none('no method named'),
    victim: none('no people at risk named'),
    location: none('no place named'),
  };
  const offer = (dimension: Dimension, candidate: Scored): void => {
    if (candidate.score > best[dimension].score) best[dimension] = candidate;
  };
  for (const report of threat.reports) {
    const from = ` (report ${report.id})`;
    for (const actor of report.actors) {
      const name = actor.names[0] ?? actor.id;
      offer('who', actor.kind === 'group' ? { score: 1, reason: `a group: ${name}${from}` } : { score: 2, reason: `a named ${actor.kind}: ${name}${from}` });
    }
    for (const target of report.targets) {
      const dimension = target.role === 'victim' ? 'victim' : 'target';
      offer(dimension, target.specific ? { score: 2, reason: `identified: ${target.name}${from}` } : { score: 1, reason: `a category: ${target.name}${from}` });
    }
    for (const place of report.places) {
      if (place.kind === 'site') offer('target', { score: 2, reason: `a named site: ${place.name}${from}` });
      offer('location', placeScore(place, from));
    }
    for (const method of report.methods) {
      const specific = SPECIFIC_METHODS.has(method.kind);
      offer('how', specific ? { score: 2, reason: `a method: ${method.name} (${method.kind})${from}` } : { score: 1, reason: `a generic method: ${method.name}${from}` });
    }
  }
  if (window !== null) {
    const hours = durationHours(window.interval);
    offer(
      'when',
      hours <= config.specificWindowHours
        ? { score: 2, reason: `a window of ${round1(hours)} h <= ${config.specificWindowHours} h: ${window.start}/${window.end} (report ${window.reportId})` }
        : { score: 1, reason: `a window of ${round1(hours)} h > ${config.specificWindowHours} h: ${window.start}/${window.end} (report ${window.reportId})` },
    );
  }
  const vector = Object.fromEntries(DIMENSIONS.map((d) => [d, best[d].score])) as Record<Dimension, Score>;
  const reasons = Object.fromEntries(DIMENSIONS.map((d) => [d, best[d].reason])) as Record<Dimension, string>;
  return { vector, total: DIMENSIONS.reduce((sum, d) => sum + vector[d], 0), reasons };
}

function placeScore(place: PlaceFact, from: string): Scored {
  switch (place.kind) {
    case 'site':
    case 'city':
      return { score: 2, reason: `a named ${place.kind}: ${place.name}${from}` };
    case 'region':
    case 'country':
      return { score: 1, reason: `a ${place.kind}: ${place.name}${from}` };
    case 'unknown':
      return place.lat !== undefined && place.lon !== undefined
        ? { score: 2, reason: `a point: ${place.name} (${place.lat}, ${place.lon})${from}` }
        : { score: 1, reason: `a vague place: ${place.name}${from}` };
  }
}

function none(reason: string): Scored {
  return { score: 0, reason };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
