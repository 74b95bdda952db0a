// The one entry point that moves a warning case: checks the clock, the actor, the state
// and the roles against the transition table (states.ts), then lets the command's handler
// check its fields and guards. Every refusal is a value; nothing here throws on bad input.
import { currentEscalation, deepFreeze, type EscalationRecord, type WarningCase } from './case.ts';
import type { CommandType, WarningCommand } from './commands.ts';
import { isFields, readEnum, readText } from './read.ts';
import { RELEASE_APPROVER_ROLES } from './release.ts';
import { refuse, type Refusal } from './result.ts';
import { actorId, holds, isActor, isReadOnly, type Actor } from './roles.ts';
import { isCommandType, TRANSITIONS } from './states.ts';
import { done, event, type ApplyResult, type Step } from './step.ts';
import { formatInstant, parseInstant } from './time.ts';
import { WAIVER_APPROVER_ROLES } from './waiver.ts';
import { COPY_LEAVING_CHANNELS } from './delivery.ts';
import { recordAcknowledgement, recordDelivery, recordDeliveryAttempt } from './deliveryHandlers.ts';
import { close, escalate, reopen, startMonitoring } from './lifecycleHandlers.ts';
import { approveRelease, draftWarning, rejectRelease, submitForRelease } from './releaseHandlers.ts';
import { establishDuty, findNotTriggered, screen } from './screeningHandlers.ts';
import { approveWaiver, proposeWaiver, rejectWaiver } from './waiverHandlers.ts';

export type { ApplyResult } from './step.ts';

/**
 * A delivery, failed attempt or acknowledgement on a channel that leaves the partner a copy
 * (DOMAIN.md "Disclosure vs release"): the machine sent it, or the partner answered on it,
 * so the machine may record it. A release is the only kind such a channel can carry.
 */
function machineChannelRecord(command: WarningCommand): boolean {
  const fields = command as { channel?: unknown; kind?: unknown };
  const machine = COPY_LEAVING_CHANNELS.some((channel) => channel === fields.channel);
  if (command.type === 'record_delivery') return machine && fields.kind === 'release';
  return machine && (command.type === 'record_delivery_attempt' || command.type === 'record_acknowledgement');
}

function machineHint(type: CommandType): string {
  const recording = type === 'record_delivery' || type === 'record_delivery_attempt' || type === 'record_acknowledgement';
  return recording ? ' except for a release over TAXII, webhook or email (a person records meetings and calls)' : '';
}

/** Whether the actor may perform this command at all, before its fields are looked at. */
function authorise(type: CommandType, command: WarningCommand, actor: Actor): Refusal | null {
  const rule = TRANSITIONS[type];
  if (actor.kind === 'system') {
    // The scheduler acts only on its own triggers (deadlines.ts): never a dispute, never an
    // approval. The dispatcher records only what a machine channel did (states.ts).
    const own =
      (type === 'escalate' && command.type === 'escalate' && command.cause === 'deadline_breach') ||
      (type === 'reopen' && command.type === 'reopen' && command.reason === 're_review_due') ||
      machineChannelRecord(command);
    return rule.system && own ? null : refuse('system-not-permitted', `the system cannot perform ${type}${machineHint(type)}`);
  }
  if (isReadOnly(actor)) return refuse('read-only-role', 'oversight is read-only: it sees every case and changes none');
  if (type === 'approve_waiver' || type === 'approve_release') {
    // An approval is given in one named role, which the approver must hold.
    const roles = type === 'approve_waiver' ? WAIVER_APPROVER_ROLES : RELEASE_APPROVER_ROLES;
    const as = readEnum((command as { as?: unknown }).as, roles, 'as');
    if (!as.ok) return as;
    return holds(actor, as.value) ? null : refuse('role-not-permitted', `approving as ${as.value} needs the ${as.value} role`);
  }
  if (rule.roles.some((role) => holds(actor, role))) return null;
  const administrator = holds(actor, 'administrator') ? ' (being an administrator is not enough)' : '';
  return refuse('role-not-permitted', `${type} needs one of the roles ${rule.roles.join(', ')}${administrator}`);
}

function handle(step: Step, command: WarningCommand): ApplyResult {
  switch (command.type) {
    case 'screen':
      return screen(step, command);
    case 'establish_duty':
      return establishDuty(step, command);
    case 'find_not_triggered':
      return findNotTriggered(step, command);
    case 'propose_waiver':
      return proposeWaiver(step, command);
    case 'approve_waiver':
      return approveWaiver(step, command);
    case 'reject_waiver':
      return rejectWaiver(step, command);
    case 'draft_warning':
      return draftWarning(step, command);
    case 'submit_for_release':
      return submitForRelease(step);
    case 'approve_release':
      return approveRelease(step, command);
    case 'reject_release':
      return rejectRelease(step, command);
    case 'record_delivery_attempt':
      return recordDeliveryAttempt(step, command);
    case 'record_delivery':
      return recordDelivery(step, command);
    case 'record_acknowledgement':
      return recordAcknowledgement(step, command);
    case 'start_monitoring':
      return startMonitoring(step, command);
    case 'close':
      return close(step, command);
    case 'escalate':
      return escalate(step, command);
    case 'resolve_escalation':
      return resolveEscalation(step, command);
    case 'reopen':
      return reopen(step, command);
  }
}

