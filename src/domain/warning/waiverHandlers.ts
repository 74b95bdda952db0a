// Proposing, approving and refusing a waiver (DOMAIN.md §1 "Justified waiver reasons",
// "Two different people").
import type { WarningCase } from './case.ts';
import type { WarningCommand } from './commands.ts';
import type { DeliveryChannel } from './delivery.ts';
import type { WarningEvent } from './events.ts';
import { readEnum, readText } from './read.ts';
import { refuse } from './result.ts';
import { done, event, firstTime, type ApplyResult, type Step } from './step.ts';
import { readWaiverProposal, WAIVER_APPROVER_ROLES, waiverFullyApproved, type Waiver } from './waiver.ts';

type Command<T extends WarningCommand['type']> = Extract<WarningCommand, { type: T }>;

function failedChannels(c: WarningCase): ReadonlySet<DeliveryChannel> {
  return new Set(c.deliveryAttempts.filter((attempt) => attempt.cycle === c.cycle.number).map((attempt) => attempt.channel));
}

/** The waiver under review, with its index in the case's list. */
function pendingWaiver(c: WarningCase): { waiver: Waiver; index: number } | null {
  const index = c.waivers.findLastIndex((waiver) => waiver.status === 'proposed');
  const waiver = c.waivers[index];
  return waiver === undefined ? null : { waiver, index };
}

function replaceWaiver(c: WarningCase, index: number, waiver: Waiver): readonly Waiver[] {
  return c.waivers.map((existing, at) => (at === index ? waiver : existing));
}

export function proposeWaiver(step: Step, command: Command<'propose_waiver'>): ApplyResult {
  const { c } = step;
  const proposal = readWaiverProposal(command.reasons, command.reReviewAt, {
    nowMs: step.nowMs,
    settings: c.settings,
    failedChannels: failedChannels(c),
  });
  if (!proposal.ok) return proposal;
  const waiver: Waiver = {
    cycle: c.cycle.number,
    proposedBy: step.actorId,
    proposedAt: step.now,
    reasons: proposal.value.reasons,
    reReviewAt: proposal.value.reReviewAt,
    status: 'proposed',
    approvals: [],
    // A refused waiver proposed during delivery goes back to delivery: the approved
    // product still stands, only the attempt to be excused from delivering it failed.
    returnTo: c.state === 'delivery' ? 'delivery' : 'warning_prep',
    decidedAt: null,
    rejection: null,
  };
  const next = { ...c, state: 'waiver_review' as const, waivers: [...c.waivers, waiver] };
  return done(next, [
    event(step, 'waiver_review', { type: 'waiver_proposed', reasons: waiver.reasons, reReviewAt: waiver.reReviewAt }),
  ]);
}

export function approveWaiver(step: Step, command: Command<'approve_waiver'>): ApplyResult {
  const { c } = step;
  const role = readEnum(command.as, WAIVER_APPROVER_ROLES, 'as');
  if (!role.ok) return role;
  const pending = pendingWaiver(c);
  if (pending === null) return refuse('transition-not-allowed', 'there is no waiver under review');
  const { waiver, index } = pending;
  // DOMAIN.md §1 "Two different people": the drafter never approves.
  if (waiver.proposedBy === step.actorId) return refuse('self-approval', 'the proposer of a waiver cannot approve it');
  if (waiver.approvals.some((approval) => approval.role === role.value)) {
    return refuse('role-already-approved', `the waiver already has the ${role.value} approval`);
  }
  if (waiver.approvals.some((approval) => approval.userId === step.actorId)) {
    return refuse('same-person-two-roles', 'the officer and counsel approvals must come from two different people');
  }
  const approvals = [...waiver.approvals, { userId: step.actorId, role: role.value, at: step.now }];
  const candidate: Waiver = { ...waiver, approvals };
  if (!waiverFullyApproved(candidate)) {
    const next = { ...c, waivers: replaceWaiver(c, index, candidate) };
    return done(next, [event(step, 'waiver_review', { type: 'waiver_approval_recorded', role: role.value })]);
  }
  const approved: Waiver = { ...candidate, status: 'approved', decidedAt: step.now };
  const next = {
    ...c,
    state: 'waived' as const,
    waivers: replaceWaiver(c, index, approved),
    cycle: { ...c.cycle, decision: { kind: 'waive' as const, at: step.now } },
    milestones: {
      ...c.milestones,
      decidedAt: firstTime(c.milestones.decidedAt, step.now),
      decision: firstTime(c.milestones.decision, 'waive' as const),
      approvedAt: firstTime(c.milestones.approvedAt, step.now),
    },
  };
  const events: WarningEvent[] = [
    event(step, 'waived', { type: 'waiver_approval_recorded', role: role.value }),
    event(step, 'waived', { type: 'waiver_approved', approvers: approvals.map((approval) => approval.userId), reReviewAt: approved.reReviewAt }),
    event(step, 'waived', { type: 'decision_recorded', decision: 'waive' }),
  ];
  return done(next, events);
}

export function rejectWaiver(step: Step, command: Command<'reject_waiver'>): ApplyResult {
  const { c } = step;
  const pending = pendingWaiver(c);
  if (pending === null) return refuse('transition-not-allowed', 'there is no waiver under review');
  const reason = readText(command.reason, 'reason', c.settings.minNoteLength);
  if (!reason.ok) return reason;
  const { waiver, index } = pending;
  const rejected: Waiver = { ...waiver, status: 'rejected', decidedAt: step.now, rejection: { by: step.actorId, reason: reason.value } };
  const to = waiver.returnTo;
  // A refused waiver leaves the duty standing: the decision is to warn.
  const alreadyWarn = c.cycle.decision?.kind === 'warn';
  const next = {
    ...c,
    state: to,
    waivers: replaceWaiver(c, index, rejected),
    cycle: alreadyWarn ? c.cycle : { ...c.cycle, decision: { kind: 'warn' as const, at: step.now } },
    milestones: {
      ...c.milestones,
      decidedAt: firstTime(c.milestones.decidedAt, step.now),
      decision: firstTime(c.milestones.decision, 'warn' as const),
    },
  };
  const events: WarningEvent[] = [event(step, to, { type: 'waiver_rejected', reason: reason.value })];
  if (!alreadyWarn) events.push(event(step, to, { type: 'decision_recorded', decision: 'warn' }));
  return done(next, events);
}
