// Waivers (DOMAIN.md §1 "Justified waiver reasons", "Two different people").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apply, type ApplyResult } from './apply.ts';
import { openCase } from './case.ts';
import type { WarningCommand } from './commands.ts';
import { makeWarningSettings } from './settings.ts';
import {
  ADMIN,
  ANALYST,
  at,
  COMMANDS,
  COUNSEL,
  DELIVERER,
  JUSTIFICATION,
  OFFICER,
  OFFICER_2,
  OVERSIGHT,
  play,
  reach,
  RECIPIENT,
  SCREENING,
  user,
} from './testFixtures.ts';
import { DAY_MS } from './time.ts';

const DAY_MIN = 24 * 60;
const APPROVE_AS_OFFICER: WarningCommand = { type: 'approve_waiver', as: 'duty_to_warn_officer' };
const APPROVE_AS_COUNSEL: WarningCommand = { type: 'approve_waiver', as: 'legal_counsel' };

function code(result: ApplyResult): string | null {
  return result.ok ? null : result.code;
}

function propose(reasons: unknown, reReviewAt: unknown): WarningCommand {
  return { type: 'propose_waiver', reasons, reReviewAt } as unknown as WarningCommand;
}

describe('approving a waiver', () => {
  test('officer and counsel, two people, neither the proposer: the case is waived', () => {
    const start = reach('waiver_review');
    const first = apply(start.case, APPROVE_AS_OFFICER, OFFICER, at(10));
    assert.ok(first.ok);
    assert.equal(first.case.state, 'waiver_review', 'one approval is not enough');
    const second = apply(first.case, APPROVE_AS_COUNSEL, COUNSEL, at(11));
    assert.ok(second.ok);
    assert.equal(second.case.state, 'waived');
    assert.deepEqual(second.events.map((event) => event.type), ['waiver_approval_recorded', 'waiver_approved', 'decision_recorded']);
    const waiver = second.case.waivers.at(-1);
    assert.equal(waiver?.status, 'approved');
    assert.deepEqual(waiver?.approvals.map((approval) => [approval.userId, approval.role]), [
      ['olga', 'duty_to_warn_officer'],
      ['lena', 'legal_counsel'],
    ]);
    assert.equal(second.case.milestones.decision, 'waive');
    assert.equal(second.case.milestones.decidedAt, at(11));
  });

  test('the proposer cannot approve their own waiver', () => {
    const proposed = play(reach('duty_established'), [[COMMANDS.proposeWaiver(), OFFICER, 3]]);
    assert.equal(code(apply(proposed.case, APPROVE_AS_OFFICER, OFFICER, at(4))), 'self-approval');
    // Another officer can.
    assert.ok(apply(proposed.case, APPROVE_AS_OFFICER, OFFICER_2, at(4)).ok);
  });

  test('one person holding both roles cannot give both approvals', () => {
    const both = user('bea', 'duty_to_warn_officer', 'legal_counsel');
    const start = reach('waiver_review');
    const first = apply(start.case, APPROVE_AS_OFFICER, both, at(10));
    assert.ok(first.ok);
    assert.equal(code(apply(first.case, APPROVE_AS_COUNSEL, both, at(11))), 'same-person-two-roles');
  });

  test('two officers do not make an officer and a counsel', () => {
    const start = reach('waiver_review');
    const first = apply(start.case, APPROVE_AS_OFFICER, OFFICER, at(10));
    assert.ok(first.ok);
    assert.equal(code(apply(first.case, APPROVE_AS_OFFICER, OFFICER_2, at(11))), 'role-already-approved');
  });

  test('approving in a role one does not hold is refused, and an administrator needs the role', () => {
    const start = reach('waiver_review');
    assert.equal(code(apply(start.case, APPROVE_AS_COUNSEL, OFFICER, at(10))), 'role-not-permitted');
    assert.equal(code(apply(start.case, APPROVE_AS_OFFICER, ADMIN, at(10))), 'role-not-permitted');
    assert.ok(apply(start.case, APPROVE_AS_OFFICER, user('max', 'administrator', 'duty_to_warn_officer'), at(10)).ok);
  });

  test('oversight can do nothing', () => {
    const start = reach('waiver_review');
    for (const command of [APPROVE_AS_OFFICER, APPROVE_AS_COUNSEL, { type: 'reject_waiver', reason: 'I object to this.' } as const]) {
      assert.equal(code(apply(start.case, command, OVERSIGHT, at(10))), 'read-only-role');
    }
  });
});

