// One warning, several channels (DOMAIN.md §1 "A delivery records who, to whom, when,
// channel, and the exact text delivered"): the founding scenario sends it over TAXII and by
// email, and the liaison officer may brief it in a meeting too. Each delivery, failed
// attempt and acknowledgement is recorded; the first delivery and the first acknowledgement
// move the case on and set the time-to-warn milestones, later ones leave both as they are.
// And the machine may record what a machine channel did, never a meeting or an approval.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apply, type ApplyResult } from './apply.ts';
import { deadlineKey } from './deadlines.ts';
import type { WarningCommand } from './commands.ts';
import type { Actor } from './roles.ts';
import { ANALYST, at, COMMANDS, DELIVERER, FDO, HASH_A, OFFICER, play, reach, RECIPIENT, SCHEDULER } from './testFixtures.ts';

const MACHINE: Actor = { kind: 'system', systemId: 'delivery' };

function code(result: ApplyResult): string | null {
  return result.ok ? null : result.code;
}

function release(channel: string, fields: Record<string, unknown> = {}): WarningCommand {
  return { type: 'record_delivery', channel, kind: 'release', recipient: RECIPIENT, productHash: HASH_A, ...fields } as WarningCommand;
}

function acknowledgement(channel: string, by: string, fields: Record<string, unknown> = {}): WarningCommand {
  return { type: 'record_acknowledgement', acknowledgedBy: by, channel, ...fields } as WarningCommand;
}

