// The deadline scheduler (issue 7): breaches escalate and are logged, waived cases re-open at
// their re-review date, state lives in the store (not in timers) so a restart loses nothing,
// and a deadline is fired once, ever — also by two scheduler processes racing on one file.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Store } from '../../src/app/ports.ts';
import { runDeadlines, type FiredDeadline } from '../../src/app/warning/runDeadlines.ts';
import { runWarningCommand } from '../../src/app/warning/runCommand.ts';
import { openCase, type ImminenceClass, type WarningCommand } from '../../src/domain/warning/index.ts';
import { actor, MINUTE, tempDb, type Person } from './support.ts';

const run = promisify(execFile);
const T0 = '2025-07-01T08:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * MINUTE).toISOString();
const dbs: { cleanup(): void }[] = [];
after(() => dbs.forEach((d) => d.cleanup()));

function freshDb() {
  const db = tempDb();
  dbs.push(db);
  return db;
}

/** A case opened at T0 by the analyst, then taken through `steps` as separate versions. */
async function seedCase(store: Store, id: string, steps: readonly [WarningCommand, Person, number][] = [], imminence: ImminenceClass = 'I1'): Promise<void> {
  const opened = openCase({ id, summary: `Plot ${id}`, reportedAt: T0, provisionalImminence: imminence }, actor('ana'), T0);
  assert.ok(opened.ok);
  await store.write((tx) => tx.warnings.createCase(opened.case, opened.events, null));
  for (const [command, who, minute] of steps) {
    const result = await runWarningCommand(store, id, command, actor(who), at(minute));
    assert.ok(result.ok, result.ok ? '' : `${command.type}: ${result.code}: ${result.message}`);
  }
}

const SCREEN: WarningCommand = {
  type: 'screen',
  screening: {
    harmType: 'killing',
    victim: { identity: 'Pilgrims at the shrine', nationality: 'Syrian', country: 'SYR' },
    credibility: { sourceReliability: 'B', informationCredibility: 2 },
    specificity: { who: 2, target: 2, when: 2, how: 2, victim: 1, location: 2 },
    imminence: 'I1',
    window: { start: at(48 * 60), end: at(60 * 60) },
  },
};

const WAIVED: [WarningCommand, Person, number][] = [
  [SCREEN, 'ana', 5],
  [{ type: 'establish_duty', basis: 'Credible, specific plot against the shrine.' }, 'ana', 10],
  [{ type: 'propose_waiver', reasons: [{ reason: 'victim_already_aware', justification: 'The shrine guard was briefed by the partner on the same plot yesterday.' }], reReviewAt: at(24 * 60) }, 'ana', 15],
  [{ type: 'approve_waiver', as: 'duty_to_warn_officer' }, 'olga', 20],
  [{ type: 'approve_waiver', as: 'legal_counsel' }, 'lena', 25],
];

