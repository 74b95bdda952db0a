// Waivers of the duty to warn (DOMAIN.md §1 "Justified waiver reasons", after ICD 191).
// A waiver names at least one of five reasons, justifies each in writing, and carries a
// mandatory re-review date; it takes effect only with the duty-to-warn officer's and legal
// counsel's approvals, given by two different people, neither of them the proposer.
import type { DeliveryChannel } from './delivery.ts';
import { isFields, readEnum, readInstant, readText } from './read.ts';
import { accept, refuse, type Checked } from './result.ts';
import type { WarningSettings } from './settings.ts';
import { formatInstant } from './time.ts';

/** The five reasons of DOMAIN.md §1, in its order (reason 1 ... reason 5). */
export const WAIVER_REASONS = [
  'victim_already_aware',
  'armed_conflict_participant',
  'victim_is_violent_actor',
  'endangers_sources_or_operations',
  'no_reasonable_way_to_warn',
] as const;
export type WaiverReason = (typeof WAIVER_REASONS)[number];

export interface WaiverJustification {
  readonly reason: WaiverReason;
  readonly justification: string;
}

export const WAIVER_APPROVER_ROLES = ['duty_to_warn_officer', 'legal_counsel'] as const;
export type WaiverApproverRole = (typeof WAIVER_APPROVER_ROLES)[number];

export interface WaiverApproval {
  readonly userId: string;
  readonly role: WaiverApproverRole;
  readonly at: string;
}

export type WaiverStatus = 'proposed' | 'approved' | 'rejected';

export interface Waiver {
  /** Which screening cycle of the case it belongs to (a re-opened case starts a new one). */
  readonly cycle: number;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly reasons: readonly WaiverJustification[];
  readonly reReviewAt: string;
  readonly status: WaiverStatus;
  readonly approvals: readonly WaiverApproval[];
  /** Where a refused waiver sends the case: back to drafting, or back to delivery. */
  readonly returnTo: 'warning_prep' | 'delivery';
  readonly decidedAt: string | null;
  readonly rejection: { readonly by: string; readonly reason: string } | null;
}

export interface WaiverProposal {
  readonly reasons: readonly WaiverJustification[];
  readonly reReviewAt: string;
}

export interface ProposalContext {
  readonly nowMs: number;
  readonly settings: WarningSettings;
  /** Channels on which a delivery attempt failed in the current cycle. */
  readonly failedChannels: ReadonlySet<DeliveryChannel>;
}

function readJustifications(value: unknown, settings: WarningSettings): Checked<readonly WaiverJustification[]> {
  if (!Array.isArray(value) || value.length === 0) {
    return refuse('waiver-reason-missing', 'a waiver must name at least one of the five justified reasons (DOMAIN.md §1)');
  }
  const reasons: WaiverJustification[] = [];
  for (const [index, entry] of value.entries()) {
    if (!isFields(entry)) return refuse('invalid-field', `reasons[${index}] must be an object with reason and justification`);
    const reason = readEnum(entry.reason, WAIVER_REASONS, `reasons[${index}].reason`);
    if (!reason.ok) return reason;
    if (reasons.some((earlier) => earlier.reason === reason.value)) {
      return refuse('waiver-reason-duplicated', `reason ${reason.value} is named twice`);
    }
    const justification = readText(entry.justification, `reasons[${index}].justification`, settings.minJustificationLength);
    if (!justification.ok) {
      // A waiver justification is the written record ICD 191 asks for: give it its own code.
      return justification.code === 'note-too-short' || justification.code === 'missing-field'
        ? refuse('justification-too-short', `reason ${reason.value} needs a written justification of at least ${settings.minJustificationLength} characters`)
        : justification;
    }
    reasons.push({ reason: reason.value, justification: justification.value });
  }
  return accept(reasons);
}

function readReReviewDate(value: unknown, context: ProposalContext): Checked<string> {
  if (value === undefined || value === null || value === '') {
    return refuse('re-review-date-missing', 'a waiver needs a mandatory re-review date');
  }
  const at = readInstant(value, 'reReviewAt');
  if (!at.ok) return at;
  if (at.value <= context.nowMs) return refuse('re-review-date-not-future', 'the re-review date must be in the future');
  const latest = context.nowMs + context.settings.maxReReviewMs;
  if (at.value > latest) {
    return refuse('re-review-date-too-far', `the re-review date must be no later than ${formatInstant(latest)}`);
  }
  return accept(formatInstant(at.value));
}

/** Checks a waiver proposal against DOMAIN.md §1; reason 5 needs failed attempts on two channels. */
export function readWaiverProposal(reasons: unknown, reReviewAt: unknown, context: ProposalContext): Checked<WaiverProposal> {
  const justified = readJustifications(reasons, context.settings);
  if (!justified.ok) return justified;
  const date = readReReviewDate(reReviewAt, context);
  if (!date.ok) return date;
  // DOMAIN.md §1 reason 5: "no reasonable way to warn" only after failed attempts on two channels.
  if (justified.value.some((entry) => entry.reason === 'no_reasonable_way_to_warn') && context.failedChannels.size < 2) {
    return refuse(
      'reason-5-needs-two-failed-channels',
      `reason 5 (no reasonable way to warn) needs recorded failed delivery attempts on two different channels; found ${context.failedChannels.size}`,
    );
  }
  return accept({ reasons: justified.value, reReviewAt: date.value });
}

/** Approved means: both roles, two different people, neither the proposer. */
export function waiverFullyApproved(waiver: Waiver): boolean {
  const officer = waiver.approvals.find((approval) => approval.role === 'duty_to_warn_officer');
  const counsel = waiver.approvals.find((approval) => approval.role === 'legal_counsel');
  return (
    officer !== undefined &&
    counsel !== undefined &&
    officer.userId !== counsel.userId &&
    officer.userId !== waiver.proposedBy &&
    counsel.userId !== waiver.proposedBy
  );
}
