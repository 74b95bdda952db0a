// REST: the oversight report (issue 7 "Time to warn").
//   GET /api/oversight?from=T&to=T   counts, median and p90 time-to-warn per stage, deadline
//                                    breaches, waivers by reason, deliveries by channel,
//                                    acknowledgement latency, and each case's timestamps.
// Cases belong to the period their first report arrived in: from inclusive, to exclusive.
// Waiver counts by reason are oversight's to read (DOMAIN.md §1): the route needs waivers.read.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../app/ports.ts';
import { oversightReport } from '../../app/warning/oversight.ts';
import { requires } from '../auth/access.ts';
import { ApiError } from '../errors.ts';
import type { OversightReportJson } from '../wire.ts';

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A date or RFC 3339 instant, as the canonical UTC form the store compares as text. */
export function parseInstantParam(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ApiError(400, 'invalid-time', `${name} must be a date (2025-07-01) or an RFC 3339 timestamp`);
  }
  return new Date(value).toISOString();
}

export function registerOversightRoutes(app: FastifyInstance, options: { readonly store: Store }): void {
  app.get('/api/oversight', { config: { access: requires('waivers.read') } }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const from = parseInstantParam(query.from, 'from');
    const to = parseInstantParam(query.to, 'to');
    if (from !== undefined && to !== undefined && to <= from) throw new ApiError(400, 'invalid-time', 'to must be after from');
    // The report's shape is declared twice (wire.ts may import nothing); this keeps them in step.
    const report: OversightReportJson = await oversightReport(options.store, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
    return report;
  });
}
