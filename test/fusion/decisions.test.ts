// Analyst decisions (issue 6): merge, split, pin and reject win over the rules, are applied
// at once, and are kept across later fusion and re-fusion from scratch. Bad requests come
// back as typed errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeThreats, pinReport, rejectLink, splitThreat } from '../../src/app/fusion/analystDecisions.ts';
import { refuseAll } from '../../src/app/fusion/refuseAll.ts';
import type { Store } from '../../src/app/ports.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import { group, ingest, ip, memoryStore, reportId, reportObjects, site, source, TestClock } from './support.ts';

interface World {
  store: Store;
  clock: TestClock;
  /** Share an IP: one threat by the rules. */
  r1: StixObject[];
  r2: StixObject[];
  /** Another place, another source: a threat of its own. */
  r3: StixObject[];
}

async function world(): Promise<World> {
  const store = memoryStore();
  const clock = new TestClock(Date.parse('2025-07-01T10:00:00.000Z'));
  const r1 = reportObjects({ name: 'R1', published: '2025-07-01T01:00:00.000Z', source: source('S1', 'B'), refs: [ip('203.0.113.10'), group('ISIS')] });
  const r2 = reportObjects({ name: 'R2', published: '2025-07-01T02:00:00.000Z', source: source('S2', 'B'), refs: [ip('203.0.113.10')] });
  const r3 = reportObjects({ name: 'R3', published: '2025-07-01T03:00:00.000Z', source: source('S3', 'C'), refs: [site('Great Synagogue of Brussels', 50.8387, 4.3514)] });
  for (const r of [r1, r2, r3]) await ingest(store, clock, r);
  return { store, clock, r1, r2, r3 };
}

const threatOf = async (store: Store, objects: readonly StixObject[]): Promise<string> => (await store.threats.threatOf(reportId(objects))) as string;
const membersOf = async (store: Store, threatId: string): Promise<string[]> => (await store.threats.members([threatId])).map((m) => m.reportId).sort();

