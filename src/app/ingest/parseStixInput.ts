// Reads bytes that should hold STIX: a bundle or a single object. Everything that can go
// wrong before validation (size, encoding, JSON syntax, the envelope) is reported here as
// a typed value, never thrown.
import { isUtf8 } from 'node:buffer';
import type { StixObject } from '../../domain/stix/object.ts';
import type { IngestIssue } from './outcome.ts';
import { RawText } from './rawText.ts';
import { splitBundle } from './splitBundle.ts';

export type ParsedStixInput =
  | { readonly ok: true; readonly kind: 'bundle' | 'object'; readonly objects: readonly unknown[]; readonly bundleId?: string }
  | { readonly ok: false; readonly error: IngestIssue };

export interface ParseStixOptions {
  /**
   * Leave a bundle's objects as their JSON text (RawText) for the judge to parse, so that a
   * judge thread does the parsing while this thread writes. The envelope is still checked here.
   */
  readonly deferObjects?: boolean;
}

export function parseStixInput(bytes: Uint8Array | string, maxBytes: number, options: ParseStixOptions = {}): ParsedStixInput {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > maxBytes) {
    return fail('input-too-large', `input is ${size} bytes; the limit is ${maxBytes} bytes (split it, or page it over TAXII)`);
  }
  if (options.deferObjects === true && typeof bytes !== 'string') {
    const deferred = deferredBundle(bytes);
    if (deferred !== undefined) return deferred;
  }
  let text: string;
  if (typeof bytes === 'string') {
    text = bytes;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return fail('invalid-utf8', 'input is not valid UTF-8 (RFC 8259 §8.1 requires UTF-8 JSON)');
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail('malformed-json', `input is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('not-stix', 'input must be a STIX bundle or a single STIX object (a JSON object)');
  }
  const record = value as Record<string, unknown>;
  if (record.type === 'bundle') {
    const objects = record.objects;
    if (objects === undefined) return { ok: true, kind: 'bundle', objects: [], bundleId: stringOrUndefined(record.id) };
    if (!Array.isArray(objects)) return fail('invalid-bundle', 'bundle.objects must be a list (STIX 2.1 §8)');
    return { ok: true, kind: 'bundle', objects, bundleId: stringOrUndefined(record.id) };
  }
  if (typeof record.type === 'string' && typeof record.id === 'string') {
    return { ok: true, kind: 'object', objects: [record as StixObject] };
  }
  return fail('not-stix', 'input has no STIX "type" and "id": expected a bundle or a STIX object');
}

/**
 * A bundle whose elements stay bytes, in shared memory so that judge threads read them without
 * a copy (bytes not already shared are copied there once); undefined when the bytes are not
 * valid UTF-8, start with a byte order mark, or cannot be cut safely: the whole-text path then
 * reads them and reports what is wrong.
 */
function deferredBundle(bytes: Uint8Array): ParsedStixInput | undefined {
  if (!isUtf8(bytes) || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return undefined;
  let shared = bytes;
  if (!(bytes.buffer instanceof SharedArrayBuffer)) {
    shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
    shared.set(bytes);
  }
  const split = splitBundle(shared);
  if (split === undefined) return undefined;
  return { ok: true, kind: 'bundle', objects: split.elements.map((element) => new RawText(element)), bundleId: stringOrUndefined(split.envelope.id) };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function fail(code: string, message: string): ParsedStixInput {
  return { ok: false, error: { path: '', code, message } };
}
