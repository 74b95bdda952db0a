// Re-assessment as the clock moves (issue 6): a new assessment row, with its inputs, when the
// clock crosses a class boundary, and no write at all when nothing changed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { reassess } from '../../src/app/fusion/reassess.ts';
import { startReassessTimer } from '../../src/app/fusion/reassessTimer.ts';
import { group, HOUR, ingest, memoryStore, method, reportId, reportObjects, site, source, TestClock } from './support.ts';

const START = Date.parse('2025-08-01T00:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

async function threatWithWindow() {
  const store = memoryStore();
  // Ten days before the window: I2.
  const clock = new TestClock(START - 10 * 24 * HOUR);
  const objects = reportObjects({
    name: 'Cable',
    published: iso(START - 11 * 24 * HOUR),
    source: source('Partner', 'B'),
    refs: [group('ISIS'), site('Sayyida Zaynab shrine', 33.44, 36.34), method('car bomb')],
    window: { start: iso(START), end: iso(START + 24 * HOUR - 1) },
  });
  await ingest(store, clock, objects);
  const threatId = (await store.threats.threatOf(reportId(objects))) as string;
  return { store, clock, threatId };
}

describe('re-assessing as the clock moves', () => {
  test('a new row only when a class boundary is crossed: I2 -> I1 -> expired', async () => {
    const { store, clock, threatId } = await threatWithWindow();
    const threat = await store.threats.get(threatId);
    assert.equal(threat?.summary?.imminence, 'I2');
    assert.equal(threat?.nextCheckAt, iso(START - 72 * HOUR));
    const versions = async (): Promise<number> => (await store.getObjectVersions(threatId)).length;
    const rows = async (): Promise<number> => (await store.threats.assessments(threatId, 100)).length;
    const [versions0, rows0] = [await versions(), await rows()];

    // A day later: still I2, nothing is due, nothing is written.
    clock.advance(24);
    assert.deepEqual(await reassess(clock.now(), { store }), { examined: 0, changed: [] });
    // Every threat, on purpose: still nothing changed, still nothing written.
    assert.deepEqual(await reassess(clock.now(), { store }, { all: true }), { examined: 1, changed: [] });
    assert.equal(await versions(), versions0);
    assert.equal(await rows(), rows0);

    // The clock reaches 72 h before the window: I1, a duty-to-warn candidate now.
    clock.set(iso(START - 72 * HOUR));
    assert.deepEqual(await reassess(clock.now(), { store }), { examined: 1, changed: [threatId] });
    const [latest] = await store.threats.assessments(threatId, 1);
    assert.equal(latest?.trigger, 'clock');
    assert.equal(latest?.summary.imminence, 'I1');
    assert.equal(latest?.summary.dutyToWarn, true);
    assert.deepEqual(latest?.assessment.inputs.reportIds.length, 1, 'the row keeps its inputs');
    assert.equal(await rows(), rows0 + 1);
    assert.equal(await versions(), versions0 + 1, 'the grouping gets a new version with the new summary');
    assert.equal((await store.threats.get(threatId))?.nextCheckAt, iso(START + 24 * HOUR));
    assert.deepEqual(await reassess(clock.now(), { store }), { examined: 0, changed: [] }, 'done once');

    // After the window: expired, sunset, priority P4, and no further checks.
    clock.set(iso(START + 24 * HOUR + 1));
    assert.deepEqual((await reassess(clock.now(), { store })).changed, [threatId]);
    const expired = await store.threats.get(threatId);
    assert.equal(expired?.summary?.imminence, 'expired');
    assert.equal(expired?.summary?.dutyToWarn, false);
    assert.equal(expired?.summary?.priority.band, 'P4');
    assert.equal(expired?.nextCheckAt, null);
    assert.deepEqual((await store.threats.assessments(threatId, 10)).map((a) => a.trigger), ['clock', 'clock', 'new-reporting']);
    await store.close();
  });

  test('the timer runs a pass at once and then on its period, and stops cleanly', async () => {
    const { store, clock, threatId } = await threatWithWindow();
    clock.set(iso(START - 1 * HOUR));
    const changed: string[] = [];
    const failures: unknown[] = [];
    const timer = startReassessTimer({ store, clock }, 10, { changed: (r) => changed.push(...r.changed), failed: (e) => failures.push(e) });
    for (let i = 0; i < 50 && changed.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await timer.stop();
    assert.deepEqual(changed, [threatId]);
    assert.deepEqual(failures, []);
    assert.equal((await store.threats.get(threatId))?.summary?.imminence, 'I1');
    await store.close();
  });
});
