import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateBundle } from '../../domain/stix/index.ts';
import type { StixObject } from '../../domain/stix/object.ts';
import { parsePattern } from '../../domain/stix/pattern/index.ts';
import { importCsv } from './index.ts';
import { detectDelimiter, parseCsv } from './parse.ts';

const NOW = '2025-03-01T12:00:00.000Z';
const TLP_AMBER = 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82';
const TLP2_CLEAR = 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487';
const patterns = (objects: readonly StixObject[]): unknown[] => objects.filter((o) => o.type === 'indicator').map((o) => o['pattern']);
const noErrors = (objects: readonly StixObject[]): void => {
  assert.deepEqual(validateBundle({ type: 'bundle', id: 'bundle--3f0f7a0e-5b2c-4c6e-9a53-1a7d0f4c2b11', objects }).errors, []);
};

describe('parseCsv (RFC 4180)', () => {
  test('quoted fields hold delimiters, doubled quotes, CRLF and embedded newlines; lines are where records start', () => {
    const text = '\uFEFFvalue,description\r\n1.2.3.4,"a, b"\r\nevil.example,"say ""hi""\r\nnext line"\r\nlast,x';
    const { records, errors } = parseCsv(text, ',');
    assert.deepEqual(errors, []);
    assert.deepEqual(records, [
      { fields: ['value', 'description'], line: 1 },
      { fields: ['1.2.3.4', 'a, b'], line: 2 },
      { fields: ['evil.example', 'say "hi"\r\nnext line'], line: 3 },
      { fields: ['last', 'x'], line: 5 },
    ]);
  });
  test('blank lines are skipped; an unclosed quote or text after a closing quote is an error at its line', () => {
    const { records, errors } = parseCsv('a,b\n\n"x"y,1\nok,2\n"open,3', ',');
    assert.deepEqual(records.map((r) => [r.line, r.fields]), [[1, ['a', 'b']], [4, ['ok', '2']]]);
    assert.deepEqual(errors.map((e) => e.line), [3, 5]);
  });
  test('writing any table per RFC 4180 and parsing it gives the table back', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', ';', '"', '\n', '\r\n', ' ', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (table) => {
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const text = table.map((row) => row.map(quote).join(',')).join('\r\n');
        assert.deepEqual(parseCsv(text, ',').records.map((r) => r.fields), table);
      }),
    );
  });
  test('delimiter detection', () => {
    assert.equal(detectDelimiter('value;type\n1.2.3.4;ip\n'), ';');
    assert.equal(detectDelimiter('value\ttype\n1.2.3.4\tip\n'), '\t');
    assert.equal(detectDelimiter('type,value,description\nip,1.2.3.4,"x; y"\n'), ',');
    assert.equal(detectDelimiter('value\n1.2.3.4\n'), ',');
  });
});

