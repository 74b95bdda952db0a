// REST: the release policy and tearline previews (issue 4).
//   GET  /api/tearline/policy    objects.read     -> {version, policy}  (version null: the default applies)
//   PUT  /api/tearline/policy    partners.manage  policy JSON -> {version, changed}
//   POST /api/tearline/preview   warnings.read    {partner, objectIds?, threatId?, mode?}
//                                                 -> {bundle, withheld, redacted, marking, basis}
// A preview stores nothing and releases nothing: it shows the caller what the partner would
// receive from the objects the caller may see, and why the rest would stay. The provenance
// table (original -> released ids) is never in a response.
import type { FastifyInstance } from 'fastify';
import type { Clock, Store } from '../../app/ports.ts';
import { loadReleasePolicy, previewTearline, readPreviewRequest, setReleasePolicy } from '../../app/partners/index.ts';
import { requires } from '../auth/access.ts';
import { principalOf } from '../auth/plugin.ts';
import { partnerProblemError } from './partners.ts';

export interface TearlineRouteOptions {
  readonly store: Store;
  readonly clock: Clock;
}

const POLICY_BODY_LIMIT = 1024 * 1024;
/** Room for 10,000 ids. */
const PREVIEW_BODY_LIMIT = 4 * 1024 * 1024;

export function registerTearlineRoutes(app: FastifyInstance, options: TearlineRouteOptions): void {
  const { store, clock } = options;

  app.get('/api/tearline/policy', { config: { access: requires('objects.read') } }, async () => {
    const policy = await loadReleasePolicy(store);
    if (!policy.ok) throw partnerProblemError(policy.problem);
    return { version: policy.value.version, policy: policy.value.json };
  });

  app.put('/api/tearline/policy', { config: { access: requires('partners.manage') }, bodyLimit: POLICY_BODY_LIMIT }, async (request) => {
    const outcome = await setReleasePolicy(request.body, principalOf(request).actor, { store, clock });
    if (!outcome.ok) throw partnerProblemError(outcome.problem);
    return outcome.value;
  });

  app.post('/api/tearline/preview', { config: { access: requires('warnings.read') }, bodyLimit: PREVIEW_BODY_LIMIT }, async (request) => {
    const read = readPreviewRequest(request.body);
    if (!read.ok) throw partnerProblemError(read.problem);
    const preview = await previewTearline(read.value, principalOf(request), { store, clock });
    if (!preview.ok) {
      // The partner named in the body: a bad request, not a missing route resource.
      if (preview.problem.code === 'no-such-partner') throw partnerProblemError({ ...preview.problem, code: 'invalid-request' });
      throw partnerProblemError(preview.problem);
    }
    return preview.value;
  });
}
