// Webhook delivery against a real endpoint on loopback: retries with backoff until it
// answers, one copy kept per idempotency key, every signature verified by the partner-side
// verifier; dead letter after the configured attempts, and `retry` bringing it back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { retryDelivery } from '../../src/app/delivery/manage.ts';
import { checkSignature } from '../../src/app/delivery/webhookSignature.ts';
import { verifyTearlineWebhook } from '../../src/delivery/verifyWebhook.ts';
import { approvedCase, dispatchContext, FAST_RETRIES, openTestStore, testClock, webhookPeer, WEBHOOK_SECRET } from './support.ts';

test('a webhook that fails four times then succeeds: delivered once, five attempts recorded, signatures verify', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 4);
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }] });
    const [deliveryId] = approved.deliveryIds as [string];
    const ctx = dispatchContext(store, clock);
    const waits: number[] = [];
    for (let pass = 0; pass < 10; pass += 1) {
      clock.advance(1);
      const report = await dispatchDue(ctx);
      const row = await store.deliveries.get(deliveryId);
      if (row?.state === 'failed' && report.failed.length > 0) waits.push(Date.parse(row.nextAttemptAt as string) - Date.parse(clock.now()));
      if (row?.state === 'sent') break;
      // Not due before its time: a pass now claims nothing.
      assert.equal((await dispatchDue(ctx)).claimed, 0);
      clock.advance(10_000);
    }
    const row = await store.deliveries.get(deliveryId);
    assert.equal(row?.state, 'sent');
    assert.equal(row?.deliveredSha256, approved.sha256);
    assert.equal(row?.receipt, 'http 200: stored');
    const attempts = await store.deliveries.attempts(deliveryId);
    assert.deepEqual(attempts.map((a) => a.ok), [false, false, false, false, true]);
    assert.ok(attempts.slice(0, 4).every((a) => a.error === 'http 503: try later'));
    // Exponential backoff: 1 s, 2 s, 4 s, 8 s less the (fixed, 0.5 × 20 %) jitter.
    assert.deepEqual(waits, [900, 1800, 3600, 7200]);

    assert.equal(peer.posts.length, 5, 'five requests reached the partner');
    assert.ok(peer.posts.every((p) => p.verdict.ok), 'every signature verifies');
    assert.ok(peer.posts.every((p) => p.idempotencyKey === row?.idempotencyKey), 'one idempotency key on every attempt');
    assert.equal(peer.kept.size, 1, 'the partner kept one copy');
    assert.equal(peer.kept.get(row?.idempotencyKey ?? ''), approved.bundleJson, 'the body is the approved bundle, byte for byte');
    assert.equal(peer.posts[0]?.headers['content-type'], 'application/stix+json;version=2.1');
    assert.match(String(peer.posts[4]?.headers['x-tearline-ack-url']), /^https:\/\/tearline\.test\/api\/ack\/[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]{43}$/);

    // The case: four failed attempts and the delivery, recorded by the requester (a deliverer).
    const stored = await store.warnings.getCase(approved.caseId);
    assert.equal(stored?.case.state, 'delivered');
    assert.equal(stored?.case.deliveryAttempts.length, 4);
    assert.deepEqual(stored?.case.deliveries.map((d) => [d.channel, d.kind, d.productHash, d.deliveredBy]), [['webhook', 'release', approved.sha256, 'olga']]);
    assert.equal(row?.caseRecord, 'recorded record_delivery');
    const audit = await store.audit.list({ limit: 100, subject: deliveryId });
    assert.deepEqual(audit.items.map((e) => e.action).sort(), ['delivery.failed', 'delivery.failed', 'delivery.failed', 'delivery.failed', 'delivery.sent']);

    // Later passes send nothing more.
    clock.advance(3_600_000);
    assert.equal((await dispatchDue(ctx)).claimed, 0);
    assert.equal(peer.posts.length, 5);
  } finally {
    await peer.close();
    await subject.dispose();
  }
});

