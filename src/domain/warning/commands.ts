// Everything a person (or the deadline scheduler) can ask of a warning case. One variant per
// transition of DOMAIN.md §1; `apply` checks every field again at run time, because commands
// arrive as JSON.
import type { DeliveryChannel, DeliveryKind, Recipient } from './delivery.ts';
import type { ReleaseApproverRole } from './release.ts';
import type { ScreeningInput } from './screening.ts';
import type { WaiverApproverRole, WaiverJustification } from './waiver.ts';

/** DOMAIN.md §1 "Outcome". */
export const OUTCOMES = ['foiled', 'attack_occurred', 'nothing_by_window_end', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type WarningCommand =
  /** Record (or correct) the screening; from `reported` it also opens screening. */
  | { readonly type: 'screen'; readonly screening: ScreeningInput; readonly orcon?: boolean }
  | { readonly type: 'establish_duty'; readonly basis: string }
  | { readonly type: 'find_not_triggered'; readonly reason: string }
  | {
      readonly type: 'propose_waiver';
      readonly reasons: readonly WaiverJustification[];
      readonly reReviewAt: string;
    }
  | { readonly type: 'approve_waiver'; readonly as: WaiverApproverRole }
  | { readonly type: 'reject_waiver'; readonly reason: string }
  | {
      readonly type: 'draft_warning';
      readonly productHash: string;
      readonly summary: string;
      readonly recipient: Recipient;
      readonly sunset: string;
    }
  | { readonly type: 'submit_for_release' }
  | { readonly type: 'approve_release'; readonly as: ReleaseApproverRole; readonly productHash: string }
  | { readonly type: 'reject_release'; readonly reason: string }
  | {
      readonly type: 'record_delivery_attempt';
      readonly channel: DeliveryChannel;
      readonly recipient: Recipient;
      readonly failure: string;
      /** When it was tried; defaults to `now`. */
      readonly attemptedAt?: string;
    }
  | {
      readonly type: 'record_delivery';
      readonly channel: DeliveryChannel;
      readonly kind: DeliveryKind;
      readonly recipient: Recipient;
      readonly productHash: string;
      /** When it happened (a meeting is often recorded afterwards); defaults to `now`. */
      readonly deliveredAt?: string;
    }
  | {
      readonly type: 'record_acknowledgement';
      readonly acknowledgedBy: string;
      readonly channel: DeliveryChannel;
      readonly acknowledgedAt?: string;
      readonly note?: string;
    }
  /** From `delivered` (no acknowledgement came) it needs a written reason. */
  | { readonly type: 'start_monitoring'; readonly unacknowledgedReason?: string }
  | { readonly type: 'close'; readonly outcome: Outcome; readonly note?: string }
  | { readonly type: 'escalate'; readonly cause: 'deadline_breach'; readonly deadlineKey: string }
  | { readonly type: 'escalate'; readonly cause: 'dispute'; readonly reason: string }
  /**
   * Ends an escalation: back to the state it escalated from, or onward by applying `then`
   * from that state in the same step (all of `then`'s own checks apply).
   */
  | { readonly type: 'resolve_escalation'; readonly reason: string; readonly then?: OnwardCommand }
  | { readonly type: 'reopen'; readonly reason: 're_review_due' }
  | { readonly type: 'reopen'; readonly reason: 'new_information'; readonly note: string };

export type CommandType = WarningCommand['type'];

/** What may follow the resolution of an escalation: any ordinary command. */
export type OnwardCommand = Exclude<WarningCommand, { readonly type: 'escalate' | 'resolve_escalation' }>;
