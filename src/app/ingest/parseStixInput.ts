// Reads bytes that should hold STIX: a bundle or a single object. Everything that can go
// wrong before validation (size, encoding, JSON syntax, the envelope) is reported here as
// a typed value, never thrown.
import type { StixObject } from '../../domain/stix/object.ts';
import type { IngestIssue } from './outcome.ts';

export type ParsedStixInput =
  | { readonly ok: true; readonly kind: 'bundle' | 'object'; readonly objects: readonly unknown[]; readonly bundleId?: string }
  | { readonly ok: false; readonly error: IngestIssue };

export function parseStixInput(bytes: Uint8Array | string, maxBytes: number): ParsedStixInput {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > maxBytes) {
    return fail('input-too-large', `input is ${size} bytes; the limit is ${maxBytes} bytes (split it, or page it over TAXII)`);
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

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function fail(code: string, message: string): ParsedStixInput {
  return { ok: false, error: { path: '', code, message } };
}
