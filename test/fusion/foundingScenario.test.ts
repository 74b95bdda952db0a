// The founding scenario end to end (issue 6): a partner cable, an intercept summary and an
// open news report (src/demo/foundingScenario.ts), arriving over an hour, become ONE threat
// with group, site, method and date, a duty-to-warn candidate with imminence I1, each link
// with its evidence. The same flow through the CLI (`ingest --format text`, `threat list`,
// `threat show`), through REST (POST /api/ingest of the extracted bundles, GET /api/threats),
// and through `tearline start`'s demo loader.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { ThreatDetail, ThreatListItem } from '../../src/app/fusion/threatView.ts';
import { loadDemoOnce } from '../../src/cli/commands/serve.ts';
import { foundingReports } from '../../src/demo/foundingScenario.ts';
import { extractFromText } from '../../src/ingest/text/index.ts';
import { defaultDeps } from '../../src/main.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { runTearline, tempDir } from '../support/cli.ts';
import { memoryStore, serverWithAnalyst, TestClock } from './support.ts';

const now = new Date();
const reports = foundingReports(now);
const plotDay = new Date(Date.parse(reports[0]?.published as string) + 2 * 86_400_000).toISOString().slice(0, 10);

/** What every path must produce: one threat with group, site, method and date, DTW, I1. */
function assertFoundingThreat(list: readonly ThreatListItem[], detail: ThreatDetail): void {
  assert.equal(list.length, 1, 'the three reports are one threat');
  const [item] = list;
  assert.equal(item?.reportCount, 3);
  assert.equal(item?.dutyToWarn, true, 'a duty-to-warn candidate');
  assert.equal(item?.imminence, 'I1');
  assert.equal(item?.priority?.band, 'P1');
  assert.equal(detail.reports.length, 3);
  assert.deepEqual(detail.reports.map((r) => r.title), [
    'PARTNER LIAISON CABLE: ATTACK PLANNING SOUTH OF DAMASCUS',
    'INTERCEPT SUMMARY: CELL DISCUSSES TIMING',
    'Security tightened around Sayyida Zaynab shrine',
  ], 'in arrival order');
  assert.ok(detail.actors.some((a) => a.names.includes('Islamic State')), 'the group');
  assert.ok(detail.places.some((p) => p.name === 'Sayyida Zaynab shrine' && p.kind === 'site'), 'the site');
  assert.ok(detail.methods.some((m) => m.kind === 'vbied'), 'the method');
  assert.equal(detail.window?.start.slice(0, 10), plotDay, 'the date');
  assert.equal(detail.assessment?.dutyToWarn.triggered, true);
  assert.ok(detail.assessment?.explanation.includes('duty to warn: met: imminence: imminence I1 is one of I1, I2'));
  // Each link shows the analyst why: the rule and the values.
  const [cable, intercept, news] = detail.reports.map((r) => r.id);
  const linkOf = (reportId: string | undefined) => detail.links.find((l) => l.reportId === reportId && l.joinable);
  assert.deepEqual(linkOf(intercept)?.evidence.map((e) => e.rule), ['actor', 'area', 'time']);
  assert.match(linkOf(intercept)?.evidence.find((e) => e.rule === 'area')?.values[0] ?? '', /^Sayyida Zaynab shrine ≈ Damascus \(\d+\.\d km\)$/);
  assert.deepEqual(linkOf(news)?.evidence, [{ rule: 'place', values: ['Sayyida Zaynab shrine ≈ Sayyida Zaynab shrine (0.0 km)'], weight: 0.6, reportIds: [intercept] }]);
  assert.match(detail.reports[0]?.reason ?? '', /^new threat/);
  assert.ok(cable !== undefined);
}

