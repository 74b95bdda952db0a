import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_DATA_DIR, evaluate, parseBio } from './evaluate.ts';

test('accuracy targets on the labelled reports', (t) => {
  if (!existsSync(new URL('reports/', DEFAULT_DATA_DIR))) return t.skip('shared data absent: ../shared/data/reports');
  const { reports } = evaluate({ datasets: ['reports'], measureSpeed: false });
  assert.ok(reports !== null);
  const k = reports.kinds;
  for (const kind of ['group', 'place', 'date'] as const) {
    assert.ok((k[kind]?.precision ?? 0) >= 0.9, `${kind} precision ${k[kind]?.precision}`);
    assert.ok((k[kind]?.recall ?? 0) >= 0.85, `${kind} recall ${k[kind]?.recall}`);
  }
  assert.ok((k.observable?.precision ?? 0) >= 0.98 && (k.observable?.recall ?? 0) >= 0.98, JSON.stringify(k.observable));
});

test('parseBio reads spans per layer', () => {
  const bio = '<DOCSTART>\tO\tO\tO\tO\tO\tO\n\nLazarus\tO\tO\tO\tB-GROUP\tO\tB-GROUP\nGroup\tO\tO\tO\tI-GROUP\tO\tI-GROUP\nhit\tO\tO\tO\tO\tO\tO\nSeoul\tB-LOC\tO\tO\tO\tO\tB-LOC\nin\tO\tO\tO\tO\tO\tO\nMay\tO\tO\tB-DATE\tO\tO\tB-DATE\n2020\tO\tO\tI-DATE\tO\tO\tI-DATE\n';
  assert.deepEqual(parseBio(bio).map((s) => [s.label, s.tokens.join(' ')]), [
    ['GROUP', 'Lazarus Group'],
    ['LOC', 'Seoul'],
    ['DATE', 'May 2020'],
  ]);
});
