// Assessment settings with our defaults (DOMAIN.md §1 imminence classes, §3 trigger and
// extraction cap). Everything an organisation may tune is here, and `assess` echoes the
// values it used so an assessment can be re-read later under the settings of its day.
import type { Harm } from '../fusion/facts.ts';
import type { CorrelationOverrides } from '../fusion/options.ts';

export type ImminenceClass = 'I1' | 'I2' | 'I3' | 'expired';

export interface TriggerConfig {
  /** DOMAIN.md §1: intentional killing, serious bodily injury or kidnapping. */
  readonly harms: readonly Harm[];
  /** Target or victim specificity at least this (DOMAIN.md §3: 2). */
  readonly targetOrVictimMin: number;
  /** How many other dimensions must reach `otherDimensionMin` (DOMAIN.md §3: two more >= 1). */
  readonly otherDimensionsRequired: number;
  readonly otherDimensionMin: number;
  /** STIX confidence at least this (DOMAIN.md §3: 50). */
  readonly minConfidence: number;
  readonly imminence: readonly ImminenceClass[];
}

export interface PriorityConfig {
  /** Points each component can give; the score is their sum (0-100 with the defaults). */
  readonly weights: { readonly severity: number; readonly imminence: number; readonly confidence: number; readonly specificity: number };
  /** Share of the imminence points each class earns. */
  readonly imminenceShare: Readonly<Record<ImminenceClass, number>>;
  /** Lowest score of each band; below P3 is P4. */
  readonly bands: { readonly P1: number; readonly P2: number; readonly P3: number };
}

export interface AssessmentConfig {
  /** DOMAIN.md §1: I1 when the window starts within 72 h, I2 within 30 days. */
  readonly i1Hours: number;
  readonly i2Days: number;
  /** DOMAIN.md §3: "when" is specific (2) for a date or a window of at most 72 h. */
  readonly specificWindowHours: number;
  /** DOMAIN.md §3: automatic extraction caps confidence at 50 until an analyst confirms. */
  readonly automaticConfidenceCap: number;
  readonly trigger: TriggerConfig;
  readonly priority: PriorityConfig;
  /** Used to judge whether independent origins agree (the same rules as fusion). */
  readonly correlation: CorrelationOverrides;
}

export const DEFAULT_ASSESSMENT_CONFIG: AssessmentConfig = {
  i1Hours: 72,
  i2Days: 30,
  specificWindowHours: 72,
  automaticConfidenceCap: 50,
  trigger: {
    harms: ['killing', 'serious-bodily-injury', 'kidnapping'],
    targetOrVictimMin: 2,
    otherDimensionsRequired: 2,
    otherDimensionMin: 1,
    minConfidence: 50,
    imminence: ['I1', 'I2'],
  },
  priority: {
    weights: { severity: 35, imminence: 30, confidence: 20, specificity: 15 },
    imminenceShare: { I1: 1, I2: 0.5, I3: 0.15, expired: 0 },
    bands: { P1: 70, P2: 45, P3: 20 },
  },
  correlation: {},
};

export interface AssessmentOverrides extends Partial<Omit<AssessmentConfig, 'trigger' | 'priority'>> {
  readonly trigger?: Partial<TriggerConfig>;
  readonly priority?: Partial<PriorityConfig>;
}

export function assessmentConfig(overrides: AssessmentOverrides = {}): AssessmentConfig {
  return {
    ...DEFAULT_ASSESSMENT_CONFIG,
    ...overrides,
    trigger: { ...DEFAULT_ASSESSMENT_CONFIG.trigger, ...overrides.trigger },
    priority: { ...DEFAULT_ASSESSMENT_CONFIG.priority, ...overrides.priority },
  };
}