describe('analyst decisions', () => {
  test('merge: the reports move, the other threat is merged and revoked, and it holds across re-fusion and new reports', async () => {
    const { store, clock, r1, r2, r3 } = await world();
    const t1 = await threatOf(store, r1);
    const t3 = await threatOf(store, r3);
    assert.notEqual(t1, t3);
    clock.advance(1);
    const merged = await mergeThreats({ threatId: t1, otherIds: [t3], note: 'same plot, HUMINT says so' }, { store, clock, actor: 'user:ana' });
    assert.ok(merged.ok);
    assert.deepEqual(merged.decision.decision, { kind: 'merge', threatId: t1, reportIds: [reportId(r1), reportId(r2), reportId(r3)].sort() });
    assert.equal(merged.decision.actor, 'user:ana');
    assert.deepEqual(await membersOf(store, t1), [reportId(r1), reportId(r2), reportId(r3)].sort());
    assert.equal((await store.threats.get(t3))?.status, 'merged');
    assert.equal(JSON.parse((await store.getLatestObject(t3))?.json ?? '{}').revoked, true);
    const history = await store.threats.assessments(t1, 10);
    assert.equal(history[0]?.trigger, 'analyst-decision');
    assert.equal((await store.audit.list({ limit: 10, action: 'threat.merge' })).items[0]?.reason, 'same plot, HUMINT says so');

    // Re-fusion from scratch: the rules alone would part R3 from R1/R2; the merge keeps them.
    clock.advance(1);
    const refused = await refuseAll({ store, clock });
    assert.equal(refused.threats, 1);
    assert.deepEqual(await membersOf(store, t1), [reportId(r1), reportId(r2), reportId(r3)].sort());
    // A new report on R3's site still joins by the rules, into the merged threat.
    const r4 = reportObjects({ name: 'R4', published: '2025-07-01T04:00:00.000Z', source: source('S4', 'B'), refs: [site('Great Synagogue of Brussels', 50.8387, 4.3514)] });
    await ingest(store, clock, r4);
    assert.equal(await threatOf(store, r4), t1);
    await store.close();
  });

  test('split: both parts are pinned, so the shared IP does not glue them back, now or after re-fusion', async () => {
    const { store, clock, r1, r2 } = await world();
    const t1 = await threatOf(store, r1);
    const split = await splitThreat({ threatId: t1, reportIds: [reportId(r2)] }, { store, clock });
    assert.ok(split.ok);
    const t2 = await threatOf(store, r2);
    assert.notEqual(t2, t1);
    assert.deepEqual(split.affected, [t1, t2]);
    assert.deepEqual(await membersOf(store, t1), [reportId(r1)]);
    assert.ok((await store.threats.keysOf(t2)).includes('obs:ipv4-addr:203.0.113.10'), 'the new part is indexed');
    await refuseAll({ store, clock });
    assert.equal(await threatOf(store, r1), t1);
    assert.equal(await threatOf(store, r2), t2);
    // A later report with the same IP joins one part, not both, and merges nothing.
    const r5 = reportObjects({ name: 'R5', published: '2025-07-02T00:00:00.000Z', refs: [ip('203.0.113.10')] });
    await ingest(store, clock, r5);
    assert.ok([t1, t2].includes(await threatOf(store, r5)));
    assert.equal((await store.threats.get(t1))?.status, 'active');
    assert.equal((await store.threats.get(t2))?.status, 'active');
    await store.close();
  });

  test('pin: a report moves to the threat an analyst chose, its old threat is retired when empty, and the rules never move it back', async () => {
    const { store, clock, r1, r3 } = await world();
    const t1 = await threatOf(store, r1);
    const t3 = await threatOf(store, r3);
    const pinned = await pinReport({ threatId: t1, reportId: reportId(r3) }, { store, clock });
    assert.ok(pinned.ok);
    assert.equal(await threatOf(store, r3), t1);
    assert.equal((await store.threats.get(t3))?.status, 'retired');
    await refuseAll({ store, clock });
    assert.equal(await threatOf(store, r3), t1);
    // Re-ingesting a new version of R3 keeps it where it was pinned.
    const again = reportObjects({ id: reportId(r3), name: 'R3', published: '2025-07-01T03:00:00.000Z', modified: '2025-07-01T09:00:00.000Z', refs: r3.filter((o) => o.type === 'location') });
    await ingest(store, clock, again);
    assert.equal(await threatOf(store, r3), t1);
    await store.close();
  });

  test('reject: the report leaves, is placed again by the rules, and never rejoins that threat', async () => {
    const { store, clock, r1, r2 } = await world();
    const t1 = await threatOf(store, r1);
    const rejected = await rejectLink({ threatId: t1, reportId: reportId(r2), note: 'different handset owner' }, { store, clock });
    assert.ok(rejected.ok);
    const t2 = await threatOf(store, r2);
    assert.notEqual(t2, t1);
    assert.deepEqual(await membersOf(store, t1), [reportId(r1)]);
    const [link] = (await store.threats.linksOfReports([reportId(r2)])).filter((l) => l.threatId === t1);
    assert.equal(link?.rejected, true, 'the link stays visible, marked rejected');
    assert.equal(link?.joinable, false);
    await refuseAll({ store, clock });
    assert.notEqual(await threatOf(store, r2), await threatOf(store, r1));
    await store.close();
  });

  test('bad requests are typed errors and change nothing', async () => {
    const { store, clock, r1, r3 } = await world();
    const t1 = await threatOf(store, r1);
    const t3 = await threatOf(store, r3);
    const ctx = { store, clock };
    const unknown = 'grouping--00000000-0000-4000-8000-00000000dead';
    const code = (r: { ok: boolean; error?: { code: string } }): string | undefined => (r.ok ? undefined : r.error?.code);
    assert.equal(code(await mergeThreats({ threatId: unknown, otherIds: [t1] }, ctx)), 'unknown-threat');
    assert.equal(code(await mergeThreats({ threatId: t1, otherIds: [unknown] }, ctx)), 'unknown-other-threat');
    assert.equal(code(await mergeThreats({ threatId: t1, otherIds: [t1] }, ctx)), 'invalid-request');
    assert.equal(code(await mergeThreats({ threatId: t1, otherIds: [] }, ctx)), 'invalid-request');
    assert.equal(code(await splitThreat({ threatId: t1, reportIds: ['report--00000000-0000-4000-8000-000000000bad'] }, ctx)), 'unknown-report');
    assert.equal(code(await splitThreat({ threatId: t3, reportIds: [reportId(r3)] }, ctx)), 'invalid-request', 'a split must leave a report');
    assert.equal(code(await splitThreat({ threatId: t3, reportIds: [reportId(r1)] }, ctx)), 'unknown-report', 'not in that threat');
    assert.equal(code(await pinReport({ threatId: t1, reportId: 'report--00000000-0000-4000-8000-000000000bad' }, ctx)), 'unknown-report');
    assert.equal(code(await rejectLink({ threatId: unknown, reportId: reportId(r1) }, ctx)), 'unknown-threat');
    assert.deepEqual(await store.threats.decisions(), []);
    // A merged threat is not active any more.
    assert.ok((await mergeThreats({ threatId: t1, otherIds: [t3] }, ctx)).ok);
    assert.equal(code(await pinReport({ threatId: t3, reportId: reportId(r1) }, ctx)), 'threat-not-active');
    await store.close();
  });
});
