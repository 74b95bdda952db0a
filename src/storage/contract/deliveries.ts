// Contract: the `deliveries` facet (issue 7) — one outbox row per idempotency key, claims
// under a lease that two claimants never share, attempts appended with the outcome only
// while the lease is held, dead letters re-queued, single-use ack tokens, disclosures,
// feedback links, and that all of it survives a reopen.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../app/ports.ts';
import type { DisclosureRecord, FeedbackLink, NewDelivery } from '../../app/ports/deliveries.ts';
import type { StoreTest } from './harness.ts';

const T0 = '2025-03-01T10:00:00.000Z';
const T1 = '2025-03-01T10:01:00.000Z';
const T2 = '2025-03-01T10:02:00.000Z';
const T3 = '2025-03-01T10:03:00.000Z';
const HASH = 'a'.repeat(64);

function delivery(n: number, overrides: Partial<NewDelivery> = {}): NewDelivery {
  return {
    id: `delivery--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    idempotencyKey: `key-${n}`,
    caseId: `case-${n % 2}`,
    partnerName: 'syria-gss',
    channel: 'webhook',
    productId: `product--${HASH}`,
    productSha256: HASH,
    bundleJson: '{"type":"bundle","id":"bundle--1","objects":[]}',
    banner: 'SECRET//REL TO USA, SYR',
    warningText: '(S//REL TO USA, SYR) A warning.',
    mediaType: 'application/stix+json;version=2.1',
    requestedBy: 'user:officer',
    requestedAt: T0,
    objectIds: [`product--${HASH}`, 'bundle--1', `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`],
    ...overrides,
  };
}

async function enqueue(store: Store, ...rows: NewDelivery[]): Promise<void> {
  await store.write(async (tx) => {
    for (const row of rows) await tx.deliveries.enqueue(row);
  });
}

function claim(store: Store, owner: string, now: string, leaseExpiresAt: string, limit = 10) {
  return store.write((tx) => tx.deliveries.claimDue({ now, leaseOwner: owner, leaseExpiresAt, limit }));
}

export function deliveriesContract(storeTest: StoreTest): void {
  describe('deliveries facet', () => {
    storeTest('enqueue makes one pending row per idempotency key', async ({ store }) => {
      const first = await store.write((tx) => tx.deliveries.enqueue(delivery(1)));
      assert.equal(first.created, true);
      assert.equal(first.row.state, 'pending');
      assert.equal(first.row.attempts, 0);
      assert.equal(first.row.nextAttemptAt, T0);
      const again = await store.write((tx) => tx.deliveries.enqueue(delivery(1, { id: 'delivery--other', requestedAt: T1 })));
      assert.equal(again.created, false);
      assert.equal(again.row.id, delivery(1).id);
      assert.equal(again.row.requestedAt, T0);
      assert.equal((await store.deliveries.list({ limit: 10 })).items.length, 1);
      assert.deepEqual((await store.deliveries.getByIdempotencyKey('key-1'))?.id, delivery(1).id);
      assert.deepEqual((await store.deliveries.deliveriesCarrying('bundle--1')).map((r) => r.id), [delivery(1).id]);
    });

    storeTest('a claim leases due rows; a second claimant gets none of them until the lease expires', async ({ store }) => {
      await enqueue(store, delivery(1), delivery(2), delivery(3, { requestedAt: T3 }));
      const a = await claim(store, 'a', T1, T2);
      assert.deepEqual(a.map((r) => r.id).sort(), [delivery(1).id, delivery(2).id]);
      assert.ok(a.every((r) => r.state === 'sending' && r.leaseOwner === 'a' && r.leaseExpiresAt === T2));
      assert.deepEqual(await claim(store, 'b', T1, T2), [], 'leased rows and rows not yet due are not claimed');
      const b = await claim(store, 'b', '2025-03-01T10:02:00.001Z', T3);
      assert.deepEqual(b.map((r) => r.id).sort(), [delivery(1).id, delivery(2).id], 'an expired lease is taken over');
      assert.match(b[0]?.lastError ?? '', /lease of a expired/);
      const lost = await store.write((tx) => tx.deliveries.finishAttempt({
        deliveryId: delivery(1).id, leaseOwner: 'a', startedAt: T1, finishedAt: T2,
        outcome: { kind: 'sent', deliveredSha256: HASH, documentSha256: null, receipt: 'http 200' },
      }));
      assert.deepEqual(lost, { ok: false, code: 'lost-lease' });
      assert.deepEqual(await store.deliveries.attempts(delivery(1).id), [], 'a lost lease writes nothing');
    });

    storeTest('claims respect the limit, oldest due first', async ({ store }) => {
      await enqueue(store, delivery(1, { requestedAt: T1 }), delivery(2, { requestedAt: T0 }));
      const first = await claim(store, 'a', T2, T3, 1);
      assert.deepEqual(first.map((r) => r.id), [delivery(2).id]);
    });

    storeTest('attempts are appended with their outcome: failed, dead, re-queued, sent', async ({ store }) => {
      await enqueue(store, delivery(1));
      const id = delivery(1).id;
      await claim(store, 'a', T0, T1);
      const failed = await store.write((tx) => tx.deliveries.finishAttempt({
        deliveryId: id, leaseOwner: 'a', startedAt: T0, finishedAt: T0, outcome: { kind: 'failed', error: 'http 503', nextAttemptAt: T2 },
      }));
      assert.equal(failed.ok && failed.row.state, 'failed');
      assert.equal(failed.ok && failed.row.attempts, 1);
      assert.equal(failed.ok && failed.row.leaseOwner, null);
      assert.deepEqual(await claim(store, 'a', T1, T2), [], 'not due before nextAttemptAt');
      await claim(store, 'a', T2, T3);
      await store.write((tx) => tx.deliveries.finishAttempt({
        deliveryId: id, leaseOwner: 'a', startedAt: T2, finishedAt: T2, outcome: { kind: 'dead', error: 'http 404' },
      }));
      const dead = await store.deliveries.list({ limit: 10, states: ['dead'] });
      assert.deepEqual(dead.items.map((r) => [r.id, r.attempts, r.lastError]), [[id, 2, 'http 404']]);
      assert.deepEqual(await claim(store, 'a', '2030-01-01T00:00:00.000Z', '2030-01-01T00:01:00.000Z'), [], 'dead rows are never claimed');
      assert.equal(await store.write((tx) => tx.deliveries.requeue(id, T3)), true);
      assert.equal(await store.write((tx) => tx.deliveries.requeue(id, T3)), false, 'only dead or failed rows are re-queued');
      const [again] = await claim(store, 'b', T3, '2025-03-01T10:04:00.000Z');
      assert.equal(again?.attempts, 0, 're-queued rows start a fresh count');
      await store.write((tx) => tx.deliveries.finishAttempt({
        deliveryId: id, leaseOwner: 'b', startedAt: T3, finishedAt: T3,
        outcome: { kind: 'sent', deliveredSha256: HASH, documentSha256: 'b'.repeat(64), receipt: 'http 200' },
      }));
      const sent = await store.deliveries.get(id);
      assert.equal(sent?.state, 'sent');
      assert.equal(sent?.sentAt, T3);
      assert.equal(sent?.documentSha256, 'b'.repeat(64));
      assert.equal(sent?.nextAttemptAt, null);
      const attempts = await store.deliveries.attempts(id);
      assert.deepEqual(attempts.map((a) => [a.seq, a.ok, a.error, a.leaseOwner]), [[1, false, 'http 503', 'a'], [2, false, 'http 404', 'a'], [3, true, null, 'b']]);
      assert.equal(await store.write((tx) => tx.deliveries.setCaseRecord(id, 'recorded record_delivery', T3)), true);
      assert.equal((await store.deliveries.get(id))?.caseRecord, 'recorded record_delivery');
    });

    storeTest('cancel ends rows that have not gone out, for good; an in-flight row only under its own lease', async ({ store }) => {
      await enqueue(store, ...[1, 2, 3, 4, 5].map((n) => delivery(n)));
      const [id1, id2, id3, id4, id5] = [1, 2, 3, 4, 5].map((n) => delivery(n).id) as [string, string, string, string, string];
      // 1 pending; 2 failed; 3 dead; 4 sending under 'a'; 5 sent.
      const claimed = await claim(store, 'a', T0, T1);
      assert.equal(claimed.length, 5);
      await store.write(async (tx) => {
        await tx.deliveries.finishAttempt({ deliveryId: id2, leaseOwner: 'a', startedAt: T0, finishedAt: T0, outcome: { kind: 'failed', error: 'http 503', nextAttemptAt: T1 } });
        await tx.deliveries.finishAttempt({ deliveryId: id3, leaseOwner: 'a', startedAt: T0, finishedAt: T0, outcome: { kind: 'dead', error: 'http 404' } });
        await tx.deliveries.finishAttempt({ deliveryId: id5, leaseOwner: 'a', startedAt: T0, finishedAt: T0, outcome: { kind: 'sent', deliveredSha256: HASH, documentSha256: null, receipt: 'http 200' } });
        assert.equal(await tx.deliveries.requeue(id1, T0), false);
      });
      // Row 1 back to pending: a fresh enqueue of a new key stands in for it.
      await store.write(async (tx) => {
        await tx.deliveries.finishAttempt({ deliveryId: id1, leaseOwner: 'a', startedAt: T0, finishedAt: T0, outcome: { kind: 'dead', error: 'x' } });
        assert.equal(await tx.deliveries.requeue(id1, T0), true);
      });
      const cancel = (id: string, leaseOwner?: string) =>
        store.write((tx) => tx.deliveries.cancel({ id, reason: 'case case-1 waived: no reasonable way to warn', at: T2, ...(leaseOwner === undefined ? {} : { leaseOwner }) }));
      assert.equal(await cancel(id1), true, 'pending');
      assert.equal(await cancel(id2), true, 'failed');
      assert.equal(await cancel(id3), true, 'dead');
      assert.equal(await cancel(id4), false, 'sending under another lease: in flight');
      assert.equal(await cancel(id4, 'b'), false, 'not our lease');
      assert.equal(await cancel(id4, 'a'), true, 'sending under our lease');
      assert.equal(await cancel(id5), false, 'sent is final');
      assert.equal(await cancel(id1), false, 'cancelled is final');
      const row = await store.deliveries.get(id2);
      assert.deepEqual([row?.state, row?.lastError, row?.nextAttemptAt, row?.leaseOwner, row?.updatedAt], ['cancelled', 'case case-1 waived: no reasonable way to warn', null, null, T2]);
      assert.deepEqual(await claim(store, 'c', '2030-01-01T00:00:00.000Z', '2030-01-01T00:01:00.000Z'), [], 'cancelled rows are never claimed');
      assert.equal(await store.write((tx) => tx.deliveries.requeue(id3, T3)), false, 'nor re-queued');
      const lost = await store.write((tx) => tx.deliveries.finishAttempt({ deliveryId: id4, leaseOwner: 'a', startedAt: T0, finishedAt: T3, outcome: { kind: 'sent', deliveredSha256: HASH, documentSha256: null, receipt: null } }));
      assert.deepEqual(lost, { ok: false, code: 'lost-lease' });
      assert.deepEqual((await store.deliveries.list({ limit: 10, states: ['cancelled'] })).items.map((r) => r.id).sort(), [id1, id2, id3, id4].sort());
    });

    storeTest('lists page by (requestedAt, id) and filter by state and case', async ({ store }) => {
      await enqueue(store, ...[1, 2, 3, 4, 5].map((n) => delivery(n, { requestedAt: n % 2 === 0 ? T1 : T0 })));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.deliveries.list({ limit: 2, ...(cursor === undefined ? {} : { cursor }) });
        seen.push(...page.items.map((r) => r.id));
        cursor = page.next;
      } while (cursor !== undefined);
      assert.deepEqual(seen, [1, 3, 5, 2, 4].map((n) => delivery(n).id));
      assert.deepEqual((await store.deliveries.list({ limit: 10, caseId: 'case-0' })).items.map((r) => r.id), [2, 4].map((n) => delivery(n).id));
      assert.equal((await store.deliveries.list({ limit: 10, states: ['sent'] })).items.length, 0);
    });

    storeTest('an acknowledgement token nonce is used once', async ({ store }) => {
      await enqueue(store, delivery(1));
      assert.equal(await store.write((tx) => tx.deliveries.useAckToken('nonce-1', delivery(1).id, T1)), true);
      assert.equal(await store.write((tx) => tx.deliveries.useAckToken('nonce-1', delivery(1).id, T2)), false);
      assert.equal(await store.deliveries.ackTokenUsedAt('nonce-1'), T1);
      assert.equal(await store.deliveries.ackTokenUsedAt('nonce-2'), null);
      assert.equal(await store.write((tx) => tx.deliveries.markAcknowledged(delivery(1).id, T2)), true);
      await store.write((tx) => tx.deliveries.markAcknowledged(delivery(1).id, T3));
      assert.equal((await store.deliveries.get(delivery(1).id))?.acknowledgedAt, T2, 'the first acknowledgement time is kept');
    });

    storeTest('disclosures and feedback links are kept per case', async ({ store }) => {
      await enqueue(store, delivery(1), delivery(3));
      const disclosure: DisclosureRecord = {
        id: 'disclosure--1', caseId: 'case-1', channel: 'liaison_meeting', kind: 'disclosure', by: 'station chief',
        toName: 'Col. A', toOrganisation: 'GSS', toCountry: 'SYR', at: T1, place: 'Damascus', substance: 'words',
        substanceSha256: 'c'.repeat(64), recordedBy: 'officer', recordedAt: T2,
      };
      assert.equal(await store.write((tx) => tx.deliveries.putDisclosure(disclosure)), true);
      assert.equal(await store.write((tx) => tx.deliveries.putDisclosure({ ...disclosure, place: 'elsewhere' })), false);
      assert.deepEqual(await store.deliveries.disclosures('case-1'), [disclosure]);
      const link: FeedbackLink = {
        deliveryId: delivery(1).id, caseId: 'case-1', objectId: 'note--1', objectVersion: T1, objectType: 'note',
        kind: 'outcome', receivedAt: T2, source: 'taxii:syria-gss',
      };
      assert.equal(await store.write((tx) => tx.deliveries.linkFeedback(link)), true);
      assert.equal(await store.write((tx) => tx.deliveries.linkFeedback(link)), false);
      await store.write((tx) => tx.deliveries.linkFeedback({ ...link, deliveryId: delivery(3).id, objectId: 'sighting--1', kind: 'sighting', receivedAt: T3 }));
      assert.deepEqual((await store.deliveries.feedbackOfCase('case-1')).map((f) => f.objectId), ['note--1', 'sighting--1']);
      assert.deepEqual((await store.deliveries.feedbackSince(T3, 10)).map((f) => f.objectId), ['sighting--1']);
    });

    storeTest('rows, attempts and tokens survive a reopen; a write that throws leaves nothing', async ({ store, reopen }) => {
      await enqueue(store, delivery(1));
      await claim(store, 'a', T0, T1);
      await assert.rejects(store.write(async (tx) => {
        await tx.deliveries.enqueue(delivery(2));
        await tx.deliveries.useAckToken('nonce-x', delivery(1).id, T1);
        throw new Error('boom');
      }), /boom/);
      await store.close();
      const again = await (reopen as () => Promise<Store>)();
      assert.equal((await again.deliveries.get(delivery(1).id))?.state, 'sending');
      assert.equal(await again.deliveries.get(delivery(2).id), null);
      assert.equal(await again.deliveries.ackTokenUsedAt('nonce-x'), null);
    }, { reopen: true });
  });
}
