// Fusion on every ingest (issue 6), against a real SQLite store: a stored report joins or
// starts a threat, links carry their evidence, the index finds candidates, the rules merge
// threats a report bridges, suppressed values make no link, and the threat is a STIX
// grouping version with our extension and the markings of what it holds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fuseReport, fuseStoredReports } from '../../src/app/fusion/fuseReport.ts';
import { fusionSettings } from '../../src/app/fusion/settings.ts';
import { splitThreat } from '../../src/app/fusion/analystDecisions.ts';
import { THREAT_EXTENSION_ID } from '../../src/app/fusion/threatObject.ts';
import { toObjectWrite } from '../../src/app/objectWrite.ts';
import type { Store } from '../../src/app/ports.ts';
import { validateObject } from '../../src/domain/stix/index.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import { city, group, id, ingest, ip, memoryStore, method, reportId, reportObjects, site, source, TestClock } from './support.ts';

const TLP_AMBER = 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82';
const TLP_GREEN = 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da';

async function threatOf(store: Store, objects: readonly StixObject[]): Promise<string> {
  const threat = await store.threats.threatOf(reportId(objects));
  assert.ok(threat !== null, 'the report is in a threat');
  return threat;
}

async function latestGrouping(store: Store, threatId: string): Promise<StixObject> {
  const record = await store.getLatestObject(threatId);
  assert.ok(record !== null, `grouping ${threatId} is stored`);
  return JSON.parse(record.json) as StixObject;
}

