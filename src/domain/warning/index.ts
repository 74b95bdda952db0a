// Public API of the duty-to-warn domain (DOMAIN.md §1, after ICD 191). Pure and synchronous:
// time comes in as ISO strings, refusals come back as values.
export { apply, type ApplyResult } from './apply.ts';
export {
  openCase,
  currentEscalation,
  effectiveState,
  type WarningCase,
  type WarningCycle,
  type OpenCaseInput,
  type OpenCaseResult,
  type DutyRecord,
  type NotTriggeredRecord,
  type EscalationRecord,
  type Milestones,
  type Closure,
} from './case.ts';
export { OUTCOMES, type Outcome, type WarningCommand, type CommandType, type OnwardCommand } from './commands.ts';
export {
  DEADLINE_STAGES,
  deadlineKey,
  dueDeadlines,
  runningDeadlines,
  type Deadline,
  type DeadlineStage,
  type DeadlineOrigin,
  type DueDeadline,
  type DueDeadlinesResult,
} from './deadlines.ts';
export {
  DELIVERY_CHANNELS,
  DELIVERY_KINDS,
  COPY_LEAVING_CHANNELS,
  type DeliveryChannel,
  type DeliveryKind,
  type Recipient,
  type DeliveryAttempt,
  type DeliveryRecord,
  type AcknowledgementRecord,
} from './delivery.ts';
export type { WarningEvent, WarningEventBase, WarningEventBody, WarningEventType, Decision, EscalationCause } from './events.ts';
export {
  RELEASE_APPROVER_ROLES,
  requiredReleaseRoles,
  releaseCleared,
  type ReleaseApproverRole,
  type ReleaseApproval,
  type WarningProduct,
} from './release.ts';
export type { Checked, Refusal, RefusalCode } from './result.ts';
export { ROLES, type Role, type Actor, type UserActor, type SystemActor } from './roles.ts';
export {
  HARM_TYPES,
  DUTY_HARM_TYPES,
  SOURCE_RELIABILITY,
  INFORMATION_CREDIBILITY,
  SPECIFICITY_DIMENSIONS,
  type HarmType,
  type SourceReliability,
  type InformationCredibility,
  type Credibility,
  type SpecificityDimension,
  type SpecificityScore,
  type SpecificityVector,
  type IntendedVictim,
  type TimeWindow,
  type ScreeningInput,
  type ScreeningRecord,
} from './screening.ts';
export {
  DEFAULT_WARNING_SETTINGS,
  IMMINENCE_CLASSES,
  makeWarningSettings,
  stageDeadlinesOf,
  type ImminenceClass,
  type StageDeadlines,
  type WarningSettings,
  type WarningSettingsOverrides,
} from './settings.ts';
export { WARNING_STATES, TRANSITIONS, COMMAND_TYPES, type WarningState, type TransitionRule } from './states.ts';
export { timeline, type WarningTimeline } from './timeline.ts';
export {
  WAIVER_REASONS,
  WAIVER_APPROVER_ROLES,
  type WaiverReason,
  type WaiverJustification,
  type WaiverApproverRole,
  type WaiverApproval,
  type WaiverStatus,
  type Waiver,
} from './waiver.ts';
