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

/** A request and the buffers that move with it rather than being copied. */
export interface EncodedRequest {
  readonly request: JudgeRequest;
  readonly transfer: ArrayBuffer[];
}

export function encodeRequest(id: number, firstIndex: number, items: readonly unknown[]): EncodedRequest {
  const values: unknown[] = [];
  const texts: (string | Uint8Array | null)[] = [];
  const lines: (number | null)[] = [];
  for (const item of items) {
    const raw = item instanceof RawText;
    values.push(raw ? null : item);
    texts.push(raw ? item.json : null);
    lines.push(raw ? (item.line ?? null) : null);
  }
  const packed = packPrivateBytes(texts);
  return { request: { id, firstIndex, values, texts, lines }, transfer: packed === undefined ? [] : [packed] };
}

/**
 * Copies the byte texts that are views of ordinary memory (NDJSON lines cut from the reads)
 * into one buffer that can be transferred, and points them there. Cloned as they were, each
 * view would copy the whole read it was cut from (measured: postMessage 122 -> 409 ms of a
 * 200,000-line ingest). Views of shared memory (a bundle's elements) are left: they are not
 * copied at all.
 */
function packPrivateBytes(texts: (string | Uint8Array | null)[]): ArrayBuffer | undefined {
  let total = 0;
  for (const text of texts) if (text instanceof Uint8Array && !(text.buffer instanceof SharedArrayBuffer)) total += text.byteLength;
  if (total === 0) return undefined;
  const packed = new Uint8Array(new ArrayBuffer(total));
  let at = 0;
  texts.forEach((text, i) => {
    if (!(text instanceof Uint8Array) || text.buffer instanceof SharedArrayBuffer) return;
    packed.set(text, at);
    texts[i] = packed.subarray(at, at + text.byteLength);
    at += text.byteLength;
  });
  return packed.buffer;
}

export function decodeRequest(request: JudgeRequest): unknown[] {
  return request.values.map((value, i) => {
    const text = request.texts[i];
    if (text === null || text === undefined) return value;
    const line = request.lines[i];
    return new RawText(text, line === null ? undefined : line);
  });
}
