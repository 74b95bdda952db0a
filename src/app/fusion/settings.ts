// The knobs of fusion and assessment as the application applies them. The rules' own
// defaults live in the domain (fusion/options.ts, assessment/config.ts); these add the
// bounds of the candidate look-up (candidates.ts).
import type { AssessmentOverrides } from '../../domain/assessment/index.ts';
import { DEFAULT_CORRELATION_OPTIONS, type CorrelationOverrides } from '../../domain/fusion/index.ts';

export interface FusionSettings {
  readonly correlation: CorrelationOverrides;
  readonly assessment: AssessmentOverrides;
  /**
   * A place, target or actor key held by more threats than this finds candidates only
   * together with a second such key (a busy city alone would make every threat there a
   * candidate). Observable keys are bounded by the correlation cap instead.
   */
  readonly maxThreatsPerKey: number;
  /** At most this many candidate threats per report (sorted by id). */
  readonly maxCandidates: number;
}

export const DEFAULT_FUSION_SETTINGS: FusionSettings = {
  correlation: {},
  assessment: {},
  maxThreatsPerKey: 100,
  maxCandidates: 200,
};

export function fusionSettings(overrides: Partial<FusionSettings> = {}): FusionSettings {
  return { ...DEFAULT_FUSION_SETTINGS, ...overrides };
}

/** The MISP-style correlation cap in force (domain default unless overridden). */
export function correlationCap(settings: FusionSettings): number {
  return settings.correlation.correlationCap ?? DEFAULT_CORRELATION_OPTIONS.correlationCap;
}
