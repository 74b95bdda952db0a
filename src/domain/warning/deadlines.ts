// Deadlines by imminence class (DOMAIN.md §1 table; our configurable defaults). What each
// stage is measured from:
//   screen    from the report's arrival (cycle 1) or the re-opening (later cycles),
//             met by the screening finding (duty established, or not triggered);
//   decide    from the trigger (the time duty was established),
//             met by a decision: waiver approved (waive), waiver refused or release approved (warn);
//   deliver   from the trigger (the time duty was established),
//             met by the first recorded delivery of the cycle;
//   acknowledge from the first delivery of the cycle (issue 7 "Unacknowledged warnings
//             escalate at their deadline"), met by the recipient's acknowledgement, or by
//             the written decision to monitor without one (start_monitoring);
//   re_review the waiver's mandatory re-review date: the case must be re-opened
//             (returned only while the case is waived, with the `reopen` command).
// "A breach escalates and is logged" (DOMAIN.md §1): each deadline has a stable key,
// `${caseId}:${stage}:${dueAt}`, which the case records when it is acted on, so that a
// scheduler polling `dueDeadlines` never acts on the same deadline twice.
import { effectiveState, type WarningCase } from './case.ts';
import type { WarningCommand } from './commands.ts';
import { refuse, type Refusal } from './result.ts';
import { stageDeadlinesOf, type ImminenceClass } from './settings.ts';
import type { WarningState } from './states.ts';
import { formatInstant, parseInstant } from './time.ts';

export const DEADLINE_STAGES = ['screen', 'decide', 'deliver', 'acknowledge', 're_review'] as const;
export type DeadlineStage = (typeof DEADLINE_STAGES)[number];
export type DeadlineOrigin = 'report' | 'reopen' | 'trigger' | 'first_delivery' | 'waiver_approval';

export interface Deadline {
  readonly key: string;
  readonly caseId: string;
  readonly stage: DeadlineStage;
  readonly dueAt: string;
  readonly measuredFrom: DeadlineOrigin;
  /** The class whose table row set the deadline; null for a re-review date. */
  readonly imminence: ImminenceClass | null;
}

/** A deadline that has passed and not been acted on, with the command that acts on it. */
export interface DueDeadline extends Deadline {
  readonly command: WarningCommand;
}

export type DueDeadlinesResult = { readonly ok: true; readonly due: readonly DueDeadline[] } | Refusal;

export function deadlineKey(caseId: string, stage: DeadlineStage, dueAt: string): string {
  return `${caseId}:${stage}:${dueAt}`;
}

const SCREENING: readonly WarningState[] = ['reported', 'screening'];
const DECIDING: readonly WarningState[] = ['duty_established', 'waiver_review', 'warning_prep', 'release_review'];
const DELIVERING: readonly WarningState[] = [...DECIDING, 'delivery'];

function deadline(c: WarningCase, stage: DeadlineStage, dueMs: number, measuredFrom: DeadlineOrigin, imminence: ImminenceClass | null): Deadline {
  const dueAt = formatInstant(dueMs);
  return { key: deadlineKey(c.id, stage, dueAt), caseId: c.id, stage, dueAt, measuredFrom, imminence };
}

/** When the warning first reached the recipient in this cycle (a meeting may be recorded after a later send). */
function firstDeliveryMs(c: WarningCase): number | null {
  const times = c.deliveries.filter((d) => d.cycle === c.cycle.number).map((d) => parseInstant(d.deliveredAt) ?? Infinity);
  const first = Math.min(...times);
  return Number.isFinite(first) ? first : null;
}

function approvedWaiverDate(c: WarningCase): string | null {
  const waiver = c.waivers.findLast((candidate) => candidate.status === 'approved');
  return waiver?.reReviewAt ?? null;
}

/**
 * Every deadline the case is running against now, met or not, fired or not. While
 * escalated, the obligations of the state it escalated from keep running.
 */
export function runningDeadlines(c: WarningCase): readonly Deadline[] {
  const state = effectiveState(c);
  const cycle = c.cycle;
  const found: Deadline[] = [];
  if (SCREENING.includes(state)) {
    const imminence = cycle.screening?.imminence ?? c.imminenceHint;
    const from = parseInstant(cycle.startedAt) ?? 0;
    found.push(deadline(c, 'screen', from + stageDeadlinesOf(c.settings, imminence).screenMs, cycle.number === 1 ? 'report' : 'reopen', imminence));
  }
  if (cycle.duty !== null && cycle.screening !== null) {
    const imminence = cycle.screening.imminence;
    const limits = stageDeadlinesOf(c.settings, imminence);
    const trigger = parseInstant(cycle.duty.establishedAt) ?? 0;
    if (DECIDING.includes(state) && cycle.decision === null) {
      found.push(deadline(c, 'decide', trigger + limits.decideMs, 'trigger', imminence));
    }
    const firstDelivery = firstDeliveryMs(c);
    if (DELIVERING.includes(state) && firstDelivery === null) {
      found.push(deadline(c, 'deliver', trigger + limits.deliverMs, 'trigger', imminence));
    }
    // `delivered` is left by the acknowledgement, or by monitoring without one.
    if (state === 'delivered' && firstDelivery !== null) {
      found.push(deadline(c, 'acknowledge', firstDelivery + limits.acknowledgeMs, 'first_delivery', imminence));
    }
  }
  // A re-review is a scheduled re-opening, not a breach: while the waived case is escalated
  // it waits, and the officer resolves onward with `reopen` (or back to waived, after which
  // it is due again).
  if (c.state === 'waived') {
    const reReview = approvedWaiverDate(c);
    const reReviewMs = parseInstant(reReview);
    if (reReviewMs !== null) found.push(deadline(c, 're_review', reReviewMs, 'waiver_approval', null));
  }
  return found;
}

/** Passed deadlines not yet acted on, at `nowMs` (already validated). */
export function dueDeadlinesAt(c: WarningCase, nowMs: number): readonly DueDeadline[] {
  return runningDeadlines(c)
    .filter((candidate) => (parseInstant(candidate.dueAt) ?? Infinity) <= nowMs && !c.firedDeadlines.includes(candidate.key))
    .map((candidate): DueDeadline => {
      const command: WarningCommand =
        candidate.stage === 're_review'
          ? { type: 'reopen', reason: 're_review_due' }
          : { type: 'escalate', cause: 'deadline_breach', deadlineKey: candidate.key };
      return { ...candidate, command };
    });
}

/**
 * The breaches (and re-review dates) that have come and not been acted on. A scheduler
 * applies each `command` as the system actor; once applied, the key is on the case and the
 * deadline is not returned again.
 */
export function dueDeadlines(c: WarningCase, now: string): DueDeadlinesResult {
  const nowMs = parseInstant(now);
  if (nowMs === null) return refuse('invalid-timestamp', 'now must be an RFC 3339 timestamp');
  return { ok: true, due: dueDeadlinesAt(c, nowMs) };
}
