import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envelopeJson } from './render.ts';

const item = (n: number): { json: string; dateAdded: string } => ({ json: `{"type":"indicator","n":${n}}`, dateAdded: '2026-01-01T00:00:00.000Z' });

test('the envelope joins the stored JSON as it is, with more, next and objects as §3.7 has them', () => {
  assert.deepEqual(JSON.parse(envelopeJson({ items: [] })), { more: false });
  assert.deepEqual(JSON.parse(envelopeJson({ items: [item(1)] })), { more: false, objects: [{ type: 'indicator', n: 1 }] });
  const page = envelopeJson({ items: [item(1), item(2), item(3)], next: 'abc"def' });
  assert.deepEqual(JSON.parse(page), { more: true, next: 'abc"def', objects: [1, 2, 3].map((n) => ({ type: 'indicator', n })) });
  // The objects' text is not re-serialised: their bytes appear as stored.
  assert.ok(page.includes('{"type":"indicator","n":2}'));
  assert.equal(JSON.parse(envelopeJson({ items: [], next: 'x' })).more, true);
});
