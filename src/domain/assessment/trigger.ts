// The duty-to-warn trigger (DOMAIN.md §1 trigger, §3 default rule), configurable:
//   harm is killing, serious bodily injury or kidnapping;
//   target or victim specificity = 2;
//   two more dimensions >= 1 (any two of the other five: the dimension that met the
//     target-or-victim test is not counted again);
//   confidence >= 50;
//   imminence I1 or I2.
// At the end of the window the sunset comes: from then on the trigger is false, with the
// single reason `sunset`.
import type { Harm } from '../fusion/facts.ts';
import type { ImminenceClass, TriggerConfig } from './config.ts';
import { DIMENSIONS, type Dimension, type SpecificityVector } from './specificity.ts';

export type TriggerCode = 'harm' | 'target-or-victim' | 'other-dimensions' | 'confidence' | 'imminence' | 'sunset';

export interface TriggerCheck {
  readonly code: TriggerCode;
  readonly met: boolean;
  readonly detail: string;
}

export interface DutyToWarnTrigger {
  readonly triggered: boolean;
  /** Every check with its outcome; when not triggered, the unmet ones are why. */
  readonly reasons: readonly TriggerCheck[];
  /** End of the window: a warning issued now lapses then. */
  readonly sunset: string | null;
}

export interface TriggerInputs {
  readonly harm: Harm;
  readonly specificity: SpecificityVector;
  readonly confidence: number | undefined;
  readonly imminence: ImminenceClass;
  readonly sunset: string | null;
}

export function dutyToWarnTrigger(inputs: TriggerInputs, config: TriggerConfig): DutyToWarnTrigger {
  if (inputs.imminence === 'expired') {
    return { triggered: false, reasons: [{ code: 'sunset', met: false, detail: `the window ended at ${inputs.sunset ?? 'an unknown time'}: sunset passed` }], sunset: inputs.sunset };
  }
  const v = inputs.specificity;
  const harmMet = config.harms.includes(inputs.harm);
  const used: Dimension | null = v.target >= config.targetOrVictimMin ? 'target' : v.victim >= config.targetOrVictimMin ? 'victim' : null;
  const others = DIMENSIONS.filter((d) => d !== used && v[d] >= config.otherDimensionMin);
  const confidence = inputs.confidence;
  const reasons: TriggerCheck[] = [
    { code: 'harm', met: harmMet, detail: `harm ${inputs.harm} ${harmMet ? 'is' : 'is not'} one of ${config.harms.join(', ')}` },
    {
      code: 'target-or-victim',
      met: used !== null,
      detail: used !== null ? `${used} specificity ${v[used]} >= ${config.targetOrVictimMin}` : `target ${v.target} and victim ${v.victim}, neither >= ${config.targetOrVictimMin}`,
    },
    {
      code: 'other-dimensions',
      met: others.length >= config.otherDimensionsRequired,
      detail: `${others.length} other dimension(s) >= ${config.otherDimensionMin} (${others.join(', ') || 'none'}), need ${config.otherDimensionsRequired}`,
    },
    {
      code: 'confidence',
      met: confidence !== undefined && confidence >= config.minConfidence,
      detail: `confidence ${confidence ?? 'absent'} ${confidence !== undefined && confidence >= config.minConfidence ? '>=' : '<'} ${config.minConfidence}`,
    },
    {
      code: 'imminence',
      met: config.imminence.includes(inputs.imminence),
      detail: `imminence ${inputs.imminence} ${config.imminence.includes(inputs.imminence) ? 'is' : 'is not'} one of ${config.imminence.join(', ')}`,
    },
  ];
  return { triggered: reasons.every((r) => r.met), reasons, sunset: inputs.sunset };
}
