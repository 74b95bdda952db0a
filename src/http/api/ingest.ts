// REST: store an input, the same use case as `tearline ingest` (convertInput + ingestObjects),
// so the CLI and HTTP accept and refuse exactly alike. The input's format comes from the
// `format` parameter, else from the Content-Type:
//   application/json, application/stix+json   a STIX bundle or object (format=misp: a MISP event)
//   text/plain                                 a report text: field report, news article (format=text)
//   text/csv                                   an indicator list with a header row (format=csv)
// A text's answer carries what the extractor found (mentions with kind and offsets), so the
// workbench can show them in the text.
//
// Only these media types are read; form bodies are refused. A cross-site page could send
// text/plain without a CORS preflight, but never the X-CSRF-Token header every cookie-session
// write needs (auth/plugin.ts), so that stays closed.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock, Store } from '../../app/ports.ts';
import { ingestObjects } from '../../app/ingest/ingestObjects.ts';
import { rejectedWhole, type IngestIssue, type IngestOutcome } from '../../app/ingest/outcome.ts';
import { convertInput, type ConvertibleFormat, type Converted } from '../../ingest/convertInput.ts';
import { ApiError } from '../errors.ts';
import { principalOf } from '../auth/plugin.ts';
import type { IngestFormatName, IngestResponse, TextExtractionJson } from '../wire.ts';

export interface IngestRouteOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Largest body accepted, in bytes; larger ones get 413 before anything is read. */
  readonly maxBodyBytes: number;
}

/** Media types read as a STIX document (application/stix+json is STIX's IANA-registered type). */
const JSON_MEDIA_TYPES = ['application/json', 'application/stix+json'];
const TEXT_MEDIA_TYPE = 'text/plain';
const CSV_MEDIA_TYPE = 'text/csv';
const FORMATS: readonly IngestFormatName[] = ['stix', 'misp', 'csv', 'text'];
const MAX_WARNINGS_RETURNED = 100;
const MAX_SOURCE_NAME = 200;

interface IngestRequest {
  readonly format: IngestFormatName;
  readonly partial: boolean;
  readonly published?: string;
  readonly sourceName?: string;
}

export function registerIngestRoutes(app: FastifyInstance, options: IngestRouteOptions): void {
  // An encapsulated scope, so its body parsers apply to this route only.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Raw bytes, not Fastify's parsed JSON: the converters check UTF-8 and size themselves
    // and report them as the CLI does.
    scope.addContentTypeParser([...JSON_MEDIA_TYPES, TEXT_MEDIA_TYPE, CSV_MEDIA_TYPE], { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) => {
      done(null, body);
    });
    scope.post('/api/ingest', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      if (!(request.body instanceof Uint8Array)) {
        throw new ApiError(415, 'unsupported-media-type', `send the input as ${[...JSON_MEDIA_TYPES, TEXT_MEDIA_TYPE, CSV_MEDIA_TYPE].join(', ')}`);
      }
      const input = readRequest(query, mediaTypeOf(request.headers['content-type']));
      return ingest(request.body, input, principalOf(request).actor, options, reply);
    });
  });
}

function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function readRequest(query: Record<string, unknown>, mediaType: string): IngestRequest {
  const partial = parsePartial(query.partial);
  const format = parseFormat(query.format, mediaType);
  const published = optionalString(query.published, 'published');
  if (published !== undefined && format !== 'text') throw new ApiError(400, 'invalid-published', 'published applies to report texts (format=text) only');
  const sourceName = optionalString(query.name, 'name');
  if (sourceName !== undefined && (sourceName.length > MAX_SOURCE_NAME || /[\u0000-\u001f]/.test(sourceName))) {
    throw new ApiError(400, 'invalid-name', `name is at most ${MAX_SOURCE_NAME} printable characters`);
  }
  return { format, partial, ...(published === undefined ? {} : { published }), ...(sourceName === undefined ? {} : { sourceName }) };
}

function parseFormat(raw: unknown, mediaType: string): IngestFormatName {
  if (raw === undefined || raw === '') {
    if (mediaType === TEXT_MEDIA_TYPE) return 'text';
    if (mediaType === CSV_MEDIA_TYPE) return 'csv';
    return 'stix';
  }
  if (raw === 'ndjson') throw new ApiError(400, 'invalid-format', 'NDJSON streams are ingested with `tearline ingest --format ndjson`; send a STIX bundle here');
  if (typeof raw !== 'string' || !FORMATS.includes(raw as IngestFormatName)) throw new ApiError(400, 'invalid-format', `format is one of ${FORMATS.join(', ')}`);
  return raw as IngestFormatName;
}

