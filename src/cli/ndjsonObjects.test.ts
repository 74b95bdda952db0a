import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { judgeValue } from '../app/ingest/judge.ts';
import type { RawText } from '../app/ingest/rawText.ts';
import { ndjsonLines } from './ndjsonObjects.ts';

async function linesOf(chunks: readonly (string | Buffer)[]): Promise<{ line: number | undefined; text: string | undefined }[]> {
  const read: RawText[] = [];
  const stdin = Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
  for await (const raw of ndjsonLines('-', stdin)) read.push(raw);
  return read.map((raw) => ({ line: raw.line, text: raw.text }));
}

test('lines end at LF or CRLF; blank lines are skipped but counted; the last needs no line end', async () => {
  assert.deepEqual(await linesOf(['{"a":1}\n\r\n{"b":2}\r\n   \n\t\n{"c":"☃"}']), [
    { line: 1, text: '{"a":1}' },
    { line: 3, text: '{"b":2}' },
    { line: 6, text: '{"c":"☃"}' },
  ]);
});

test('a line cut across reads, even inside a multi-byte character, comes out whole', async () => {
  const whole = Buffer.from('{"name":"Ünïcode ☃"}\n{"n":2}\n', 'utf8');
  for (let cut = 1; cut < whole.length; cut++) {
    const lines = await linesOf([whole.subarray(0, cut), whole.subarray(cut)]);
    assert.deepEqual(lines, [{ line: 1, text: '{"name":"Ünïcode ☃"}' }, { line: 2, text: '{"n":2}' }], `cut at byte ${cut}`);
  }
  const byteByByte = await linesOf([...whole].map((b) => Buffer.from([b])));
  assert.equal(byteByByte.length, 2);
});

test('a line that is not UTF-8 is judged invalid with its number, never decoded with replacements', async () => {
  const read: RawText[] = [];
  const stdin = Readable.from([Buffer.concat([Buffer.from('{"ok":1}\n{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')])]);
  for await (const raw of ndjsonLines('-', stdin)) read.push(raw);
  assert.equal(read.length, 2);
  assert.equal(read[1]?.text, undefined);
  const judged = judgeValue(read[1], 1);
  assert.equal(judged.row, undefined);
  assert.deepEqual(judged.errors.map((e) => e.code), ['invalid-utf8']);
  assert.match(judged.errors[0]?.message ?? '', /^line 2 is not valid UTF-8/);
});

test('reads a file in large pieces, lines longer than a piece included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-ndjson-'));
  try {
    const long = `{"description":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    const path = join(dir, 'feed.ndjson');
    writeFileSync(path, `{"n":1}\n${long}\n{"n":3}`);
    const read: RawText[] = [];
    for await (const raw of ndjsonLines(path, Readable.from([]))) read.push(raw);
    assert.deepEqual(read.map((r) => [r.line, r.text?.length]), [[1, 7], [2, long.length], [3, 7]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
