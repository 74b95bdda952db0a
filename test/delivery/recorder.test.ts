// Who records a machine's delivery on the case (app/delivery/recorder.ts): the requester when
// they may deliver; otherwise the configured recorder; with neither, the workflow refuses
// the system, the refusal is kept on the row, and the delivery officer records it by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { recordSentOnCase } from '../../src/app/delivery/manage.ts';
import { actor, approvedCase, dispatchContext, openTestStore, testClock, webhookPeer } from './support.ts';

test('a requester without a delivering role: the refusal is kept, and the officer records the delivery', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 0);
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }], lastApprover: 'finn' });
    const [deliveryId] = approved.deliveryIds as [string];
    assert.equal((await store.deliveries.get(deliveryId))?.requestedBy, 'user:finn');
    clock.advance(1);
    assert.deepEqual((await dispatchDue(dispatchContext(store, clock))).sent, [deliveryId]);
    const row = await store.deliveries.get(deliveryId);
    assert.match(row?.caseRecord ?? '', /^refused record_delivery: system-not-permitted/);
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.state, 'delivery', 'the case still waits for its record');

    clock.advance(60_000);
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
