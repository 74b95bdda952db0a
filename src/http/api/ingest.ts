// REST: store a STIX bundle or object, the same use case as `tearline ingest`
// (parseStixInput + ingestObjects), so the CLI and HTTP accept and refuse exactly alike.
//
// Only JSON bodies are parsed here. Refusing text/plain and form bodies also means a
// cross-site page cannot post to this endpoint without a CORS preflight, which we never grant.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock, Store } from '../../app/ports.ts';
import { parseStixInput } from '../../app/ingest/parseStixInput.ts';
import { ingestObjects } from '../../app/ingest/ingestObjects.ts';
import type { IngestIssue, IngestOutcome } from '../../app/ingest/outcome.ts';
import { ApiError } from '../errors.ts';
import { principalOf } from '../auth/plugin.ts';
import type { IngestResponse } from '../wire.ts';

export interface IngestRouteOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Largest body accepted, in bytes; larger ones get 413 before anything is read into JSON. */
  readonly maxBodyBytes: number;
}

/** Media types read as a STIX document (application/stix+json is STIX's IANA-registered type). */
const JSON_MEDIA_TYPES = ['application/json', 'application/stix+json'];
const MAX_WARNINGS_RETURNED = 100;

export function registerIngestRoutes(app: FastifyInstance, options: IngestRouteOptions): void {
  // An encapsulated scope, so its body parsers apply to this route only.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Raw bytes, not Fastify's parsed JSON: parseStixInput checks UTF-8 and size itself and
    // reports them as the CLI does.
    scope.addContentTypeParser(JSON_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) => {
      done(null, body);
    });
    scope.post('/api/ingest', async (request, reply) => {
      const partial = parsePartial((request.query as Record<string, unknown>).partial);
      if (!(request.body instanceof Uint8Array)) {
        throw new ApiError(415, 'unsupported-media-type', `send the bundle as ${JSON_MEDIA_TYPES.join(' or ')}`);
      }
      return ingest(request.body, partial, principalOf(request).actor, options, reply);
    });
  });
}

async function ingest(bytes: Uint8Array, partial: boolean, actor: string, options: IngestRouteOptions, reply: FastifyReply): Promise<FastifyReply> {
  const parsed = parseStixInput(bytes, options.maxBodyBytes);
  if (!parsed.ok) {
    const { code, message } = parsed.error;
    if (code === 'input-too-large') throw new ApiError(413, 'body-too-large', message);
    // Bytes that are not JSON are a malformed request; JSON that is not STIX is a rejected input.
    if (code === 'malformed-json' || code === 'invalid-utf8') throw new ApiError(400, code, message);
    return reply.code(422).send(rejectedInput(partial, parsed.error));
  }
  const outcome = await ingestObjects(parsed.objects, { partial }, { store: options.store, clock: options.clock, actor });
  return reply.code(statusOf(outcome)).send(toResponse(outcome, partial, parsed.kind));
}

function statusOf(outcome: IngestOutcome): number {
  if (outcome.errors.length === 0) return 200;
  return outcome.committed ? 207 : 422;
}

function parsePartial(raw: unknown): boolean {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ApiError(400, 'invalid-partial', 'partial must be true or false');
}

function toResponse(outcome: IngestOutcome, partial: boolean, kind: 'bundle' | 'object'): IngestResponse {
  return {
    committed: outcome.committed,
    partial,
    kind,
    received: outcome.received,
    stored: outcome.stored,
    unchanged: outcome.unchanged,
    rejected: outcome.rejected,
    errors: outcome.errors,
    warningCount: outcome.warnings.length,
    warnings: outcome.warnings.slice(0, MAX_WARNINGS_RETURNED),
  };
}

function rejectedInput(partial: boolean, error: IngestIssue): IngestResponse {
  return { committed: false, partial, received: 0, stored: 0, unchanged: 0, rejected: 0, errors: [error], warningCount: 0, warnings: [] };
}
