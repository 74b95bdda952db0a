// Turns the bytes of one input into STIX objects, whatever its format: a STIX bundle or
// object, a MISP event, a CSV indicator list or a free-text report. Importer rejections come
// back as errors (they make an atomic ingest refuse the whole input); unmapped items as
// warnings, so nothing is dropped silently.
import { parseStixInput } from '../app/ingest/parseStixInput.ts';
import type { IngestIssue } from '../app/ingest/outcome.ts';
import { importMisp } from '../ingest/misp/index.ts';
import { importCsv } from '../ingest/csv/index.ts';
import { checkText, extractFromText } from '../ingest/text/index.ts';
import type { ImportIssue } from '../ingest/common/result.ts';
import { statedPublicationDate } from './statedDate.ts';
import { DEFAULT_MAX_BYTES } from './commands/extract.ts';

/** `ndjson` (one STIX object per line) is streamed by the ingest command and never converted here. */
export const FORMATS = ['stix', 'ndjson', 'misp', 'csv', 'text'] as const;
export type InputFormat = (typeof FORMATS)[number];

export type Converted =
  | { readonly ok: true; readonly objects: readonly unknown[]; readonly errors: readonly IngestIssue[]; readonly warnings: readonly IngestIssue[] }
  | { readonly ok: false; readonly error: IngestIssue };

export interface ConvertOptions {
  readonly maxBytes: number;
  /** For text: the publication date (YYYY-MM-DD) dates in the text are resolved against. */
  readonly published?: string;
  /** Now, as an RFC 3339 timestamp: importers stamp objects with it. */
  readonly now: string;
}

export function convertInput(format: Exclude<InputFormat, 'ndjson'>, bytes: Buffer, options: ConvertOptions): Converted {
  if (format === 'stix') {
    const parsed = parseStixInput(bytes, options.maxBytes);
    return parsed.ok ? { ok: true, objects: parsed.objects, errors: [], warnings: [] } : parsed;
  }
  // Report texts are short; a bigger one is almost certainly not a report, and extraction time
  // grows with length, so it is refused with the same bound as `tearline extract`.
  if (format === 'text' && bytes.byteLength > DEFAULT_MAX_BYTES) {
    return { ok: false, error: { path: '', code: 'input-too-large', message: `a report text is limited to ${DEFAULT_MAX_BYTES} bytes; this one is ${bytes.byteLength}` } };
  }
  const text = checkText(bytes);
  if (!text.ok) return { ok: false, error: { path: '', code: text.error.code, message: text.error.message } };
  if (format === 'text') {
    const published = options.published ?? statedPublicationDate(text.text) ?? options.now.slice(0, 10);
    const { bundle } = extractFromText(text.text, { published, now: options.now });
    return { ok: true, objects: bundle.objects ?? [], errors: [], warnings: [] };
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