describe('several channels for one warning', () => {
  test('TAXII then email: both recorded, the first sets delivered and the milestone', () => {
    const played = play(reach('delivery'), [
      [release('taxii'), DELIVERER, 10],
      [release('email'), DELIVERER, 11],
    ]);
    assert.equal(played.case.state, 'delivered');
    assert.deepEqual(played.case.deliveries.map((d) => [d.channel, d.deliveredAt, d.productHash]), [['taxii', at(10), HASH_A], ['email', at(11), HASH_A]]);
    assert.equal(played.case.milestones.deliveredAt, at(10), 'time to warn counts the first delivery');
    const delivered = played.events.filter((e) => e.type === 'delivered');
    assert.deepEqual(delivered.map((e) => [e.from, e.to]), [['delivery', 'delivered'], ['delivered', 'delivered']]);
  });

  test('the same delivery is never recorded twice (the machine and an officer recording one send)', () => {
    const once = play(reach('delivery'), [[release('email', { deliveredAt: at(10) }), DELIVERER, 10]]);
    const twice = apply(once.case, release('email', { deliveredAt: at(10) }), OFFICER, at(12));
    assert.equal(code(twice), 'delivery-already-recorded');
    assert.ok(!twice.ok && /email delivery at .* is already on the case/.test(twice.message));
    // A second send on the same channel at another time is another delivery.
    assert.ok(apply(once.case, release('email', { deliveredAt: at(11) }), OFFICER, at(12)).ok);
  });

  test('several recorded disclosures: a liaison meeting and a call, each with its own record', () => {
    const meeting: WarningCommand = { ...COMMANDS.deliver(), deliveredAt: at(9) } as WarningCommand;
    const call = { type: 'record_delivery', channel: 'phone_call', kind: 'disclosure', recipient: { ...RECIPIENT, name: 'Shrine guard commander' }, productHash: HASH_A } as WarningCommand;
    const played = play(reach('delivery'), [[meeting, DELIVERER, 10], [call, DELIVERER, 20]]);
    assert.deepEqual(played.case.deliveries.map((d) => [d.channel, d.kind, d.recipient.name]), [
      ['liaison_meeting', 'disclosure', RECIPIENT.name],
      ['phone_call', 'disclosure', 'Shrine guard commander'],
    ]);
    assert.equal(played.case.milestones.deliveredAt, at(9));
  });

  test('after the acknowledgement and in monitoring a further delivery is recorded and the state stays', () => {
    const acknowledged = reach('acknowledged');
    const more = apply(acknowledged.case, release('email'), DELIVERER, at(20));
    assert.ok(more.ok, more.ok ? '' : more.message);
    assert.equal(more.case.state, 'acknowledged');
    assert.equal(more.case.deliveries.length, 2);
    assert.equal(more.case.milestones.deliveredAt, acknowledged.case.milestones.deliveredAt);
    const monitoring = reach('monitoring');
    const late = apply(monitoring.case, release('taxii'), DELIVERER, at(20));
    assert.ok(late.ok);
    assert.equal(late.case.state, 'monitoring');
    assert.equal(code(apply(reach('closed').case, release('email'), DELIVERER, at(20))), 'transition-not-allowed');
  });

  test('only the approved product, on every channel', () => {
    const delivered = reach('delivered');
    assert.equal(code(apply(delivered.case, release('email', { productHash: 'b'.repeat(64) }), DELIVERER, at(20))), 'product-hash-mismatch');
  });

  test('a failure on a second channel after the first delivery is kept; the state stays', () => {
    const delivered = reach('delivered');
    const failed = apply(delivered.case, { type: 'record_delivery_attempt', channel: 'email', recipient: RECIPIENT, failure: 'smtp: ECONNREFUSED' }, DELIVERER, at(20));
    assert.ok(failed.ok);
    assert.equal(failed.case.state, 'delivered');
    assert.equal(failed.case.deliveryAttempts.length, 1);
    assert.deepEqual(failed.events.map((e) => [e.type, e.from, e.to]), [['delivery_attempt_failed', 'delivered', 'delivered']]);
  });

  test('a further acknowledgement is logged; the case keeps the first, its time and its state', () => {
    const first = play(reach('delivery'), [
      [release('taxii'), DELIVERER, 10],
      [release('email'), DELIVERER, 11],
      [acknowledgement('taxii', 'Partner duty desk (note)'), DELIVERER, 12],
    ]);
    assert.equal(first.case.state, 'acknowledged');
    const second = apply(first.case, acknowledgement('email', 'Partner duty desk (link)'), DELIVERER, at(13));
    assert.ok(second.ok);
    assert.equal(second.case.state, 'acknowledged');
    assert.equal(second.case.acknowledgement?.acknowledgedBy, 'Partner duty desk (note)');
    assert.equal(second.case.milestones.acknowledgedAt, at(12));
    assert.deepEqual(second.events.map((e) => [e.type, e.from, e.to, e.type === 'acknowledged' ? e.acknowledgedBy : null]), [
      ['acknowledged', 'acknowledged', 'acknowledged', 'Partner duty desk (link)'],
    ]);
    const monitoring = play(first, [[COMMANDS.monitor, ANALYST, 14]]);
    const inMonitoring = apply(monitoring.case, acknowledgement('email', 'Partner duty desk (link)'), DELIVERER, at(15));
    assert.ok(inMonitoring.ok);
    assert.equal(inMonitoring.case.state, 'monitoring');
  });

  test('an acknowledgement may come between two deliveries, never before the first', () => {
    const two = play(reach('delivery'), [
      [release('taxii', { deliveredAt: at(10) }), DELIVERER, 10],
      [release('email', { deliveredAt: at(30) }), DELIVERER, 30],
    ]);
    assert.ok(apply(two.case, acknowledgement('taxii', 'Partner', { acknowledgedAt: at(20) }), DELIVERER, at(31)).ok);
    assert.equal(code(apply(two.case, acknowledgement('taxii', 'Partner', { acknowledgedAt: at(9) }), DELIVERER, at(31))), 'time-out-of-range');
  });
});