describe('proposing a waiver', () => {
  const start = reach('duty_established');
  const now = at(start.minute + 1);
  const reason4 = [{ reason: 'endangers_sources_or_operations', justification: JUSTIFICATION }];

  test('needs at least one named reason', () => {
    assert.equal(code(apply(start.case, propose([], at(DAY_MIN)), ANALYST, now)), 'waiver-reason-missing');
    assert.equal(code(apply(start.case, propose(undefined, at(DAY_MIN)), ANALYST, now)), 'waiver-reason-missing');
    assert.equal(code(apply(start.case, propose([{ reason: 'convenience', justification: JUSTIFICATION }], at(DAY_MIN)), ANALYST, now)), 'invalid-field');
  });

  test('needs a written justification of each reason', () => {
    assert.equal(code(apply(start.case, propose([{ reason: 'victim_already_aware' }], at(DAY_MIN)), ANALYST, now)), 'justification-too-short');
    assert.equal(code(apply(start.case, propose([{ reason: 'victim_already_aware', justification: 'they know' }], at(DAY_MIN)), ANALYST, now)), 'justification-too-short');
    const second = [...reason4, { reason: 'victim_already_aware', justification: '   ' }];
    assert.equal(code(apply(start.case, propose(second, at(DAY_MIN)), ANALYST, now)), 'justification-too-short');
  });

  test('does not name the same reason twice', () => {
    assert.equal(code(apply(start.case, propose([...reason4, ...reason4], at(DAY_MIN)), ANALYST, now)), 'waiver-reason-duplicated');
  });

  test('needs a re-review date in the future and within the maximum', () => {
    assert.equal(code(apply(start.case, propose(reason4, undefined), ANALYST, now)), 're-review-date-missing');
    assert.equal(code(apply(start.case, propose(reason4, 'next week'), ANALYST, now)), 'invalid-timestamp');
    assert.equal(code(apply(start.case, propose(reason4, at(start.minute)), ANALYST, now)), 're-review-date-not-future');
    assert.equal(code(apply(start.case, propose(reason4, at(start.minute + 1 + 91 * DAY_MIN)), ANALYST, now)), 're-review-date-too-far');
    assert.ok(apply(start.case, propose(reason4, at(start.minute + 1 + 90 * DAY_MIN)), ANALYST, now).ok);
  });

  test('the maximum re-review period is configurable', () => {
    const settings = makeWarningSettings({ maxReReviewMs: 30 * DAY_MS });
    assert.ok(settings.ok);
    const opened = openCase({ id: 'case-2', summary: 'Short review period', settings: settings.value }, ANALYST, at(0));
    assert.ok(opened.ok);
    const duty = play({ case: opened.case, events: [], minute: 0 }, [
      [COMMANDS.screen, ANALYST, 1],
      [COMMANDS.establishDuty, ANALYST, 2],
    ]);
    assert.equal(code(apply(duty.case, propose(reason4, at(3 + 31 * DAY_MIN)), ANALYST, at(3))), 're-review-date-too-far');
    assert.ok(apply(duty.case, propose(reason4, at(3 + 29 * DAY_MIN)), ANALYST, at(3)).ok);
  });

  test('reason 5 (no reasonable way to warn) only after failed attempts on two different channels', () => {
    const reason5 = [{ reason: 'no_reasonable_way_to_warn', justification: 'Recipient unreachable on every known channel.' }];
    assert.equal(code(apply(start.case, propose(reason5, at(DAY_MIN)), ANALYST, now)), 'reason-5-needs-two-failed-channels');

    const attempt = (channel: string): WarningCommand =>
      ({ type: 'record_delivery_attempt', channel, recipient: RECIPIENT, failure: 'No answer.' }) as WarningCommand;
    const delivery = reach('delivery');
    const samePhoneTwice = play(delivery, [
      [attempt('phone_call'), DELIVERER, 10],
      [attempt('phone_call'), DELIVERER, 11],
    ]);
    assert.equal(code(apply(samePhoneTwice.case, propose(reason5, at(DAY_MIN)), ANALYST, at(12))), 'reason-5-needs-two-failed-channels');

    const twoChannels = play(samePhoneTwice, [[attempt('email'), DELIVERER, 12]]);
    const proposed = apply(twoChannels.case, propose(reason5, at(DAY_MIN)), ANALYST, at(13));
    assert.ok(proposed.ok, proposed.ok ? '' : proposed.message);
    assert.equal(proposed.case.state, 'waiver_review');
  });
});

