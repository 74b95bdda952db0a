// Contract: the `warnings` facet (port: src/app/ports/warnings.ts) — duty-to-warn cases with
// every version and event, compare-and-set versions, one case per threat, deadline keys
// fired at most once (also across a reopen), and immutable frozen products; everything
// commits or rolls back with the write it belongs to.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Store } from '../../app/ports.ts';
import type { FrozenProductRecord, StoredCase } from '../../app/ports/warnings.ts';
import { apply, openCase, type Actor, type WarningCase, type WarningEvent } from '../../domain/warning/index.ts';
import type { StoreTest } from './harness.ts';

const T0 = '2025-07-01T00:00:00.000Z';
const ANALYST: Actor = { kind: 'user', userId: 'ana', roles: ['analyst'] };

function minutes(n: number): string {
  return new Date(Date.parse(T0) + n * 60_000).toISOString();
}

function opened(id: string): { case: WarningCase; events: readonly WarningEvent[] } {
  const result = openCase({ id, summary: `Case ${id}`, reportRefs: ['report--1'] }, ANALYST, T0);
  assert.ok(result.ok);
  return result;
}

/** The case after `screen`, one version on. */
function screened(c: WarningCase): { case: WarningCase; events: readonly WarningEvent[] } {
  const result = apply(
    c,
    {
      type: 'screen',
      screening: {
        harmType: 'killing',
        victim: { identity: 'Pilgrims at the shrine', nationality: 'Syrian', country: 'SYR' },
        credibility: { sourceReliability: 'B', informationCredibility: 2 },
        specificity: { who: 2, target: 2, when: 2, how: 2, victim: 1, location: 2 },
        imminence: 'I1',
        window: { start: minutes(48 * 60), end: minutes(60 * 60) },
      },
    },
    ANALYST,
    minutes(1),
  );
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result;
}

function product(caseId: string, text: string, extra: Partial<FrozenProductRecord> = {}): FrozenProductRecord {
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  return {
    productId: `warning-product--${sha256.slice(0, 8)}`,
    caseId,
    sha256,
    bundleJson: text,
    banner: 'UNCLASSIFIED',
    warningText: 'A vehicle bomb is planned against the shrine.',
    partnerName: 'syria-gss',
    channels: ['taxii', 'email'],
    mediaType: 'application/stix+json;version=2.1',
    frozenAt: minutes(5),
    frozenBy: 'user:olga',
    ...extra,
  };
}

async function create(store: Store, id: string, threatId: string | null = null): Promise<WarningCase> {
  const o = opened(id);
  assert.equal(await store.write((tx) => tx.warnings.createCase(o.case, o.events, threatId)), true);
  return o.case;
}

