// `tearline threat …` (issue 6): output for people and --json, decisions, re-assessment and
// re-fusion, and the exit codes of bad input (2 usage, 1 refused).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ThreatDetail, ThreatListItem } from '../../src/app/fusion/threatView.ts';
import { runTearline, tempDir } from '../support/cli.ts';
import { group, ip, reportId, reportObjects, site, source } from './support.ts';

describe('tearline threat', () => {
  const dir = tempDir();
  after(() => dir.cleanup());
  const a = reportObjects({ name: 'Cable A', published: '2025-07-01T01:00:00.000Z', source: source('Partner', 'B'), refs: [ip('203.0.113.20'), group('ISIS')] });
  const b = reportObjects({ name: 'Cable B', published: '2025-07-01T02:00:00.000Z', source: source('Service', 'A'), refs: [ip('203.0.113.20')] });
  const c = reportObjects({ name: 'Bulletin C', published: '2025-07-01T03:00:00.000Z', refs: [site('Great Synagogue of Brussels', 50.8387, 4.3514)] });
  const tearline = (...args: string[]) => runTearline([...args, '--db', dir.db]);
  const list = async (): Promise<ThreatListItem[]> => (JSON.parse((await tearline('threat', 'list', '--json')).stdout) as { threats: ThreatListItem[] }).threats;
  const threatOfReport = async (id: string): Promise<string> => {
    for (const t of await list()) {
      const detail = JSON.parse((await tearline('threat', 'show', t.id, '--json')).stdout) as ThreatDetail;
      if (detail.reports.some((r) => r.id === id)) return t.id;
    }
    throw new Error(`no threat holds ${id}`);
  };

  before(async () => {
    const path = join(dir.path, 'bundle.json');
    writeFileSync(path, JSON.stringify({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000001', objects: [...a, ...b, ...c] }));
    const run = await tearline('ingest', path);
    assert.equal(run.code, 0, run.stderr);
  });

  test('list: empty store, then threats as a table and as JSON', async () => {
    const empty = await runTearline(['threat', 'list', '--db', join(dir.path, 'empty.db')]);
    assert.equal(empty.code, 0);
    assert.equal(empty.stdout, 'no threats\n');
    const table = await tearline('threat', 'list');
    assert.equal(table.code, 0);
    const lines = table.stdout.trim().split('\n');
    assert.equal(lines.length, 3, 'a header and two threats');
    assert.match(lines[0] as string, /^PRIORITY\s+WARN\s+IMMINENCE\s+CREDIBILITY\s+SPECIFICITY\s+REPORTS\s+ID\s+NAME$/);
    const threats = await list();
    assert.deepEqual(threats.map((t) => t.reportCount).sort(), [1, 2]);
  });

  test('show: members, links with their evidence, the assessment explanation', async () => {
    const id = await threatOfReport(reportId(a));
    const text = (await tearline('threat', 'show', id)).stdout;
    assert.match(text, new RegExp(`^${id}  ISIS\\n`));
    assert.match(text, /\nReports\n {2}report--\S+ {2}B2 {2}Cable A\n/);
    assert.match(text, /\nLinks and their evidence\n {2}report--\S+ ~ grouping--\S+: score 1, joins, anchored by a shared observable\n {6}observable \(\+1\): 203\.0\.113\.20\n/);
    assert.match(text, /\nAssessment at .*\n {2}credibility: report /);
    assert.match(text, /\nHistory\n {2}#2 /);
  });

  test('decisions from the terminal, recorded with the operator as actor', async () => {
    const ab = await threatOfReport(reportId(a));
    const cId = await threatOfReport(reportId(c));
    const merged = await runTearline(['threat', 'merge', ab, cId, '--note', 'one campaign', '--db', dir.db], { env: { USER: 'olga' } });
    assert.equal(merged.code, 0, merged.stderr);
    assert.match(merged.stdout, /^merge recorded as decision #1; threats changed: /);
    const detail = JSON.parse((await tearline('threat', 'show', ab, '--json')).stdout) as ThreatDetail;
    assert.equal(detail.reportCount, 3);
    assert.deepEqual(detail.decisions.map((d) => [d.actor, d.note]), [['cli:olga', 'one campaign']]);
    const split = await tearline('threat', 'split', ab, reportId(c), '--json');
    assert.equal(split.code, 0, split.stderr);
    assert.equal((JSON.parse(split.stdout) as { ok: boolean }).ok, true);
    assert.equal((await list()).length, 2);
  });

  test('reassess and refuse run and report what they did', async () => {
    const reassessed = await tearline('threat', 'reassess', '--all');
    assert.equal(reassessed.code, 0);
    assert.match(reassessed.stdout, /^re-assessed 2 threat\(s\); \d+ changed/);
    const refused = await tearline('threat', 'refuse', '--json');
    assert.equal(refused.code, 0, refused.stderr);
    const result = JSON.parse(refused.stdout) as { reports: number; threats: number };
    assert.deepEqual([result.reports, result.threats], [3, 2], 'the split holds across re-fusion');
  });

  test('bad input: usage errors exit 2, refused requests exit 1', async () => {
    assert.equal((await tearline('threat')).code, 2);
    assert.match((await tearline('threat', 'explode')).stderr, /unknown subcommand 'explode'/);
    assert.equal((await tearline('threat', 'show')).code, 2);
    assert.equal((await tearline('threat', 'list', '--limit', 'many')).code, 2);
    assert.equal((await tearline('threat', 'list', '--status', 'asleep')).code, 2);
    const unknown = await tearline('threat', 'show', 'grouping--00000000-0000-4000-8000-00000000dead');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no threat grouping--/);
    const [first] = await list();
    const split = await tearline('threat', 'split', first?.id as string, 'report--00000000-0000-4000-8000-000000000bad');
    assert.equal(split.code, 1);
    assert.match(split.stderr, /unknown-report/);
    assert.equal((await tearline('threat', '--help')).code, 0);
  });
});
