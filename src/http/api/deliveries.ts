// REST: deliveries (issue 7), for the delivery officer.
//   GET  /api/deliveries?state=dead&caseId=&limit=&cursor=   the outbox, oldest request first
//   GET  /api/deliveries/disclosures?caseId=                 recorded meetings and calls of a case
//   POST /api/deliveries/disclosures                         record one (app/delivery/recordDisclosure.ts)
//   GET  /api/deliveries/:id                                 a delivery, its attempts and feedback
//   GET  /api/deliveries/:id/printable                       the printable warning (HTML; X-Document-SHA256),
//                                                            to readers cleared for its banner
//   POST /api/deliveries/:id/retry                           a dead letter back in the queue
//   POST /api/deliveries/:id/ack      {attestation, acknowledgedBy, acknowledgedAt?}
//   POST /api/deliveries/:id/record                          record a sent delivery on its case as the caller
//   POST /api/deliveries/:id/feedback {objects: [...]}       partner feedback received outside TAXII
// Reads need warnings.read; changes need warnings.deliver (the delivery officer's permission).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock, Store } from '../../app/ports.ts';
import type { Actor } from '../../domain/warning/index.ts';
import { DELIVERY_STATES, type DeliveryState } from '../../app/ports/deliveries.ts';
import { attestAcknowledgement } from '../../app/delivery/acknowledge.ts';
import { recordFeedback } from '../../app/delivery/feedback.ts';
import { disclosuresOf, listDeliveries, recordSentOnCase, retryDelivery, showDelivery } from '../../app/delivery/manage.ts';
import { renderPrintable } from '../../app/delivery/printable.ts';
import { IN_PERSON_CHANNELS, recordDisclosure, type InPersonChannel } from '../../app/delivery/recordDisclosure.ts';
import { loadPartner } from '../../app/delivery/partnerRoute.ts';
import { ingestObjects } from '../../app/ingest/ingestObjects.ts';
import { actorOfUser } from '../../app/warning/actors.ts';
import { parseBanner } from '../../domain/markings/banner.ts';
import { classificationRank } from '../../domain/markings/model.ts';
import { requires } from '../auth/access.ts';
import { principalOf } from '../auth/plugin.ts';
import { ApiError } from '../errors.ts';

export interface DeliveryRouteOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** As DispatchContext.recorder: who records acknowledgements that feedback carries. */
  readonly recorder: string | null;
}

const MAX_LIMIT = 1000;
const MAX_FEEDBACK_OBJECTS = 1000;

/** The signed-in user as the workflow names them: by username, as the warnings API does. */
function actorOf(request: FastifyRequest): Actor {
  return actorOfUser(principalOf(request).user);
}

function fields(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid-request', 'send a JSON object');
  return body as Record<string, unknown>;
}

