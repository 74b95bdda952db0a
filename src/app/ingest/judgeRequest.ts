// What the writing thread posts to a judge thread. Structured cloning drops classes, so a
// RawText would arrive as a plain {text} object, which the judge must not take for raw JSON
// (a parsed element may look just like it). Raw items travel as their JSON, marked by index:
// a string, or a view of bytes (shared with the thread when the input is in shared memory).
import { RawText } from './rawText.ts';

export interface JudgeRequest {
  readonly id: number;
  readonly firstIndex: number;
  /** A parsed item, or null where `texts` holds the item's raw JSON. */
  readonly values: readonly unknown[];
  readonly texts: readonly (string | Uint8Array | null)[];
  readonly lines: readonly (number | null)[];
}

export function encodeRequest(id: number, firstIndex: number, items: readonly unknown[]): JudgeRequest {
  const values: unknown[] = [];
  const texts: (string | Uint8Array | null)[] = [];
  const lines: (number | null)[] = [];
  for (const item of items) {
    const raw = item instanceof RawText;
    values.push(raw ? null : item);
    texts.push(raw ? item.json : null);
    lines.push(raw ? (item.line ?? null) : null);
  }
  return { id, firstIndex, values, texts, lines };
}

export function decodeRequest(request: JudgeRequest): unknown[] {
  return request.values.map((value, i) => {
    const text = request.texts[i];
    if (text === null || text === undefined) return value;
    const line = request.lines[i];
    return new RawText(text, line === null ? undefined : line);
  });
}
