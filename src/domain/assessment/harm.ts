// Harm type from the methods (DOMAIN.md §1 trigger: killing, serious bodily injury,
// kidnapping). Bombs, guns, knives and armed drones kill; kidnapping is kidnapping; arson
// endangers the people inside or driving (we grade it serious bodily injury); cyber methods
// harm property. A source's explicit harm on a method wins over the method's default.
import type { Harm, MethodFact, MethodKind, ThreatFacts } from '../fusion/facts.ts';

export const METHOD_HARM: Readonly<Record<MethodKind, Harm>> = {
  vbied: 'killing',
  'suicide-vest': 'killing',
  ied: 'killing',
  drone: 'killing',
  'small-arms': 'killing',
  knife: 'killing',
  'unspecified-bomb': 'killing',
  kidnapping: 'kidnapping',
  arson: 'serious-bodily-injury',
  cyber: 'property',
  generic: 'unknown',
};

/** Most severe first: the threat's harm is the first of these any method implies. */
export const HARM_ORDER: readonly Harm[] = ['killing', 'serious-bodily-injury', 'kidnapping', 'property', 'unknown'];

export interface HarmAssessment {
  readonly harm: Harm;
  /** The methods that imply that harm. */
  readonly methods: readonly string[];
  readonly reason: string;
}

export function harmOfMethod(method: MethodFact): Harm {
  return method.harm ?? METHOD_HARM[method.kind];
}

export function harmOf(threat: ThreatFacts): HarmAssessment {
  const methods = threat.reports.flatMap((r) => r.methods);
  for (const harm of HARM_ORDER) {
    const from = methods.filter((m) => harmOfMethod(m) === harm);
    if (from.length === 0 || harm === 'unknown') continue;
    const names = [...new Set(from.map((m) => m.name))].sort();
    return { harm, methods: names, reason: `${harm}: implied by ${names.join(', ')}` };
  }
  return { harm: 'unknown', methods: [], reason: methods.length === 0 ? 'unknown: no method named' : 'unknown: no named method implies harm to persons' };
}