function text(value: unknown, name: string, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw new ApiError(400, 'missing-field', `${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new ApiError(400, 'invalid-field', `${name} must be a string`);
  return value;
}

function refusal(outcome: { readonly code: string; readonly message: string }): ApiError {
  const status: Record<string, number> = {
    'not-found': 404, 'case-not-found': 404, 'not-retryable': 409, 'not-sent': 409, 'not-delivered': 409, 'no-approved-product': 409,
    'not-permitted': 403, 'invalid-input': 400, rejected: 422,
  };
  return new ApiError(status[outcome.code] ?? 400, outcome.code, outcome.message);
}

export function registerDeliveryRoutes(app: FastifyInstance, options: DeliveryRouteOptions): void {
  const { store, clock } = options;
  const read = { config: { access: requires('warnings.read') } };
  const deliver = { config: { access: requires('warnings.deliver') } };

  app.get('/api/deliveries', read, async (request) => {
    const query = request.query as Record<string, unknown>;
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ApiError(400, 'invalid-limit', `limit is 1 to ${MAX_LIMIT}`);
    const raw = typeof query.state === 'string' && query.state !== '' ? query.state.split(',') : [];
    const states = raw.filter((s): s is DeliveryState => DELIVERY_STATES.includes(s as DeliveryState));
    if (states.length !== raw.length) throw new ApiError(400, 'invalid-state', `state is a list of ${DELIVERY_STATES.join(', ')}`);
    const caseId = typeof query.caseId === 'string' && query.caseId !== '' ? query.caseId : undefined;
    const cursor = typeof query.cursor === 'string' && query.cursor !== '' ? query.cursor : undefined;
    try {
      return await listDeliveries(store, { limit, ...(states.length > 0 ? { states } : {}), ...(caseId === undefined ? {} : { caseId }), ...(cursor === undefined ? {} : { cursor }) });
    } catch (error) {
      if (error instanceof Error && error.name === 'InvalidCursorError') throw new ApiError(400, 'invalid-cursor', 'cursor is not one this server issued');
      throw error;
    }
  });

  app.get('/api/deliveries/disclosures', read, async (request) => {
    const caseId = text((request.query as Record<string, unknown>).caseId, 'caseId', true) as string;
    return { disclosures: await disclosuresOf(store, caseId) };
  });

  app.post('/api/deliveries/disclosures', deliver, async (request, reply) => {
    const body = fields(request.body);
    const channel = text(body.channel, 'channel', true) as string;
    if (!IN_PERSON_CHANNELS.includes(channel as InPersonChannel)) throw new ApiError(400, 'invalid-field', `channel is one of ${IN_PERSON_CHANNELS.join(', ')}`);
    const kind = text(body.kind, 'kind', true);
    if (kind !== 'disclosure' && kind !== 'release') throw new ApiError(400, 'invalid-field', 'kind is disclosure or release');
    const optional = (name: string): Record<string, string> => {
      const value = text(body[name], name, false);
      return value === undefined ? {} : { [name]: value };
    };
    const outcome = await recordDisclosure({ store, clock }, {
      caseId: text(body.caseId, 'caseId', true) as string,
      channel: channel as InPersonChannel,
      kind,
      by: text(body.by, 'by', true) as string,
      toName: text(body.toName, 'toName', true) as string,
      at: text(body.at, 'at', true) as string,
      place: text(body.place, 'place', true) as string,
      ...optional('partnerName'),
      ...optional('toOrganisation'),
      ...optional('toCountry'),
      ...optional('substance'),
      actor: actorOf(request),
    });
    if (!outcome.ok) throw refusal(outcome);
    return reply.code(201).send(outcome);
  });

  app.get('/api/deliveries/:id', read, async (request) => {
    const { id } = request.params as { id: string };
    const detail = await showDelivery(store, id);
    if (detail === null) throw new ApiError(404, 'not-found', `no delivery ${id}`);
    return detail;
  });

  app.get('/api/deliveries/:id/printable', read, async (request, reply) => {
    const { id } = request.params as { id: string };
    const row = await store.deliveries.get(id);
    if (row === null) throw new ApiError(404, 'not-found', `no delivery ${id}`);
    // The product's words only to readers cleared for its banner; a banner we cannot read withholds (fail closed).
    const classification = parseBanner(row.banner)?.classification;
    const { user } = principalOf(request);
    if (classification === undefined || classificationRank(classification) > classificationRank(user.clearance)) {
      throw new ApiError(403, 'not-cleared', `the warning is ${row.banner}; your clearance is ${user.clearance}`);
    }
    const partner = await loadPartner(store, row.partnerName);
    const doc = renderPrintable({
      banner: row.banner, warningText: row.warningText, productId: row.productId, productSha256: row.productSha256,
      recipient: partner.ok ? partner.partner.name : row.partnerName,
    });
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .header('x-document-sha256', doc.sha256)
      .send(doc.html);
  });

  app.post('/api/deliveries/:id/retry', deliver, async (request) => {
    const { id } = request.params as { id: string };
    const outcome = await retryDelivery({ store, clock }, id, principalOf(request).actor);
    if (!outcome.ok) throw refusal(outcome);
    return outcome;
  });

  app.post('/api/deliveries/:id/ack', deliver, async (request) => {
    const { id } = request.params as { id: string };
    const body = fields(request.body);
    const at = text(body.acknowledgedAt, 'acknowledgedAt', false);
    const outcome = await attestAcknowledgement({ store, clock }, id, {
      attestation: text(body.attestation, 'attestation', true) as string,
      acknowledgedBy: text(body.acknowledgedBy, 'acknowledgedBy', true) as string,
      actor: actorOf(request),
      ...(at === undefined ? {} : { acknowledgedAt: at }),
    });
    if (!outcome.ok) throw refusal(outcome);
    return outcome;
  });

  app.post('/api/deliveries/:id/record', deliver, async (request) => {
    const { id } = request.params as { id: string };
    const outcome = await recordSentOnCase({ store, clock }, id, actorOf(request));
    if (!outcome.ok) throw refusal(outcome);
    return outcome;
  });

  app.post('/api/deliveries/:id/feedback', deliver, async (request) => {
    const { id } = request.params as { id: string };
    const objects = fields(request.body).objects;
    if (!Array.isArray(objects) || objects.length === 0 || objects.length > MAX_FEEDBACK_OBJECTS) {
      throw new ApiError(400, 'invalid-field', `objects is a list of 1 to ${MAX_FEEDBACK_OBJECTS} STIX objects`);
    }
    const outcome = await recordFeedback({ store, clock, ingest: ingestObjects, recorder: options.recorder }, id, objects, `api:${principalOf(request).actor}`);
    if (!outcome.ok) throw refusal(outcome);
    return outcome;
  });
}
