// Contract: the `threats` facet (port: src/app/ports/threats.ts) — threats in priority order,
// members keyed by report, the blocking-key index, links, assessments and decisions, all
// committing or rolling back with the write they belong to.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../app/ports.ts';
import type { AssessmentRecord, ThreatLink, ThreatMember, ThreatRecord, ThreatSummary } from '../../app/ports/threats.ts';
import type { ReportFacts } from '../../domain/fusion/index.ts';
import type { StoreTest } from './harness.ts';

const AT = '2025-07-01T00:00:00.000Z';

function summary(band: 'P1' | 'P2' | 'P3' | 'P4', score: number): ThreatSummary {
  return {
    assessedAt: AT,
    priority: { band, score },
    dutyToWarn: band === 'P1',
    imminence: 'I1',
    credibility: { grade: 3, confidence: 50 },
    specificity: { vector: { who: 1, target: 2, when: 2, how: 2, victim: 0, location: 2 }, total: 9 },
    harm: 'killing',
    severity: 4,
    window: { start: '2025-07-03T00:00:00.000Z', end: '2025-07-03T23:59:59.999Z' },
    sunset: '2025-07-03T23:59:59.999Z',
  };
}

function threat(n: number, extra: Partial<ThreatRecord> = {}): ThreatRecord {
  return {
    id: `grouping--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    status: 'active',
    mergedInto: null,
    name: `Threat ${n}`,
    createdAt: AT,
    updatedAt: AT,
    reportCount: 1,
    summary: null,
    signature: null,
    nextCheckAt: null,
    stixVersion: null,
    ...extra,
  };
}

function facts(reportId: string): ReportFacts {
  return {
    id: reportId,
    sourceId: null,
    reliability: 'B',
    credibility: 2,
    published: AT,
    automatic: false,
    analystConfirmed: false,
    actors: [{ id: 'intrusion-set--a', names: ['Daesh', 'ISIS'], kind: 'group' }],
    places: [],
    methods: [],
    targets: [],
    observables: [{ type: 'phone-number', value: '+963944000123' }],
    window: null,
    cites: [],
  };
}

function member(reportId: string, threatId: string): ThreatMember {
  return { reportId, threatId, title: `Report ${reportId}`, facts: facts(reportId), markings: ['marking-definition--x'], suppressed: [{ value: '8.8.8.8', reason: 'warning-list', detail: 'Google Public DNS' }], reason: 'new threat', addedAt: AT };
}

function link(reportId: string, againstId: string, score: number): ThreatLink {
  return {
    reportId,
    againstId,
    threatId: againstId,
    score,
    joinable: score >= 0.6,
    anchored: true,
    anchor: 'anchored by a shared observable',
    rejected: false,
    evidence: [{ rule: 'observable', values: ['+963944000123'], weight: 1, reportIds: ['report--1'] }],
    computedAt: AT,
  };
}

async function seed(store: Store, threats: readonly ThreatRecord[]): Promise<void> {
  await store.write(async (tx) => {
    for (const t of threats) await tx.threats.putThreat(t);
  });
}

export function threatsContract(storeTest: StoreTest): void {
  describe('threats', () => {
    storeTest('put, get and replace a threat', async ({ store }) => {
      const t = threat(1, { summary: summary('P2', 55.5), signature: 'sig', nextCheckAt: '2025-07-02T00:00:00.000Z', stixVersion: AT });
      await seed(store, [t]);
      assert.deepEqual(await store.threats.get(t.id), t);
      assert.equal(await store.threats.get(threat(2).id), null);
      const renamed = { ...t, name: 'Renamed', reportCount: 3 };
      await seed(store, [renamed]);
      assert.deepEqual(await store.threats.get(t.id), renamed);
      assert.deepEqual(await store.threats.allIds(), [t.id]);
    });

    storeTest('lists by priority: band, then score high to low, then id; threats without a summary last', async ({ store }) => {
      const threats = [
        threat(1, { summary: summary('P2', 50) }),
        threat(2, { summary: summary('P1', 80.25) }),
        threat(3),
        threat(4, { summary: summary('P1', 90) }),
        threat(5, { summary: summary('P2', 50) }),
        threat(6, { summary: summary('P4', 10), status: 'merged', mergedInto: threat(4).id }),
      ];
      await seed(store, threats);
      const order = [4, 2, 1, 5, 3].map((n) => threat(n).id);
      assert.deepEqual((await store.threats.list({ limit: 10 })).items.map((t) => t.id), order);
      // Keyset pages of two give the same order, each threat once.
      const paged: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await store.threats.list({ limit: 2, ...(cursor === undefined ? {} : { cursor }) });
        paged.push(...page.items.map((t) => t.id));
        cursor = page.next;
        if (cursor === undefined) break;
      }
      assert.deepEqual(paged, order);
      assert.deepEqual((await store.threats.list({ limit: 10, status: 'merged' })).items.map((t) => t.id), [threat(6).id]);
      assert.deepEqual(await store.threats.activeIds(), [1, 2, 3, 4, 5].map((n) => threat(n).id));
      await assert.rejects(store.threats.list({ limit: 2, cursor: 'not-a-cursor' }));
    });

    storeTest('due threats are active ones whose next check has come, soonest first', async ({ store }) => {
      await seed(store, [
        threat(1, { nextCheckAt: '2025-07-02T00:00:00.000Z' }),
        threat(2, { nextCheckAt: '2025-07-01T12:00:00.000Z' }),
        threat(3, { nextCheckAt: '2025-07-05T00:00:00.000Z' }),
        threat(4),
        threat(5, { nextCheckAt: '2025-07-01T00:00:00.000Z', status: 'retired' }),
      ]);
      assert.deepEqual(await store.threats.due('2025-07-02T00:00:00.000Z', 10), [threat(2).id, threat(1).id]);
      assert.deepEqual(await store.threats.due('2025-07-02T00:00:00.000Z', 1), [threat(2).id]);
      assert.deepEqual(await store.threats.due('2025-06-30T00:00:00.000Z', 10), []);
    });

    storeTest('members: one threat per report, a re-put moves it, read back as written', async ({ store }) => {
      const [a, b] = [threat(1), threat(2)];
      await seed(store, [a, b]);
      await store.write(async (tx) => {
        await tx.threats.putMembers([member('report--1', a.id), member('report--2', a.id), member('report--3', b.id)]);
      });
      assert.deepEqual(await store.threats.member('report--1'), member('report--1', a.id));
      assert.equal(await store.threats.threatOf('report--3'), b.id);
      assert.equal(await store.threats.threatOf('report--9'), null);
      await store.write((tx) => tx.threats.putMembers([{ ...member('report--1', b.id), reason: 'moved' }]));
      const members = await store.threats.members([b.id, a.id]);
      // By threat id, then order of arrival (a moved report keeps its first arrival).
      assert.deepEqual(members.map((m) => [m.threatId, m.reportId]), [[a.id, 'report--2'], [b.id, 'report--1'], [b.id, 'report--3']]);
      assert.equal(members.find((m) => m.reportId === 'report--1')?.reason, 'moved');
      await store.write((tx) => tx.threats.removeMembers(['report--2']));
      assert.deepEqual((await store.threats.members([a.id])).length, 0);
      assert.deepEqual(await store.threats.members([]), []);
    });

    storeTest('the key index: posting counts, look-ups by shared keys, only active threats', async ({ store }) => {
      const threats = [threat(1), threat(2), threat(3)];
      await seed(store, threats);
      await store.write(async (tx) => {
        await tx.threats.addKeys(threat(1).id, ['obs:phone-number:+1', 'site:shrine', 'actor:isis']);
        await tx.threats.addKeys(threat(2).id, ['obs:phone-number:+1', 'actor:isis']);
        await tx.threats.addKeys(threat(2).id, ['actor:isis', 'city:damascus']);
        await tx.threats.addKeys(threat(3).id, ['city:damascus']);
      });
      assert.deepEqual(
        new Map(await store.threats.postingCounts(['obs:phone-number:+1', 'actor:isis', 'city:damascus', 'site:none'])),
        new Map([['obs:phone-number:+1', 2], ['actor:isis', 2], ['city:damascus', 2]]),
      );
      assert.deepEqual(await store.threats.threatsWithKeys(['site:shrine', 'city:damascus'], { minShared: 1, limit: 10 }), [threat(1).id, threat(2).id, threat(3).id]);
      assert.deepEqual(await store.threats.threatsWithKeys(['actor:isis', 'city:damascus'], { minShared: 2, limit: 10 }), [threat(2).id]);
      assert.deepEqual(await store.threats.threatsWithKeys(['site:shrine', 'city:damascus'], { minShared: 1, limit: 2 }), [threat(1).id, threat(2).id]);
      assert.deepEqual(await store.threats.keysOf(threat(2).id), ['actor:isis', 'city:damascus', 'obs:phone-number:+1']);
      await store.write((tx) => tx.threats.replaceKeys(threat(2).id, ['site:other']));
      assert.deepEqual(await store.threats.keysOf(threat(2).id), ['site:other']);
      // A threat that is no longer active leaves the index.
      await seed(store, [threat(1, { status: 'merged', mergedInto: threat(2).id })]);
      assert.deepEqual(await store.threats.keysOf(threat(1).id), []);
      assert.deepEqual(new Map(await store.threats.postingCounts(['actor:isis', 'site:shrine'])), new Map());
    });

    storeTest('links: replaced per report, retargeted after a merge, marked rejected', async ({ store }) => {
      const [a, b] = [threat(1), threat(2)];
      await seed(store, [a, b]);
      await store.write(async (tx) => {
        await tx.threats.replaceLinks('report--1', [link('report--1', a.id, 0.4), link('report--1', b.id, 1)]);
        await tx.threats.replaceLinks('report--2', [link('report--2', a.id, 0.7)]);
      });
      assert.deepEqual((await store.threats.linksOfReports(['report--1'])).map((l) => [l.againstId, l.score]), [[b.id, 1], [a.id, 0.4]]);
      assert.deepEqual(await store.threats.linksOfReports(['report--1']).then((ls) => ls[0]), link('report--1', b.id, 1));
      assert.deepEqual((await store.threats.linksToThreat(a.id)).map((l) => l.reportId), ['report--2', 'report--1']);
      await store.write(async (tx) => {
        assert.equal(await tx.threats.retargetLinks(a.id, b.id), 2);
        assert.equal(await tx.threats.setLinkRejected('report--2', b.id, true), 1);
      });
      const onB = await store.threats.linksToThreat(b.id);
      assert.deepEqual(onB.map((l) => [l.reportId, l.againstId, l.rejected]), [['report--1', b.id, false], ['report--2', a.id, true], ['report--1', a.id, false]]);
      await store.write((tx) => tx.threats.replaceLinks('report--1', []));
      assert.deepEqual((await store.threats.linksOfReports(['report--1', 'report--2'])).map((l) => l.reportId), ['report--2']);
    });

    storeTest('assessments and decisions are numbered histories', async ({ store }) => {
      const t = threat(1);
      await seed(store, [t]);
      const record = (n: number): Omit<AssessmentRecord, 'seq'> => ({
        threatId: t.id,
        assessedAt: `2025-07-0${n}T00:00:00.000Z`,
        trigger: n === 1 ? 'new-reporting' : 'clock',
        signature: `sig-${n}`,
        summary: summary('P1', 80 + n),
        assessment: { explanation: [`line ${n}`] } as unknown as AssessmentRecord['assessment'],
      });
      await store.write(async (tx) => {
        assert.equal(await tx.threats.appendAssessment(record(1)), 1);
        assert.equal(await tx.threats.appendAssessment(record(2)), 2);
        assert.equal(await tx.threats.appendDecision({ decidedAt: AT, actor: 'user:alice', decision: { kind: 'pin', reportId: 'report--1', threatId: t.id }, note: null }), 1);
        assert.equal(await tx.threats.appendDecision({ decidedAt: AT, actor: 'user:bob', decision: { kind: 'reject', reportId: 'report--2', threatId: t.id }, note: 'not the same cell' }), 2);
      });
      const history = await store.threats.assessments(t.id, 10);
      assert.deepEqual(history.map((a) => [a.seq, a.trigger, a.signature]), [[2, 'clock', 'sig-2'], [1, 'new-reporting', 'sig-1']]);
      assert.deepEqual(history[0], { seq: 2, ...record(2) });
      assert.equal((await store.threats.assessments(t.id, 1)).length, 1);
      const decisions = await store.threats.decisions();
      assert.deepEqual(decisions.map((d) => [d.seq, d.actor, d.decision.kind, d.note]), [[1, 'user:alice', 'pin', null], [2, 'user:bob', 'reject', 'not the same cell']]);
    });

    storeTest('everything rolls back with its write', async ({ store }) => {
      const t = threat(1);
      await assert.rejects(
        store.write(async (tx) => {
          await tx.threats.putThreat(t);
          await tx.threats.putMembers([member('report--1', t.id)]);
          await tx.threats.addKeys(t.id, ['site:x']);
          await tx.threats.replaceLinks('report--1', [link('report--1', t.id, 1)]);
          await tx.threats.appendDecision({ decidedAt: AT, actor: 'user:alice', decision: { kind: 'pin', reportId: 'report--1', threatId: t.id }, note: null });
          // Reads inside the write see its own changes.
          assert.equal(await tx.threats.threatOf('report--1'), t.id);
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.equal(await store.threats.get(t.id), null);
      assert.equal(await store.threats.threatOf('report--1'), null);
      assert.deepEqual(new Map(await store.threats.postingCounts(['site:x'])), new Map());
      assert.deepEqual(await store.threats.linksOfReports(['report--1']), []);
      assert.deepEqual(await store.threats.decisions(), []);
    });

    storeTest('threats survive a reopen', async ({ store, reopen }) => {
      const t = threat(1, { summary: summary('P3', 30) });
      await seed(store, [t]);
      await store.write((tx) => tx.threats.putMembers([member('report--1', t.id)]));
      await store.close();
      const again = await (reopen as () => Promise<Store>)();
      assert.deepEqual(await again.threats.get(t.id), t);
      assert.deepEqual(await again.threats.member('report--1'), member('report--1', t.id));
    }, { reopen: true });
  });
}
