// Public API of assessment: credibility, specificity, imminence, harm, severity, priority
// and the duty-to-warn trigger (DOMAIN.md §1, §3).
export { assess } from './assess.ts';
export type { Assessment, AssessmentInputs } from './assess.ts';
export { admiraltyCode, confidenceFromCredibility, credibilityFromConfidence, CREDIBILITY_LABEL, isCredibility, isReliability, RELIABILITY_LABEL } from './admiralty.ts';
export { assessmentConfig, DEFAULT_ASSESSMENT_CONFIG } from './config.ts';
export type { AssessmentConfig, AssessmentOverrides, ImminenceClass, PriorityConfig, TriggerConfig } from './config.ts';
export { threatCredibility } from './credibility.ts';
export type { CredibilityAssessment, OriginGrade, ReportGrade } from './credibility.ts';
export { harmOf, harmOfMethod, HARM_ORDER, METHOD_HARM } from './harm.ts';
export type { HarmAssessment } from './harm.ts';
export { imminenceOf } from './imminence.ts';
export type { ImminenceAssessment } from './imminence.ts';
export { priorityOf } from './priority.ts';
export type { PriorityAssessment, PriorityBand, PriorityComponent, PriorityInputs } from './priority.ts';
export { severityOf, SEVERITY_LABEL } from './severity.ts';
export type { SeverityAssessment, SeverityLevel } from './severity.ts';
export { DIMENSIONS, specificityOf } from './specificity.ts';
export type { Dimension, Score, SpecificityAssessment, SpecificityVector } from './specificity.ts';
export { dutyToWarnTrigger } from './trigger.ts';
export type { DutyToWarnTrigger, TriggerCheck, TriggerCode, TriggerInputs } from './trigger.ts';
export { threatWindow } from './window.ts';
export type { ThreatWindow } from './window.ts';
