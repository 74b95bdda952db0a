// Streams newline-delimited JSON (one STIX object per line), so feeds far larger than a
// bundle can be ingested with flat memory. A line that is not JSON (malformed-json) or not
// UTF-8 (invalid-utf8) is refused with its line number; in an atomic ingest that rejects the
// whole input.
//
// Lines are cut from the bytes as they arrive and handed on as bytes: the judge, on another
// thread, decodes and parses them. Decoding every line here and splitting the text with
// readline took ~320 ms of the writing thread's 6.9 s on 200,000 objects, and silently turned
// bytes that are not UTF-8 into U+FFFD.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { RawText } from '../app/ingest/rawText.ts';

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Read size: about a thousand typical lines at a time. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Each non-blank line with its number, as its bytes; the judge parses it (possibly on another
 * thread). Lines end at LF or CRLF. A line is a view of the read it was cut from; only a line
 * that spans reads is copied, so that no read is copied whole.
 */
export async function* ndjsonLines(source: string, stdin: Readable): AsyncGenerator<RawText> {
  const input = source === '-' ? stdin : createReadStream(source, { highWaterMark: CHUNK_BYTES });
  let number = 0;
  // The pieces of a line whose end has not arrived yet.
  let pending: Buffer[] = [];
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    let end = bytes.indexOf(LINE_FEED);
    if (pending.length > 0) {
      if (end < 0) {
        pending.push(bytes);
        continue;
      }
      const joined = Buffer.concat([...pending, bytes.subarray(0, end)]);
      pending = [];
      number += 1;
      const line = lineAt(joined, 0, joined.length);
      if (line !== undefined) yield new RawText(line, number);
      start = end + 1;
      end = bytes.indexOf(LINE_FEED, start);
    }
    for (; end >= 0; end = bytes.indexOf(LINE_FEED, start)) {
      number += 1;
      const line = lineAt(bytes, start, end);
      if (line !== undefined) yield new RawText(line, number);
      start = end + 1;
    }
    if (start < bytes.length) pending.push(bytes.subarray(start));
  }
  if (pending.length > 0) {
    const last = Buffer.concat(pending);
    const line = lineAt(last, 0, last.length);
    if (line !== undefined) yield new RawText(line, number + 1);
  }
}

/** The line between `start` and `end` without a final CR; undefined when it is blank. */
function lineAt(data: Buffer, start: number, end: number): Uint8Array | undefined {
  const stop = end > start && data[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
  for (let i = start; i < stop; i++) {
    const c = data[i];
    // JSON whitespace only: a line of anything else is judged, and refused if it is not JSON.
    if (c !== 0x20 && c !== 0x09 && c !== CARRIAGE_RETURN) return data.subarray(start, stop);
  }
  return undefined;
}