describe('importCsv', () => {
  test('maps columns by header name and writes indicators that validate and parse', () => {
    const text = [
      'type,value,description,labels,valid_from,confidence,tlp',
      'ip-dst,203.0.113.7,C2 server,"c2;apt",2025-01-01T00:00:00Z,80,amber',
      'domain,Evil.Example.com,,phishing,,,',
      'sha256,' + 'A'.repeat(64) + ',payload,,2025-01-02,50,clear',
      'url,hxxp://bad[.]example/x,defanged,,,,',
    ].join('\n');
    const result = importCsv(text, { now: NOW });
    assert.deepEqual(result.rejected, []);
    assert.deepEqual(patterns(result.objects), [
      "[ipv4-addr:value = '203.0.113.7']",
      "[domain-name:value = 'evil.example.com']",
      `[file:hashes.'SHA-256' = '${'a'.repeat(64)}']`,
      "[url:value = 'http://bad.example/x']",
    ]);
    const [ip, domain, hash] = result.objects.filter((o) => o.type === 'indicator');
    assert.deepEqual([ip?.['description'], ip?.['labels'], ip?.['valid_from'], ip?.['confidence'], ip?.['object_marking_refs']], ['C2 server', ['c2', 'apt'], '2025-01-01T00:00:00.000Z', 80, [TLP_AMBER]]);
    assert.equal(domain?.['valid_from'], NOW);
    assert.equal(domain?.['object_marking_refs'], undefined);
    assert.deepEqual(hash?.['object_marking_refs'], [TLP2_CLEAR]);
    // TLP 2.0 definitions are not predefined: the one used travels with the output.
    assert.ok(result.objects.some((o) => o.id === TLP2_CLEAR));
    for (const p of patterns(result.objects)) assert.ok(parsePattern(p as string).ok);
    noErrors(result.objects);
    assert.equal(result.summary['rows.imported'], 4);
  });

  test('one error per bad row, at the line where the record starts; ragged rows are rejected', () => {
    const text = [
      'value,type,description', // 1
      '1.2.3.4,ip,"two', // 2
      'line note"', // 3
      '999.1.1.1,ip,bad address', // 4
      'x.example,domain', // 5 ragged
      ',domain,empty', // 6
      'thing,weird-type,', // 7
      'just words,,', // 8
      'good.example,,ok', // 9
      'a.example,domain,"x"y', // 10 malformed
    ].join('\r\n');
    const result = importCsv(text, { now: NOW });
    assert.deepEqual(result.rejected.map((r) => [r.line, r.code]), [
      [10, 'malformed-csv'],
      [4, 'invalid-value'],
      [5, 'ragged-row'],
      [6, 'missing-value'],
      [7, 'unknown-type'],
      [8, 'cannot-infer-type'],
    ]);
    assert.deepEqual(patterns(result.objects), ["[ipv4-addr:value = '1.2.3.4']", "[domain-name:value = 'good.example']"]);
    assert.equal(result.objects.find((o) => o.type === 'indicator')?.['description'], 'two\r\nline note');
    assert.deepEqual([result.summary['rows'], result.summary['rows.imported'], result.summary['rows.rejected']], [8, 2, 6]);
  });

  test('explicit column mapping, semicolons and a BOM', () => {
    const text = '\uFEFFioc;kind;notes\r\n10.0.0.1;ipv4;x\r\n';
    const result = importCsv(text, { columns: { value: 'ioc', type: 'kind' }, now: NOW });
    assert.deepEqual(patterns(result.objects), ["[ipv4-addr:value = '10.0.0.1']"]);
    assert.equal(result.objects[0]?.['description'], 'x');
    const bad = importCsv(text, { columns: { value: 'nope' } });
    assert.equal(bad.rejected[0]?.code, 'missing-column');
    assert.deepEqual(bad.objects, []);
  });

  test('type inference without a type column, tab delimiter given explicitly', () => {
    const text = 'value\tcomment\n2001:db8::1\tv6\nuser@phish.example\tmail\n0749bae92ca336a02c83d126e04ec628\tmd5\nhttps://x.example/p\turl\n';
    const result = importCsv(text, { delimiter: 'tab', now: NOW });
    assert.deepEqual(patterns(result.objects), [
      "[ipv6-addr:value = '2001:db8::1']",
      "[email-addr:value = 'user@phish.example']",
      "[file:hashes.MD5 = '0749bae92ca336a02c83d126e04ec628']",
      "[url:value = 'https://x.example/p']",
    ]);
    assert.deepEqual(result.unmapped, []);
  });

  test('as observables: SCOs with deterministic ids; indicator-only columns are reported, not silently dropped', () => {
    const text = 'value,description,tlp\n198.51.100.4,x,red\nevil.example,,\n198.51.100.4,,white\n';
    const result = importCsv(text, { as: 'observables', now: NOW, defaultTlp: 'green' });
    const ip = result.objects.find((o) => o.type === 'ipv4-addr');
    // The same address twice: one SCO, under the more restrictive marking.
    assert.deepEqual(ip?.['object_marking_refs'], ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed']);
    assert.deepEqual(result.objects.find((o) => o.type === 'domain-name')?.['object_marking_refs'], ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da']);
    assert.equal(result.objects.filter((o) => o.type === 'ipv4-addr').length, 1);
    assert.deepEqual(result.unmapped.map((u) => u.code), ['not-for-observables']);
    noErrors(result.objects);
  });

  test('is deterministic given now, and duplicates are reported', () => {
    const text = 'value\nevil.example\nEVIL.example\n';
    const a = importCsv(text, { now: NOW });
    assert.deepEqual(importCsv(text, { now: NOW }), a);
    assert.equal(a.objects.length, 1);
    assert.deepEqual(a.unmapped.map((u) => [u.line, u.code]), [[3, 'duplicate']]);
  });

  test('a bad default TLP or delimiter rejects the whole import', () => {
    assert.equal(importCsv('value\na.example\n', { defaultTlp: 'purple' }).rejected[0]?.code, 'invalid-tlp');
    assert.equal(importCsv('value\na.example\n', { delimiter: '"' }).rejected[0]?.code, 'invalid-delimiter');
    assert.equal(importCsv('').rejected[0]?.code, 'empty-input');
  });

  test('bad confidence and timestamps are rejected per row', () => {
    const text = 'value,confidence,valid_from,valid_until\na.example,101,,\nb.example,,yesterday,\nc.example,,2025-02-01,2025-01-01\n';
    assert.deepEqual(importCsv(text, { now: NOW }).rejected.map((r) => [r.line, r.code]), [[2, 'invalid-confidence'], [3, 'invalid-timestamp'], [4, 'invalid-timestamp']]);
  });
});