describe('the founding scenario', () => {
  const dir = tempDir();
  after(() => dir.cleanup());
  const files = reports.map((r) => {
    const path = join(dir.path, r.name);
    writeFileSync(path, r.text);
    return path;
  });

  test('through the CLI: ingest --format text in arrival order, threat list, threat show', async () => {
    for (const [i, r] of reports.entries()) {
      const run = await runTearline(['ingest', '--format', 'text', files[i] as string, '--published', r.published, '--db', dir.db]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
    }
    const listed = await runTearline(['threat', 'list', '--json', '--db', dir.db]);
    assert.equal(listed.code, 0, listed.stderr);
    const list = (JSON.parse(listed.stdout) as { threats: ThreatListItem[] }).threats;
    const shown = await runTearline(['threat', 'show', list[0]?.id as string, '--json', '--db', dir.db]);
    assert.equal(shown.code, 0, shown.stderr);
    assertFoundingThreat(list, JSON.parse(shown.stdout) as ThreatDetail);

    // As a person reads it.
    const table = await runTearline(['threat', 'list', '--db', dir.db]);
    assert.match(table.stdout, /^PRIORITY\s+WARN\s+IMMINENCE/);
    assert.match(table.stdout, /P1 \d+(\.\d+)?\s+DTW\s+I1\s+3 \(50\)\s+9\/12\s+3\s+grouping--/);
    const text = (await runTearline(['threat', 'show', list[0]?.id as string, '--db', dir.db])).stdout;
    assert.match(text, /DUTY-TO-WARN CANDIDATE · imminence I1/);
    assert.match(text, /Links and their evidence\n/);
    assert.match(text, /place \(\+0\.6\): Sayyida Zaynab shrine ≈ Sayyida Zaynab shrine \(0\.0 km\)/);
    assert.match(text, /duty to warn: TRIGGERED/);
    assert.match(text, /History\n  #3 .* new-reporting: P1/);
  });

  test('through REST: the extracted bundles posted in arrival order, then the threat API', async () => {
    const store = memoryStore();
    const clock = new TestClock(now.getTime());
    const { app, auth } = await serverWithAnalyst(store, clock, ['objects.read', 'objects.ingest', 'warnings.draft']);
    try {
      for (const r of reports) {
        clock.set(r.arrival);
        const { bundle } = extractFromText(r.text, { published: r.published, now: r.arrival });
        const res = await app.inject({ method: 'POST', url: '/api/ingest', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify(bundle) });
        assert.equal(res.statusCode, 200, res.body);
      }
      clock.set(now.toISOString());
      const listed = await app.inject({ method: 'GET', url: '/api/threats', headers: auth });
      assert.equal(listed.statusCode, 200, listed.body);
      const list = (listed.json() as { threats: ThreatListItem[] }).threats;
      const shown = await app.inject({ method: 'GET', url: `/api/threats/${list[0]?.id as string}`, headers: auth });
      assert.equal(shown.statusCode, 200, shown.body);
      const detail = shown.json() as ThreatDetail;
      assertFoundingThreat(list, detail);
      assert.equal(detail.history.length, 3, 'one assessment per report that arrived');
      assert.equal(list[0]?.nextDeadline, null, 'the deadline is a placeholder until warning cases exist');
      assert.ok((list[0]?.hoursToStart ?? 0) > 0);
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('through `tearline start`: the demo loader ingests the same texts the same way, once', async () => {
    const store = memoryStore();
    const out = new PassThrough();
    const io = { stdin: Readable.from([]), stdout: out, stderr: new PassThrough(), isTty: false, env: {}, cwd: process.cwd() };
    const deps = { ...defaultDeps(), clock: { now: () => now.toISOString() } };
    try {
      await loadDemoOnce(store, deps, io);
      const threats = await store.threats.list({ limit: 10 });
      assert.equal(threats.items.length, 1);
      assert.equal(threats.items[0]?.summary?.dutyToWarn, true);
      assert.equal(threats.items[0]?.summary?.imminence, 'I1');
      const members = await store.threats.members([threats.items[0]?.id as string]);
      assert.deepEqual(members.map((m) => m.addedAt), reports.map((r) => r.arrival), 'each fused at its arrival time');
      const objects = (await store.stats()).objects;
      await loadDemoOnce(store, deps, io);
      assert.equal((await store.stats()).objects, objects, 'a store that holds anything is left alone');
    } finally {
      await store.close();
    }
  });

  test('the CLI reads the same database the REST API serves', async () => {
    const store = openSqliteStore({ path: dir.db });
    try {
      const [threat] = (await store.threats.list({ limit: 1 })).items;
      assert.equal(threat?.reportCount, 3);
    } finally {
      await store.close();
    }
  });
});