describe('refusing a waiver', () => {
  test('sends the case to warning preparation and records the decision to warn', () => {
    const start = reach('waiver_review');
    const result = apply(start.case, { type: 'reject_waiver', reason: 'The source is already burned; warn.' }, COUNSEL, at(10));
    assert.ok(result.ok);
    assert.equal(result.case.state, 'warning_prep');
    assert.equal(result.case.waivers.at(-1)?.status, 'rejected');
    assert.equal(result.case.waivers.at(-1)?.rejection?.by, 'lena');
    assert.equal(result.case.milestones.decision, 'warn');
    assert.deepEqual(result.events.map((event) => event.type), ['waiver_rejected', 'decision_recorded']);
  });

  test('a waiver proposed during delivery goes back to delivery when refused', () => {
    const proposed = play(reach('delivery'), [[COMMANDS.proposeWaiver(), ANALYST, 10]]);
    const result = apply(proposed.case, { type: 'reject_waiver', reason: 'Keep trying the liaison channel.' }, OFFICER, at(11));
    assert.ok(result.ok);
    assert.equal(result.case.state, 'delivery');
    assert.deepEqual(result.events.map((event) => event.type), ['waiver_rejected'], 'the decision to warn was already on record');
  });

  test('a rejection needs a reason', () => {
    const start = reach('waiver_review');
    assert.equal(code(apply(start.case, { type: 'reject_waiver', reason: 'no' }, COUNSEL, at(10))), 'note-too-short');
  });
});

describe('establishing the duty', () => {
  test('needs a recorded screening and a harm the duty covers', () => {
    const reported = reach('reported');
    const other = play(reported, [[{ type: 'screen', screening: { ...SCREENING, harmType: 'other' } }, ANALYST, 1]]);
    assert.equal(code(apply(other.case, COMMANDS.establishDuty, ANALYST, at(2))), 'harm-not-covered');
    assert.ok(apply(other.case, COMMANDS.notTriggered, ANALYST, at(2)).ok);
  });

  test('a malformed screening is refused with the field named', () => {
    const reported = reach('reported');
    const bad = (screening: unknown): WarningCommand => ({ type: 'screen', screening }) as WarningCommand;
    const cases: [unknown, string, RegExp][] = [
      [undefined, 'missing-field', /screening/],
      [{ ...SCREENING, harmType: 'arson' }, 'invalid-field', /harmType/],
      [{ ...SCREENING, victim: { ...SCREENING.victim, country: 'Syria' } }, 'invalid-field', /country/],
      [{ ...SCREENING, victim: { ...SCREENING.victim, identity: '' } }, 'missing-field', /identity/],
      [{ ...SCREENING, credibility: { sourceReliability: 'G', informationCredibility: 2 } }, 'invalid-field', /sourceReliability/],
      [{ ...SCREENING, specificity: { ...SCREENING.specificity, how: 3 } }, 'invalid-field', /specificity\.how/],
      [{ ...SCREENING, imminence: 'I4' }, 'invalid-field', /imminence/],
      [{ ...SCREENING, window: { start: at(100), end: at(50) } }, 'invalid-field', /window/],
      [{ ...SCREENING, window: { start: '2025-02-30T00:00:00Z', end: null } }, 'invalid-timestamp', /window\.start/],
    ];
    for (const [screening, expected, field] of cases) {
      const result = apply(reported.case, bad(screening), ANALYST, at(1));
      assert.ok(!result.ok);
      assert.equal(result.code, expected, JSON.stringify(screening));
      assert.match(result.message, field);
    }
  });

  test('the ORCON flag can be raised at screening but never cleared', () => {
    const reported = reach('reported');
    const raised = apply(reported.case, { type: 'screen', screening: SCREENING, orcon: true }, ANALYST, at(1));
    assert.ok(raised.ok);
    assert.equal(raised.case.orcon, true);
    assert.equal(code(apply(raised.case, { type: 'screen', screening: SCREENING, orcon: false }, ANALYST, at(2))), 'orcon-cannot-be-cleared');
  });
});
