// assess: one threat, at one moment, under one configuration -> every input, every sub-score
// and a line of explanation for each rule that contributed (issue 6). Pure: `now` is given.
import type { ThreatFacts } from '../fusion/facts.ts';
import { assessmentConfig, type AssessmentConfig, type AssessmentOverrides } from './config.ts';
import { threatCredibility, type CredibilityAssessment } from './credibility.ts';
import { harmOf, type HarmAssessment } from './harm.ts';
import { imminenceOf, type ImminenceAssessment } from './imminence.ts';
import { priorityOf, type PriorityAssessment } from './priority.ts';
import { severityOf, type SeverityAssessment } from './severity.ts';
import { DIMENSIONS, specificityOf, type SpecificityAssessment } from './specificity.ts';
import { dutyToWarnTrigger, type DutyToWarnTrigger } from './trigger.ts';
import { threatWindow } from './window.ts';

export interface AssessmentInputs {
  readonly reportIds: readonly string[];
  readonly actors: readonly string[];
  readonly places: readonly string[];
  readonly methods: readonly string[];
  readonly targets: readonly string[];
  readonly window: { readonly start: string; readonly end: string; readonly reportId: string } | null;
}

export interface Assessment {
  readonly threatId: string;
  readonly assessedAt: string;
  readonly config: AssessmentConfig;
  readonly inputs: AssessmentInputs;
  readonly credibility: CredibilityAssessment;
  readonly specificity: SpecificityAssessment;
  readonly imminence: ImminenceAssessment;
  readonly harm: HarmAssessment;
  readonly severity: SeverityAssessment;
  readonly dutyToWarn: DutyToWarnTrigger;
  readonly priority: PriorityAssessment;
  /** One line per rule that contributed, prefixed by the part it belongs to. */
  readonly explanation: readonly string[];
}

export function assess(threat: ThreatFacts, now: Date, overrides: AssessmentOverrides = {}): Assessment {
  const config = assessmentConfig(overrides);
  const window = threatWindow(threat);
  const credibility = threatCredibility(threat, config);
  const specificity = specificityOf(threat, window, config);
  const imminence = imminenceOf(window, now, config);
  const harm = harmOf(threat);
  const severity = severityOf(threat, harm);
  const dutyToWarn = dutyToWarnTrigger(
    { harm: harm.harm, specificity: specificity.vector, confidence: credibility.confidence, imminence: imminence.class, sunset: imminence.sunset },
    config.trigger,
  );
  const priority = priorityOf(
    { severity: severity.level, imminence: imminence.class, confidence: credibility.confidence, specificityTotal: specificity.total, triggered: dutyToWarn.triggered },
    config.priority,
  );

  const explanation = [
    ...credibility.explanation.map((line) => `credibility: ${line}`),
    ...DIMENSIONS.map((d) => `specificity ${d} = ${specificity.vector[d]}: ${specificity.reasons[d]}`),
    `specificity total ${specificity.total} of 12`,
    `imminence: ${imminence.reason}`,
    `harm: ${harm.reason}`,
    `severity: ${severity.reason}`,
    ...dutyToWarn.reasons.map((r) => `duty to warn: ${r.met ? 'met' : 'NOT met'}: ${r.code}: ${r.detail}`),
    `duty to warn: ${dutyToWarn.triggered ? `TRIGGERED (sunset ${dutyToWarn.sunset ?? 'none'})` : 'not triggered'}`,
    ...priority.explanation.map((line) => `priority: ${line}`),
  ];

  const all = threat.reports;
  const names = (list: readonly string[]): string[] => [...new Set(list)].sort();
  return {
    threatId: threat.id,
    assessedAt: now.toISOString(),
    config,
    inputs: {
      reportIds: names(all.map((r) => r.id)),
      actors: names(all.flatMap((r) => r.actors.map((a) => a.names[0] ?? a.id))),
      places: names(all.flatMap((r) => r.places.map((p) => p.name))),
      methods: names(all.flatMap((r) => r.methods.map((m) => m.name))),
      targets: names(all.flatMap((r) => r.targets.map((t) => t.name))),
      window: window === null ? null : { start: window.start, end: window.end, reportId: window.reportId },
    },
    credibility,
    specificity,
    imminence,
    harm,
    severity,
    dutyToWarn,
    priority,
    explanation,
  };
}
