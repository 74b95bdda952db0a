// Turns the bytes of one input into STIX objects, whatever its format: a STIX bundle or
// object, a MISP event, a CSV indicator list or a free-text report. Importer rejections come
// back as errors (they make an atomic ingest refuse the whole input); unmapped items as
// warnings, so nothing is dropped silently. The CLI (`tearline ingest`) and the REST API
// (POST /api/ingest) both convert here, so they accept and refuse exactly alike.
import { parseStixInput } from '../app/ingest/parseStixInput.ts';
import type { IngestIssue } from '../app/ingest/outcome.ts';
import { importMisp } from './misp/index.ts';
import { importCsv } from './csv/index.ts';
import { checkText, extractFromText, type Mention } from './text/index.ts';
import { MAX_REPORT_TEXT_BYTES } from './text/input.ts';
import type { ImportIssue } from './common/result.ts';
import { isCalendarDate, statedPublicationDate } from './text/statedDate.ts';

/** `ndjson` (one STIX object per line) is streamed by the ingest command and never converted here. */
export const FORMATS = ['stix', 'ndjson', 'misp', 'csv', 'text'] as const;
export type InputFormat = (typeof FORMATS)[number];
export type ConvertibleFormat = Exclude<InputFormat, 'ndjson'>;

/** What the text extractor found, for showing it against the text (offsets are UTF-16 indexes). */
export interface TextExtraction {
  /** The publication date relative dates were resolved against, and where it came from. */
  readonly published: string;
  readonly publishedFrom: 'given' | 'stated' | 'today';
  readonly mentions: readonly Mention[];
}

export type Converted =
  | {
      readonly ok: true;
      readonly objects: readonly unknown[];
      readonly errors: readonly IngestIssue[];
      readonly warnings: readonly IngestIssue[];
      /** For a STIX input: whether it was a bundle or one object. */
      readonly kind?: 'bundle' | 'object';
      /** For a text report: the mentions its objects were built from. */
      readonly extraction?: TextExtraction;
    }
  | { readonly ok: false; readonly error: IngestIssue };

export interface ConvertOptions {
  readonly maxBytes: number;
  /** For text: the publication date (YYYY-MM-DD) dates in the text are resolved against. */
  readonly published?: string;
  /** For text: where it came from (a file name); becomes the report's name. */
  readonly sourceName?: string;
  /** Now, as an RFC 3339 timestamp: importers stamp objects with it. */
  readonly now: string;
  /** For STIX: leave a bundle's objects as JSON text for the judge (see parseStixInput.ts). */
  readonly deferObjects?: boolean;
}

export function convertInput(format: ConvertibleFormat, bytes: Uint8Array, options: ConvertOptions): Converted {
  if (format === 'stix') {
    const parsed = parseStixInput(bytes, options.maxBytes, { deferObjects: options.deferObjects === true });
    return parsed.ok ? { ok: true, objects: parsed.objects, errors: [], warnings: [], kind: parsed.kind } : parsed;
  }
  if (bytes.byteLength > options.maxBytes) {
    return { ok: false, error: { path: '', code: 'input-too-large', message: `the input is ${bytes.byteLength} bytes; the limit is ${options.maxBytes}` } };
  }
  // Report texts are short; a bigger one is almost certainly not a report, and extraction time
  // grows with length, so it is refused with the same bound as `tearline extract`.
  if (format === 'text' && bytes.byteLength > MAX_REPORT_TEXT_BYTES) {
    return { ok: false, error: { path: '', code: 'input-too-large', message: `a report text is limited to ${MAX_REPORT_TEXT_BYTES} bytes; this one is ${bytes.byteLength}` } };
  }
  if (format === 'text' && options.published !== undefined && !isCalendarDate(options.published)) {
    return { ok: false, error: { path: '', code: 'invalid-published', message: `the publication date must be a date YYYY-MM-DD, got '${options.published}'` } };
  }
  const text = checkText(bytes);
  if (!text.ok) return { ok: false, error: { path: '', code: text.error.code, message: text.error.message } };
  if (format === 'text') {
    if (text.text.trim() === '') return { ok: false, error: { path: '', code: 'empty-input', message: 'the report text is empty' } };
    const stated = options.published === undefined ? statedPublicationDate(text.text) : undefined;
    const published = options.published ?? stated ?? options.now.slice(0, 10);
    const { bundle, mentions } = extractFromText(text.text, { published, now: options.now, ...(options.sourceName === undefined ? {} : { sourceName: options.sourceName }) });
    const publishedFrom = options.published !== undefined ? 'given' : stated !== undefined ? 'stated' : 'today';
    return { ok: true, objects: bundle.objects ?? [], errors: [], warnings: [], extraction: { published, publishedFrom, mentions } };
  }
  if (format === 'csv') return fromImport(importCsv(text.text, { now: options.now }));
  let json: unknown;
  try {
    json = JSON.parse(text.text);
  } catch (error) {
    return { ok: false, error: { path: '', code: 'malformed-json', message: `MISP input is not valid JSON: ${(error as Error).message}` } };
  }
  return fromImport(importMisp(json, { now: options.now }));
}

function fromImport(result: { objects: readonly unknown[]; rejected: readonly ImportIssue[]; unmapped: readonly ImportIssue[] }): Converted {
  const issue = (i: ImportIssue): IngestIssue => ({ path: i.line === undefined ? i.item : `line ${i.line}: ${i.item}`, code: i.code, message: i.message });
  return { ok: true, objects: result.objects, errors: result.rejected.map(issue), warnings: result.unmapped.map(issue) };
}