describe('the deadline scheduler', () => {
  test('escalates a breached screening deadline once, and logs a later breach while escalated', async () => {
    const db = freshDb();
    const store = db.open();
    await seedCase(store, 'case-a');
    assert.deepEqual((await runDeadlines(store, at(59), { openCases: false })).fired, [], 'not due before the hour');
    const first = await runDeadlines(store, at(61), { openCases: false });
    assert.deepEqual(first.fired.map((f) => [f.caseId, f.stage, f.action]), [['case-a', 'screen', 'escalated']]);
    assert.deepEqual((await runDeadlines(store, at(62), { openCases: false })).fired, [], 'never twice');
    const c = (await store.warnings.getCase('case-a'))?.case;
    assert.equal(c?.state, 'escalated');
    assert.equal(c?.escalations[0]?.cause, 'deadline_breach');
    assert.deepEqual((await store.warnings.firedDeadlines('case-a')).map((f) => f.action), ['escalated']);
    // Resolved back to reported; screening is still not done, but that deadline has fired.
    const resolved = await runWarningCommand(store, 'case-a', { type: 'resolve_escalation', reason: 'Analyst on leave; reassigned to Ana.' }, actor('olga'), at(70));
    assert.ok(resolved.ok);
    assert.deepEqual((await runDeadlines(store, at(80), { openCases: false })).fired, []);
    await store.close();
  });

  test('re-opens a waived case at its re-review date, once, and starts a new screening cycle', async () => {
    const db = freshDb();
    const store = db.open();
    await seedCase(store, 'case-w', WAIVED);
    assert.equal((await store.warnings.getCase('case-w'))?.case.state, 'waived');
    assert.deepEqual((await runDeadlines(store, at(24 * 60 - 1), { openCases: false })).fired, [], 'not before the re-review date');
    const tick = await runDeadlines(store, at(24 * 60 + 1), { openCases: false });
    assert.deepEqual(tick.fired.map((f) => [f.caseId, f.stage, f.action]), [['case-w', 're_review', 'reopened']]);
    const c = (await store.warnings.getCase('case-w'))?.case;
    assert.equal(c?.state, 'screening');
    assert.equal(c?.cycle.number, 2);
    assert.equal(c?.cycle.startedAt, at(24 * 60 + 1), 'the new screen deadline runs from the re-opening');
    assert.deepEqual((await runDeadlines(store, at(24 * 60 + 2), { openCases: false })).fired, []);
    // The re-opened case has a screening deadline of its own (I1 from the earlier screening: 1 h).
    const late = await runDeadlines(store, at(24 * 60 + 62), { openCases: false });
    assert.deepEqual(late.fired.map((f) => [f.stage, f.action]), [['screen', 'escalated']]);
    const events = (await store.warnings.events('case-w')).map((e) => e.event.type);
    assert.equal(events.filter((t) => t === 'reopened').length, 1);
    await store.close();
  });

  test('survives a restart: what fired stays fired, what is due fires after it', async () => {
    const db = freshDb();
    let store = db.open();
    await seedCase(store, 'case-r1');
    await seedCase(store, 'case-r2', [], 'I2');
    assert.equal((await runDeadlines(store, at(61), { openCases: false })).fired.length, 1, 'the I1 case only');
    await store.close();
    store = db.open();
    assert.deepEqual((await runDeadlines(store, at(65), { openCases: false })).fired, [], 'nothing fires twice after the restart');
    const later = await runDeadlines(store, at(24 * 60 + 1), { openCases: false });
    assert.deepEqual(later.fired.map((f) => [f.caseId, f.stage]), [['case-r2', 'screen']], 'the I2 deadline (24 h) fires after the restart');
    await store.close();
  });

  test('two ticks at once in one process fire each deadline once', async () => {
    const db = freshDb();
    const store = db.open();
    for (const id of ['case-1', 'case-2', 'case-3']) await seedCase(store, id);
    const [a, b] = await Promise.all([runDeadlines(store, at(61), { openCases: false }), runDeadlines(store, at(61), { openCases: false })]);
    const keys = [...a.fired, ...b.fired].map((f) => f.key).sort();
    assert.equal(keys.length, 3);
    assert.equal(new Set(keys).size, 3);
    await store.close();
  });

  test('two scheduler processes racing on one database fire each deadline exactly once', async () => {
    const db = freshDb();
    const store = db.open();
    const ids = Array.from({ length: 30 }, (_, i) => `case-race-${String(i).padStart(2, '0')}`);
    for (const id of ids) await seedCase(store, id);
    await store.close();
    const worker = fileURLToPath(new URL('./schedulerWorker.ts', import.meta.url));
    // Both start their first tick at the same wall-clock moment, after tsx has loaded.
    const startAt = String(Date.now() + 4000);
    const launch = () => run(process.execPath, ['--import', 'tsx', worker, db.path, at(61), '3', startAt], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    const outputs = await Promise.all([launch(), launch()]);
    const results = outputs.map((o) => JSON.parse(o.stdout) as { fired: FiredDeadline[]; already: number });
    const fired = results.flatMap((r) => r.fired);
    assert.equal(fired.length, ids.length, `each case's deadline fired once in all: ${JSON.stringify(results.map((r) => r.fired.length))}`);
    assert.deepEqual(fired.map((f) => f.caseId).sort(), [...ids].sort());
    // A restart of either scheduler finds them all fired.
    const again = db.open();
    assert.deepEqual((await runDeadlines(again, at(62), { openCases: false })).fired, []);
    for (const id of ids) {
      const events = (await again.warnings.events(id)).map((e) => e.event.type);
      assert.equal(events.filter((t) => t === 'escalated').length, 1, `${id} escalated once`);
      assert.equal((await again.warnings.firedDeadlines(id)).length, 1);
    }
    await again.close();
  });
});
