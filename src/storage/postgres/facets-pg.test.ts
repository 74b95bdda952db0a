// PostgreSQL-specific behaviour of ported facets beyond the contract: the database itself
// refuses to rewrite history (audit log), and two nodes' delivery dispatchers never claim
// the same outbox row.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NewDelivery } from '../../app/ports/deliveries.ts';
import { openPostgresStore, type PostgresStore } from './index.ts';
import { pgTestSkipReason, testSchema } from './test-database.ts';

const skip = pgTestSkipReason();
const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-01T00:01:00.000Z';
const T2 = '2025-01-01T00:10:00.000Z';

function delivery(n: number): NewDelivery {
  return {
    id: `delivery-${n}`,
    idempotencyKey: `key-${n}`,
    caseId: 'case-1',
    partnerName: 'partner-a',
    channel: 'webhook',
    productId: `product--${n}`,
    productSha256: 'a'.repeat(64),
    bundleJson: '{"type":"bundle"}',
    banner: 'TLP:AMBER',
    warningText: 'Warning',
    mediaType: 'application/stix+json;version=2.1',
    requestedBy: 'user:ana',
    requestedAt: T0,
    objectIds: [`indicator--${n}`, `indicator--${n}`],
  };
}

describe('PostgreSQL facets', { skip: skip ?? false }, () => {
  test('the audit log refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const target = await testSchema();
    const store = await openPostgresStore({ url: target.url, schema: target.schema });
    try {
      await store.write((tx) => tx.audit.append({ at: T0, actor: 'user:a', action: 'auth.login', subject: 'user:a' }));
      for (const statement of [`UPDATE ${target.schema}.audit_log SET actor = 'user:mallory'`, `DELETE FROM ${target.schema}.audit_log`,
        `TRUNCATE ${target.schema}.audit_log`]) {
        await assert.rejects(target.admin(statement), /append-only/, statement);
      }
      assert.equal((await store.audit.head())?.seq, 1);
      assert.equal((await store.audit.list({ limit: 5 })).items[0]?.actor, 'user:a');
    } finally {
      await store.close();
      await target.drop();
    }
  });

  test('deliveries: two nodes claiming at once never share a row; a lost lease writes nothing', async () => {
    const target = await testSchema();
    const nodes: PostgresStore[] = [];
    try {
      for (let i = 0; i < 2; i++) nodes.push(await openPostgresStore({ url: target.url, schema: target.schema }));
      const [a, b] = nodes as [PostgresStore, PostgresStore];
      const created = await a.write(async (tx) => Promise.all([1, 2, 3, 4, 5].map(async (n) => (await tx.deliveries.enqueue(delivery(n))).created)));
      assert.deepEqual(created, [true, true, true, true, true]);
      assert.equal((await a.write((tx) => tx.deliveries.enqueue(delivery(1)))).created, false, 'a known idempotency key changes nothing');
      assert.deepEqual((await b.deliveries.deliveriesCarrying('indicator--3')).map((d) => d.id), ['delivery-3']);

      const claims = await Promise.all([a, b].map((node, i) => node.write((tx) =>
        tx.deliveries.claimDue({ now: T0, leaseOwner: `node-${i}`, leaseExpiresAt: T1, limit: 3 }))));
      const ids = claims.flat().map((d) => d.id);
      assert.equal(ids.length, 5, 'every due row claimed');
      assert.equal(new Set(ids).size, 5, 'by one node only');
      assert.ok(claims.flat().every((d) => d.state === 'sending'));

      const mine = claims[0]?.[0];
      assert.ok(mine !== undefined);
      const lost = await b.write((tx) => tx.deliveries.finishAttempt({
        deliveryId: mine.id, leaseOwner: 'node-1', startedAt: T0, finishedAt: T0, outcome: { kind: 'dead', error: 'x' },
      }));
      assert.deepEqual(lost, { ok: false, code: 'lost-lease' });
      assert.deepEqual(await a.deliveries.attempts(mine.id), []);

      // node-0 dies: its leases expire, and a claim after that takes its rows, saying why.
      const reclaimed = await b.write((tx) => tx.deliveries.claimDue({ now: T2, leaseOwner: 'node-1', leaseExpiresAt: T2, limit: 10 }));
      assert.equal(reclaimed.length, 5);
      assert.match(reclaimed.find((d) => d.id === mine.id)?.lastError ?? '', /lease of node-0 expired/);
      const done = await b.write((tx) => tx.deliveries.finishAttempt({
        deliveryId: mine.id, leaseOwner: 'node-1', startedAt: T2, finishedAt: T2,
        outcome: { kind: 'sent', deliveredSha256: 'b'.repeat(64), documentSha256: null, receipt: '202' },
      }));
      assert.equal(done.ok && done.row.state, 'sent');
      assert.deepEqual((await a.deliveries.attempts(mine.id)).map((x) => [x.seq, x.ok, x.leaseOwner]), [[1, true, 'node-1']]);
    } finally {
      for (const node of nodes) await node.close();
      await target.drop();
    }
  });
});