test('after the configured attempts a delivery is dead; retry brings it back and it is sent', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 1000);
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }] });
    const [deliveryId] = approved.deliveryIds as [string];
    const ctx = dispatchContext(store, clock, { settings: { ...FAST_RETRIES, maxAttempts: 3 } });
    for (let pass = 0; pass < 6; pass += 1) {
      clock.advance(10_000);
      await dispatchDue(ctx);
    }
    const dead = await store.deliveries.list({ limit: 10, states: ['dead'] });
    assert.deepEqual(dead.items.map((r) => r.id), [deliveryId]);
    assert.match(dead.items[0]?.lastError ?? '', /http 503.*attempt 3 of 3/);
    assert.equal(peer.posts.length, 3, 'no attempt after the third');

    peer.failuresLeft = 0;
    const retried = await retryDelivery({ store, clock }, deliveryId, 'user:dan');
    assert.ok(retried.ok);
    assert.equal(retried.delivery.state, 'pending');
    assert.equal((await retryDelivery({ store, clock }, deliveryId, 'user:dan')).ok, false, 'a pending delivery is not retried again');
    clock.advance(1);
    const report = await dispatchDue(ctx);
    assert.deepEqual(report.sent, [deliveryId]);
    assert.equal(peer.kept.size, 1);
    assert.equal((await store.deliveries.attempts(deliveryId)).length, 4);
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.state, 'delivered');
  } finally {
    await peer.close();
    await subject.dispose();
  }
});

test('a partner answer that cannot change (404) goes to dead letter at once; no secret or URL is a dead letter too', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 0);
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: `${peer.url}/missing` }] });
    const [deliveryId] = approved.deliveryIds as [string];
    // The peer answers 200 to any path; a client that sees 404 is what we want here.
    const ctx = dispatchContext(store, clock, {
      webhook: { post: async () => ({ ok: false, error: 'http 404: no such hook', retryable: false }) },
    });
    clock.advance(1);
    assert.deepEqual((await dispatchDue(ctx)).dead, [deliveryId]);
    assert.match((await store.deliveries.get(deliveryId))?.lastError ?? '', /not retryable/);

    const noSecret = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }] });
    clock.advance(1);
    const report = await dispatchDue(dispatchContext(store, clock, { webhookSecrets: () => [] }));
    assert.deepEqual(report.dead, noSecret.deliveryIds);
    assert.match((await store.deliveries.get(noSecret.deliveryIds[0] as string))?.lastError ?? '', /no webhook secret is configured for partner syria-gss/);
    assert.equal(peer.posts.length, 0, 'nothing unsigned ever leaves');
  } finally {
    await peer.close();
    await subject.dispose();
  }
});

test('signatures: the partner-side verifier and ours agree; stale, tampered and malformed are refused', () => {
  const body = '{"type":"bundle","id":"bundle--1","objects":[]}';
  const t = 1_741_334_400;
  const header = `t=${t},v1=${createHmacHex(WEBHOOK_SECRET, `${t}.${body}`)}`;
  assert.deepEqual(verifyTearlineWebhook(body, { signature: header }, WEBHOOK_SECRET, { nowSeconds: t + 10 }), { ok: true, timestamp: t });
  assert.deepEqual(checkSignature(header, body, WEBHOOK_SECRET, t + 10, 300), { ok: true, timestamp: t });
  assert.deepEqual(verifyTearlineWebhook(body, { signature: header }, WEBHOOK_SECRET, { nowSeconds: t + 301 }), { ok: false, reason: 'stale' });
  assert.deepEqual(verifyTearlineWebhook(`${body} `, { signature: header }, WEBHOOK_SECRET, { nowSeconds: t }), { ok: false, reason: 'mismatch' });
  assert.deepEqual(verifyTearlineWebhook(body, { signature: header }, 'another secret', { nowSeconds: t }), { ok: false, reason: 'mismatch' });
  assert.deepEqual(verifyTearlineWebhook(body, { signature: `v1=${'0'.repeat(64)}` }, WEBHOOK_SECRET, { nowSeconds: t }), { ok: false, reason: 'malformed' });
  assert.deepEqual(verifyTearlineWebhook(body, { signature: header, productSha256: 'f'.repeat(64) }, WEBHOOK_SECRET, { nowSeconds: t }), { ok: false, reason: 'body-hash' });
  // While a secret is rotated, a header signed with both verifies with either.
  const rotated = `t=${t},v1=${createHmacHex('old secret', `${t}.${body}`)},v1=${createHmacHex(WEBHOOK_SECRET, `${t}.${body}`)}`;
  assert.equal(verifyTearlineWebhook(body, { signature: rotated }, WEBHOOK_SECRET, { nowSeconds: t }).ok, true);
  assert.equal(verifyTearlineWebhook(body, { signature: rotated }, 'old secret', { nowSeconds: t }).ok, true);
});

function createHmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}
