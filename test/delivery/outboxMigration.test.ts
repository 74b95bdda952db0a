// The deliveries facet's v2 migration on SQLite (a `cancelled` state): SQLite cannot change a
// CHECK in place, so the outbox is rebuilt inside the migration's transaction with foreign
// keys on. A database made at v1, holding rows with objects, attempts and feedback, opens at
// v2 with every row and every child intact, and accepts the new state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';

const AT = '2025-01-01T00:00:00.000Z';

test('a v1 outbox with children migrates to v2 intact and can cancel', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-outbox-v2-'));
  const path = join(dir, 'store.db');
  try {
    let store = openSqliteStore({ path });
    await store.write(async (tx) => {
      for (let n = 0; n < 3; n += 1) {
        await tx.deliveries.enqueue({
          id: `delivery--${n}`, idempotencyKey: `k${n}`, caseId: 'case-1', partnerName: 'p', channel: 'webhook', productId: 'product--x',
          productSha256: 'a'.repeat(64), bundleJson: '{}', banner: 'UNCLASSIFIED', warningText: 'w', mediaType: 'application/stix+json;version=2.1',
          requestedBy: 'user:u', requestedAt: AT, objectIds: [`indicator--${n}`, 'bundle--x'],
        });
      }
      const [claimed] = await tx.deliveries.claimDue({ now: AT, leaseOwner: 'o', leaseExpiresAt: '2025-01-01T00:05:00.000Z', limit: 1 });
      assert.ok(claimed !== undefined);
      await tx.deliveries.finishAttempt({ deliveryId: claimed.id, leaseOwner: 'o', startedAt: AT, finishedAt: AT, outcome: { kind: 'failed', error: 'HTTP 503', nextAttemptAt: AT } });
      await tx.deliveries.linkFeedback({ deliveryId: 'delivery--1', caseId: 'case-1', objectId: 'note--1', objectVersion: AT, objectType: 'note', kind: 'note', receivedAt: AT, source: 'api' });
    });
    await store.close();

    // Turn the file back into a v1 database: the v1 outbox table, the ledger without v2.
    const raw = new Database(path);
    const current = raw.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'delivery_outbox'").pluck().get() as string;
    assert.match(current, /'cancelled'/);
    raw.pragma('foreign_keys = OFF');
    raw.exec(`
      CREATE TABLE outbox_copy AS SELECT * FROM delivery_outbox;
      DROP TABLE delivery_outbox;
      ${current.replace(", 'cancelled'", '')};
      INSERT INTO delivery_outbox SELECT * FROM outbox_copy;
      DROP TABLE outbox_copy;
      CREATE INDEX delivery_outbox_due ON delivery_outbox (state, next_attempt_at);
      CREATE INDEX delivery_outbox_lease ON delivery_outbox (state, lease_expires_at);
      CREATE INDEX delivery_outbox_order ON delivery_outbox (requested_at, id);
      CREATE INDEX delivery_outbox_by_case ON delivery_outbox (case_id);
      DROP INDEX delivery_objects_by_delivery;
      DELETE FROM facet_migrations WHERE facet = 'deliveries' AND version = 2;
    `);
    assert.throws(() => raw.prepare("UPDATE delivery_outbox SET state = 'cancelled' WHERE id = 'delivery--2'").run(), /CHECK constraint/, 'v1 refuses the state');
    raw.close();

    store = openSqliteStore({ path });
    const rows = (await store.deliveries.list({ limit: 10 })).items;
    assert.deepEqual(rows.map((r) => [r.id, r.state, r.attempts]), [['delivery--0', 'failed', 1], ['delivery--1', 'pending', 0], ['delivery--2', 'pending', 0]]);
    assert.equal((await store.deliveries.attempts('delivery--0')).length, 1);
    assert.deepEqual((await store.deliveries.deliveriesCarrying('bundle--x')).map((r) => r.id), ['delivery--0', 'delivery--1', 'delivery--2']);
    assert.equal((await store.deliveries.feedbackOfCase('case-1')).length, 1);
    assert.equal(await store.write((tx) => tx.deliveries.cancel({ id: 'delivery--2', reason: 'case waived', at: AT })), true);
    assert.equal((await store.deliveries.get('delivery--2'))?.state, 'cancelled');
    await store.close();

    const check = new Database(path, { readonly: true });
    assert.deepEqual(check.pragma('foreign_key_check'), [], 'every child still has its parent');
    assert.deepEqual(check.prepare("SELECT version FROM facet_migrations WHERE facet = 'deliveries' ORDER BY version").pluck().all(), [1, 2]);
    check.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
