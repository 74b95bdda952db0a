// The duty-to-warn workflow's application layer (issue 7): use cases over the store around
// the pure state machine of domain/warning.
export { applyWarningCommand, type ApplyWarningResult } from './applyCommand.ts';
export { runWarningCommand, type RunCommandResult } from './runCommand.ts';
export { openCaseForThreat, openCasesForThreats, openCasesForTriggeredThreats, type OpenCasesOptions, type OpenedCase } from './openCases.ts';
export { draftWarningForPartner, type DraftWarningInput, type DraftWarningOptions, type DraftWarningResult } from './draftWarning.ts';
export { previewRelease, type ReleasePreview, type PreviewResult, type PreviewOptions } from './releasePreview.ts';
export { requestReleasedDeliveries, deliveryIdempotencyKey } from './releaseDeliveries.ts';
export { runDeadlines, type RunDeadlinesOptions, type RunDeadlinesResult, type FiredDeadline } from './runDeadlines.ts';
export { startWarningScheduler, DEADLINE_TICK_MS, type WarningScheduler } from './scheduler.ts';
export { listWarningCases, showWarningCase, caseForReader, type CaseDetail, type CaseListItem, type ViewOptions } from './caseView.ts';
export { oversightReport, percentile, figures, STAGES, type OversightReport, type OversightQuery, type StageFigures, type CaseTimes, type Stage } from './oversight.ts';
export { actorOfUser, auditActorOf, SCHEDULER_ACTOR, INTAKE_ACTOR } from './actors.ts';
export { caseIdForThreat, productIdFor } from './ids.ts';
export { warningSettingsFromEnv } from './settings.ts';
