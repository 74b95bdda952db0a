// Drafting the warning and clearing it for release (DOMAIN.md §1 "Two different people";
// "Every warning carries a sunset").
import type { WarningCommand } from './commands.ts';
import { readRecipient } from './delivery.ts';
import type { WarningEvent } from './events.ts';
import { readEnum, readInstant, readProductHash, readText } from './read.ts';
import { countingApprovals, RELEASE_APPROVER_ROLES, releaseCleared, requiredReleaseRoles, type WarningProduct } from './release.ts';
import { refuse } from './result.ts';
import { done, event, firstTime, type ApplyResult, type Step } from './step.ts';
import { formatInstant, parseInstant } from './time.ts';

type Command<T extends WarningCommand['type']> = Extract<WarningCommand, { type: T }>;

export function draftWarning(step: Step, command: Command<'draft_warning'>): ApplyResult {
  const { c } = step;
  const hash = readProductHash(command.productHash, 'productHash');
  if (!hash.ok) return hash;
  const summary = readText(command.summary, 'summary');
  if (!summary.ok) return summary;
  const recipient = readRecipient(command.recipient, 'recipient');
  if (!recipient.ok) return recipient;
  const sunset = readInstant(command.sunset, 'sunset');
  if (!sunset.ok) return sunset;
  if (sunset.value <= step.nowMs) return refuse('sunset-passed', 'the sunset (end of the threat window) must be in the future');
  const product: WarningProduct = {
    productHash: hash.value,
    summary: summary.value,
    recipient: recipient.value,
    sunset: formatInstant(sunset.value),
    draftedAt: step.now,
    draftedBy: step.actorId,
  };
  const drafters = c.cycle.drafters.includes(step.actorId) ? c.cycle.drafters : [...c.cycle.drafters, step.actorId];
  // Redrafting during release review sends the product back to preparation; approvals
  // already given stay on record but count only for the hash they named.
  const next = { ...c, state: 'warning_prep' as const, cycle: { ...c.cycle, warning: product, drafters, submittedAt: null } };
  return done(next, [
    event(step, 'warning_prep', {
      type: 'warning_drafted',
      productHash: product.productHash,
      sunset: product.sunset,
      supersedes: c.cycle.warning?.productHash ?? null,
    }),
  ]);
}

export function submitForRelease(step: Step): ApplyResult {
  const { c } = step;
  const warning = c.cycle.warning;
  if (warning === null) return refuse('warning-missing', 'draft the warning before submitting it for release');
  if ((parseInstant(warning.sunset) ?? 0) <= step.nowMs) {
    return refuse('sunset-passed', 'the warning is past its sunset; redraft it with a new window or close the matter');
  }
  const next = { ...c, state: 'release_review' as const, cycle: { ...c.cycle, submittedAt: step.now } };
  return done(next, [event(step, 'release_review', { type: 'submitted_for_release', productHash: warning.productHash })]);
}

export function approveRelease(step: Step, command: Command<'approve_release'>): ApplyResult {
  const { c } = step;
  const warning = c.cycle.warning;
  if (warning === null) return refuse('warning-missing', 'there is no warning to approve');
  const role = readEnum(command.as, RELEASE_APPROVER_ROLES, 'as');
  if (!role.ok) return role;
  const hash = readProductHash(command.productHash, 'productHash');
  if (!hash.ok) return hash;
  // An approval is of one exact product: approving an older version approves nothing.
  if (hash.value !== warning.productHash) {
    return refuse('stale-product-hash', 'the approval names a product hash that is not the current draft; review the current product');
  }
  if (!requiredReleaseRoles(c.orcon).includes(role.value)) {
    return refuse('approval-not-required', 'the originator approves only when the source is ORCON');
  }
  if (c.cycle.drafters.includes(step.actorId)) return refuse('self-approval', 'a drafter of the warning cannot approve its release');
  const counting = countingApprovals(c.cycle.releaseApprovals, warning.productHash, c.cycle.drafters);
  if (counting.some((approval) => approval.role === role.value)) {
    return refuse('role-already-approved', `this product already has the ${role.value} approval`);
  }
  if (counting.some((approval) => approval.userId === step.actorId)) {
    return refuse('same-person-two-roles', 'each release approval must come from a different person');
  }
  const approvals = [...c.cycle.releaseApprovals, { userId: step.actorId, role: role.value, productHash: warning.productHash, at: step.now }];
  const recorded = { type: 'release_approval_recorded' as const, role: role.value, productHash: warning.productHash };
  if (!releaseCleared(approvals, warning.productHash, c.cycle.drafters, c.orcon)) {
    const next = { ...c, cycle: { ...c.cycle, releaseApprovals: approvals } };
    return done(next, [event(step, 'release_review', recorded)]);
  }
  const alreadyWarn = c.cycle.decision?.kind === 'warn';
  const next = {
    ...c,
    state: 'delivery' as const,
    cycle: {
      ...c.cycle,
      releaseApprovals: approvals,
      releaseApprovedAt: step.now,
      decision: alreadyWarn ? c.cycle.decision : { kind: 'warn' as const, at: step.now },
    },
    milestones: {
      ...c.milestones,
      decidedAt: firstTime(c.milestones.decidedAt, step.now),
      decision: firstTime(c.milestones.decision, 'warn' as const),
      approvedAt: firstTime(c.milestones.approvedAt, step.now),
    },
  };
  const approvers = countingApprovals(approvals, warning.productHash, c.cycle.drafters).map((approval) => approval.userId);
  const events: WarningEvent[] = [
    event(step, 'delivery', recorded),
    event(step, 'delivery', { type: 'release_approved', productHash: warning.productHash, approvers }),
  ];
  if (!alreadyWarn) events.push(event(step, 'delivery', { type: 'decision_recorded', decision: 'warn' }));
  return done(next, events);
}

export function rejectRelease(step: Step, command: Command<'reject_release'>): ApplyResult {
  const { c } = step;
  const warning = c.cycle.warning;
  if (warning === null) return refuse('warning-missing', 'there is no warning to reject');
  const reason = readText(command.reason, 'reason', c.settings.minNoteLength);
  if (!reason.ok) return reason;
  const next = { ...c, state: 'warning_prep' as const, cycle: { ...c.cycle, submittedAt: null } };
  return done(next, [
    event(step, 'warning_prep', { type: 'release_rejected', reason: reason.value, productHash: warning.productHash }),
  ]);
}
