// How threat assessments read on screen: DOMAIN.md §1 (imminence, harm) and §3 (Admiralty
// code, specificity) in words, and the tone each value is shown in.
import type { ImminenceName, PriorityBandName, SpecificityDimensionName } from '../../src/http/wire.ts';

export const IMMINENCE_LABEL: Readonly<Record<ImminenceName, string>> = {
  I1: 'within 72 hours',
  I2: 'within 30 days',
  I3: 'later or unknown',
  expired: 'window over',
};

export const BAND_LABEL: Readonly<Record<PriorityBandName, string>> = {
  P1: 'Critical',
  P2: 'High',
  P3: 'Medium',
  P4: 'Low',
};

/** DOMAIN.md §3: Admiralty information credibility. */
export const CREDIBILITY_LABEL: Readonly<Record<number, string>> = {
  1: 'confirmed',
  2: 'probably true',
  3: 'possibly true',
  4: 'doubtful',
  5: 'improbable',
  6: 'cannot be judged',
};

/** DOMAIN.md §3: Admiralty source reliability. */
export const RELIABILITY_LABEL: Readonly<Record<string, string>> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'cannot be judged',
};

export const DIMENSIONS: readonly SpecificityDimensionName[] = ['who', 'target', 'when', 'how', 'victim', 'location'];

export const DIMENSION_LABEL: Readonly<Record<SpecificityDimensionName, string>> = {
  who: 'Who',
  target: 'Target',
  when: 'When',
  how: 'How',
  victim: 'Victim',
  location: 'Where',
};

export const HARM_LABEL: Readonly<Record<string, string>> = {
  killing: 'Killing',
  'serious-bodily-injury': 'Serious injury',
  kidnapping: 'Kidnapping',
  property: 'Property',
  unknown: 'Unknown',
};

export const SEVERITY_LABEL: Readonly<Record<number, string>> = {
  0: 'unknown',
  1: 'low',
  2: 'serious',
  3: 'grave',
  4: 'mass casualty',
};

/** One letter per dimension, for the compact bar: who, target, date, method, victim, location. */
export const DIMENSION_LETTER: Readonly<Record<SpecificityDimensionName, string>> = {
  who: 'W',
  target: 'T',
  when: 'D',
  how: 'M',
  victim: 'V',
  location: 'L',
};

/** `B2` -> `B2: usually reliable source, probably true`. */
export function describeGrade(grade: string): string {
  const reliability = RELIABILITY_LABEL[grade.slice(0, 1)];
  const credibility = CREDIBILITY_LABEL[Number(grade.slice(1))];
  if (reliability === undefined || credibility === undefined) return grade;
  return `${grade}: ${reliability} source, ${credibility}`;
}

/** The threat's name, or its id when fusion has not named it. */
export function threatTitle(threat: { readonly name: string; readonly id: string }): string {
  return threat.name.trim() === '' ? threat.id : threat.name;
}

/** Fusion's evidence rules (src/domain/fusion/evidence.ts) in words. */
const RULE_LABEL: Readonly<Record<string, string>> = {
  observable: 'Shared observable',
  actor: 'Same actor',
  place: 'Same place',
  area: 'Nearby place',
  target: 'Same target',
  'target-category': 'Same kind of target',
  method: 'Same method',
  time: 'Overlapping time',
  'time-disjoint': 'Times far apart',
};

export function ruleLabel(rule: string): string {
  return RULE_LABEL[rule] ?? rule;
}