describe('fusing stored reports', () => {
  test('a report starts a threat; another sharing an observable joins it, with the evidence kept', async () => {
    const store = memoryStore();
    const clock = new TestClock(Date.parse('2025-07-01T10:00:00.000Z'));
    const partner = source('Partner service', 'B');
    const first = reportObjects({ name: 'Cable', published: '2025-07-01T09:00:00.000Z', source: partner, refs: [ip('203.0.113.7'), group('ISIS')], markings: [TLP_AMBER] });
    await ingest(store, clock, first);
    const threatId = await threatOf(store, first);
    assert.match(threatId, /^grouping--[0-9a-f-]{36}$/);
    const created = await store.threats.get(threatId);
    assert.equal(created?.status, 'active');
    assert.equal(created?.reportCount, 1);
    assert.equal((await store.threats.assessments(threatId, 10)).length, 1);
    assert.ok((await store.threats.keysOf(threatId)).includes('obs:ipv4-addr:203.0.113.7'));

    clock.advance(1);
    const second = reportObjects({ name: 'Intercept', published: '2025-07-01T10:00:00.000Z', source: source('Our collection', 'A'), refs: [ip('203.0.113.7')], markings: [TLP_GREEN] });
    await ingest(store, clock, second);
    assert.equal(await threatOf(store, second), threatId);
    const member = await store.threats.member(reportId(second));
    assert.match(member?.reason ?? '', /^joins grouping--.*anchored by a shared observable/);
    const [link] = await store.threats.linksOfReports([reportId(second)]);
    assert.equal(link?.againstId, threatId);
    assert.equal(link?.joinable, true);
    assert.deepEqual(link?.evidence, [{ rule: 'observable', values: ['203.0.113.7'], weight: 1, reportIds: [reportId(first)] }]);

    // The threat as STIX: a new grouping version holding both reports, valid, marked with both markings.
    const grouping = await latestGrouping(store, threatId);
    assert.deepEqual(validateObject(grouping).errors, []);
    assert.deepEqual([...(grouping.object_refs as string[])].filter((r) => r.startsWith('report--')).sort(), [reportId(first), reportId(second)].sort());
    assert.deepEqual(grouping.object_marking_refs, [TLP_GREEN, TLP_AMBER].sort());
    const ext = (grouping.extensions as Record<string, { members: { reports: string[] }; assessment: { priority: string } }>)[THREAT_EXTENSION_ID];
    assert.equal(ext?.members.reports.length, 2);
    assert.equal((await store.getObjectVersions(threatId)).length, 2, 'one version per change');
    assert.equal((await store.threats.assessments(threatId, 10)).length, 2, 'new reporting, new assessment');

    // Consequential writes are audited in the same write.
    const audit = await store.audit.list({ limit: 50, action: 'threat.fuse' });
    assert.deepEqual(audit.items.map((e) => e.subject).sort(), [reportId(first), reportId(second)].sort());
    await store.close();
  });

  test('a report that bridges two threats merges them: the other is retired, revoked, its links follow', async () => {
    const store = memoryStore();
    const clock = new TestClock(Date.parse('2025-07-01T10:00:00.000Z'));
    const a = reportObjects({ name: 'A', published: '2025-07-01T01:00:00.000Z', source: source('S1', 'B'), refs: [ip('198.51.100.1')] });
    const b = reportObjects({ name: 'B', published: '2025-07-01T02:00:00.000Z', source: source('S2', 'B'), refs: [ip('198.51.100.2')] });
    await ingest(store, clock, a);
    await ingest(store, clock, b);
    const [ta, tb] = [await threatOf(store, a), await threatOf(store, b)];
    assert.notEqual(ta, tb);
    clock.advance(1);
    const bridge = reportObjects({ name: 'Bridge', published: '2025-07-01T03:00:00.000Z', source: source('S3', 'C'), refs: [ip('198.51.100.1'), ip('198.51.100.2')] });
    await ingest(store, clock, bridge);
    const joined = await threatOf(store, bridge);
    const retired = joined === ta ? tb : ta;
    assert.deepEqual(new Set([await threatOf(store, a), await threatOf(store, b)]), new Set([joined]));
    const old = await store.threats.get(retired);
    assert.equal(old?.status, 'merged');
    assert.equal(old?.mergedInto, joined);
    assert.deepEqual(await store.threats.keysOf(retired), [], 'a merged threat leaves the index');
    assert.equal((await latestGrouping(store, retired)).revoked, true);
    assert.match((await store.threats.member(reportId(bridge)))?.reason ?? '', /merge/);
    assert.ok((await store.threats.linksToThreat(joined)).some((l) => l.againstId === retired), 'the link to the merged threat now points at the survivor');
    assert.equal((await store.threats.get(joined))?.reportCount, 3);
    await store.close();
  });

  test('values on the warning list make no link and are recorded as suppressed', async () => {
    const store = memoryStore();
    const clock = new TestClock(Date.parse('2025-07-01T10:00:00.000Z'));
    const a = reportObjects({ name: 'A', published: '2025-07-01T01:00:00.000Z', refs: [ip('8.8.8.8'), ip('203.0.113.50')] });
    const b = reportObjects({ name: 'B', published: '2025-07-01T02:00:00.000Z', refs: [ip('8.8.8.8')] });
    await ingest(store, clock, a);
    await ingest(store, clock, b);
    assert.notEqual(await threatOf(store, a), await threatOf(store, b));
    assert.ok(!(await store.threats.keysOf(await threatOf(store, a))).some((k) => k.includes('8.8.8.8')), 'never indexed');
    await store.close();
  });

  test('a value over the correlation cap makes no link (MISP-style), and says why', async () => {
    const store = memoryStore();
    const clock = new TestClock(Date.parse('2025-07-01T10:00:00.000Z'));
    const settings = fusionSettings({ correlation: { correlationCap: 1 } });
    const shared = '198.51.100.77';
    const a = reportObjects({ name: 'A', published: '2025-07-01T01:00:00.000Z', refs: [ip(shared)] });
    const b = reportObjects({ name: 'B', published: '2025-07-01T02:00:00.000Z', refs: [ip(shared)] });
    await ingest(store, clock, [...a, ...b]);
    // An analyst splits them: now two threats hold the value.
    const split = await splitThreat({ threatId: await threatOf(store, a), reportIds: [reportId(b)] }, { store, clock });
    assert.ok(split.ok);
    const c = reportObjects({ name: 'C', published: '2025-07-01T03:00:00.000Z', refs: [ip(shared)] });
    await store.write(async (tx) => {
      await tx.putObjects(c.map((o) => toObjectWrite(o)));
      const [fused] = await fuseStoredReports(tx, [reportId(c)], clock.now(), { settings });
      assert.equal(fused?.newThreat, true);
    });
    const member = await store.threats.member(reportId(c));
    assert.deepEqual(member?.suppressed.map((s) => [s.value, s.reason]), [[shared, 'cap']]);
    assert.match(member?.suppressed[0]?.detail ?? '', /already linked to 2 threats \(cap 1\)/);
    await store.close();
  });

  test('a busy key finds candidates only together with a second key', async () => {
    const store = memoryStore();
    const clock = new TestClock(Date.parse('2025-07-01T10:00:00.000Z'));
    const settings = fusionSettings({ maxThreatsPerKey: 2 });
    const fuse = async (objects: StixObject[]): Promise<{ threatId: string; candidates: number }> => {
      await ingest(store, clock, objects);
      // The ingest fused it with the default settings; fuse again with a tight key bound.
      const fused = await fuseReport(reportId(objects), { store, now: clock.now(), settings });
      assert.ok(fused !== null);
      return fused;
    };
    // Three threats in Damascus, each by another group: the city alone never joins them.
    for (const name of ['Group A', 'Group B', 'Group C']) {
      await fuse(reportObjects({ name, published: '2025-07-01T01:00:00.000Z', refs: [group(name), city('Damascus', 33.51, 36.29)] }));
    }
    assert.equal((await store.threats.activeIds()).length, 3);
    const last = await fuse(reportObjects({ name: 'D', published: '2025-07-01T02:00:00.000Z', refs: [group('Group C'), city('Damascus', 33.51, 36.29)] }));
    assert.equal(last.candidates, 1, 'only the threat sharing the group and the city');
    assert.equal((await store.threats.activeIds()).length, 3, 'joined the Group C threat: actor + area');
    await store.close();
  });

  test('a new version of a report is fused again: its facts change, its threat keeps its id', async () => {
    const store = memoryStore();
    const clock = new TestClock(Date.parse('2025-07-01T10:00:00.000Z'));
    const reportIdFixed = id('report');
    const v1 = reportObjects({ id: reportIdFixed, name: 'Cable', published: '2025-07-01T01:00:00.000Z', refs: [site('Sayyida Zaynab shrine', 33.44, 36.34)] });
    await ingest(store, clock, v1);
    const threatId = await threatOf(store, v1);
    clock.advance(1);
    const v2 = reportObjects({ id: reportIdFixed, name: 'Cable', published: '2025-07-01T01:00:00.000Z', modified: '2025-07-01T05:00:00.000Z', refs: [site('Sayyida Zaynab shrine', 33.44, 36.34), method('car bomb')] });
    await ingest(store, clock, v2);
    assert.equal(await threatOf(store, v2), threatId);
    assert.deepEqual((await store.threats.member(reportIdFixed))?.facts.methods.map((m) => m.kind), ['vbied']);
    assert.equal((await store.threats.get(threatId))?.summary?.harm, 'killing');
    assert.deepEqual(await store.threats.activeIds(), [threatId]);
    await store.close();
  });

  test('independence: reports sharing an origin count once when corroboration is judged', async () => {
    const store = memoryStore();
    const clock = new TestClock(Date.parse('2025-07-01T10:00:00.000Z'));
    const partner = source('Partner', 'B');
    const shrine = (): StixObject => site('Sayyida Zaynab shrine', 33.44, 36.34);
    const first = reportObjects({ name: 'Cable 1', published: '2025-07-01T01:00:00.000Z', source: partner, refs: [shrine()] });
    const second = reportObjects({ name: 'Cable 2', published: '2025-07-01T02:00:00.000Z', refs: [shrine()] });
    await ingest(store, clock, first);
    // The same partner again (its identity is already stored): one origin, not confirmed.
    await ingest(store, clock, [...second.slice(0, -1), { ...(second[second.length - 1] as StixObject), created_by_ref: partner.id }]);
    const threatId = await threatOf(store, first);
    assert.equal(await threatOf(store, second), threatId);
    assert.equal((await store.threats.get(threatId))?.summary?.credibility.grade, 2);
    const third = reportObjects({ name: 'News', published: '2025-07-01T03:00:00.000Z', source: source('Outlet', 'C'), refs: [shrine()] });
    await ingest(store, clock, third);
    assert.equal((await store.threats.get(threatId))?.summary?.credibility.grade, 1, 'a second, independent origin agrees');
    const [latest] = await store.threats.assessments(threatId, 1);
    assert.ok(latest?.assessment.explanation.includes('credibility: grade 1: 2 independent corroborating origins agree'));
    await store.close();
  });

  test('a revoked report leaves its threat; a threat left empty is retired', async () => {
    const store = memoryStore();
    const clock = new TestClock(Date.parse('2025-07-01T10:00:00.000Z'));
    const a = reportObjects({ name: 'A', published: '2025-07-01T01:00:00.000Z', refs: [ip('203.0.113.99')] });
    const b = reportObjects({ name: 'B', published: '2025-07-01T02:00:00.000Z', refs: [ip('203.0.113.99')] });
    await ingest(store, clock, [...a, ...b]);
    const threatId = await threatOf(store, a);
    const revoke = (objects: StixObject[]): StixObject => ({ ...(objects[objects.length - 1] as StixObject), modified: '2025-07-01T09:00:00.000Z', revoked: true });
    await ingest(store, clock, [revoke(b)]);
    assert.equal(await store.threats.threatOf(reportId(b)), null);
    assert.equal((await store.threats.get(threatId))?.reportCount, 1);
    await ingest(store, clock, [revoke(a)]);
    assert.equal((await store.threats.get(threatId))?.status, 'retired');
    assert.deepEqual(await store.threats.activeIds(), []);
    await store.close();
  });

  test('objects that are not reports are not fused, and an ingest refused whole fuses nothing', async () => {
    const store = memoryStore();
    const clock = new TestClock(Date.parse('2025-07-01T10:00:00.000Z'));
    await ingest(store, clock, [group('Lonely group')]);
    assert.deepEqual(await store.threats.activeIds(), []);
    const bad = reportObjects({ name: 'Dangling', published: '2025-07-01T01:00:00.000Z', refs: [] });
    const report = { ...(bad[bad.length - 1] as StixObject), object_refs: ['intrusion-set--00000000-0000-4000-8000-999999999999'] };
    await assert.rejects(ingest(store, clock, [report]), /dangling-reference/);
    assert.deepEqual(await store.threats.activeIds(), []);
    await store.close();
  });
});
