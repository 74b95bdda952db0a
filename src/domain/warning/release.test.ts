// Release approvals (DOMAIN.md §1 "Two different people"; ORCON, DOMAIN.md §2).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apply, type ApplyResult } from './apply.ts';
import type { WarningCommand } from './commands.ts';
import {
  ANALYST,
  at,
  COMMANDS,
  DELIVERER,
  FDO,
  HASH_A,
  HASH_B,
  OFFICER,
  OFFICER_2,
  ORIGINATOR,
  play,
  reach,
  user,
} from './testFixtures.ts';

function code(result: ApplyResult): string | null {
  return result.ok ? null : result.code;
}

const asOfficer = COMMANDS.approveRelease('duty_to_warn_officer');
const asFdo = COMMANDS.approveRelease('foreign_disclosure_officer');

describe('release approvals', () => {
  test('officer and foreign-disclosure officer, two non-drafters, clear the release', () => {
    const start = reach('release_review');
    const first = apply(start.case, asOfficer, OFFICER, at(10));
    assert.ok(first.ok);
    assert.equal(first.case.state, 'release_review');
    const second = apply(first.case, asFdo, FDO, at(11));
    assert.ok(second.ok);
    assert.equal(second.case.state, 'delivery');
    const approved = second.events.find((event) => event.type === 'release_approved');
    assert.ok(approved !== undefined && approved.type === 'release_approved');
    assert.deepEqual([...approved.approvers].sort(), ['finn', 'olga']);
    assert.equal(approved.productHash, HASH_A);
    assert.equal(second.case.milestones.approvedAt, at(11));
  });

  test('a drafter cannot approve, even one who only drafted an earlier version', () => {
    const draftedByOfficer = play(reach('duty_established'), [
      [COMMANDS.draft(), OFFICER, 3],
      [COMMANDS.draft(HASH_B), ANALYST, 4],
      [COMMANDS.submit, ANALYST, 5],
    ]);
    assert.equal(code(apply(draftedByOfficer.case, COMMANDS.approveRelease('duty_to_warn_officer', HASH_B), OFFICER, at(6))), 'self-approval');
    assert.ok(apply(draftedByOfficer.case, COMMANDS.approveRelease('duty_to_warn_officer', HASH_B), OFFICER_2, at(6)).ok);
  });

  test('an approver who then edits the product becomes a drafter and their approval stops counting', () => {
    const approvedThenEdited = play(reach('release_review'), [
      [asOfficer, OFFICER, 10],
      [COMMANDS.draft(HASH_A), OFFICER, 11],
      [COMMANDS.submit, ANALYST, 12],
      [asFdo, FDO, 13],
    ]);
    assert.equal(approvedThenEdited.case.state, 'release_review', 'the officer approval no longer counts');
    const cleared = apply(approvedThenEdited.case, asOfficer, OFFICER_2, at(14));
    assert.ok(cleared.ok);
    assert.equal(cleared.case.state, 'delivery');
  });

  test('one person cannot approve in two roles', () => {
    const both = user('bo', 'duty_to_warn_officer', 'foreign_disclosure_officer');
    const first = apply(reach('release_review').case, asOfficer, both, at(10));
    assert.ok(first.ok);
    assert.equal(code(apply(first.case, asFdo, both, at(11))), 'same-person-two-roles');
    assert.equal(code(apply(first.case, asOfficer, OFFICER_2, at(11))), 'role-already-approved');
  });

  test('an approval of a stale product hash does not count', () => {
    const officerApprovedA = play(reach('release_review'), [[asOfficer, OFFICER, 10]]);
    // The product changes: back to preparation, then review again.
    const revised = play(officerApprovedA, [
      [COMMANDS.draft(HASH_B), ANALYST, 11],
      [COMMANDS.submit, ANALYST, 12],
    ]);
    assert.equal(code(apply(revised.case, asFdo, FDO, at(13))), 'stale-product-hash', 'approving the old hash is refused');
    const fdoApprovedB = play(revised, [[COMMANDS.approveRelease('foreign_disclosure_officer', HASH_B), FDO, 13]]);
    assert.equal(fdoApprovedB.case.state, 'release_review', "the officer's approval of the old product does not count");
    const cleared = apply(fdoApprovedB.case, COMMANDS.approveRelease('duty_to_warn_officer', HASH_B), OFFICER, at(14));
    assert.ok(cleared.ok);
    assert.equal(cleared.case.state, 'delivery');
    assert.equal(cleared.case.cycle.releaseApprovals.length, 3, 'the stale approval stays on record');
  });

  test('an ORCON source needs the originator as a third, different approver', () => {
    const orcon = reach('release_review', { orcon: true });
    const two = play(orcon, [
      [asOfficer, OFFICER, 10],
      [asFdo, FDO, 11],
    ]);
    assert.equal(two.case.state, 'release_review');
    const originatorAlsoFdo = user('finn', 'foreign_disclosure_officer', 'originator');
    assert.equal(code(apply(two.case, COMMANDS.approveRelease('originator'), originatorAlsoFdo, at(12))), 'same-person-two-roles');
    const three = apply(two.case, COMMANDS.approveRelease('originator'), ORIGINATOR, at(12));
    assert.ok(three.ok);
    assert.equal(three.case.state, 'delivery');
  });

  test('without ORCON the originator has nothing to approve', () => {
    assert.equal(code(apply(reach('release_review').case, COMMANDS.approveRelease('originator'), ORIGINATOR, at(10))), 'approval-not-required');
  });

  test('roles: a delivery officer cannot approve, an analyst cannot approve as officer', () => {
    const start = reach('release_review');
    assert.equal(code(apply(start.case, asOfficer, DELIVERER, at(10))), 'role-not-permitted');
    assert.equal(code(apply(start.case, asFdo, ANALYST, at(10))), 'role-not-permitted');
  });

  test('a rejected release goes back to preparation', () => {
    const result = apply(reach('release_review').case, { type: 'reject_release', reason: 'The tearline names the intercept.' }, FDO, at(10));
    assert.ok(result.ok);
    assert.equal(result.case.state, 'warning_prep');
  });
});

describe('drafting', () => {
  const duty = reach('duty_established');

  test('every warning carries a sunset in the future', () => {
    const past = { ...COMMANDS.draft(), sunset: at(1) } as WarningCommand;
    assert.equal(code(apply(duty.case, past, ANALYST, at(3))), 'sunset-passed');
    const missing = { ...COMMANDS.draft(), sunset: undefined } as unknown as WarningCommand;
    assert.equal(code(apply(duty.case, missing, ANALYST, at(3))), 'missing-field');
  });

  test('the product is identified by a SHA-256 hash', () => {
    const short = { ...COMMANDS.draft(), productHash: 'abc' } as WarningCommand;
    assert.equal(code(apply(duty.case, short, ANALYST, at(3))), 'invalid-field');
    const upper = { ...COMMANDS.draft(), productHash: 'A'.repeat(64) } as WarningCommand;
    assert.equal(code(apply(duty.case, upper, ANALYST, at(3))), 'invalid-field');
  });

  test('a warning cannot be submitted once its sunset has passed', () => {
    const prep = play(duty, [[COMMANDS.draft(), ANALYST, 3]]);
    assert.equal(code(apply(prep.case, COMMANDS.submit, ANALYST, at(61 * 60))), 'sunset-passed');
  });
});
