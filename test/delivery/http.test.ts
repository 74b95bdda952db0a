// The delivery officer's REST routes: the outbox filtered by state, retry of a dead letter,
// the printable warning only for readers cleared for its banner, disclosures recorded and
// listed, and who may do what.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../src/http/server.ts';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { addUser, signIn, TEST_AUTH } from '../auth/support.ts';
import { ACK_SECRET, approvedCase, BANNER, dispatchContext, FAST_RETRIES, openTestStore, PARTNER, testClock, webhookPeer } from './support.ts';

test('REST: dead letters, retry, printable (cleared readers only), disclosures', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 1000);
  const app = await buildServer({ store: subject.store, clock, maxBodyBytes: 1_000_000, version: 'test', auth: TEST_AUTH, delivery: { ackSecret: ACK_SECRET, recorder: null } });
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }, { kind: 'in-person' }] });
    const [deliveryId] = approved.deliveryIds as [string];
    clock.advance(1);
    await dispatchDue(dispatchContext(store, clock, { settings: { ...FAST_RETRIES, maxAttempts: 1 } }));

    const officer = await signIn(app, await addUser(store, clock, { roles: ['delivery_officer'], clearance: 'TS' }));
    const lowOfficer = await signIn(app, await addUser(store, clock, { roles: ['delivery_officer'], clearance: 'C' }));
    const analyst = await signIn(app, await addUser(store, clock, { roles: ['analyst'] }));

    const dead = await app.inject({ method: 'GET', url: '/api/deliveries?state=dead', headers: officer });
    assert.equal(dead.statusCode, 200);
    assert.deepEqual(dead.json().items.map((r: { id: string }) => r.id), [deliveryId]);
    assert.equal((await app.inject({ method: 'GET', url: '/api/deliveries?state=lost', headers: officer })).statusCode, 400);
    assert.equal((await app.inject({ method: 'GET', url: '/api/deliveries' })).statusCode, 401);

    const detail = await app.inject({ method: 'GET', url: `/api/deliveries/${deliveryId}`, headers: officer });
    assert.equal(detail.json().attempts.length, 1);
    assert.equal((await app.inject({ method: 'GET', url: '/api/deliveries/delivery--none', headers: officer })).statusCode, 404);

    assert.equal((await app.inject({ method: 'POST', url: `/api/deliveries/${deliveryId}/retry`, headers: analyst })).statusCode, 403, 'analysts do not deliver');
    const retried = await app.inject({ method: 'POST', url: `/api/deliveries/${deliveryId}/retry`, headers: officer });
    assert.equal(retried.statusCode, 200, retried.body);
    assert.equal(retried.json().delivery.state, 'pending');
    assert.equal((await app.inject({ method: 'POST', url: `/api/deliveries/${deliveryId}/retry`, headers: officer })).statusCode, 409);

    const printable = await app.inject({ method: 'GET', url: `/api/deliveries/${deliveryId}/printable`, headers: officer });
    assert.equal(printable.statusCode, 200);
    assert.match(printable.body, new RegExp(`<header class="banner banner-top">${BANNER}</header>`));
    assert.match(String(printable.headers['x-document-sha256']), /^[0-9a-f]{64}$/);
    const refused = await app.inject({ method: 'GET', url: `/api/deliveries/${deliveryId}/printable`, headers: lowOfficer });
    assert.equal(refused.statusCode, 403, 'a CONFIDENTIAL reader does not see a SECRET warning');
    assert.equal(refused.json().error.code, 'not-cleared');

    clock.advance(60_000);
    const disclosure = {
      caseId: approved.caseId, channel: 'phone_call', kind: 'disclosure', by: 'duty officer', toName: 'Col. Haddad', partnerName: PARTNER,
      at: clock.now(), place: 'telephone', substance: 'The shrine is the target; Friday; a vehicle bomb.',
    };
    assert.equal((await app.inject({ method: 'POST', url: '/api/deliveries/disclosures', headers: officer, payload: { ...disclosure, channel: 'email' } })).statusCode, 400,
      'email leaves a copy: it is not an in-person channel');
    const recorded = await app.inject({ method: 'POST', url: '/api/deliveries/disclosures', headers: officer, payload: disclosure });
    assert.equal(recorded.statusCode, 201, recorded.body);
    assert.equal(recorded.json().caseRecord, 'recorded record_delivery');
    const listed = await app.inject({ method: 'GET', url: `/api/deliveries/disclosures?caseId=${approved.caseId}`, headers: officer });
    assert.deepEqual(listed.json().disclosures.map((d: { channel: string; kind: string }) => [d.channel, d.kind]), [['phone_call', 'disclosure']]);
  } finally {
    await app.close();
    await peer.close();
    await subject.dispose();
  }
});