describe('the machine records what a machine channel did', () => {
  test('a release over TAXII, webhook or email, a failed attempt and an acknowledgement on one', () => {
    for (const channel of ['taxii', 'webhook', 'email']) {
      const failed = apply(reach('delivery').case, { type: 'record_delivery_attempt', channel, recipient: RECIPIENT, failure: 'http 503' } as WarningCommand, MACHINE, at(10));
      assert.ok(failed.ok, channel);
      assert.equal(failed.case.deliveryAttempts[0]?.attemptedBy, 'system:delivery');
      const sent = apply(failed.case, release(channel), MACHINE, at(11));
      assert.ok(sent.ok, channel);
      assert.equal(sent.case.deliveries[0]?.deliveredBy, 'system:delivery', 'the record names the machine that sent it');
      const acked = apply(sent.case, acknowledgement(channel, 'Partner duty desk'), MACHINE, at(12));
      assert.ok(acked.ok, channel);
      assert.equal(acked.case.acknowledgement?.recordedBy, 'system:delivery');
    }
  });

  test('never a meeting or a call, never a disclosure, never an approval or a closure', () => {
    const delivery = reach('delivery');
    const meeting = apply(delivery.case, COMMANDS.deliver(), MACHINE, at(10));
    assert.equal(code(meeting), 'system-not-permitted');
    assert.ok(!meeting.ok && /a person records meetings and calls/.test(meeting.message));
    assert.equal(code(apply(delivery.case, { ...COMMANDS.deliver(), channel: 'phone_call', kind: 'release' } as WarningCommand, MACHINE, at(10))), 'system-not-permitted');
    assert.equal(code(apply(delivery.case, { type: 'record_delivery_attempt', channel: 'phone_call', recipient: RECIPIENT, failure: 'No answer.' }, MACHINE, at(10))), 'system-not-permitted');
    assert.equal(code(apply(reach('delivered').case, COMMANDS.acknowledge, MACHINE, at(10))), 'system-not-permitted');
    assert.equal(code(apply(reach('release_review').case, COMMANDS.approveRelease('foreign_disclosure_officer'), MACHINE, at(10))), 'system-not-permitted');
    assert.equal(code(apply(reach('monitoring').case, COMMANDS.close, MACHINE, at(20))), 'system-not-permitted');
    assert.equal(code(apply(reach('delivered').case, COMMANDS.monitor, MACHINE, at(20))), 'system-not-permitted');
    // A person still needs a delivering role for the same record.
    assert.equal(code(apply(delivery.case, release('taxii'), FDO, at(10))), 'role-not-permitted');
  });
});

describe('an acknowledgement that arrives while the case is escalated', () => {
  // I1: the acknowledgement is due an hour after the first delivery (minute 10).
  const breachOf = (caseId: string): WarningCommand => ({ type: 'escalate', cause: 'deadline_breach', deadlineKey: deadlineKey(caseId, 'acknowledge', at(70)) }) as WarningCommand;
  const escalatedAfterEmail = () => {
    const delivered = play(reach('delivery'), [[release('email'), MACHINE, 10]]);
    return play(delivered, [[breachOf(delivered.case.id), SCHEDULER, 71]]);
  };

  test('is recorded with its own time; resolving resumes to acknowledged, not delivered', () => {
    const escalated = escalatedAfterEmail();
    assert.equal(escalated.case.state, 'escalated');
    const late = apply(escalated.case, acknowledgement('email', 'Duty desk, GSS', { acknowledgedAt: at(75) }), MACHINE, at(76));
    assert.ok(late.ok, late.ok ? '' : late.message);
    assert.equal(late.case.state, 'escalated', 'the escalation stays for the officer to resolve');
    assert.equal(late.case.milestones.acknowledgedAt, at(75), 'time to warn counts the partner’s answer');
    assert.deepEqual(late.events.map((e) => [e.type, e.from, e.to]), [['acknowledged', 'escalated', 'escalated']]);
    const resolved = apply(late.case, { type: 'resolve_escalation', reason: 'The partner acknowledged an hour late; no further action.' } as WarningCommand, OFFICER, at(80));
    assert.ok(resolved.ok, resolved.ok ? '' : resolved.message);
    assert.equal(resolved.case.state, 'acknowledged');
  });

  test('anything else still waits for the escalation to be resolved', () => {
    const escalated = escalatedAfterEmail();
    assert.equal(code(apply(escalated.case, release('taxii'), MACHINE, at(71))), 'case-escalated');
    // An escalation from before delivery is not the place for an acknowledgement.
    const disputed = reach('escalated');
    assert.equal(code(apply(disputed.case, acknowledgement('email', 'Duty desk'), MACHINE, at(5))), 'case-escalated');
  });
});
