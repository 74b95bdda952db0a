// `tearline ingest --format misp|csv|text`: every format goes through the same validation
// and atomic store as STIX, and importer rejections refuse the whole input unless --partial.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTearline, tempDir } from '../support/cli.ts';
import { SHARED_DATA_ABSENT, sharedDataPath } from '../support/sharedData.ts';

interface Summary {
  committed: boolean;
  stored: number;
  rejected: number;
  errors: { path: string; code: string }[];
}

describe('tearline ingest --format', () => {
  const dir = tempDir();
  after(() => dir.cleanup());
  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir.path, name);
    writeFileSync(path, content);
    return path;
  };
  const count = async (db: string): Promise<number> => {
    const run = await runTearline(['stats', '--json', '--db', db]);
    return (JSON.parse(run.stdout) as { objects: number }).objects;
  };

  test('stores every real MISP event', async (t) => {
    const events = sharedDataPath('misp/events');
    if (events === undefined) return t.skip(SHARED_DATA_ABSENT);
    const db = join(dir.path, 'misp.db');
    for (const name of readdirSync(events)) {
      const run = await runTearline(['ingest', '--format', 'misp', join(events, name), '--json', '--db', db]);
      assert.equal(run.code, 0, `${name}: ${run.stdout}${run.stderr}`);
      const summary = JSON.parse(run.stdout) as Summary;
      assert.ok(summary.committed && summary.stored > 0, name);
    }
    const reports = await runTearline(['export', '--type', 'report', '--db', db]);
    assert.equal((JSON.parse(reports.stdout) as { objects: unknown[] }).objects.length, readdirSync(events).length);
  });

  test('a CSV with a ragged row is refused whole, and --partial stores the good rows', async () => {
    const db = join(dir.path, 'csv.db');
    const csv = file('iocs.csv', 'type,value,description\nipv4-addr,198.51.100.7,relay\ndomain-name,bad.example,c2,extra\nurl,http://203.0.113.9/x,drop\n');
    const refused = await runTearline(['ingest', '--format', 'csv', csv, '--json', '--db', db]);
    assert.equal(refused.code, 1);
    const summary = JSON.parse(refused.stdout) as Summary;
    assert.equal(summary.committed, false);
    assert.ok(summary.errors.some((e) => e.path.startsWith('line 3')), refused.stdout);
    assert.equal(await count(db), 0);

    const partial = await runTearline(['ingest', '--format', 'csv', csv, '--partial', '--json', '--db', db]);
    assert.equal(partial.code, 1);
    const partialSummary = JSON.parse(partial.stdout) as Summary;
    assert.equal(partialSummary.rejected, 1);
    assert.ok(partialSummary.stored >= 2);
    assert.ok((await count(db)) >= 2);
  });

  test('a free-text report becomes a stored report with what it mentions', async () => {
    const db = join(dir.path, 'text.db');
    const text = file('cable.txt', 'DAMASCUS, 12 March 2025 — Daesh members were seen near the Sayyida Zaynab shrine. They plan a car bomb on Friday. Contact: +963 944 000 123.\n');
    const run = await runTearline(['ingest', '--format', 'text', text, '--json', '--db', db]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const exported = JSON.parse((await runTearline(['export', '--type', 'report', '--db', db])).stdout) as { objects: { published: string; object_refs: string[] }[] };
    assert.equal(exported.objects.length, 1);
    const report = exported.objects[0] as { published: string; object_refs: string[] };
    // The dateline's date is the publication date when --published is not given.
    assert.ok(report.published.startsWith('2025-03-12'), report.published);
    assert.ok(report.object_refs.some((ref) => ref.startsWith('threat-actor--') || ref.startsWith('intrusion-set--')));
    assert.ok(report.object_refs.some((ref) => ref.startsWith('location--')));
  });

  test('binary input is refused as text, and an unknown format is a usage error', async () => {
    const db = join(dir.path, 'bad.db');
    const binary = await runTearline(['ingest', '--format', 'text', file('blob.bin', Buffer.from([1, 0, 2, 3])), '--db', db]);
    assert.equal(binary.code, 1);
    assert.match(binary.stderr, /binary-input/);
    const huge = await runTearline(['ingest', '--format', 'text', file('huge.txt', Buffer.alloc(3 * 1024 * 1024, 0x61)), '--db', db]);
    assert.equal(huge.code, 1);
    assert.match(huge.stderr, /input-too-large/);
    assert.equal((await runTearline(['ingest', '--format', 'pdf', 'x', '--db', db])).code, 2);
    assert.equal((await runTearline(['ingest', '--format', 'text', '--published', 'March', 'x', '--db', db])).code, 2);
  });
});

