// REST: the audit log for oversight and administrators.
//   GET /api/audit?actor=&action=&subject=&threat=&partner=&from=&to=&limit=&cursor=
//       -> {entries: AuditEntry[] (newest first), next?}
//   GET /api/audit/verify -> {ok, entries, head, break?}
// `from` is inclusive and `to` exclusive, both RFC 3339 UTC timestamps.
import type { FastifyInstance } from 'fastify';
import { verifyAuditChain } from '../../app/audit/verify.ts';
import type { Store } from '../../app/ports.ts';
import { InvalidAuditCursorError, type AuditQuery } from '../../app/ports/audit.ts';
import { timestampFractionDigits } from '../../domain/stix/timestamps.ts';
import { ApiError } from '../errors.ts';
import { requires } from '../auth/access.ts';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const TEXT_FILTERS = ['actor', 'action', 'subject', 'threat', 'partner'] as const;

export function registerAuditRoutes(app: FastifyInstance, store: Store): void {
  app.get('/api/audit', { config: { access: requires('audit.read') } }, async (request) => {
    const query = parseQuery(request.query as Record<string, unknown>);
    const page = await store.audit.list(query).catch((error: unknown) => {
      if (error instanceof InvalidAuditCursorError) throw new ApiError(400, 'invalid-cursor', 'cursor is not one this server issued');
      throw error;
    });
    return page.next === undefined ? { entries: page.items } : { entries: page.items, next: page.next };
  });

  app.get('/api/audit/verify', { config: { access: requires('audit.read') } }, async () => verifyAuditChain(store.audit.scan()));
}

function parseQuery(raw: Record<string, unknown>): AuditQuery {
  const query: { -readonly [K in keyof AuditQuery]: AuditQuery[K] } = { limit: DEFAULT_LIMIT };
  for (const key of TEXT_FILTERS) {
    const value = single(raw, key);
    if (value !== undefined) query[key] = value;
  }
  for (const key of ['from', 'to'] as const) {
    const value = single(raw, key);
    if (value === undefined) continue;
    if (timestampFractionDigits(value) < 0) throw new ApiError(400, 'invalid-time', `${key} must be an RFC 3339 UTC timestamp such as 2025-01-31T00:00:00Z`);
    // Entries are stamped with milliseconds; compare in the same form.
    query[key] = new Date(value).toISOString();
  }
  const limit = single(raw, 'limit');
  if (limit !== undefined) {
    if (!/^\d+$/.test(limit) || Number(limit) < 1) throw new ApiError(400, 'invalid-limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
    query.limit = Math.min(Number(limit), MAX_LIMIT);
  }
  const cursor = single(raw, 'cursor');
  if (cursor !== undefined) query.cursor = cursor;
  return query;
}

function single(raw: Record<string, unknown>, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 4096) throw new ApiError(400, 'invalid-request', `give ${key} once, as text`);
  return value;
}
