// Screening and the duty decision (DOMAIN.md §1 "Trigger", "Screening records").
import type { WarningCommand } from './commands.ts';
import { readText } from './read.ts';
import { refuse } from './result.ts';
import { DUTY_HARM_TYPES, readScreening } from './screening.ts';
import { done, event, firstTime, type ApplyResult, type Step } from './step.ts';

type Command<T extends WarningCommand['type']> = Extract<WarningCommand, { type: T }>;

export function screen(step: Step, command: Command<'screen'>): ApplyResult {
  const { c } = step;
  const screening = readScreening(command.screening);
  if (!screening.ok) return screening;
  if (command.orcon !== undefined && typeof command.orcon !== 'boolean') {
    return refuse('invalid-field', 'orcon must be true or false');
  }
  // Clearing ORCON would drop the originator from the release approvals (DOMAIN.md §1):
  // a flag that only ever tightens cannot be used to get around them.
  if (command.orcon === false && c.orcon) {
    return refuse('orcon-cannot-be-cleared', 'the case source is ORCON; the flag cannot be cleared');
  }
  const record = { ...screening.value, recordedAt: step.now, recordedBy: step.actorId };
  const orcon = c.orcon || command.orcon === true;
  const next = {
    ...c,
    state: 'screening' as const,
    orcon,
    imminenceHint: record.imminence,
    cycle: { ...c.cycle, screening: record },
  };
  return done(next, [event(step, 'screening', { type: 'screened', screening: record, orcon })]);
}

export function establishDuty(step: Step, command: Command<'establish_duty'>): ApplyResult {
  const { c } = step;
  const screening = c.cycle.screening;
  if (screening === null) return refuse('screening-missing', 'record the screening (screen) before establishing a duty to warn');
  // DOMAIN.md §1 "Trigger": intentional killing, serious bodily injury or kidnapping only.
  if (!DUTY_HARM_TYPES.includes(screening.harmType)) {
    return refuse('harm-not-covered', `harm type ${screening.harmType} does not create a duty to warn; record a not-triggered finding instead`);
  }
  const basis = readText(command.basis, 'basis', c.settings.minNoteLength);
  if (!basis.ok) return basis;
  const duty = { establishedAt: step.now, establishedBy: step.actorId, basis: basis.value };
  const next = {
    ...c,
    state: 'duty_established' as const,
    cycle: { ...c.cycle, duty },
    milestones: {
      ...c.milestones,
      screenedAt: firstTime(c.milestones.screenedAt, step.now),
      triggeredAt: firstTime(c.milestones.triggeredAt, step.now),
    },
  };
  return done(next, [event(step, 'duty_established', { type: 'duty_established', basis: basis.value, triggeredAt: step.now })]);
}

export function findNotTriggered(step: Step, command: Command<'find_not_triggered'>): ApplyResult {
  const { c } = step;
  if (c.cycle.screening === null) return refuse('screening-missing', 'record the screening (screen) before finding that no duty arises');
  const reason = readText(command.reason, 'reason', c.settings.minNoteLength);
  if (!reason.ok) return reason;
  const next = {
    ...c,
    state: 'not_triggered' as const,
    cycle: { ...c.cycle, notTriggered: { foundAt: step.now, foundBy: step.actorId, reason: reason.value } },
    milestones: { ...c.milestones, screenedAt: firstTime(c.milestones.screenedAt, step.now) },
  };
  return done(next, [event(step, 'not_triggered', { type: 'not_triggered_found', reason: reason.value })]);
}
