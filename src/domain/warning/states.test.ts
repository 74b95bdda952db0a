// The transition table of DOMAIN.md §1, both ways: every listed (command, state) pair works
// with the right fields and the right person, and every pair not listed is refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apply } from './apply.ts';
import type { CommandType, WarningCommand } from './commands.ts';
import type { Actor } from './roles.ts';
import { COMMAND_TYPES, TRANSITIONS, WARNING_STATES, type WarningState } from './states.ts';
import {
  ANALYST,
  at,
  COMMANDS,
  COUNSEL,
  DELIVERER,
  FDO,
  HASH_B,
  OFFICER,
  RECIPIENT,
  reach,
  SCHEDULER,
  SCREENING,
  user,
  type Played,
} from './testFixtures.ts';

interface Scenario {
  readonly start: Played;
  readonly command: WarningCommand;
  readonly actor: Actor;
  /** Minutes after the start's last step; 1 unless a deadline must pass first. */
  readonly later?: number;
}

const ATTEMPT: WarningCommand = {
  type: 'record_delivery_attempt',
  channel: 'phone_call',
  recipient: RECIPIENT,
  failure: 'No answer on the duty line.',
};
const NEW_INFORMATION: WarningCommand = { type: 'reopen', reason: 'new_information', note: 'A second source names a new date.' };

/** The right command, fields and person for each allowed (command, state) pair. */
function scenario(type: CommandType, from: WarningState): Scenario | null {
  const start = reach(from);
  switch (type) {
    case 'screen':
      return { start, command: { type: 'screen', screening: { ...SCREENING, imminence: 'I2' } }, actor: ANALYST };
    case 'establish_duty':
      return { start, command: COMMANDS.establishDuty, actor: OFFICER };
    case 'find_not_triggered':
      return { start, command: COMMANDS.notTriggered, actor: ANALYST };
    case 'propose_waiver':
      return { start, command: COMMANDS.proposeWaiver(), actor: ANALYST };
    case 'approve_waiver':
      return { start, command: { type: 'approve_waiver', as: 'legal_counsel' }, actor: COUNSEL };
    case 'reject_waiver':
      return { start, command: { type: 'reject_waiver', reason: 'The source is already burned; warn.' }, actor: COUNSEL };
    case 'draft_warning':
      return { start, command: COMMANDS.draft(HASH_B), actor: ANALYST };
    case 'submit_for_release':
      return { start, command: COMMANDS.submit, actor: ANALYST };
    case 'approve_release':
      return { start, command: COMMANDS.approveRelease('foreign_disclosure_officer'), actor: FDO };
    case 'reject_release':
      return { start, command: { type: 'reject_release', reason: 'Tearline still names the intercept.' }, actor: FDO };
    case 'record_delivery_attempt':
      return { start, command: ATTEMPT, actor: DELIVERER };
    case 'record_delivery':
      return { start, command: COMMANDS.deliver(), actor: DELIVERER };
    case 'record_acknowledgement':
      return { start, command: COMMANDS.acknowledge, actor: DELIVERER };
    case 'start_monitoring':
      return from === 'delivered'
        ? { start, command: { type: 'start_monitoring', unacknowledgedReason: 'Partner never acknowledges in writing by policy.' }, actor: ANALYST }
        : { start, command: COMMANDS.monitor, actor: ANALYST };
    case 'close':
      return { start, command: COMMANDS.close, actor: OFFICER };
    case 'escalate':
      // While escalated, only a further deadline breach is taken: the I1 screen deadline
      // (report at minute 0 + 1 h) has passed by minute 61.
      return from === 'escalated'
        ? { start, command: { type: 'escalate', cause: 'deadline_breach', deadlineKey: `case-1:screen:${at(60)}` }, actor: SCHEDULER, later: 61 - start.minute }
        : { start, command: COMMANDS.dispute, actor: COUNSEL };
    case 'resolve_escalation':
      return { start, command: { type: 'resolve_escalation', reason: 'Imminence reviewed and confirmed.' }, actor: OFFICER };
    case 'reopen':
      return { start, command: NEW_INFORMATION, actor: ANALYST };
  }
}

