// REST: partner profiles (issue 4; docs/partner-profile.md).
//   GET    /api/partners                 objects.read     -> {partners: PartnerJson[]}   active ones, by name
//   GET    /api/partners/:name           objects.read     -> PartnerJson with its version history
//   PUT    /api/partners/:name           partners.manage  profile JSON -> 201 created | 200 updated, restored, unchanged
//   DELETE /api/partners/:name           partners.manage  -> 200 {name, removedAt}  (soft: versions are kept)
// A bad profile is a 400 whose details are the parser's [{path, code, message}]. Every role may
// read partners (a releasing officer picks one to preview); only administrators change them.
import type { FastifyInstance } from 'fastify';
import type { Clock, Store } from '../../app/ports.ts';
import type { PartnerRecord } from '../../app/ports/partners.ts';
import { putPartnerProfile, removePartnerProfile, type PartnerProblem } from '../../app/partners/index.ts';
import { requires } from '../auth/access.ts';
import { principalOf } from '../auth/plugin.ts';
import { ApiError } from '../errors.ts';

export interface PartnerRouteOptions {
  readonly store: Store;
  readonly clock: Clock;
}

const PROFILE_BODY_LIMIT = 256 * 1024;

/** A partner as the API shows it: the profile in its JSON form, never the stored text. */
export function partnerJson(record: PartnerRecord): Record<string, unknown> {
  return {
    name: record.name,
    version: record.version,
    identityRef: record.identityRef,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    profile: JSON.parse(record.profileJson) as unknown,
  };
}

/** The HTTP form of a partner use case's refusal. */
export function partnerProblemError(problem: PartnerProblem): ApiError {
  const details = problem.errors ?? problem.ids;
  switch (problem.code) {
    case 'no-such-partner':
      return new ApiError(404, 'not-found', problem.message);
    case 'identity-taken':
    case 'stored-invalid':
      return new ApiError(409, problem.code, problem.message, details);
    case 'package-too-large':
      return new ApiError(413, problem.code, problem.message);
    default:
      return new ApiError(400, problem.code, problem.message, details);
  }
}

export function registerPartnerRoutes(app: FastifyInstance, options: PartnerRouteOptions): void {
  const { store, clock } = options;

  app.get('/api/partners', { config: { access: requires('objects.read') } }, async () => {
    const partners = await store.partners.listPartners();
    return { partners: partners.map(partnerJson) };
  });

  app.get('/api/partners/:name', { config: { access: requires('objects.read') } }, async (request) => {
    const { name } = request.params as { name: string };
    const record = await store.partners.getPartner(name);
    if (record === null) throw new ApiError(404, 'not-found', `no partner ${name}`);
    const history = await store.partners.partnerHistory(name);
    return { ...partnerJson(record), history: history.map((h) => ({ version: h.version, recordedAt: h.recordedAt, actor: h.actor })) };
  });

  app.put('/api/partners/:name', { config: { access: requires('partners.manage') }, bodyLimit: PROFILE_BODY_LIMIT }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const outcome = await putPartnerProfile(name, request.body, principalOf(request).actor, { store, clock });
    if (!outcome.ok) throw partnerProblemError(outcome.problem);
    const record = await store.partners.getPartner(name);
    if (record === null) throw new Error(`partner ${name} vanished after it was put`);
    return reply.code(outcome.value.outcome === 'created' ? 201 : 200).send({ outcome: outcome.value.outcome, partner: partnerJson(record) });
  });

  app.delete('/api/partners/:name', { config: { access: requires('partners.manage') } }, async (request) => {
    const { name } = request.params as { name: string };
    const outcome = await removePartnerProfile(name, principalOf(request).actor, { store, clock });
    if (!outcome.ok) throw partnerProblemError(outcome.problem);
    return { name, version: outcome.value.version, removedAt: outcome.value.removedAt };
  });
}
