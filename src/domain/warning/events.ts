// Events of a warning case, for the hash-chained audit log and the oversight report's
// time-to-warn figures. Every event carries who, when, and the state before and after;
// the milestone events (report, trigger, decision, approval, delivery, acknowledgement)
// are the ones `timeline` reads back from the case.
import type { Outcome } from './commands.ts';
import type { DeliveryChannel, DeliveryKind, Recipient } from './delivery.ts';
import type { ReleaseApproverRole } from './release.ts';
import type { ScreeningRecord } from './screening.ts';
import type { WarningState } from './states.ts';
import type { WaiverApproverRole, WaiverJustification } from './waiver.ts';

export interface WarningEventBase {
  readonly caseId: string;
  /** When the command was applied (`now`). */
  readonly at: string;
  readonly actorId: string;
  /** null only for `case_opened`. */
  readonly from: WarningState | null;
  readonly to: WarningState;
}

export type Decision = 'warn' | 'waive';
export type EscalationCause = 'deadline_breach' | 'dispute';

export type WarningEventBody =
  | { readonly type: 'case_opened'; readonly reportedAt: string; readonly summary: string; readonly orcon: boolean }
  | { readonly type: 'screened'; readonly screening: ScreeningRecord; readonly orcon: boolean }
  | { readonly type: 'duty_established'; readonly basis: string; readonly triggeredAt: string }
  | { readonly type: 'not_triggered_found'; readonly reason: string }
  | { readonly type: 'waiver_proposed'; readonly reasons: readonly WaiverJustification[]; readonly reReviewAt: string }
  | { readonly type: 'waiver_approval_recorded'; readonly role: WaiverApproverRole }
  | { readonly type: 'waiver_approved'; readonly approvers: readonly string[]; readonly reReviewAt: string }
  | { readonly type: 'waiver_rejected'; readonly reason: string }
  | { readonly type: 'decision_recorded'; readonly decision: Decision }
  | { readonly type: 'warning_drafted'; readonly productHash: string; readonly sunset: string; readonly supersedes: string | null }
  | { readonly type: 'submitted_for_release'; readonly productHash: string }
  | { readonly type: 'release_approval_recorded'; readonly role: ReleaseApproverRole; readonly productHash: string }
  | { readonly type: 'release_approved'; readonly productHash: string; readonly approvers: readonly string[] }
  | { readonly type: 'release_rejected'; readonly reason: string; readonly productHash: string }
  | { readonly type: 'delivery_attempt_failed'; readonly channel: DeliveryChannel; readonly failure: string; readonly attemptedAt: string }
  | {
      readonly type: 'delivered';
      readonly channel: DeliveryChannel;
      readonly kind: DeliveryKind;
      readonly recipient: Recipient;
      readonly productHash: string;
      readonly deliveredAt: string;
    }
  | { readonly type: 'acknowledged'; readonly acknowledgedBy: string; readonly acknowledgedAt: string }
  | { readonly type: 'monitoring_started'; readonly unacknowledgedReason: string | null }
  | { readonly type: 'closed'; readonly outcome: Outcome; readonly note: string | null }
  | {
      readonly type: 'escalated';
      readonly cause: EscalationCause;
      readonly reason: string;
      readonly deadlineKey: string | null;
      readonly escalatedFrom: WarningState;
    }
  | { readonly type: 'deadline_breach_recorded'; readonly deadlineKey: string }
  | { readonly type: 'escalation_resolved'; readonly reason: string; readonly resumedTo: WarningState }
  | { readonly type: 'reopened'; readonly reason: 're_review_due' | 'new_information'; readonly note: string | null; readonly cycle: number };

export type WarningEvent = WarningEventBase & WarningEventBody;
export type WarningEventType = WarningEvent['type'];