export function warningsContract(storeTest: StoreTest): void {
  describe('warnings facet', () => {
    storeTest('creates a case at version 1 with its events, once per id and once per threat', async ({ store }) => {
      const c = await create(store, 'case-a', 'grouping--a');
      const got = (await store.warnings.getCase('case-a')) as StoredCase;
      assert.equal(got.version, 1);
      assert.equal(got.threatId, 'grouping--a');
      assert.deepEqual(got.case, JSON.parse(JSON.stringify(c)));
      assert.equal((await store.warnings.caseOfThreat('grouping--a'))?.case.id, 'case-a');
      assert.equal(await store.warnings.caseOfThreat('grouping--none'), null);
      assert.equal(await store.warnings.getCase('case-none'), null);
      const events = await store.warnings.events('case-a');
      assert.deepEqual(events.map((e) => [e.seq, e.version, e.event.type]), [[1, 1, 'case_opened']]);
      // Same id again, or another case for the same threat: nothing written.
      const again = opened('case-a');
      assert.equal(await store.write((tx) => tx.warnings.createCase(again.case, again.events, null)), false);
      const other = opened('case-b');
      assert.equal(await store.write((tx) => tx.warnings.createCase(other.case, other.events, 'grouping--a')), false);
      assert.equal(await store.warnings.getCase('case-b'), null);
      assert.equal((await store.warnings.events('case-a')).length, 1);
    });

    storeTest('saves versions by compare-and-set and keeps every version and event in order', async ({ store }) => {
      const c = await create(store, 'case-a');
      const next = screened(c);
      assert.equal(await store.write((tx) => tx.warnings.saveCase(next.case, 1, next.events)), 2);
      // A writer still holding version 1 changes nothing.
      await assert.rejects(
        store.write((tx) => tx.warnings.saveCase(next.case, 1, next.events)),
        (error: Error & { code?: string }) => error.code === 'case-version-conflict',
      );
      await assert.rejects(
        store.write((tx) => tx.warnings.saveCase({ ...next.case, id: 'case-none' }, 1, [])),
        (error: Error & { code?: string }) => error.code === 'case-version-conflict',
      );
      const stored = (await store.warnings.getCase('case-a')) as StoredCase;
      assert.equal(stored.version, 2);
      assert.equal(stored.case.state, 'screening');
      const versions = await store.warnings.caseVersions('case-a');
      assert.deepEqual(versions.map((v) => [v.version, v.state, v.at]), [[1, 'reported', T0], [2, 'screening', minutes(1)]]);
      assert.equal(versions[0]?.case.state, 'reported');
      const events = await store.warnings.events('case-a');
      assert.deepEqual(events.map((e) => [e.seq, e.version, e.event.type]), [[1, 1, 'case_opened'], [2, 2, 'screened']]);
    });

    storeTest('rolls back with the write', async ({ store }) => {
      const o = opened('case-a');
      await assert.rejects(
        store.write(async (tx) => {
          await tx.warnings.createCase(o.case, o.events, 'grouping--a');
          await tx.warnings.putProduct(product('case-a', '{"type":"bundle"}'));
          assert.equal((await tx.warnings.getCase('case-a'))?.version, 1, 'the write sees its own case');
          throw new Error('abandon');
        }),
        /abandon/,
      );
      assert.equal(await store.warnings.getCase('case-a'), null);
      assert.equal(await store.warnings.caseOfThreat('grouping--a'), null);
      assert.deepEqual(await store.warnings.events('case-a'), []);
      assert.deepEqual(await store.warnings.productsOf('case-a'), []);
    });

    storeTest('lists latest versions by id, paged, optionally by state', async ({ store }) => {
      for (const id of ['case-c', 'case-a', 'case-b']) await create(store, id);
      const b = (await store.warnings.getCase('case-b')) as StoredCase;
      const next = screened(b.case);
      await store.write((tx) => tx.warnings.saveCase(next.case, 1, next.events));
      const first = await store.warnings.listCases({ limit: 2 });
      assert.deepEqual(first.items.map((s) => s.case.id), ['case-a', 'case-b']);
      assert.ok(first.next !== undefined);
      const second = await store.warnings.listCases({ limit: 2, cursor: first.next });
      assert.deepEqual(second.items.map((s) => s.case.id), ['case-c']);
      assert.equal(second.next, undefined);
      const screening = await store.warnings.listCases({ limit: 10, states: ['screening'] });
      assert.deepEqual(screening.items.map((s) => [s.case.id, s.version]), [['case-b', 2]]);
      const open = await store.warnings.listCases({ limit: 1, states: ['reported', 'screening'] });
      const rest = await store.warnings.listCases({ limit: 5, states: ['reported', 'screening'], ...(open.next === undefined ? {} : { cursor: open.next }) });
      assert.deepEqual([...open.items, ...rest.items].map((s) => s.case.id), ['case-a', 'case-b', 'case-c']);
      await assert.rejects(store.warnings.listCases({ limit: 2, cursor: 'not-a-cursor' }), (error: Error & { code?: string }) => error.code === 'invalid_cursor');
    });

    storeTest('records a fired deadline key once, ever', async ({ store }) => {
      await create(store, 'case-a');
      const key = `case-a:screen:${minutes(60)}`;
      const record = { key, caseId: 'case-a', firedAt: minutes(61), action: 'escalated' };
      assert.equal(await store.write((tx) => tx.warnings.recordFiredDeadline(record)), true);
      assert.equal(await store.write((tx) => tx.warnings.recordFiredDeadline({ ...record, firedAt: minutes(62) })), false);
      assert.equal(await store.warnings.hasFiredDeadline(key), true);
      assert.equal(await store.warnings.hasFiredDeadline('case-a:screen:other'), false);
      assert.deepEqual(await store.warnings.firedDeadlines('case-a'), [record]);
      // A rolled-back firing leaves the key free.
      const other = { ...record, key: `case-a:decide:${minutes(120)}` };
      await assert.rejects(store.write(async (tx) => {
        await tx.warnings.recordFiredDeadline(other);
        throw new Error('abandon');
      }));
      assert.equal(await store.warnings.hasFiredDeadline(other.key), false);
    });

    storeTest('fired deadlines and history survive a reopen', async ({ store, reopen }) => {
      await create(store, 'case-a');
      const key = `case-a:screen:${minutes(60)}`;
      await store.write((tx) => tx.warnings.recordFiredDeadline({ key, caseId: 'case-a', firedAt: minutes(61), action: 'escalated' }));
      await store.close();
      const again = await (reopen as () => Promise<Store>)();
      assert.equal(await again.warnings.hasFiredDeadline(key), true);
      assert.equal(await again.write((tx) => tx.warnings.recordFiredDeadline({ key, caseId: 'case-a', firedAt: minutes(70), action: 'escalated' })), false);
      assert.equal((await again.warnings.getCase('case-a'))?.version, 1);
    }, { reopen: true });

    storeTest('stores a frozen product once: same bytes unchanged, anything else a conflict', async ({ store }) => {
      await create(store, 'case-a');
      await create(store, 'case-b');
      const p = product('case-a', '{"type":"bundle","id":"bundle--1"}');
      assert.equal(await store.write((tx) => tx.warnings.putProduct(p)), 'stored');
      assert.equal(await store.write((tx) => tx.warnings.putProduct({ ...p, frozenAt: minutes(9) })), 'unchanged');
      assert.equal(await store.write((tx) => tx.warnings.putProduct({ ...p, bundleJson: '{"type":"bundle","id":"bundle--2"}' })), 'conflict');
      assert.equal(await store.write((tx) => tx.warnings.putProduct({ ...p, caseId: 'case-b' })), 'conflict');
      assert.deepEqual(await store.warnings.getProduct(p.productId), p);
      assert.deepEqual(await store.warnings.productsOf('case-a'), [p]);
      assert.deepEqual(await store.warnings.productsOf('case-b'), []);
      assert.equal(await store.warnings.getProduct('warning-product--none'), null);
    });
  });
}
