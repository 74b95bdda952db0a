// Streams newline-delimited JSON (one STIX object per line), so feeds far larger than a
// bundle can be ingested with flat memory. A line that is not JSON is judged malformed with
// its line number; in an atomic ingest that rejects the whole input.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { RawText } from '../app/ingest/rawText.ts';

/** Each non-blank line with its number; the judge parses it (possibly on another thread). */
export async function* ndjsonLines(source: string, stdin: Readable): AsyncGenerator<RawText> {
  const input = source === '-' ? stdin : createReadStream(source);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() !== '') yield new RawText(text, number);
  }
}
