// putObjects' in-memory judgement against a one-at-a-time model of the ports.ts rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TextObjectWrite as ObjectWrite, PutOutcome } from '../../app/ports.ts';
import { versionKey } from '../version-key.ts';
import { compareKeys, planPut, type KnownObject } from './put-plan.ts';

function write(id: string, version: string, json: string): ObjectWrite {
  return { id, type: 'indicator', specVersion: '2.1', version, created: null, modified: null, revoked: false, json, refs: [], markings: [] };
}

/** The rules applied one object at a time, the way SQLite's writer does. */
function model(stored: readonly ObjectWrite[], batch: readonly ObjectWrite[]): { outcomes: PutOutcome[]; latest: Map<string, string> } {
  const versions = new Map<string, string>();
  const latest = new Map<string, string>();
  const put = (o: ObjectWrite): PutOutcome => {
    const key = versionKey(o.version);
    const prior = versions.get(`${o.id} ${key}`);
    if (prior !== undefined) return prior === o.json ? 'unchanged' : 'conflict';
    versions.set(`${o.id} ${key}`, o.json);
    const current = latest.get(o.id);
    if (current === undefined || compareKeys(key, current) > 0) latest.set(o.id, key);
    return 'stored';
  };
  stored.forEach(put);
  return { outcomes: batch.map(put), latest };
}

const VERSIONS = ['', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.5Z', '2024-01-02T00:00:00Z', 'odd'];
const arbWrite = fc.record({
  id: fc.constantFrom('indicator--a', 'indicator--b', 'malware--c'),
  version: fc.constantFrom(...VERSIONS),
  json: fc.constantFrom('{"x":1}', '{"x":2}'),
}).map((w) => write(w.id, w.version, w.json));

test('judges a batch as putting its objects one at a time would', () => {
  fc.assert(fc.property(fc.array(arbWrite, { maxLength: 8 }), fc.array(arbWrite, { maxLength: 12 }), (before, batch) => {
    const expected = model(before, batch);
    const prior = model([], before);
    const known = new Map<string, KnownObject>([...prior.latest].map(([id, latestKey], i) => [id, { oid: i + 1, latestKey }]));
    const stored = new Map<string, Map<string, string>>();
    const seen = new Set<string>();
    for (const o of before) {
      const key = versionKey(o.version);
      if (seen.has(`${o.id} ${key}`)) continue;
      seen.add(`${o.id} ${key}`);
      if (!stored.has(o.id)) stored.set(o.id, new Map());
      stored.get(o.id)?.set(key, o.json);
    }
    const plan = planPut(batch, batch.map((o) => versionKey(o.version)), known, stored);
    assert.deepEqual(plan.results.map((r) => r.outcome), expected.outcomes);
    assert.deepEqual(plan.inserts, expected.outcomes.flatMap((outcome, i) => (outcome === 'stored' ? [i] : [])));
    assert.deepEqual(plan.newIds, [...new Set(plan.inserts.map((i) => batch[i]?.id))].filter((id) => id !== undefined && !known.has(id)));
    // Every id whose latest changed is in plan.latest, pointing at a version with that key.
    for (const [id, key] of expected.latest) {
      const index = plan.latest.get(id);
      if (known.get(id)?.latestKey === key) assert.equal(index, undefined, `${id} keeps its latest`);
      else assert.equal(versionKey(batch[index as number]?.version ?? 'missing'), key, `${id} latest`);
    }
  }));
});

test('orders keys as UTF-8 bytes, as PostgreSQL\'s "C" collation does', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
    assert.equal(Math.sign(compareKeys(a, b)), Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
  }));
  // UTF-16 order differs here: U+FF5E's code unit is above U+1F600's leading surrogate.
  assert.ok(compareKeys('\u{ff5e}', '\u{1f600}') < 0);
  assert.ok('\u{ff5e}' > '\u{1f600}');
});
