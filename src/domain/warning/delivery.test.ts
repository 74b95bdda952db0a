// Delivery, disclosure vs release, acknowledgement and closure (DOMAIN.md §1, "Disclosure
// vs release").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apply, type ApplyResult } from './apply.ts';
import type { WarningCommand } from './commands.ts';
import { ANALYST, at, COMMANDS, DELIVERER, HASH_A, HASH_B, OFFICER, play, reach, RECIPIENT } from './testFixtures.ts';

function code(result: ApplyResult): string | null {
  return result.ok ? null : result.code;
}

function delivery(fields: Record<string, unknown>): WarningCommand {
  return { ...COMMANDS.deliver(), ...fields } as WarningCommand;
}

describe('recording a delivery', () => {
  const start = reach('delivery');

  test('records who, to whom, when, channel, kind and the hash of what was delivered', () => {
    const result = apply(start.case, delivery({ channel: 'taxii', kind: 'release' }), DELIVERER, at(10));
    assert.ok(result.ok);
    assert.equal(result.case.state, 'delivered');
    assert.deepEqual(result.case.deliveries, [
      {
        cycle: 1,
        channel: 'taxii',
        kind: 'release',
        recipient: RECIPIENT,
        deliveredAt: at(10),
        deliveredBy: 'dan',
        productHash: HASH_A,
        recordedAt: at(10),
      },
    ]);
    assert.equal(result.case.milestones.deliveredAt, at(10));
  });

  test('only the approved product may be delivered', () => {
    assert.equal(code(apply(start.case, COMMANDS.deliver(HASH_B), DELIVERER, at(10))), 'product-hash-mismatch');
  });

  test('electronic channels leave a copy, so they are releases; meetings and calls may be either', () => {
    for (const channel of ['taxii', 'webhook', 'email']) {
      assert.equal(code(apply(start.case, delivery({ channel, kind: 'disclosure' }), DELIVERER, at(10))), 'kind-channel-mismatch', channel);
      assert.ok(apply(start.case, delivery({ channel, kind: 'release' }), DELIVERER, at(10)).ok, channel);
    }
    for (const channel of ['in_person_meeting', 'phone_call', 'liaison_meeting']) {
      for (const kind of ['disclosure', 'release']) {
        assert.ok(apply(start.case, delivery({ channel, kind }), DELIVERER, at(10)).ok, `${channel} ${kind}`);
      }
    }
    assert.equal(code(apply(start.case, delivery({ channel: 'carrier_pigeon' }), DELIVERER, at(10))), 'invalid-field');
  });

  test('a meeting recorded afterwards keeps the time it happened, which cannot be in the future or before approval', () => {
    const later = apply(start.case, delivery({ deliveredAt: at(8) }), DELIVERER, at(30));
    assert.ok(later.ok);
    assert.equal(later.case.milestones.deliveredAt, at(8));
    assert.equal(code(apply(start.case, delivery({ deliveredAt: at(31) }), DELIVERER, at(30))), 'time-out-of-range');
    assert.equal(code(apply(start.case, delivery({ deliveredAt: at(5) }), DELIVERER, at(30))), 'time-out-of-range');
  });

  test('an analyst cannot record a delivery', () => {
    assert.equal(code(apply(start.case, COMMANDS.deliver(), ANALYST, at(10))), 'role-not-permitted');
  });

  test('failed attempts are kept and leave the case in delivery', () => {
    const attempt: WarningCommand = { type: 'record_delivery_attempt', channel: 'email', recipient: RECIPIENT, failure: 'Mailbox rejected the message.' };
    const result = apply(start.case, attempt, DELIVERER, at(10));
    assert.ok(result.ok);
    assert.equal(result.case.state, 'delivery');
    assert.equal(result.case.deliveryAttempts.length, 1);
    assert.equal(result.case.deliveryAttempts[0]?.failure, 'Mailbox rejected the message.');
  });
});

describe('acknowledgement, monitoring and closure', () => {
  test('the acknowledgement is recorded with who acknowledged and when', () => {
    const delivered = reach('delivered');
    const result = apply(delivered.case, { ...COMMANDS.acknowledge, acknowledgedAt: at(7) } as WarningCommand, DELIVERER, at(20));
    assert.ok(result.ok);
    assert.equal(result.case.acknowledgement?.acknowledgedBy, 'Duty officer of the partner service');
    assert.equal(result.case.acknowledgement?.acknowledgedAt, at(7));
    assert.equal(code(apply(delivered.case, { ...COMMANDS.acknowledge, acknowledgedAt: at(6) } as WarningCommand, DELIVERER, at(20))), 'time-out-of-range');
  });

  test('monitoring without an acknowledgement needs a written reason', () => {
    const delivered = reach('delivered');
    assert.equal(code(apply(delivered.case, COMMANDS.monitor, ANALYST, at(20))), 'acknowledgement-missing');
  });

  test('every outcome can be recorded; "nothing by window end" only after the sunset', () => {
    const monitoring = reach('monitoring');
    for (const outcome of ['foiled', 'attack_occurred', 'unknown']) {
      const closed = apply(monitoring.case, { type: 'close', outcome } as WarningCommand, OFFICER, at(20));
      assert.ok(closed.ok, outcome);
      assert.equal(closed.case.closure?.outcome, outcome);
    }
    const early = { type: 'close', outcome: 'nothing_by_window_end' } as WarningCommand;
    assert.equal(code(apply(monitoring.case, early, OFFICER, at(20))), 'window-not-ended');
    // The fixture's sunset is 60 hours after T0.
    const afterSunset = apply(monitoring.case, early, OFFICER, at(60 * 60));
    assert.ok(afterSunset.ok);
    assert.equal(afterSunset.case.state, 'closed');
    assert.equal(code(apply(monitoring.case, { type: 'close', outcome: 'maybe' } as unknown as WarningCommand, OFFICER, at(20))), 'invalid-field');
  });

  test('only the duty-to-warn officer closes a case', () => {
    assert.equal(code(apply(reach('monitoring').case, COMMANDS.close, ANALYST, at(20))), 'role-not-permitted');
  });

  test('time never runs backwards on a case', () => {
    const monitoring = play(reach('acknowledged'), [[COMMANDS.monitor, ANALYST, 30]]);
    assert.equal(code(apply(monitoring.case, COMMANDS.close, OFFICER, at(29))), 'clock-regression');
    assert.equal(code(apply(monitoring.case, COMMANDS.close, OFFICER, 'yesterday')), 'invalid-timestamp');
  });
});
