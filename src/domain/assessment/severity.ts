// Severity, our scale (0-4):
//   0 unknown      no harm to persons known
//   1 low          property only
//   2 serious      kidnapping or serious bodily injury
//   3 grave        killing
//   4 mass-casualty killing by a mass-casualty method (VBIED, suicide vest, IED, armed drone,
//                  a bomb) or killing aimed at a category of people (pilgrims, fans, worshippers)
import type { MethodKind, ThreatFacts } from '../fusion/facts.ts';
import { harmOfMethod, type HarmAssessment } from './harm.ts';

export type SeverityLevel = 0 | 1 | 2 | 3 | 4;
export const SEVERITY_LABEL: Readonly<Record<SeverityLevel, string>> = {
  0: 'unknown',
  1: 'low',
  2: 'serious',
  3: 'grave',
  4: 'mass-casualty',
};

const MASS_CASUALTY: ReadonlySet<MethodKind> = new Set(['vbied', 'suicide-vest', 'ied', 'drone', 'unspecified-bomb']);

export interface SeverityAssessment {
  readonly level: SeverityLevel;
  readonly label: string;
  readonly reason: string;
}

export function severityOf(threat: ThreatFacts, harm: HarmAssessment): SeverityAssessment {
  const make = (level: SeverityLevel, why: string): SeverityAssessment => ({ level, label: SEVERITY_LABEL[level], reason: `${level} (${SEVERITY_LABEL[level]}): ${why}` });
  switch (harm.harm) {
    case 'killing': {
      const methods = threat.reports.flatMap((r) => r.methods);
      const mass = methods.filter((m) => MASS_CASUALTY.has(m.kind) && harmOfMethod(m) === 'killing').map((m) => m.name);
      if (mass.length > 0) return make(4, `killing by a mass-casualty method: ${[...new Set(mass)].sort().join(', ')}`);
      const crowds = threat.reports.flatMap((r) => r.targets).filter((t) => t.role === 'victim' && !t.specific).map((t) => t.name);
      if (crowds.length > 0) return make(4, `killing aimed at a category of people: ${[...new Set(crowds)].sort().join(', ')}`);
      return make(3, 'killing');
    }
    case 'serious-bodily-injury':
    case 'kidnapping':
      return make(2, harm.harm);
    case 'property':
      return make(1, 'property only');
    case 'unknown':
      return make(0, 'no harm to persons known');
  }
}