describe('tearline ingest --format ndjson', () => {
  const dir = tempDir();
  after(() => dir.cleanup());

  test('streams one object per line, atomically: a bad line stores nothing', async () => {
    const db = join(dir.path, 'nd.db');
    const identity = (n: number): string =>
      JSON.stringify({ type: 'identity', spec_version: '2.1', id: `identity--${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`, created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: `Org ${n}` });
    const good = Array.from({ length: 5000 }, (_, i) => identity(i)).join('\n');
    const badPath = join(dir.path, 'bad.ndjson');
    writeFileSync(badPath, `${good}\n{"type": "identity",\n`);
    const refused = await runTearline(['ingest', '--format', 'ndjson', badPath, '--db', db]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /malformed-json: line 5001 is not valid JSON/);
    const empty = await runTearline(['stats', '--json', '--db', db]);
    assert.equal((JSON.parse(empty.stdout) as { objects: number }).objects, 0);

    const goodPath = join(dir.path, 'good.ndjson');
    writeFileSync(goodPath, `${good}\n\n`);
    const stored = await runTearline(['ingest', '--format', 'ndjson', goodPath, '--json', '--db', db]);
    assert.equal(stored.code, 0, stored.stderr);
    assert.equal((JSON.parse(stored.stdout) as { stored: number }).stored, 5000);
    assert.equal((await runTearline(['ingest', '--format', 'ndjson', goodPath, '--partial', '--db', db])).code, 2);
  });
});

describe('tearline export --format misp', () => {
  const dir = tempDir();
  after(() => dir.cleanup());

  test('a stored MISP event goes back out as a MISP event with the same indicators', async (t) => {
    const events = sharedDataPath('misp/events');
    if (events === undefined) return t.skip(SHARED_DATA_ABSENT);
    const db = join(dir.path, 'out.db');
    const name = readdirSync(events).sort()[0] as string;
    assert.equal((await runTearline(['ingest', '--format', 'misp', join(events, name), '--db', db])).code, 0);
    const reports = JSON.parse((await runTearline(['export', '--type', 'report', '--db', db])).stdout) as { objects: { id: string }[] };
    const reportId = (reports.objects[0] as { id: string }).id;
    const run = await runTearline(['export', '--format', 'misp', '--id', reportId, '--db', db]);
    assert.equal(run.code, 0, run.stderr);
    const event = (JSON.parse(run.stdout) as { Event: { Attribute?: unknown[]; Object?: unknown[] } }).Event;
    assert.ok((event.Attribute?.length ?? 0) + (event.Object?.length ?? 0) > 0, 'the event carries the report’s indicators and observables');

    // Imported again, the exported event gives the same indicator patterns.
    const again = join(dir.path, 'again.json');
    writeFileSync(again, run.stdout);
    const db2 = join(dir.path, 'again.db');
    assert.equal((await runTearline(['ingest', '--format', 'misp', again, '--db', db2])).code, 0);
    const patterns = async (path: string): Promise<string[]> =>
      ((JSON.parse((await runTearline(['export', '--type', 'indicator', '--db', path])).stdout) as { objects?: { pattern: string }[] }).objects ?? []).map((o) => o.pattern).sort();
    assert.deepEqual(await patterns(db2), await patterns(db));

    assert.equal((await runTearline(['export', '--format', 'misp', '--id', 'report--00000000-0000-4000-8000-000000000000', '--db', db])).code, 1);
    assert.equal((await runTearline(['export', '--format', 'misp', '--db', db])).code, 2);
  });
});
