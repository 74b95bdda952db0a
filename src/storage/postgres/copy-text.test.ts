// COPY's text format as copy-text.ts writes it: every value read back the way PostgreSQL's
// COPY FROM reads it (decodeCopyText below follows the docs' rules), whatever the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { copyField, CopyRows, type CopyValue } from './copy-text.ts';

const UNESCAPE: Readonly<Record<string, string>> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

/** PostgreSQL's reading of text-format COPY input (only the escapes copy-text.ts writes). */
function decodeCopyText(input: string): (string | null)[][] {
  assert.ok(input === '' || input.endsWith('\n'), 'every row ends with a newline');
  return input.split('\n').slice(0, -1).map((line) => line.split('\t').map((field) => {
    if (field === '\\N') return null;
    return field.replace(/\\(.)/g, (_, c: string) => {
      const plain = UNESCAPE[c];
      assert.ok(plain !== undefined, `unexpected escape \\${c}`);
      return plain;
    });
  }));
}

function asText(value: CopyValue): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

test('fields escape exactly backslash, tab, newline and carriage return', () => {
  assert.equal(copyField('{"a":"b\\"c"}'), '{"a":"b\\\\"c"}');
  assert.equal(copyField('a\tb\nc\rd'), 'a\\tb\\nc\\rd');
  assert.equal(copyField('\\N'), '\\\\N', 'the text \\N is not NULL');
  assert.equal(copyField('\\.'), '\\\\.', 'nor the end-of-data marker');
  assert.equal(copyField(null), '\\N');
  assert.equal(copyField(true), 't');
  assert.equal(copyField(false), 'f');
  assert.equal(copyField(9007199254740991), '9007199254740991');
  assert.equal(copyField('"quotes", commas, é, 日本, 😀'), '"quotes", commas, é, 日本, 😀');
});

test('rows read back as they were written, across resets and growth', () => {
  const value = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('\\', '\\N', '\\.', '\t', '\n', '\r', ''), fc.constant(null),
    fc.boolean(), fc.maxSafeNat());
  // A buffer far smaller than the rows, reused for every sample: growth and reset both run.
  const rows = new CopyRows(16);
  fc.assert(fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 6 }), { maxLength: 20 }), (table) => {
    // Lone surrogates never reach a COPY (text.ts refuses them first); UTF-8 cannot carry them.
    const clean = table.map((row) => row.map((v) => (typeof v === 'string' ? v.replace(/[\ud800-\udfff]/g, '?') : v)));
    rows.reset();
    for (const row of clean) rows.row(row);
    assert.deepEqual(decodeCopyText(rows.bytes.toString('utf8')), clean.map((row) => row.map(asText)));
  }));
});