function optionalString(raw: unknown, name: string): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new ApiError(400, `invalid-${name}`, `${name} must be given once`);
  return raw;
}

function parsePartial(raw: unknown): boolean {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ApiError(400, 'invalid-partial', 'partial must be true or false');
}

async function ingest(bytes: Uint8Array, input: IngestRequest, actor: string, options: IngestRouteOptions, reply: FastifyReply): Promise<FastifyReply> {
  const converted = convertInput(input.format as ConvertibleFormat, bytes, {
    maxBytes: options.maxBodyBytes,
    now: options.clock.now(),
    ...(input.published === undefined ? {} : { published: input.published }),
    ...(input.sourceName === undefined ? {} : { sourceName: input.sourceName }),
  });
  if (!converted.ok) {
    const { code, message } = converted.error;
    if (code === 'input-too-large') throw new ApiError(413, 'body-too-large', message);
    if (code === 'invalid-published') throw new ApiError(400, code, message);
    // Bytes that are not what the media type says are a malformed request; a readable input
    // that is not valid intelligence is a rejected input.
    if (code === 'malformed-json' || code === 'invalid-utf8' || code === 'binary-input') throw new ApiError(400, code, message);
    return reply.code(422).send(rejectedInput(input, converted.error));
  }
  // Items an importer rejected make an atomic ingest refuse the whole input (as the CLI does).
  const outcome: IngestOutcome =
    converted.errors.length > 0 && !input.partial
      ? rejectedWhole(converted.objects.length, converted.errors, converted.warnings)
      : merged(await ingestObjects(converted.objects, { partial: input.partial }, { store: options.store, clock: options.clock, actor }), converted);
  return reply.code(statusOf(outcome)).send(toResponse(outcome, input, converted));
}

/** The store's outcome with the importer's rejections and warnings in front, as the CLI reports them. */
function merged(outcome: IngestOutcome, converted: Extract<Converted, { ok: true }>): IngestOutcome {
  if (converted.errors.length === 0 && converted.warnings.length === 0) return outcome;
  return {
    ...outcome,
    rejected: outcome.rejected + converted.errors.length,
    errors: [...converted.errors, ...outcome.errors],
    warnings: [...converted.warnings, ...outcome.warnings],
  };
}

function statusOf(outcome: IngestOutcome): number {
  if (outcome.errors.length === 0) return 200;
  return outcome.committed ? 207 : 422;
}

function toResponse(outcome: IngestOutcome, input: IngestRequest, converted: Extract<Converted, { ok: true }>): IngestResponse {
  return {
    committed: outcome.committed,
    partial: input.partial,
    format: input.format,
    ...(converted.kind === undefined ? {} : { kind: converted.kind }),
    received: outcome.received,
    stored: outcome.stored,
    unchanged: outcome.unchanged,
    rejected: outcome.rejected,
    errors: outcome.errors,
    warningCount: outcome.warnings.length,
    warnings: outcome.warnings.slice(0, MAX_WARNINGS_RETURNED),
    ...(converted.extraction === undefined ? {} : { extraction: extractionJson(converted) }),
  };
}

function extractionJson(converted: Extract<Converted, { ok: true }>): TextExtractionJson {
  const extraction = converted.extraction as NonNullable<typeof converted.extraction>;
  const report = converted.objects.find((o): o is { type: 'report'; id: string } => typeof o === 'object' && o !== null && (o as { type?: unknown }).type === 'report');
  return {
    published: extraction.published,
    publishedFrom: extraction.publishedFrom,
    ...(report === undefined ? {} : { reportId: report.id }),
    objectCount: converted.objects.length,
    mentions: extraction.mentions.map((m) => ({ kind: m.kind, text: m.text, start: m.start, end: m.end, value: m.value })),
  };
}

function rejectedInput(input: IngestRequest, error: IngestIssue): IngestResponse {
  return { committed: false, partial: input.partial, format: input.format, received: 0, stored: 0, unchanged: 0, rejected: 0, errors: [error], warningCount: 0, warnings: [] };
}
