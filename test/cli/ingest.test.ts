// `tearline ingest` and `tearline export` as a user runs them: exit codes, summaries, and
// the store left exactly as it was whenever input is rejected.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTearline, tempDir } from '../support/cli.ts';
import { SHARED_DATA_ABSENT, sharedDataPath } from '../support/sharedData.ts';

const IDENTITY = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--311b2d2d-f010-4473-83ec-1edf84858f4c',
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  name: 'Example Org',
  identity_class: 'organization',
};

const INDICATOR = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2024-01-02T00:00:00.000Z',
  modified: '2024-01-02T00:00:00.000Z',
  created_by_ref: IDENTITY.id,
  name: 'Bad domain',
  pattern: "[domain-name:value = 'bad.example']",
  pattern_type: 'stix',
  valid_from: '2024-01-02T00:00:00Z',
};

function bundle(...objects: unknown[]): string {
  return JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects });
}

describe('tearline ingest', () => {
  const dir = tempDir();
  const db = ['--db', dir.db];
  const write = (name: string, content: string | Buffer): string => {
    const path = join(dir.path, name);
    writeFileSync(path, content);
    return path;
  };
  const exportAll = async (): Promise<string> => {
    const run = await runTearline(['export', ...db]);
    assert.equal(run.code, 0, run.stderr);
    return run.stdout;
  };
  const objectsIn = (exported: string): unknown[] => (JSON.parse(exported) as { objects: unknown[] }).objects;

  before(async () => {
    const run = await runTearline(['ingest', write('base.json', bundle(IDENTITY, INDICATOR)), ...db]);
    assert.equal(run.code, 0, run.stderr);
  });
  after(() => dir.cleanup());

  test('stores a bundle and reports a JSON summary', async () => {
    const other = { ...IDENTITY, id: 'identity--9b8c1b55-8a53-4ab8-a1a9-9d8b3cbbd0b1', name: 'Other Org' };
    const run = await runTearline(['ingest', write('one.json', bundle(other)), '--json', ...db]);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { committed: boolean; stored: number; received: number };
    assert.equal(summary.committed, true);
    assert.equal(summary.received, 1);
    assert.equal(summary.stored, 1);
  });

  test('re-ingesting the same objects is a no-op reported as unchanged', async () => {
    const before = await exportAll();
    const run = await runTearline(['ingest', write('again.json', bundle(IDENTITY, INDICATOR)), '--json', ...db]);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { stored: number; unchanged: number };
    assert.equal(summary.stored, 0);
    assert.equal(summary.unchanged, 2);
    assert.deepEqual(objectsIn(await exportAll()), objectsIn(before));
  });

  test('reads a single object from stdin', async () => {
    const single = { ...IDENTITY, id: 'identity--0d3cde0b-6ba9-4e12-a9a3-2bcd3f3f5d01', name: 'From stdin' };
    const run = await runTearline(['ingest', '-', ...db], { stdin: JSON.stringify(single) });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /1 new/);
  });

  const badInputs: { name: string; content: () => string | Buffer; code: RegExp; names?: string }[] = [
    { name: 'malformed JSON', content: () => '{"type": "bundle", "objects": [', code: /malformed-json/ },
    { name: 'invalid UTF-8', content: () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), code: /invalid-utf8/ },
    { name: 'not STIX at all', content: () => '[1, 2, 3]', code: /not-stix/ },
    {
      name: 'a wrong type',
      content: () => bundle({ ...IDENTITY, id: 'identity--5e0b3a9c-6f7e-4c59-8f0a-7f3f1a2b3c4d', identity_class: 42 }),
      code: /identity--5e0b3a9c-6f7e-4c59-8f0a-7f3f1a2b3c4d/,
    },
    {
      name: 'a broken pattern',
      content: () => bundle({ ...INDICATOR, id: 'indicator--1f0c8a1e-4b2d-4c3e-9f5a-6b7c8d9e0f1a', pattern: "[domain-name:value = 'x'" }),
      code: /indicator--1f0c8a1e-4b2d-4c3e-9f5a-6b7c8d9e0f1a.*pattern/,
    },
    {
      name: 'a dangling reference',
      content: () =>
        bundle({ ...INDICATOR, id: 'indicator--2a1b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', created_by_ref: 'identity--00000000-0000-4000-8000-000000000000' }),
      code: /dangling-reference.*identity--00000000-0000-4000-8000-000000000000/,
    },
    {
      name: 'duplicate ids in one bundle',
      content: () => {
        const twin = { ...IDENTITY, id: 'identity--7c6b5a49-3827-4615-8a4b-3c2d1e0f9a8b', name: 'Twin' };
        return bundle(twin, twin);
      },
      code: /duplicate-object.*identity--7c6b5a49-3827-4615-8a4b-3c2d1e0f9a8b|identity--7c6b5a49-3827-4615-8a4b-3c2d1e0f9a8b.*duplicate-object/,
    },
    {
      name: 'a changed object under an old version',
      content: () => bundle({ ...IDENTITY, name: 'Renamed without a new modified' }),
      code: /version-conflict/,
    },
  ];

  for (const bad of badInputs) {
    test(`rejects ${bad.name} with exit 1, a clear error and an unchanged store`, async () => {
      const before = await exportAll();
      const good = { ...IDENTITY, id: 'identity--4b4b4b4b-4b4b-4b4b-8b4b-4b4b4b4b4b4b', name: 'Would be stored' };
      // The bad object travels with a good one: atomic ingest must store neither.
      const content = bad.content();
      const withGood = typeof content === 'string' && content.startsWith('{"type":"bundle"')
        ? JSON.stringify({ ...JSON.parse(content), objects: [good, ...(JSON.parse(content) as { objects: unknown[] }).objects] })
        : content;
      const run = await runTearline(['ingest', write('bad.json', withGood), ...db]);
      assert.equal(run.code, 1, `expected exit 1, got ${run.code}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, bad.code);
      assert.deepEqual(objectsIn(await exportAll()), objectsIn(before));
    });
  }

  test('refuses an input above the size limit without reading it whole', async () => {
    const before = await exportAll();
    const big = write('big.json', Buffer.alloc(2 * 1024 * 1024, 0x20));
    const run = await runTearline(['ingest', big, ...db], { env: { TEARLINE_MAX_BUNDLE_BYTES: String(1024 * 1024) } });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /input-too-large/);
    assert.deepEqual(objectsIn(await exportAll()), objectsIn(before));
  });

  /** A bundle above the size from which a judge thread parses its objects, pretty-printed as big feeds are. */
  const bigBundle = (count: number): { text: string; ids: string[] } => {
    const ids: string[] = [];
    const objects = Array.from({ length: count }, (_, i) => {
      const id = `identity--${String(i).padStart(8, '0')}-0000-4000-8000-000000000b16`;
      ids.push(id);
      return { ...IDENTITY, id, name: `Big bundle org ${i}`, description: `Seen at "place ${i}" [${'x'.repeat(900)}]`, created_by_ref: IDENTITY.id };
    });
    return { text: JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56e', objects }, null, 2), ids };
  };

  test('a big bundle is parsed element by element on a judge thread: one broken element refuses it whole, then it is stored whole', async () => {
    const { text, ids } = bigBundle(5000);
    assert.ok(Buffer.byteLength(text) > 4 * 1024 * 1024, 'big enough for the judge thread');
    const before = await exportAll();
    // Element 3210 has a member without a value: the envelope and the other elements are intact.
    const broken = text.replace(`"id": "${ids[3210]}",`, `"id": "${ids[3210]}", "no value": ,`);
    const refused = await runTearline(['ingest', write('big-broken.json', broken), ...db]);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /malformed-json: objects\[3210\] is not valid JSON/);
    assert.match(refused.stdout, /rejected, nothing stored: 5000 objects/);
    // An unclosed brace leaves no element boundaries to trust: the text is parsed whole and refused.
    const unclosed = await runTearline(['ingest', write('big-unclosed.json', text.replace(`"id": "${ids[3210]}",`, `"id": "${ids[3210]}", "unclosed": {`)), ...db]);
    assert.equal(unclosed.code, 1);
    assert.match(unclosed.stderr, /malformed-json: input is not valid JSON/);
    const invalid = text.replace(`"name": "Big bundle org 4321"`, `"name": 4321`);
    const wrong = await runTearline(['ingest', write('big-invalid.json', invalid), ...db]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, new RegExp(`${ids[4321]}`));
    assert.deepEqual(objectsIn(await exportAll()), objectsIn(before));

    const run = await runTearline(['ingest', write('big.json', text), '--json', ...db]);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { committed: boolean; stored: number; received: number };
    assert.deepEqual([summary.committed, summary.received, summary.stored], [true, 5000, 5000]);
    const stored = new Map(objectsIn(await exportAll()).map((o) => [(o as { id: string }).id, o]));
    const original = (JSON.parse(text) as { objects: { id: string }[] }).objects;
    for (const i of [0, 3210, 4999]) assert.deepEqual(stored.get(ids[i] as string), original[i]);
  });

  test('--partial stores the valid objects and reports each rejected one', async () => {
    const good = { ...IDENTITY, id: 'identity--6d6d6d6d-6d6d-4d6d-8d6d-6d6d6d6d6d6d', name: 'Partial good' };
    const bad = { ...IDENTITY, id: 'identity--7e7e7e7e-7e7e-4e7e-8e7e-7e7e7e7e7e7e', created: 'yesterday' };
    const dependent = { ...INDICATOR, id: 'indicator--8f8f8f8f-8f8f-4f8f-8f8f-8f8f8f8f8f8f', created_by_ref: bad.id };
    const run = await runTearline(['ingest', write('partial.json', bundle(good, bad, dependent)), '--partial', '--json', ...db]);
    assert.equal(run.code, 1);
    const summary = JSON.parse(run.stdout) as { stored: number; rejected: number; errors: { objectId: string; code: string }[] };
    assert.equal(summary.stored, 1);
    assert.equal(summary.rejected, 2);
    assert.ok(summary.errors.some((e) => e.objectId === bad.id));
    assert.ok(summary.errors.some((e) => e.objectId === dependent.id && e.code === 'dangling-reference'));
    const ids = objectsIn(await exportAll()).map((o) => (o as { id: string }).id);
    assert.ok(ids.includes(good.id));
    assert.ok(!ids.includes(bad.id) && !ids.includes(dependent.id));
  });

  test('usage errors exit 2', async () => {
    assert.equal((await runTearline(['ingest'])).code, 2);
    assert.equal((await runTearline(['ingest', 'a', 'b'])).code, 2);
    assert.equal((await runTearline(['ingest', '--bogus', 'x'])).code, 2);
    assert.equal((await runTearline(['export', '--since', 'last tuesday', ...db])).code, 2);
    assert.equal((await runTearline(['nonsense'])).code, 2);
  });
});

describe('tearline export', () => {
  const dir = tempDir();
  after(() => dir.cleanup());

  test('round-trips every OASIS example bundle: export holds the latest version of each object', async (t) => {
    const examples = sharedDataPath('stix-examples');
    if (examples === undefined) return t.skip(SHARED_DATA_ABSENT);
    const expected = new Map<string, string>();
    for (const file of readdirSync(examples).filter((f) => f.endsWith('.json'))) {
      const run = await runTearline(['ingest', join(examples, file), '--db', dir.db]);
      assert.equal(run.code, 0, `${file}: ${run.stderr}`);
      const objects = (JSON.parse(readFileSync(join(examples, file), 'utf8')) as { objects: { id: string; modified?: string }[] }).objects;
      for (const o of objects) {
        const seen = expected.get(o.id);
        if (seen === undefined || (o.modified ?? '') > seen) expected.set(o.id, o.modified ?? '');
      }
    }
    const run = await runTearline(['export', '--db', dir.db]);
    assert.equal(run.code, 0, run.stderr);
    const exported = JSON.parse(run.stdout) as { type: string; id: string; objects: { id: string; type: string; modified?: string }[] };
    assert.equal(exported.type, 'bundle');
    assert.match(exported.id, /^bundle--[0-9a-f-]{36}$/);
    const ours = exported.objects.filter((o) => expected.has(o.id));
    assert.equal(ours.length, expected.size);
    for (const o of ours) assert.equal(o.modified ?? '', expected.get(o.id), o.id);
    // Everything else is what fusion made of the example reports: threats (groupings) and
    // the definitions they need, never a changed copy of an ingested object.
    const extras = exported.objects.filter((o) => !expected.has(o.id));
    assert.ok(extras.every((o) => ['grouping', 'identity', 'extension-definition'].includes(o.type)), JSON.stringify(extras.map((o) => o.type)));

    const indicators = await runTearline(['export', '--type', 'indicator', '--db', dir.db]);
    const onlyIndicators = (JSON.parse(indicators.stdout) as { objects: { type: string }[] }).objects;
    assert.ok(onlyIndicators.length > 0);
    assert.ok(onlyIndicators.every((o) => o.type === 'indicator'));

    const stats = await runTearline(['stats', '--json', '--db', dir.db]);
    assert.equal((JSON.parse(stats.stdout) as { objects: number }).objects, exported.objects.length);
  });
});
