// The deliveries facet's contract against SQLite alone (the full contract runs in
// sqlite.contract.test.ts), plus two stores on one file (two processes' worth of
// connections) taking turns: a claim by one is seen by the other. (Truly concurrent
// claimants in two processes: test/delivery/race.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeTestFor } from '../contract/harness.ts';
import { deliveriesContract } from '../contract/deliveries.ts';
import { openSqliteStore } from './index.ts';

deliveriesContract(storeTestFor({
  isolatedReads: true,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'tearline-deliveries-'));
    const path = join(dir, 'store.db');
    return {
      store: openSqliteStore({ path }),
      reopen: async () => openSqliteStore({ path }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
}));

test('two stores on one database file, taking turns, claim disjoint rows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-deliveries-'));
  const path = join(dir, 'store.db');
  const a = openSqliteStore({ path });
  const b = openSqliteStore({ path });
  try {
    await a.write(async (tx) => {
      for (let n = 0; n < 40; n += 1) {
        await tx.deliveries.enqueue({
          id: `delivery--${n}`, idempotencyKey: `k${n}`, caseId: 'c', partnerName: 'p', channel: 'webhook', productId: 'product--x',
          productSha256: 'a'.repeat(64), bundleJson: '{}', banner: 'UNCLASSIFIED', warningText: 'w', mediaType: 'application/stix+json;version=2.1',
          requestedBy: 'user:u', requestedAt: '2025-01-01T00:00:00.000Z', objectIds: [],
        });
      }
    });
    const claimIn = (store: typeof a, owner: string) => store.write((tx) => tx.deliveries.claimDue({
      now: '2025-01-01T00:00:01.000Z', leaseOwner: owner, leaseExpiresAt: '2025-01-01T00:05:00.000Z', limit: 7,
    }));
    // better-sqlite3 waits for a lock synchronously, so two connections in one thread must take turns.
    const ids: string[] = [];
    for (let i = 1; i <= 6; i += 1) {
      for (const [store, owner] of [[a, `a${i}`], [b, `b${i}`]] as const) ids.push(...(await claimIn(store, owner)).map((row) => row.id));
    }
    assert.equal(ids.length, 40, 'every row claimed');
    assert.equal(new Set(ids).size, 40, 'no row claimed twice');
  } finally {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
