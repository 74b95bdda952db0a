// Priority, our explainable score (0-100 with the default weights): the sum of
//   severity     35 x level / 4
//   imminence    30 x share of the class (I1 1, I2 0.5, I3 0.15, expired 0)
//   confidence   20 x confidence / 100 (absent counts 0)
//   specificity  15 x total / 12
// Bands: P1 >= 70, P2 >= 45, P3 >= 20, else P4. Two overrides, stated in the explanation:
// a triggered duty to warn is always P1 (its deadlines run from screening, DOMAIN.md §1),
// and an expired threat is P4 (nothing left to prevent).
import type { ImminenceClass, PriorityConfig } from './config.ts';
import type { SeverityLevel } from './severity.ts';

export type PriorityBand = 'P1' | 'P2' | 'P3' | 'P4';

export interface PriorityComponent {
  readonly name: 'severity' | 'imminence' | 'confidence' | 'specificity';
  /** The input, as a share of its maximum (0-1). */
  readonly share: number;
  readonly weight: number;
  readonly points: number;
}

export interface PriorityAssessment {
  readonly score: number;
  readonly band: PriorityBand;
  readonly components: readonly PriorityComponent[];
  readonly explanation: readonly string[];
}

export interface PriorityInputs {
  readonly severity: SeverityLevel;
  readonly imminence: ImminenceClass;
  readonly confidence: number | undefined;
  readonly specificityTotal: number;
  readonly triggered: boolean;
}

export function priorityOf(inputs: PriorityInputs, config: PriorityConfig): PriorityAssessment {
  const w = config.weights;
  const component = (name: PriorityComponent['name'], share: number, weight: number): PriorityComponent => ({
    name,
    share: round(share),
    weight,
    points: round(share * weight),
  });
  const components = [
    component('severity', inputs.severity / 4, w.severity),
    component('imminence', config.imminenceShare[inputs.imminence], w.imminence),
    component('confidence', (inputs.confidence ?? 0) / 100, w.confidence),
    component('specificity', inputs.specificityTotal / 12, w.specificity),
  ];
  const score = round(components.reduce((sum, c) => sum + c.points, 0));
  const explanation = components.map((c) => `${c.name}: ${c.points} of ${c.weight} points (${Math.round(c.share * 100)}%)`);
  let band: PriorityBand = score >= config.bands.P1 ? 'P1' : score >= config.bands.P2 ? 'P2' : score >= config.bands.P3 ? 'P3' : 'P4';
  explanation.push(`score ${score}: band ${band} (P1 >= ${config.bands.P1}, P2 >= ${config.bands.P2}, P3 >= ${config.bands.P3})`);
  if (inputs.imminence === 'expired' && band !== 'P4') {
    band = 'P4';
    explanation.push('expired window: P4');
  } else if (inputs.triggered && band !== 'P1') {
    band = 'P1';
    explanation.push('duty to warn triggered: raised to P1');
  }
  return { score, band, components, explanation };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
