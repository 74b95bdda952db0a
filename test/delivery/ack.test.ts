// Acknowledgements: the signed link (single use, expiry, forgery refused; opening it
// acknowledges nothing), the delivery officer's attestation, all recorded on the case through
// the workflow; the token format itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../src/http/server.ts';
import { issueAckToken, readAckToken } from '../../src/app/delivery/ackToken.ts';
import { attestAcknowledgement } from '../../src/app/delivery/acknowledge.ts';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { addUser, signIn, TEST_AUTH } from '../auth/support.ts';
import { ACK_SECRET, actor, approvedCase, dispatchContext, openTestStore, testClock, webhookPeer, type TestClock } from './support.ts';
import type { Store } from '../../src/app/ports.ts';

async function deliveredByWebhook(store: Store, clock: TestClock) {
  const peer = await webhookPeer(clock, 0);
  try {
    const approved = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }] });
    clock.advance(1);
    assert.deepEqual((await dispatchDue(dispatchContext(store, clock))).sent, approved.deliveryIds);
    const link = String(peer.posts[0]?.headers['x-tearline-ack-url']);
    return { ...approved, deliveryId: approved.deliveryIds[0] as string, token: link.slice(link.lastIndexOf('/') + 1) };
  } finally {
    await peer.close();
  }
}

test('ack tokens: signed, expiring, bound to one delivery', () => {
  const id1 = 'delivery--0f1e2d3c-4b5a-5968-8776-a5b4c3d2e1f0';
  const token = issueAckToken(ACK_SECRET, id1, '2025-03-10T00:00:00.000Z');
  assert.ok(token.length <= 100, 'fits a URL path segment');
  const read = readAckToken(ACK_SECRET, token, '2025-03-09T23:59:59.000Z');
  assert.ok(read.ok);
  assert.equal(read.deliveryId, id1);
  assert.equal(read.expiresAt, '2025-03-10T00:00:00.000Z');
  assert.equal(readAckToken(ACK_SECRET, token, '2025-03-09T23:59:59.000Z').ok && read.nonce, read.nonce, 'same token, same nonce');
  assert.deepEqual(readAckToken(ACK_SECRET, token, '2025-03-10T00:00:00.000Z').ok, false);
  assert.equal((readAckToken(ACK_SECRET, token, '2025-03-10T00:00:00.000Z') as { code: string }).code, 'expired');
  assert.equal((readAckToken('another secret of thirty-two chars!!', token, '2025-03-09T00:00:00.000Z') as { code: string }).code, 'bad-signature');
  const [id, , mac] = token.split('.');
  const extended = `${id}.${Math.floor(Date.parse('2030-01-01T00:00:00Z') / 1000)}.${mac}`;
  assert.equal((readAckToken(ACK_SECRET, extended, '2025-03-09T00:00:00.000Z') as { code: string }).code, 'bad-signature', 'the expiry is signed');
  const other = `${Buffer.from('0f1e2d3c4b5a59688776a5b4c3d2e1f1', 'hex').toString('base64url')}.${token.split('.')[1]}.${mac}`;
  assert.equal((readAckToken(ACK_SECRET, other, '2025-03-09T00:00:00.000Z') as { code: string }).code, 'bad-signature', 'the delivery id is signed');
  assert.equal((readAckToken(ACK_SECRET, 'not-a-token', '2025-03-09T00:00:00.000Z') as { code: string }).code, 'malformed');
});

