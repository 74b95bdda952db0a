// Contract: the `audit` facet — an append-only chain, sealed the same way by every adapter.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_GENESIS_HASH, InvalidAuditCursorError, auditEntryHash, type AuditDraft, type AuditEntry } from '../../app/ports/audit.ts';
import type { Store } from '../../app/ports.ts';
import type { StoreTest } from './harness.ts';

function draft(n: number, overrides: Partial<AuditDraft> = {}): AuditDraft {
  return {
    at: `2025-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    actor: n % 2 === 0 ? 'user:alice' : 'user:bob',
    action: n % 3 === 0 ? 'objects.ingest' : 'auth.login',
    subject: `subject-${n % 4}`,
    ...overrides,
  };
}

async function appendAll(store: Store, drafts: readonly AuditDraft[]): Promise<AuditEntry[]> {
  return store.write(async (tx) => {
    const out: AuditEntry[] = [];
    for (const d of drafts) out.push(await tx.audit.append(d));
    return out;
  });
}

async function scanAll(store: Store, from?: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of store.audit.scan(from)) out.push(e);
  return out;
}

export function auditContract(storeTest: StoreTest): void {
  describe('audit log', () => {
    storeTest('appends number the entries and chain each to the previous hash', async ({ store }) => {
      assert.equal(await store.audit.head(), null);
      const details = { ids: ['b', 'a'], count: 2, nested: { z: true, a: null }, ratio: 0.5 };
      const [first, second] = await appendAll(store, [draft(1, { reason: 'because', before: 'sha256:aa', after: 'sha256:bb', threat: 'threat-1', partner: 'identity--p', details }), draft(2)]);
      assert.ok(first !== undefined && second !== undefined);
      assert.equal(first.seq, 1);
      assert.equal(first.prevHash, AUDIT_GENESIS_HASH);
      assert.equal(second.seq, 2);
      assert.equal(second.prevHash, first.hash);
      const [third] = await appendAll(store, [draft(3, { at: '2025-02-01T10:00:00Z' })]);
      assert.equal(third?.at, '2025-02-01T10:00:00.000Z', 'times are stored with milliseconds');
      const { hash, ...unsealed } = first;
      assert.equal(hash, auditEntryHash(unsealed));
      assert.deepEqual(await store.audit.head(), { seq: 3, hash: third?.hash });
      const stored = await scanAll(store);
      assert.deepEqual(stored, [first, second, third], 'entries read back exactly as sealed');
      const [{ hash: _stored, ...reread } = first] = stored;
      assert.equal(auditEntryHash(reread), first.hash, 'stored details re-seal to the same hash');
    });

    storeTest('appends inside a failed write leave nothing', async ({ store }) => {
      await appendAll(store, [draft(1)]);
      await assert.rejects(store.write(async (tx) => {
        await tx.audit.append(draft(2));
        throw new Error('boom');
      }), /boom/);
      assert.equal((await store.audit.head())?.seq, 1);
      const [next] = await appendAll(store, [draft(3)]);
      assert.equal(next?.seq, 2, 'the chain continues without a gap');
    });

    storeTest('refuses drafts it could not seal the same way everywhere', async ({ store }) => {
      await assert.rejects(appendAll(store, [draft(1, { at: '2025-01-01 00:00:00' })]), RangeError);
      await assert.rejects(appendAll(store, [draft(1, { at: '2025-01-01T00:00:00+02:00' })]), RangeError);
      await assert.rejects(appendAll(store, [draft(1, { action: 'Login' })]), RangeError);
      await assert.rejects(appendAll(store, [draft(1, { actor: '' })]), RangeError);
      await assert.rejects(appendAll(store, [draft(1, { details: { n: Number.NaN } })]), RangeError);
      assert.equal(await store.audit.head(), null);
    });

    storeTest('lists newest first with filters and stable cursors', async ({ store }) => {
      const entries = await appendAll(store, Array.from({ length: 30 }, (_, i) => draft(i + 1, i === 4 ? { threat: 't-5', partner: 'p-5' } : {})));
      const all: AuditEntry[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = await store.audit.list({ limit: 7, ...(cursor === undefined ? {} : { cursor }) });
        assert.ok(page.items.length <= 7);
        all.push(...page.items);
        cursor = page.next;
        if (cursor === undefined) break;
      }
      assert.deepEqual(all.map((e) => e.seq), entries.map((e) => e.seq).reverse());
      const alice = await store.audit.list({ actor: 'user:alice', action: 'objects.ingest', limit: 100 });
      assert.deepEqual(alice.items.map((e) => e.seq), [30, 24, 18, 12, 6]);
      assert.deepEqual((await store.audit.list({ subject: 'subject-1', limit: 100 })).items.map((e) => e.seq), [29, 25, 21, 17, 13, 9, 5, 1]);
      assert.deepEqual((await store.audit.list({ threat: 't-5', limit: 100 })).items.map((e) => e.seq), [5]);
      assert.deepEqual((await store.audit.list({ partner: 'p-5', limit: 100 })).items.map((e) => e.seq), [5]);
      const window = await store.audit.list({ from: '2025-01-01T00:00:10.000Z', to: '2025-01-01T00:00:13.000Z', limit: 100 });
      assert.deepEqual(window.items.map((e) => e.seq), [12, 11, 10], 'from inclusive, to exclusive');
      assert.equal((await store.audit.list({ actor: 'nobody', limit: 10 })).items.length, 0);
      await assert.rejects(store.audit.list({ limit: 10, cursor: 'not-a-cursor' }), InvalidAuditCursorError);
    });

    storeTest('scans in chain order from any position across batches', async ({ store }) => {
      await appendAll(store, Array.from({ length: 1203 }, (_, i) => draft(i + 1)));
      const all = await scanAll(store);
      assert.equal(all.length, 1203);
      assert.ok(all.every((e, i) => e.seq === i + 1 && (i === 0 || e.prevHash === all[i - 1]?.hash)));
      assert.deepEqual((await scanAll(store, 1200)).map((e) => e.seq), [1200, 1201, 1202, 1203]);
    });

    storeTest('the chain survives a reopen', async ({ store, reopen }) => {
      const [first] = await appendAll(store, [draft(1)]);
      await store.close();
      const again = await (reopen as () => Promise<Store>)();
      const [second] = await appendAll(again, [draft(2)]);
      assert.equal(second?.prevHash, first?.hash);
    }, { reopen: true });
  });
}
