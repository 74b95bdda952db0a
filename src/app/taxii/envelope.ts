// Reads the body of an Add Objects request (TAXII 2.1 §5.5: "clients MUST deliver all
// objects in a TAXII envelope", §3.7). Problems come back as values with the status the
// endpoint table gives them: bytes that are not JSON are a request the server did not
// understand (400); JSON that is not an envelope of objects is unprocessable (422).
import { isUtf8 } from 'node:buffer';

export type ParsedEnvelope =
  | { readonly ok: true; readonly objects: readonly unknown[] }
  | { readonly ok: false; readonly status: 400 | 422; readonly code: string; readonly message: string };

function refuse(status: 400 | 422, code: string, message: string): ParsedEnvelope {
  return { ok: false, status, code, message };
}

/** Envelope, list, object, then the object's own nesting: 64 levels is far more than STIX uses. */
const MAX_DEPTH = 64;

/**
 * Whether arrays and objects nest deeper than `max` (brackets inside strings do not count).
 * String contents, most of an envelope's bytes, are skipped with indexOf rather than read
 * one character at a time: the scan costs a few per cent of a 1,000-object Add Objects.
 */
function nestingDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const quote = text.indexOf('"', i);
    const end = quote === -1 ? text.length : quote;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 123 || c === 91) {
        if (++depth > max) return true;
      } else if (c === 125 || c === 93) {
        depth--;
      }
    }
    if (quote === -1) return false;
    i = stringEnd(text, quote + 1);
  }
  return false;
}

/** The index after the quote that closes a string whose content starts at `from` (the text's end if none). */
function stringEnd(text: string, from: number): number {
  for (let q = text.indexOf('"', from); q !== -1; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
    // An even run of backslashes escapes itself, not the quote.
    if (backslashes % 2 === 0) return q + 1;
  }
  return text.length;
}

/** UTF-8 bytes as text, or null when they are not UTF-8; a leading byte order mark is dropped. */
function utf8Text(bytes: Uint8Array): string | null {
  if (!isUtf8(bytes)) return null;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseEnvelope(bytes: Uint8Array): ParsedEnvelope {
  // §1.6.7: UTF-8 JSON (RFC 8259 §8.1).
  const text = utf8Text(bytes);
  if (text === null) return refuse(400, 'invalid-utf8', 'the body is not valid UTF-8');
  if (text.trim() === '') return refuse(400, 'empty-body', 'the body is empty; send an envelope: {"objects": [...]}');
  // Deeper nesting than any STIX object needs would only exhaust the stack further on
  // (serialising the object to store it recurses).
  if (nestingDepthExceeds(text, MAX_DEPTH)) return refuse(400, 'json-too-deep', `the JSON nests deeper than ${MAX_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return refuse(400, 'malformed-json', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return refuse(422, 'not-an-envelope', 'the body must be a TAXII envelope (§3.7): a JSON object with an "objects" list');
  }
  const record = value as Record<string, unknown>;
  // A bare STIX object is not an envelope. A STIX bundle carries its objects the same way
  // and is read as one (its type and id are then just unknown properties, §7.1).
  if (typeof record.type === 'string' && record.type !== 'bundle') {
    return refuse(422, 'not-an-envelope', `the body is a single '${record.type}' object, not an envelope: send {"objects": [ ... ]}`);
  }
  if (record.more !== undefined && typeof record.more !== 'boolean') return refuse(422, 'invalid-envelope', 'envelope "more" must be a boolean (§3.7)');
  if (record.next !== undefined && typeof record.next !== 'string') return refuse(422, 'invalid-envelope', 'envelope "next" must be a string (§3.7)');
  const objects = record.objects;
  if (objects === undefined) return refuse(422, 'empty-envelope', 'the envelope has no "objects": nothing to add');
  if (!Array.isArray(objects)) return refuse(422, 'invalid-envelope', 'envelope "objects" must be a list (§3.7)');
  // §2 list: "every instance of a list MUST have at least one value".
  if (objects.length === 0) return refuse(422, 'empty-envelope', 'envelope "objects" is empty: a TAXII list has at least one value (§2)');
  return { ok: true, objects };
}