describe('allowed transitions (DOMAIN.md §1)', () => {
  for (const type of COMMAND_TYPES) {
    for (const from of TRANSITIONS[type].from) {
      test(`${type} from ${from}`, () => {
        const chosen = scenario(type, from);
        assert.ok(chosen !== null);
        const result = apply(chosen.start.case, chosen.command, chosen.actor, at(chosen.start.minute + (chosen.later ?? 1)));
        assert.ok(result.ok, result.ok ? '' : `${result.code}: ${result.message}`);
        assert.ok(TRANSITIONS[type].to.includes(result.case.state), `${type} led to ${result.case.state}`);
        assert.ok(result.events.length > 0, 'every transition is recorded by at least one event');
        for (const event of result.events) {
          assert.equal(event.caseId, 'case-1');
          assert.equal(event.at, at(chosen.start.minute + (chosen.later ?? 1)));
        }
        assert.ok(Object.isFrozen(result.case) && Object.isFrozen(result.case.cycle), 'the case is an immutable value');
      });
    }
  }
});

/** Valid-looking commands of every type: only the state should stop them. */
const SAMPLES: Readonly<Record<CommandType, WarningCommand>> = {
  screen: COMMANDS.screen,
  establish_duty: COMMANDS.establishDuty,
  find_not_triggered: COMMANDS.notTriggered,
  propose_waiver: COMMANDS.proposeWaiver(),
  approve_waiver: { type: 'approve_waiver', as: 'duty_to_warn_officer' },
  reject_waiver: { type: 'reject_waiver', reason: 'No, warn them today.' },
  draft_warning: COMMANDS.draft(),
  submit_for_release: COMMANDS.submit,
  approve_release: COMMANDS.approveRelease('duty_to_warn_officer'),
  reject_release: { type: 'reject_release', reason: 'Needs another pass.' },
  record_delivery_attempt: ATTEMPT,
  record_delivery: COMMANDS.deliver(),
  record_acknowledgement: COMMANDS.acknowledge,
  start_monitoring: COMMANDS.monitor,
  close: COMMANDS.close,
  escalate: COMMANDS.dispute,
  resolve_escalation: { type: 'resolve_escalation', reason: 'Resolved after review.' },
  reopen: NEW_INFORMATION,
};

/** Holds every role that acts, so only the state can be the reason for a refusal. */
const EVERYONE = user('zed', 'analyst', 'duty_to_warn_officer', 'legal_counsel', 'foreign_disclosure_officer', 'originator', 'delivery_officer');

describe('forbidden transitions: every state x command not in the table is refused', () => {
  for (const state of WARNING_STATES) {
    test(`in ${state}`, () => {
      const start = reach(state);
      let refused = 0;
      for (const type of COMMAND_TYPES) {
        if (TRANSITIONS[type].from.includes(state)) continue;
        const result = apply(start.case, SAMPLES[type], EVERYONE, at(start.minute + 1));
        assert.equal(result.ok, false, `${type} in ${state} must be refused`);
        assert.ok(!result.ok);
        assert.equal(result.code, state === 'escalated' ? 'case-escalated' : 'transition-not-allowed', `${type} in ${state}`);
        assert.match(result.message, new RegExp(type));
        refused += 1;
      }
      assert.ok(refused > 0 || state === 'escalated');
    });
  }

  test('the table is complete: every command is accepted somewhere and every state but the terminal ones leads on', () => {
    for (const type of COMMAND_TYPES) assert.ok(TRANSITIONS[type].from.length > 0, type);
    for (const state of WARNING_STATES) {
      const onward = COMMAND_TYPES.filter((type) => type !== 'escalate' && TRANSITIONS[type].from.includes(state));
      if (state === 'closed') assert.deepEqual(onward, []);
      else assert.ok(onward.length > 0, `${state} has a way on`);
    }
  });

  test('a dispute cannot be raised twice on an escalated case', () => {
    const start = reach('escalated');
    const result = apply(start.case, COMMANDS.dispute, COUNSEL, at(start.minute + 1));
    assert.deepEqual(result.ok ? null : result.code, 'already-escalated');
  });
});
