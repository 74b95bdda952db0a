// Monitoring, closure, escalation and re-opening (DOMAIN.md §1: "Outcome", "escalated from
// any state on a deadline breach or dispute", "waived -> screening at the mandatory
// re-review date or on new information").
import { newCycle, type EscalationRecord } from './case.ts';
import { OUTCOMES, type WarningCommand } from './commands.ts';
import { dueDeadlinesAt } from './deadlines.ts';
import { isFields, readEnum, readOptionalText, readText } from './read.ts';
import { refuse } from './result.ts';
import { done, event, type ApplyResult, type Step } from './step.ts';
import { parseInstant } from './time.ts';

type Command<T extends WarningCommand['type']> = Extract<WarningCommand, { type: T }>;

export function startMonitoring(step: Step, command: Command<'start_monitoring'>): ApplyResult {
  const { c } = step;
  let unacknowledgedReason: string | null = null;
  if (c.state === 'delivered') {
    // Some recipients never acknowledge; moving on without it must be explained in writing.
    const reason = readText(command.unacknowledgedReason, 'unacknowledgedReason', c.settings.minJustificationLength);
    if (!reason.ok) {
      return refuse('acknowledgement-missing', `no acknowledgement is recorded; give an unacknowledgedReason of at least ${c.settings.minJustificationLength} characters`);
    }
    unacknowledgedReason = reason.value;
  }
  const next = { ...c, state: 'monitoring' as const, monitoringStartedAt: step.now };
  return done(next, [event(step, 'monitoring', { type: 'monitoring_started', unacknowledgedReason })]);
}

export function close(step: Step, command: Command<'close'>): ApplyResult {
  const { c } = step;
  const outcome = readEnum(command.outcome, OUTCOMES, 'outcome');
  if (!outcome.ok) return outcome;
  const note = readOptionalText(command.note, 'note');
  if (!note.ok) return note;
  const sunset = parseInstant(c.cycle.warning?.sunset ?? null);
  if (outcome.value === 'nothing_by_window_end' && (sunset === null || step.nowMs < sunset)) {
    return refuse('window-not-ended', 'nothing_by_window_end can be recorded only after the warning\'s sunset');
  }
  const closure = { outcome: outcome.value, note: note.value, at: step.now, by: step.actorId };
  const next = { ...c, state: 'closed' as const, closure, milestones: { ...c.milestones, closedAt: step.now } };
  return done(next, [event(step, 'closed', { type: 'closed', outcome: outcome.value, note: note.value })]);
}

export function escalate(step: Step, command: Command<'escalate'>): ApplyResult {
  const { c } = step;
  const cause = readEnum(command.cause, ['deadline_breach', 'dispute'] as const, 'cause');
  if (!cause.ok) return cause;
  if (cause.value === 'dispute') {
    if (c.state === 'escalated') return refuse('already-escalated', 'the case is already escalated; add the dispute to the open escalation');
    const reason = readText((command as { reason?: unknown }).reason, 'reason', c.settings.minNoteLength);
    if (!reason.ok) return reason;
    return openEscalation(step, 'dispute', reason.value, null);
  }
  const key = (command as { deadlineKey?: unknown }).deadlineKey;
  if (typeof key !== 'string' || key.length === 0) return refuse('missing-field', 'deadlineKey is required for a deadline breach');
  if (c.firedDeadlines.includes(key)) return refuse('deadline-already-fired', `deadline ${key} has already been acted on`);
  const due = dueDeadlinesAt(c, step.nowMs).find((candidate) => candidate.key === key && candidate.command.type === 'escalate');
  if (due === undefined) return refuse('deadline-not-due', `deadline ${key} is not a breached deadline of this case at ${step.now}`);
  if (c.state === 'escalated') {
    // "A breach escalates and is logged" (DOMAIN.md §1): already escalated, so log it.
    const next = { ...c, firedDeadlines: [...c.firedDeadlines, key] };
    return done(next, [event(step, 'escalated', { type: 'deadline_breach_recorded', deadlineKey: key })]);
  }
  const imminence = due.imminence === null ? '' : `${due.imminence} `;
  return openEscalation(step, 'deadline_breach', `${imminence}${due.stage} deadline ${due.dueAt} passed`, key);
}

function openEscalation(step: Step, cause: EscalationRecord['cause'], reason: string, deadlineKey: string | null): ApplyResult {
  const { c } = step;
  const record: EscalationRecord = { from: c.state, cause, reason, deadlineKey, at: step.now, by: step.actorId, resolution: null };
  const next = {
    ...c,
    state: 'escalated' as const,
    escalations: [...c.escalations, record],
    firedDeadlines: deadlineKey === null ? c.firedDeadlines : [...c.firedDeadlines, deadlineKey],
  };
  return done(next, [event(step, 'escalated', { type: 'escalated', cause, reason, deadlineKey, escalatedFrom: c.state })]);
}

export function reopen(step: Step, command: Command<'reopen'>): ApplyResult {
  const { c } = step;
  if (!isFields(command)) return refuse('missing-field', 'reopen needs a reason');
  const reason = readEnum(command.reason, ['re_review_due', 'new_information'] as const, 'reason');
  if (!reason.ok) return reason;
  let note: string | null = null;
  const fired = [...c.firedDeadlines];
  if (reason.value === 're_review_due') {
    const waiver = c.waivers.findLast((candidate) => candidate.status === 'approved');
    if (c.state !== 'waived' || waiver === undefined) return refuse('re-review-not-due', 'only a waived case has a re-review date');
    const dueMs = parseInstant(waiver.reReviewAt) ?? Infinity;
    if (step.nowMs < dueMs) return refuse('re-review-not-due', `the waiver's re-review date is ${waiver.reReviewAt}`);
    const due = dueDeadlinesAt(c, step.nowMs).find((candidate) => candidate.stage === 're_review');
    if (due !== undefined) fired.push(due.key);
  } else {
    const checked = readText((command as { note?: unknown }).note, 'note', c.settings.minNoteLength);
    if (!checked.ok) return checked;
    note = checked.value;
  }
  const cycle = newCycle(c.cycle.number + 1, step.now);
  const next = { ...c, state: 'screening' as const, cycle, firedDeadlines: fired };
  return done(next, [event(step, 'screening', { type: 'reopened', reason: reason.value, note, cycle: cycle.number })]);
}
