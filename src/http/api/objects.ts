// REST: read stored objects, as the signed-in user may see them (app/auth/visibleObjects.ts:
// clearance and compartments against the objects' markings, through policy/). Pages are built
// by joining the JSON text of what may be shown — exactly as stored unless portions had to be
// cut out — never by re-serialising every object.
import type { FastifyInstance } from 'fastify';
import type { Clock, Store } from '../../app/ports.ts';
import { readObjectPage, readObjectVersions } from '../../app/auth/visibleObjects.ts';
import { ApiError } from '../errors.ts';
import { requires } from '../auth/access.ts';
import { principalOf } from '../auth/plugin.ts';

const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;
const TYPE_PATTERN = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;

export interface ObjectRouteOptions {
  readonly store: Store;
  /** Stamps the audit entries of protected reads. */
  readonly clock: Clock;
}

export function registerObjectRoutes(app: FastifyInstance, options: ObjectRouteOptions): void {
  app.get('/api/objects', { config: { access: requires('objects.read') } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const limit = parseLimit(query.limit);
    const types = parseTypes(query.type);
    const cursor = typeof query.cursor === 'string' && query.cursor !== '' ? query.cursor : undefined;
    const page = await readObjectPage({ ...(types === undefined ? {} : { types }), limit, ...(cursor === undefined ? {} : { cursor }) }, principalOf(request), options).catch((error: unknown) => {
      throw asCursorError(error);
    });
    const next = page.next === undefined ? '' : `,"next":${JSON.stringify(page.next)}`;
    return reply
      .type('application/json; charset=utf-8')
      .send(`{"objects":[${page.items.map((item) => item.json).join(',')}]${next}}`);
  });

  app.get('/api/objects/:id', { config: { access: requires('objects.read') } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    // Hidden and absent answer alike, so the answer never confirms a hidden object exists.
    const versions = await readObjectVersions(id, principalOf(request), options);
    if (versions.length === 0) throw new ApiError(404, 'not-found', `no object ${id}`);
    return reply
      .type('application/json; charset=utf-8')
      .send(`{"id":${JSON.stringify(id)},"versions":[${versions.map((v) => v.json).join(',')}]}`);
  });
}

function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new ApiError(400, 'invalid-limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return Math.min(Number(raw), MAX_LIMIT);
}

function parseTypes(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(','));
  for (const type of values) {
    if (!TYPE_PATTERN.test(type)) throw new ApiError(400, 'invalid-type', `'${type}' is not a STIX type name`);
  }
  return values;
}

function asCursorError(error: unknown): unknown {
  if (error instanceof Error && error.name === 'InvalidCursorError') {
    return new ApiError(400, 'invalid-cursor', 'cursor is not one this server issued');
  }
  return error;
}
