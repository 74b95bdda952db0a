// The TAXII channel and what comes back through it: the approved product joins the partner's
// own collection (created on first delivery, granted to its TAXII account) in the write that
// records the delivery; a note in the partner's inbound collection referencing the product
// acknowledges it; partner feedback (sightings, "plot foiled") is stored through ingest and
// linked to the delivery and its case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { acknowledgeFromTaxiiObject, classifyFeedback, recordFeedback } from '../../src/app/delivery/feedback.ts';
import { partnerInboundCollection, partnerOutboundCollection } from '../../src/app/delivery/taxiiChannel.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { approvedCase, dispatchContext, openTestStore, PARTNER, testClock } from './support.ts';

test('TAXII delivery writes the product into the partner collection, once, and a note there acknowledges it', async () => {
  const clock = testClock();
  const subject = openTestStore();
  try {
    const { store } = subject;
    await store.write((tx) => tx.taxii.putAccount({ name: PARTNER, credential: 'password', tokenId: null, secretHash: 'scrypt$test', createdAt: clock.now() }));
    const approved = await approvedCase(store, clock, { channels: ['taxii'], partnerChannels: [{ kind: 'taxii', address: 'https://tearline.test/taxii2/' }] });
    clock.advance(1);
    const ctx = dispatchContext(store, clock);
    assert.deepEqual((await dispatchDue(ctx)).sent, approved.deliveryIds);

    const outbound = partnerOutboundCollection(PARTNER, 'x');
    const collection = await store.getCollection(outbound.id);
    assert.equal(collection?.alias, `partner-${PARTNER}`);
    const members = await store.listMemberships(outbound.id, { limit: 100 });
    assert.deepEqual(members.items.map((m) => m.id), [approved.indicatorId]);
    const grants = await store.taxii.grantsOf(PARTNER);
    assert.deepEqual(grants.map((g) => [g.collectionId, g.canRead, g.canWrite]).sort(), [
      [outbound.id, true, false], [partnerInboundCollection(PARTNER, 'x').id, true, true],
    ].sort());
    const row = await store.deliveries.get(approved.deliveryIds[0] as string);
    assert.equal(row?.state, 'sent');
    assert.match(row?.receipt ?? '', /stored in the partner collection/);
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.deliveries[0]?.channel, 'taxii');

    // Nothing left to send: the collection keeps one membership.
    clock.advance(3_600_000);
    assert.equal((await dispatchDue(ctx)).claimed, 0);
    assert.equal((await store.listMemberships(outbound.id, { limit: 100 })).items.length, 1);

    // The partner posts a note on the indicator to its inbound collection (what the TAXII server calls).
    clock.advance(60_000);
    const note = {
      type: 'note', spec_version: '2.1', id: `note--${randomUUID()}`, created: clock.now(), modified: clock.now(),
      abstract: 'Received', content: 'Received; the southern gate is now guarded.', object_refs: [approved.indicatorId],
    };
    const someoneElse = await store.write((tx) => acknowledgeFromTaxiiObject(tx, note, { now: clock.now(), partnerName: 'another-partner' }));
    assert.deepEqual(someoneElse, { linked: [], acknowledged: [] }, 'one partner cannot acknowledge for another');
    const result = await store.write((tx) => acknowledgeFromTaxiiObject(tx, note, { now: clock.now(), source: `taxii:${PARTNER}`, partnerName: PARTNER }));
    assert.deepEqual(result, { linked: approved.deliveryIds, acknowledged: approved.deliveryIds });
    const stored = await store.warnings.getCase(approved.caseId);
    assert.equal(stored?.case.state, 'acknowledged');
    assert.equal(stored?.case.acknowledgement?.channel, 'taxii');
    assert.match(stored?.case.acknowledgement?.acknowledgedBy ?? '', /\(note note--/);
    const again = await store.write((tx) => acknowledgeFromTaxiiObject(tx, note, { now: clock.now(), partnerName: PARTNER }));
    assert.deepEqual(again, { linked: [], acknowledged: [] }, 'the same object version is linked once');
    const unrelated = await store.write((tx) => acknowledgeFromTaxiiObject(tx, { ...note, id: `note--${randomUUID()}`, object_refs: [`indicator--${randomUUID()}`] }));
    assert.deepEqual(unrelated, { linked: [], acknowledged: [] });
  } finally {
    await subject.dispose();
  }
});

test('partner feedback (a sighting, "plot foiled") is stored through ingest and linked to the delivery and its case', async () => {
  const clock = testClock();
  const subject = openTestStore();
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: ['taxii'], partnerChannels: [{ kind: 'taxii', address: 'https://tearline.test/taxii2/' }] });
    clock.advance(1);
    await dispatchDue(dispatchContext(store, clock));
    clock.advance(60_000);
    const partnerIdentity = {
      type: 'identity', spec_version: '2.1', id: 'identity--5f1c7c2e-8f5e-4a7b-9d86-2b1e6a4c3d01', created: clock.now(), modified: clock.now(),
      name: 'General Security Service', identity_class: 'organization',
    };
    const sighting = {
      type: 'sighting', spec_version: '2.1', id: `sighting--${randomUUID()}`, created: clock.now(), modified: clock.now(),
      sighting_of_ref: approved.indicatorId, where_sighted_refs: [partnerIdentity.id], count: 1,
    };
    const foiled = {
      type: 'note', spec_version: '2.1', id: `note--${randomUUID()}`, created: clock.now(), modified: clock.now(),
      abstract: 'Plot foiled', content: 'The vehicle was stopped at a checkpoint; two arrests.', object_refs: [approved.indicatorId],
    };
    const outcome = await recordFeedback({ store, clock, ingest: ingestObjects, recorder: null }, approved.deliveryIds[0] as string, [partnerIdentity, sighting, foiled], 'api:user:dan');
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.linked, 2);
    assert.deepEqual(outcome.acknowledged, approved.deliveryIds);
    assert.ok((await store.getLatestObject(sighting.id)) !== null, 'the feedback is stored as STIX');
    const inbound = await store.listMemberships(partnerInboundCollection(PARTNER, 'x').id, { limit: 100 });
    assert.equal(inbound.items.length, 3, 'in the partner inbound collection');
    const feedback = await store.deliveries.feedbackOfCase(approved.caseId);
    assert.deepEqual(feedback.map((f) => [f.objectType, f.kind]).sort(), [['note', 'outcome'], ['sighting', 'sighting']]);
    assert.deepEqual((await store.deliveries.feedbackSince(clock.now(), 10)).length, 2);
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.state, 'acknowledged');

    const bad = await recordFeedback({ store, clock, ingest: ingestObjects, recorder: null }, approved.deliveryIds[0] as string, [{ type: 'note', id: 'nope' }], 'api');
    assert.equal(bad.ok, false);
    assert.equal((await store.deliveries.feedbackOfCase(approved.caseId)).length, 2, 'a rejected input links nothing');
  } finally {
    await subject.dispose();
  }
});

test('feedback kinds', () => {
  assert.equal(classifyFeedback({ type: 'opinion', text: '' }), 'acknowledgement');
  assert.equal(classifyFeedback({ type: 'note', text: 'Received, thank you' }), 'acknowledgement');
  assert.equal(classifyFeedback({ type: 'note', text: 'Plot foiled at the gate' }), 'outcome');
  assert.equal(classifyFeedback({ type: 'note', text: 'Three suspects arrested' }), 'outcome');
  assert.equal(classifyFeedback({ type: 'sighting', text: '' }), 'sighting');
  assert.equal(classifyFeedback({ type: 'malware', text: '' }), null);
});
