// Property: whatever commands arrive, from whoever, in whatever order, a case never reaches
// `delivery` without the release approvals of DOMAIN.md §1 (officer and foreign-disclosure
// officer, plus the originator under ORCON, distinct people, none a drafter, all of the
// current product), and never reaches `waived` without the officer's and counsel's
// approvals by two people other than the proposer. The check rebuilds who approved what
// from the events alone, independently of the case's own bookkeeping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { apply } from './apply.ts';
import type { WarningCase } from './case.ts';
import type { CommandType, WarningCommand } from './commands.ts';
import { dueDeadlines } from './deadlines.ts';
import type { WarningEvent } from './events.ts';
import type { Actor } from './roles.ts';
import { COMMAND_TYPES, TRANSITIONS } from './states.ts';
import { at, HASH_A, HASH_B, JUSTIFICATION, open, RECIPIENT, SCHEDULER, SCREENING, user } from './testFixtures.ts';

const ACTORS: readonly Actor[] = [
  user('ana', 'analyst'),
  user('olga', 'duty_to_warn_officer'),
  user('otto', 'duty_to_warn_officer'),
  user('lena', 'legal_counsel'),
  user('finn', 'foreign_disclosure_officer'),
  user('rosa', 'originator'),
  user('dan', 'delivery_officer'),
  user('bea', 'duty_to_warn_officer', 'legal_counsel'),
  user('bo', 'analyst', 'duty_to_warn_officer', 'foreign_disclosure_officer'),
  user('max', 'administrator'),
  user('mia', 'administrator', 'duty_to_warn_officer'),
  user('vera', 'oversight'),
  user('zed', 'analyst', 'duty_to_warn_officer', 'legal_counsel', 'foreign_disclosure_officer', 'originator', 'delivery_officer'),
  SCHEDULER,
];

/** Picks one of `options` with a die (any natural number). */
function pick<T>(options: readonly T[], die: number | undefined): T {
  return options[(die ?? 0) % options.length] as T;
}

const CHANNELS = ['taxii', 'email', 'phone_call', 'liaison_meeting'] as const;
const JUNK: readonly unknown[] = [{ type: 'approve_release' }, { type: 'nope' }, { type: 'screen', screening: null }, { type: 'propose_waiver', reasons: 'all' }, null];

