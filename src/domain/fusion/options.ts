// The knobs of correlation, with our defaults. Every weight is shown to the analyst in the
// evidence it produced, so changing one changes what the analyst reads, not hidden maths.
import { DEFAULT_WARNING_LIST, type WarningList } from './observables/warningList.ts';
import type { AnalystDecision } from './decisions.ts';

export interface EvidenceWeights {
  /** Per shared observable value (exact match after normalisation). */
  readonly observable: number;
  /** The same actor, by id or by any shared name or alias. */
  readonly actor: number;
  /** The same named site, or two sites within `nearKm`. */
  readonly place: number;
  /** The same city or town, or within `areaKm` at city precision. */
  readonly area: number;
  /** The same named or identified target or victim. */
  readonly target: number;
  /** The same category of target or victim ("pilgrims"). */
  readonly targetCategory: number;
  /** The same attack method. */
  readonly method: number;
  /** Time windows overlap (within the tolerance). */
  readonly time: number;
  /** Both give time windows and they are further apart than the tolerance: counts against. */
  readonly timeDisjoint: number;
}

export interface CorrelationOptions {
  readonly weights: EvidenceWeights;
  /** A link joins when its score reaches this and it is anchored (see joinRule.ts). */
  readonly joinThreshold: number;
  readonly nearKm: number;
  readonly areaKm: number;
  readonly timeToleranceHours: number;
  /** MISP-style correlation cap: a value already linked to more than this many threats makes no new link. */
  readonly correlationCap: number;
  /** Threats each value is already linked to, keyed by its `obs:` blocking key (from the app's index). */
  readonly valueThreatCounts: ReadonlyMap<string, number>;
  readonly warningList: WarningList;
  /** Analyst decisions in the order they were made: they override the rules. */
  readonly decisions: readonly AnalystDecision[];
}

export const DEFAULT_WEIGHTS: EvidenceWeights = {
  observable: 1.0,
  actor: 0.4,
  place: 0.6,
  area: 0.3,
  target: 0.3,
  targetCategory: 0.1,
  method: 0.15,
  time: 0.1,
  timeDisjoint: -0.3,
};

export const DEFAULT_CORRELATION_OPTIONS: CorrelationOptions = {
  weights: DEFAULT_WEIGHTS,
  joinThreshold: 0.6,
  nearKm: 5,
  areaKm: 25,
  timeToleranceHours: 24,
  correlationCap: 20,
  valueThreatCounts: new Map(),
  warningList: DEFAULT_WARNING_LIST,
  decisions: [],
};

export type CorrelationOverrides = Partial<Omit<CorrelationOptions, 'weights'>> & {
  readonly weights?: Partial<EvidenceWeights>;
};

export function correlationOptions(overrides: CorrelationOverrides = {}): CorrelationOptions {
  return {
    ...DEFAULT_CORRELATION_OPTIONS,
    ...overrides,
    weights: { ...DEFAULT_WEIGHTS, ...overrides.weights },
  };
}
