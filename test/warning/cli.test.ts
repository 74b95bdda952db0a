// `tearline warning …` and `tearline report oversight` (issue 7) on a database seeded with
// the founding scenario: the local operator acts as a named user whose roles come from the
// users facet, the workflow checks them, and refusals exit 1 with the workflow's code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseListItem } from '../../src/app/warning/caseView.ts';
import type { OversightReport } from '../../src/app/warning/oversight.ts';
import type { RunDeadlinesResult } from '../../src/app/warning/runDeadlines.ts';
import { runTearline } from '../support/cli.ts';
import { addPeople, ingestFoundingReports, putPartner, tempDb, TestClock, onlyOpenCase } from './support.ts';

const SCREEN = JSON.stringify({
  type: 'screen',
  screening: {
    harmType: 'killing',
    victim: { identity: 'Pilgrims at the Sayyida Zaynab shrine', nationality: 'Syrian', country: 'SYR' },
    credibility: { sourceReliability: 'B', informationCredibility: 2 },
    specificity: { who: 2, target: 2, when: 2, how: 2, victim: 1, location: 2 },
    imminence: 'I1',
    window: { start: new Date(Date.now() + 48 * 3_600_000).toISOString(), end: new Date(Date.now() + 60 * 3_600_000).toISOString() },
  },
});

describe('tearline warning and tearline report oversight', () => {
  const db = tempDb();
  let caseId = '';
  before(async () => {
    const store = db.open();
    const now = new Date();
    await ingestFoundingReports(store, now);
    caseId = (await onlyOpenCase(store)).caseId;
    await putPartner(store, now.toISOString());
    await addPeople(store, new TestClock(now.getTime()));
    await store.close();
  });
  after(() => db.cleanup());
  const cli = (args: string[], stdin?: string) => runTearline([...args, '--db', db.path], stdin === undefined ? {} : { stdin });

  test('list and show', async () => {
    const listed = await cli(['warning', 'list', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const cases = (JSON.parse(listed.stdout) as { cases: CaseListItem[] }).cases;
    assert.deepEqual(cases.map((c) => [c.caseId, c.state]), [[caseId, 'reported']]);
    const table = await cli(['warning', 'list']);
    assert.match(table.stdout, new RegExp(`^${caseId}\\s+reported`, 'm'));
    const shown = await cli(['warning', 'show', caseId]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Timeline\n {2}first report/);
    assert.match(shown.stdout, /History\n {2}v1 .* reported/);
    assert.equal((await cli(['warning', 'show', 'warning--nope'])).code, 1);
  });

  test('apply as a named user: their roles decide', async () => {
    const refused = await cli(['warning', 'apply', caseId, '-', '--as', 'dan'], SCREEN);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused: role-not-permitted/);
    const nobody = await cli(['warning', 'apply', caseId, '-', '--as', 'nobody'], SCREEN);
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /no user nobody/);
    assert.equal((await cli(['warning', 'apply', caseId, '-'], SCREEN)).code, 2, '--as is required');
    const applied = await cli(['warning', 'apply', caseId, '-', '--as', 'ana', '--json'], SCREEN);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal((JSON.parse(applied.stdout) as { case: { state: string } }).case.state, 'screening');
    const notJson = await cli(['warning', 'apply', caseId, '-', '--as', 'ana'], '{not json');
    assert.equal(notJson.code, 1);
    assert.match(notJson.stderr, /malformed-json/);
  });

  test('preview, one deadline tick, and the oversight report', async () => {
    const preview = await cli(['warning', 'preview', caseId, '--partner', 'syria-gss']);
    assert.equal(preview.code, 0, preview.stderr);
    assert.match(preview.stdout, /^UNCLASSIFIED/);
    assert.match(preview.stdout, /\nreleasable\n$/);
    // The first report arrived an hour before the seed: the I1 screening deadline has passed.
    const tick = await cli(['warning', 'deadlines', '--json']);
    assert.equal(tick.code, 0, tick.stderr);
    const fired = (JSON.parse(tick.stdout) as RunDeadlinesResult).fired;
    assert.deepEqual(fired.map((f) => [f.caseId, f.stage, f.action]), [[caseId, 'screen', 'escalated']]);
    assert.deepEqual((JSON.parse((await cli(['warning', 'deadlines', '--json'])).stdout) as RunDeadlinesResult).fired, [], 'never twice');
    const report = await cli(['report', 'oversight', '--json']);
    assert.equal(report.code, 0, report.stderr);
    const parsed = JSON.parse(report.stdout) as OversightReport;
    assert.equal(parsed.cases.total, 1);
    assert.deepEqual([parsed.deadlineBreaches.total, parsed.deadlineBreaches.byStage.screen], [1, 1]);
    const text = await cli(['report', 'oversight', '--from', '2001-01-01']);
    assert.match(text.stdout, /Deadline breaches: 1 in 1 case/);
    assert.match(text.stdout, /reportToFlag/);
    assert.equal((await cli(['report', 'oversight', '--from', 'soon'])).code, 2);
    assert.equal((await cli(['report', 'nonsense'])).code, 2);
  });
});