/** A command of `type` whose fields are chosen by the dice: sometimes right, sometimes wrong. */
function buildCommand(type: CommandType, dice: readonly number[], minute: number, c: WarningCase, actor: Actor): WarningCommand {
  const [d0, d1, d2] = dice;
  // Three times in four, an approval names a role the actor holds and the current product.
  const plausible = (d2 ?? 0) % 4 !== 0;
  const held = actor.kind === 'user' ? actor.roles : [];
  const currentHash = c.cycle.warning?.productHash ?? HASH_A;
  switch (type) {
    case 'screen':
      return { type, screening: { ...SCREENING, harmType: pick(['killing', 'killing', 'kidnapping', 'other'] as const, d0) }, orcon: pick([undefined, true, false], d1) };
    case 'establish_duty':
      return { type, basis: 'Credible and specific plot.' };
    case 'find_not_triggered':
      return { type, reason: 'Not credible after review.' };
    case 'propose_waiver':
      return {
        type,
        reasons: [{ reason: pick(['endangers_sources_or_operations', 'no_reasonable_way_to_warn'] as const, d0), justification: pick([JUSTIFICATION, 'short'], d1) }],
        reReviewAt: at(minute + pick([-1, 7, 120], d2) * 24 * 60),
      };
    case 'approve_waiver': {
      const roles = (['duty_to_warn_officer', 'legal_counsel'] as const).filter((role) => !plausible || held.includes(role));
      return { type, as: pick(roles.length > 0 ? roles : (['legal_counsel'] as const), d0) };
    }
    case 'reject_waiver':
      return { type, reason: 'Refused: warn the partner.' };
    case 'draft_warning':
      return { type, productHash: pick([HASH_A, HASH_B], d0), summary: 'Warning text', recipient: RECIPIENT, sunset: at(minute + pick([72, 72, -1], d1) * 60) };
    case 'submit_for_release':
      return { type };
    case 'approve_release': {
      const roles = (['duty_to_warn_officer', 'foreign_disclosure_officer', 'originator'] as const).filter((role) => !plausible || held.includes(role));
      return { type, as: pick(roles.length > 0 ? roles : (['originator'] as const), d0), productHash: plausible ? currentHash : pick([HASH_A, HASH_B], d1) };
    }
    case 'reject_release':
      return { type, reason: 'Tearline needs more work.' };
    case 'record_delivery_attempt':
      return { type, channel: pick(CHANNELS, d0), recipient: RECIPIENT, failure: 'No answer.' };
    case 'record_delivery':
      return { type, channel: pick(CHANNELS, d0), kind: pick(['release', 'disclosure'] as const, d1), recipient: RECIPIENT, productHash: plausible ? currentHash : pick([HASH_A, HASH_B], d1) };
    case 'record_acknowledgement':
      return { type, acknowledgedBy: 'Partner duty officer', channel: 'phone_call' };
    case 'start_monitoring':
      return { type, unacknowledgedReason: pick([undefined, 'The partner never acknowledges by policy.'], d0) };
    case 'close':
      return { type, outcome: pick(['foiled', 'nothing_by_window_end', 'unknown'] as const, d0) };
    case 'escalate': {
      if (pick([true, false], d0)) return { type, cause: 'dispute', reason: 'Disputed by a colleague.' };
      // The first due deadline if there is one, else a made-up key.
      const due = dueDeadlines(c, at(minute));
      return { type, cause: 'deadline_breach', deadlineKey: due.ok ? (due.due[0]?.key ?? 'case-1:decide:nowhere') : 'bad' };
    }
    case 'resolve_escalation': {
      const onward = pick(COMMAND_TYPES.filter((candidate) => candidate !== 'escalate' && candidate !== 'resolve_escalation'), d1);
      return pick([true, false], d0)
        ? ({ type, reason: 'Resolved by the duty officer.', then: buildCommand(onward, dice.slice(1), minute, c, actor) } as WarningCommand)
        : { type, reason: 'Resolved by the duty officer.' };
    }
    case 'reopen':
      return pick([true, false], d0) ? { type, reason: 're_review_due' } : { type, reason: 'new_information', note: 'New report from a partner.' };
  }
}

interface StepDice {
  /** Guided steps choose a command the current state accepts and someone holding a permitted role. */
  readonly guided: boolean;
  readonly dice: readonly number[];
  readonly gap: number;
}

const stepDice: fc.Arbitrary<StepDice> = fc.record({
  guided: fc.nat({ max: 3 }).map((die) => die !== 0),
  dice: fc.array(fc.nat({ max: 1000 }), { minLength: 6, maxLength: 6 }),
  gap: fc.nat({ max: 30 }),
});

/** Guided walks favour the steps that move a case on, so that random runs reach the gates. */
const GUIDED_WEIGHT: Partial<Record<CommandType, number>> = {
  approve_release: 4,
  approve_waiver: 4,
  reject_release: 1,
  reject_waiver: 1,
  find_not_triggered: 1,
};

function choose(step: StepDice, minute: number, c: WarningCase): { command: WarningCommand; actor: Actor } {
  const [typeDie, actorDie, junkDie, ...fieldDice] = step.dice;
  if (!step.guided) {
    const actor = pick(ACTORS, actorDie);
    if ((junkDie ?? 0) % 20 === 0) return { command: pick(JUNK, typeDie) as WarningCommand, actor };
    return { command: buildCommand(pick(COMMAND_TYPES, typeDie), fieldDice, minute, c, actor), actor };
  }
  // Escalation is accepted everywhere; left at full weight it would swamp the walk.
  const rarely = (junkDie ?? 0) % 8 !== 0;
  const accepted = COMMAND_TYPES.filter(
    (type) => TRANSITIONS[type].from.includes(c.state) && !(rarely && type === 'escalate' && c.state !== 'escalated'),
  ).flatMap((type) => Array<CommandType>(GUIDED_WEIGHT[type] ?? 2).fill(type));
  if (accepted.length === 0) return choose({ ...step, guided: false }, minute, c);
  const type = pick(accepted, typeDie);
  const rule = TRANSITIONS[type];
  const able = ACTORS.filter((actor) => (actor.kind === 'system' ? rule.system : actor.roles.some((role) => rule.roles.includes(role))));
  const actor = pick(able, actorDie);
  return { command: buildCommand(type, fieldDice, minute, c, actor), actor };
}

