// Who records a machine's delivery on the case (app/delivery/recorder.ts): the configured
// recorder; else the requester when they may deliver; else the system itself, which the
// workflow accepts for what a machine channel did (a server with no delivery settings still
// records every machine delivery). When the case refuses the record (escalated), the refusal
// is kept on the row and the delivery officer records it by hand, once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { recordSentOnCase } from '../../src/app/delivery/manage.ts';
import { applyWarningCommand } from '../../src/app/warning/applyCommand.ts';
import { actor, approvedCase, dispatchContext, openTestStore, testClock, webhookPeer } from './support.ts';

test('a requester without a delivering role and no configured recorder: the system records the delivery', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 0);
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }], lastApprover: 'finn' });
    const [deliveryId] = approved.deliveryIds as [string];
    assert.equal((await store.deliveries.get(deliveryId))?.requestedBy, 'user:finn');
    clock.advance(1);
    assert.deepEqual((await dispatchDue(dispatchContext(store, clock, { recorder: null }))).sent, [deliveryId]);
    const row = await store.deliveries.get(deliveryId);
    assert.equal(row?.caseRecord, 'recorded record_delivery');
    const stored = await store.warnings.getCase(approved.caseId);
    assert.equal(stored?.case.state, 'delivered');
    assert.deepEqual(stored?.case.deliveries.map((d) => [d.deliveredBy, d.deliveredAt, d.productHash]), [['system:delivery', row?.sentAt, approved.sha256]]);

    // The officer recording the same send again does not make it two deliveries.
    clock.advance(60_000);
    const again = await recordSentOnCase({ store, clock }, deliveryId, actor('dan'));
    assert.ok(again.ok);
    assert.match(again.caseRecord ?? '', /^refused record_delivery: delivery-already-recorded/);
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.deliveries.length, 1);
  } finally {
    await peer.close();
    await subject.dispose();
  }
});

test('a case that refuses the record (escalated): the refusal is kept, and the officer records the delivery', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 0);
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }], lastApprover: 'finn' });
    const [deliveryId] = approved.deliveryIds as [string];
    clock.advance(1);
    const disputed = await store.write((tx) => applyWarningCommand(tx, approved.caseId, { type: 'escalate', cause: 'dispute', reason: 'The partner desk changed its duty officer.' }, actor('dan'), clock.now()));
    assert.ok(disputed.ok);
    clock.advance(1);
    assert.deepEqual((await dispatchDue(dispatchContext(store, clock))).sent, [deliveryId], 'the product goes out whatever the case says');
    const row = await store.deliveries.get(deliveryId);
    assert.match(row?.caseRecord ?? '', /^refused record_delivery: case-escalated/);
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.state, 'escalated', 'the case still waits for its record');

    clock.advance(60_000);
    const resolved = await store.write((tx) => applyWarningCommand(tx, approved.caseId, { type: 'resolve_escalation', reason: 'New duty officer confirmed.' }, actor('olga'), clock.now()));
    assert.ok(resolved.ok);
    assert.equal((await recordSentOnCase({ store, clock }, deliveryId, actor('finn'))).ok, false, 'not by someone who cannot deliver');
    const recorded = await recordSentOnCase({ store, clock }, deliveryId, actor('dan'));
    assert.ok(recorded.ok);
    assert.equal(recorded.caseRecord, 'recorded record_delivery');
    const stored = await store.warnings.getCase(approved.caseId);
    assert.deepEqual(stored?.case.deliveries.map((d) => [d.deliveredBy, d.deliveredAt, d.productHash]), [['dan', row?.sentAt, approved.sha256]]);
  } finally {
    await peer.close();
    await subject.dispose();
  }
});

test('a configured recorder records machine deliveries in its name', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 0);
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }], lastApprover: 'finn' });
    clock.advance(1);
    await dispatchDue(dispatchContext(store, clock, { recorder: 'dan' }));
    const stored = await store.warnings.getCase(approved.caseId);
    assert.equal(stored?.case.state, 'delivered');
    assert.equal(stored?.case.deliveries[0]?.deliveredBy, 'dan');
  } finally {
    await peer.close();
    await subject.dispose();
  }
});
