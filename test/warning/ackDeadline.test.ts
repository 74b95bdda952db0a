// Issue 7 "Unacknowledged warnings escalate at their deadline": the scheduler escalates a
// delivered case whose acknowledgement deadline (from the first delivery) has passed, once,
// in the store (a restart does not fire it again); the escalation is on the case, in the
// audit log, in the case view, and counted as an acknowledge breach by the oversight report.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/app/ports.ts';
import { showWarningCase } from '../../src/app/warning/caseView.ts';
import { oversightReport } from '../../src/app/warning/oversight.ts';
import { runDeadlines } from '../../src/app/warning/runDeadlines.ts';
import { runWarningCommand } from '../../src/app/warning/runCommand.ts';
import { makeWarningSettings, openCase, type WarningCommand, type WarningSettings } from '../../src/domain/warning/index.ts';
import { actor, MINUTE, tempDb, type Person } from './support.ts';

const T0 = '2025-07-01T08:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * MINUTE).toISOString();
const dbs: { cleanup(): void }[] = [];
after(() => dbs.forEach((d) => d.cleanup()));

const HASH = 'c'.repeat(64);
const RECIPIENT = { name: 'Shrine security office', organisation: 'Shrine trust', country: 'SYR' };
const TO_DELIVERED: readonly [WarningCommand, Person, number][] = [
  [{
    type: 'screen',
    screening: {
      harmType: 'killing',
      victim: { identity: 'Pilgrims at the shrine', nationality: 'Syrian', country: 'SYR' },
      credibility: { sourceReliability: 'B', informationCredibility: 2 },
      specificity: { who: 2, target: 2, when: 2, how: 2, victim: 1, location: 2 },
      imminence: 'I1',
      window: { start: at(48 * 60), end: at(60 * 60) },
    },
  }, 'ana', 5],
  [{ type: 'establish_duty', basis: 'Credible, specific plot against the shrine.' }, 'ana', 10],
  [{ type: 'draft_warning', productHash: HASH, summary: 'Vehicle bomb planned against the shrine.', recipient: RECIPIENT, sunset: at(60 * 60) }, 'ana', 15],
  [{ type: 'submit_for_release' }, 'ana', 16],
  [{ type: 'approve_release', as: 'duty_to_warn_officer', productHash: HASH }, 'olga', 20],
  [{ type: 'approve_release', as: 'foreign_disclosure_officer', productHash: HASH }, 'finn', 25],
  // Read out at a meeting: a disclosure, recorded by the delivery officer at minute 30.
  [{ type: 'record_delivery', channel: 'in_person_meeting', kind: 'disclosure', recipient: RECIPIENT, productHash: HASH }, 'dan', 30],
];

async function deliveredCase(store: Store, id: string, settings?: WarningSettings): Promise<void> {
  const opened = openCase({ id, summary: `Plot ${id}`, reportedAt: T0, settings }, actor('ana'), T0);
  assert.ok(opened.ok);
  await store.write((tx) => tx.warnings.createCase(opened.case, opened.events, null));
  for (const [command, who, minute] of TO_DELIVERED) {
    const result = await runWarningCommand(store, id, command, actor(who), at(minute));
    assert.ok(result.ok, result.ok ? '' : `${command.type}: ${result.code}: ${result.message}`);
  }
  assert.equal((await store.warnings.getCase(id))?.case.state, 'delivered');
}

describe('the acknowledgement deadline', () => {
  test('escalates an unacknowledged delivered case once, visibly, and survives a restart', async () => {
    const db = tempDb();
    dbs.push(db);
    let store = db.open();
    await deliveredCase(store, 'case-ack');
    // I1 default: 1 h after the first delivery (minute 30).
    assert.deepEqual((await runDeadlines(store, at(89), { openCases: false })).fired, [], 'not before the hour');
    const tick = await runDeadlines(store, at(91), { openCases: false });
    assert.deepEqual(tick.fired.map((f) => [f.caseId, f.stage, f.action, f.key]), [['case-ack', 'acknowledge', 'escalated', `case-ack:acknowledge:${at(90)}`]]);

    const c = (await store.warnings.getCase('case-ack'))?.case;
    assert.equal(c?.state, 'escalated');
    assert.equal(c?.escalations[0]?.from, 'delivered');
    assert.equal(c?.escalations[0]?.deadlineKey, `case-ack:acknowledge:${at(90)}`);
    const events = (await store.warnings.events('case-ack')).map((e) => e.event);
    const escalated = events.filter((e) => e.type === 'escalated');
    assert.equal(escalated.length, 1);
    assert.equal(escalated[0]?.actorId, 'system:warning-scheduler');

    const audit = await store.audit.list({ subject: 'case-ack', action: 'warning.escalate', limit: 10 });
    assert.equal(audit.items.length, 1, 'the breach is in the audit log');
    assert.match(audit.items[0]?.reason ?? '', /I1 acknowledge deadline .* passed/);
    assert.equal(audit.items[0]?.actor, 'system:warning-scheduler');

    const view = await showWarningCase(store, 'case-ack', { showWaivers: true, now: at(95) });
    assert.deepEqual(view?.deadlines.map((d) => [d.stage, d.status, d.measuredFrom]), [['acknowledge', 'fired', 'first_delivery']]);
    assert.deepEqual(view?.firedDeadlines.map((f) => [f.key, f.action]), [[`case-ack:acknowledge:${at(90)}`, 'escalated']]);

    // Restarted, and resolved back to delivered with no acknowledgement: it never fires again.
    await store.close();
    store = db.open();
    assert.deepEqual((await runDeadlines(store, at(100), { openCases: false })).fired, [], 'nothing fires twice after a restart');
    const resolved = await runWarningCommand(store, 'case-ack', { type: 'resolve_escalation', reason: 'Chasing the shrine office by phone.' }, actor('olga'), at(101));
    assert.ok(resolved.ok);
    assert.equal(resolved.case.state, 'delivered');
    assert.deepEqual((await runDeadlines(store, at(60 * 24), { openCases: false })).fired, []);
    assert.equal((await store.warnings.firedDeadlines('case-ack')).length, 1);
    await store.close();
  });

  test('an acknowledgement in time stops it; a configured deadline is used; oversight counts the breach', async () => {
    const db = tempDb();
    dbs.push(db);
    const store = db.open();
    const quick = makeWarningSettings({ deadlines: { I1: { acknowledgeMs: 10 * MINUTE } } });
    assert.ok(quick.ok);
    await deliveredCase(store, 'case-late', quick.value);
    await deliveredCase(store, 'case-acked', quick.value);
    const acked = await runWarningCommand(store, 'case-acked', { type: 'record_acknowledgement', acknowledgedBy: 'Shrine security chief', channel: 'in_person_meeting' }, actor('dan'), at(35));
    assert.ok(acked.ok);
    const tick = await runDeadlines(store, at(41), { openCases: false });
    assert.deepEqual(tick.fired.map((f) => [f.caseId, f.stage]), [['case-late', 'acknowledge']], 'only the unacknowledged case, 10 min after its delivery');

    const report = await oversightReport(store);
    assert.equal(report.deadlineBreaches.total, 1);
    assert.equal(report.deadlineBreaches.cases, 1);
    assert.equal(report.deadlineBreaches.byStage.acknowledge, 1);
    assert.equal(report.deadlineBreaches.byStage.deliver, 0);
    assert.equal(report.threats.find((t) => t.caseId === 'case-late')?.breaches, 1);
    assert.equal(report.threats.find((t) => t.caseId === 'case-acked')?.breaches, 0);
    assert.equal(report.acknowledgement.unacknowledged, 1);
    await store.close();
  });
});