/**
 * Ends the open escalation: back to the state it came from, or onward with `then`, which is
 * applied from that state through `apply` itself so that every guard of the onward command
 * holds (an escalation is never a way around an approval).
 */
function resolveEscalation(step: Step, command: Extract<WarningCommand, { type: 'resolve_escalation' }>): ApplyResult {
  const { c } = step;
  const open = currentEscalation(c);
  if (open === null) return refuse('transition-not-allowed', 'the case has no open escalation');
  const reason = readText(command.reason, 'reason', c.settings.minNoteLength);
  if (!reason.ok) return reason;
  const onward: unknown = command.then;
  if (onward !== undefined && onward !== null) {
    if (!isFields(onward) || !isCommandType(onward.type) || onward.type === 'escalate' || onward.type === 'resolve_escalation') {
      return refuse('invalid-field', 'then must be an ordinary command (not escalate or resolve_escalation)');
    }
  }
  const resolution = { at: step.now, by: step.actorId, reason: reason.value, resumedTo: open.from };
  const escalations = c.escalations.map((record, index) => (index === c.escalations.length - 1 ? { ...record, resolution } : record));
  const resumed: WarningCase = { ...c, state: open.from, escalations, updatedAt: step.now };
  const resolved = event(step, open.from, { type: 'escalation_resolved', reason: reason.value, resumedTo: open.from });
  if (onward === undefined || onward === null) return done(resumed, [resolved]);
  const next = apply(resumed, onward as WarningCommand, step.actor, step.now);
  if (!next.ok) return refuse(next.code, `the escalation cannot be resolved onward: ${next.message}`);
  return done(next.case, [resolved, ...next.events]);
}

/**
 * The partner's answer arriving while the case is escalated (most often for the missing
 * acknowledgement itself) is still recorded, with its own time: it is the fact oversight
 * measures. The case stays escalated until the officer resolves it, and then resumes from
 * where the acknowledgement left it (acknowledged, not delivered).
 */
function acknowledgeWhileEscalated(c: WarningCase, open: EscalationRecord, command: WarningCommand, actor: Actor, now: string): ApplyResult {
  const beneath = apply({ ...c, state: open.from }, command, actor, now);
  if (!beneath.ok) return beneath;
  const resumesTo = beneath.case.state;
  const escalations = c.escalations.map((record, index) => (index === c.escalations.length - 1 ? { ...record, from: resumesTo } : record));
  const events = beneath.events.map((e) => ({ ...e, from: 'escalated' as const, to: 'escalated' as const }));
  return { ok: true, case: deepFreeze({ ...beneath.case, state: 'escalated', escalations }), events: deepFreeze(events) };
}

/**
 * Applies one command to a case at `now` on behalf of `actor`: the next case and the events
 * describing the change, or a refusal `{ ok: false, code, message }`.
 */
export function apply(c: WarningCase, command: WarningCommand, actor: Actor, now: string): ApplyResult {
  const nowMs = parseInstant(now);
  if (nowMs === null) return refuse('invalid-timestamp', 'now must be an RFC 3339 timestamp');
  // Events feed a hash-chained log: their times must not run backwards.
  if (nowMs < (parseInstant(c.updatedAt) ?? -Infinity)) {
    return refuse('clock-regression', `now (${now}) is before the case's last change (${c.updatedAt})`);
  }
  if (!isActor(actor)) return refuse('invalid-actor', 'the actor must be a user with a list of roles, or the system');
  if (!isFields(command) || !isCommandType(command.type)) {
    return refuse('unknown-command', 'the command must be an object whose type is a known command');
  }
  const type = command.type;
  if (c.state === 'escalated' && type !== 'escalate' && type !== 'resolve_escalation') {
    const open = currentEscalation(c);
    if (type === 'record_acknowledgement' && open !== null && TRANSITIONS[type].from.includes(open.from)) {
      return acknowledgeWhileEscalated(c, open, command, actor, now);
    }
    return refuse('case-escalated', `the case is escalated; resolve the escalation before ${type}`);
  }
  if (!TRANSITIONS[type].from.includes(c.state)) {
    return refuse('transition-not-allowed', `${type} is not allowed in state ${c.state}`);
  }
  const denied = authorise(type, command, actor);
  if (denied !== null) return denied;
  const step: Step = { c, actor, actorId: actorId(actor), now: formatInstant(nowMs), nowMs };
  const result = handle(step, command);
  if (!result.ok) return result;
  return { ok: true, case: deepFreeze({ ...result.case, updatedAt: step.now }), events: deepFreeze([...result.events]) };
}