test('the acknowledgement link: GET shows and keeps it, POST acknowledges once, the case is acknowledged', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const app = await buildServer({ store: subject.store, clock, maxBodyBytes: 1_000_000, version: 'test', auth: TEST_AUTH, delivery: { ackSecret: ACK_SECRET, recorder: null } });
  try {
    const { store } = subject;
    const delivered = await deliveredByWebhook(store, clock);
    clock.advance(60_000);

    const shown = await app.inject({ method: 'GET', url: `/api/ack/${delivered.token}` });
    assert.equal(shown.statusCode, 200);
    assert.match(String(shown.headers['content-type']), /^text\/html/);
    assert.match(shown.body, /<form method="post"/);
    assert.match(shown.body, new RegExp(delivered.sha256));
    assert.equal((await store.deliveries.get(delivered.deliveryId))?.acknowledgedAt, null, 'opening the link acknowledges nothing');

    const form = await app.inject({
      method: 'POST', url: `/api/ack/${delivered.token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'acknowledgedBy=Col.+Haddad%2C+duty+officer&note=Received%2C+gate+secured',
    });
    assert.equal(form.statusCode, 200, form.body);
    assert.match(form.body, /receipt acknowledged/);
    const stored = await store.warnings.getCase(delivered.caseId);
    assert.equal(stored?.case.state, 'acknowledged');
    assert.equal(stored?.case.acknowledgement?.acknowledgedBy, 'Col. Haddad, duty officer (Syrian General Security Service, liaison desk, acknowledgement link)');
    assert.equal(stored?.case.acknowledgement?.note, 'Received, gate secured');
    assert.equal(stored?.case.acknowledgement?.recordedBy, 'olga');
    assert.equal((await store.deliveries.get(delivered.deliveryId))?.acknowledgedAt, clock.now());

    const again = await app.inject({ method: 'POST', url: `/api/ack/${delivered.token}`, payload: {} });
    assert.equal(again.statusCode, 410, 'single use');
    assert.equal(again.json().error.code, 'used');
    assert.equal((await app.inject({ method: 'GET', url: `/api/ack/${delivered.token}` })).statusCode, 410);

    const forged = await app.inject({ method: 'POST', url: `/api/ack/${delivered.token.slice(0, -2)}AA`, payload: {} });
    assert.equal(forged.statusCode, 404);
  } finally {
    await app.close();
    await subject.dispose();
  }
});

test('an expired link is refused and records nothing; a server without a secret refuses every link', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const app = await buildServer({ store: subject.store, clock, maxBodyBytes: 1_000_000, version: 'test', auth: TEST_AUTH, delivery: { ackSecret: ACK_SECRET, recorder: null } });
  const bare = await buildServer({ store: subject.store, clock, maxBodyBytes: 1_000_000, version: 'test', auth: TEST_AUTH });
  try {
    const delivered = await deliveredByWebhook(subject.store, clock);
    assert.equal((await bare.inject({ method: 'POST', url: `/api/ack/${delivered.token}`, payload: {} })).statusCode, 503);
    clock.advance(72 * 3_600_000 + 1);
    const late = await app.inject({ method: 'POST', url: `/api/ack/${delivered.token}`, payload: { acknowledgedBy: 'someone' } });
    assert.equal(late.statusCode, 410);
    assert.equal(late.json().error.code, 'expired');
    assert.equal((await subject.store.warnings.getCase(delivered.caseId))?.case.state, 'delivered');
  } finally {
    await app.close();
    await bare.close();
    await subject.dispose();
  }
});

test('the delivery officer attests an acknowledgement (use case and REST)', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const app = await buildServer({ store: subject.store, clock, maxBodyBytes: 1_000_000, version: 'test', auth: TEST_AUTH, delivery: { ackSecret: ACK_SECRET, recorder: null } });
  try {
    const { store } = subject;
    const delivered = await deliveredByWebhook(store, clock);
    clock.advance(60_000);
    const refused = await attestAcknowledgement({ store, clock }, delivered.deliveryId, { attestation: 'phone call', acknowledgedBy: 'x', actor: actor('ana') });
    assert.equal(refused.ok, false, 'an analyst cannot record it');

    const officer = await addUser(store, clock, { roles: ['delivery_officer'] });
    const session = await signIn(app, officer);
    const missing = await app.inject({ method: 'POST', url: `/api/deliveries/${delivered.deliveryId}/ack`, headers: session, payload: { acknowledgedBy: 'Col. Haddad' } });
    assert.equal(missing.statusCode, 400);
    const res = await app.inject({
      method: 'POST', url: `/api/deliveries/${delivered.deliveryId}/ack`, headers: session,
      payload: { attestation: 'Col. Haddad confirmed receipt by phone at 10:05', acknowledgedBy: 'Col. Haddad' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().caseRecord, 'recorded record_acknowledgement');
    const stored = await store.warnings.getCase(delivered.caseId);
    assert.equal(stored?.case.state, 'acknowledged');
    assert.equal(stored?.case.acknowledgement?.note, 'attestation: Col. Haddad confirmed receipt by phone at 10:05');
    const listed = await app.inject({ method: 'GET', url: `/api/deliveries?caseId=${delivered.caseId}`, headers: session });
    assert.equal(listed.json().items[0].acknowledgedAt, clock.now());
    assert.equal(listed.json().items[0].bundleJson, undefined, 'lists leave the product bytes out');
  } finally {
    await app.close();
    await subject.dispose();
  }
});