/** Who approved what, rebuilt from events only. */
interface Model {
  drafters: Set<string>;
  productHash: string | null;
  releaseApprovals: { userId: string; role: string; productHash: string }[];
  waiverProposer: string | null;
  waiverApprovals: { userId: string; role: string }[];
}

function observe(model: Model, event: WarningEvent): void {
  switch (event.type) {
    case 'reopened':
      model.drafters = new Set();
      model.productHash = null;
      model.releaseApprovals = [];
      break;
    case 'warning_drafted':
      model.drafters.add(event.actorId);
      model.productHash = event.productHash;
      break;
    case 'release_approval_recorded':
      model.releaseApprovals.push({ userId: event.actorId, role: event.role, productHash: event.productHash });
      break;
    case 'waiver_proposed':
      model.waiverProposer = event.actorId;
      model.waiverApprovals = [];
      break;
    case 'waiver_approval_recorded':
      model.waiverApprovals.push({ userId: event.actorId, role: event.role });
      break;
    default:
      break;
  }
}

function assertReleaseApproved(model: Model, orcon: boolean): void {
  const required = orcon ? ['duty_to_warn_officer', 'foreign_disclosure_officer', 'originator'] : ['duty_to_warn_officer', 'foreign_disclosure_officer'];
  const counting = model.releaseApprovals.filter((approval) => approval.productHash === model.productHash && !model.drafters.has(approval.userId));
  const people = new Set<string>();
  for (const role of required) {
    const approval = counting.find((candidate) => candidate.role === role);
    assert.ok(approval !== undefined, `reached delivery without a ${role} approval of the current product`);
    people.add(approval.userId);
  }
  assert.equal(people.size, required.length, 'reached delivery with one person approving in two roles');
}

function assertWaiverApproved(model: Model): void {
  const officer = model.waiverApprovals.find((approval) => approval.role === 'duty_to_warn_officer');
  const counsel = model.waiverApprovals.find((approval) => approval.role === 'legal_counsel');
  assert.ok(officer !== undefined && counsel !== undefined, 'reached waived without officer and counsel approvals');
  assert.notEqual(officer.userId, counsel.userId, 'officer and counsel were the same person');
  assert.notEqual(officer.userId, model.waiverProposer, 'the proposer approved their own waiver');
  assert.notEqual(counsel.userId, model.waiverProposer, 'the proposer approved their own waiver');
}

test('random commands by random actors never reach delivery or waived without the required approvals', (t) => {
  const reached = { delivery: 0, waived: 0 };
  fc.assert(
    fc.property(
      fc.boolean(),
      fc.array(stepDice, { minLength: 20, maxLength: 80 }),
      (orcon, steps) => {
        let current = open({ orcon }).case;
        let minute = 0;
        const model: Model = { drafters: new Set(), productHash: null, releaseApprovals: [], waiverProposer: null, waiverApprovals: [] };
        const seen = new Set<string>();
        for (const step of steps) {
          minute += step.gap;
          const { command, actor } = choose(step, minute, current);
          const result = apply(current, command, actor, at(minute));
          if (!result.ok) {
            assert.equal(typeof result.code, 'string');
            assert.ok(result.message.length > 0);
            continue;
          }
          for (const event of result.events) {
            observe(model, event);
            if (event.to === 'delivery') assertReleaseApproved(model, result.case.orcon);
            if (event.to === 'waived') assertWaiverApproved(model);
          }
          current = result.case;
          if (current.state === 'delivery') assertReleaseApproved(model, current.orcon);
          if (current.state === 'waived') assertWaiverApproved(model);
          if (current.state === 'delivery' || current.state === 'waived') seen.add(current.state);
        }
        if (seen.has('delivery')) reached.delivery += 1;
        if (seen.has('waived')) reached.waived += 1;
      },
    ),
    { numRuns: 400 },
  );
  t.diagnostic(`runs reaching each gate: ${JSON.stringify(reached)}`);
  // The property is only worth something if random runs do get there (about 1 in 10 do).
  assert.ok(reached.delivery >= 5, `too few runs reached delivery (${JSON.stringify(reached)})`);
  assert.ok(reached.waived >= 5, `too few runs reached waived (${JSON.stringify(reached)})`);
});
