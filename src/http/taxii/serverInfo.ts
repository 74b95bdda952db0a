// TAXII 2.1 §4 Server Information: discovery, the API root, status.
import type { FastifyInstance } from 'fastify';
import { TaxiiError } from './errors.ts';
import { API_ROOT_PATH, PARTNER_ROUTE, accountOf, sendTaxii, type TaxiiDeps } from './context.ts';
import { TAXII_MEDIA_TYPE } from './mediaTypes.ts';
import { statusJson } from './render.ts';

export function registerServerInfoRoutes(scope: FastifyInstance, deps: TaxiiDeps): void {
  // §4.1 Server Discovery: GET /taxii2/ (§8.2.1: at the root of the server). API root URLs
  // are relative (§4.1.1: "MUST begin with a single /"), so they hold behind any host name.
  scope.get('/', PARTNER_ROUTE, async (_request, reply) => {
    const discovery = {
      title: deps.title,
      description: deps.description,
      ...(deps.contact === undefined ? {} : { contact: deps.contact }),
      default: API_ROOT_PATH,
      api_roots: [API_ROOT_PATH],
    };
    return sendTaxii(reply, 200, JSON.stringify(discovery));
  });

  // §4.2 Get API Root Information.
  scope.get('/root/', PARTNER_ROUTE, async (_request, reply) => {
    const apiRoot = {
      title: deps.title,
      description: deps.description,
      // §4.2.1: MUST include "application/taxii+json;version=2.1".
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: deps.maxContentLength,
    };
    return sendTaxii(reply, 200, JSON.stringify(apiRoot));
  });

  // §4.3 Get Status. A status belongs to the account that made the request; to anyone else
  // it does not exist (404), so status ids do not leak other partners' activity.
  scope.get('/root/status/:statusId/', PARTNER_ROUTE, async (request, reply) => {
    const { statusId } = request.params as { statusId: string };
    const status = await deps.store.taxii.getStatus(statusId);
    if (status === null || status.account !== accountOf(request).name) {
      throw new TaxiiError(404, 'not-found', `no status ${statusId}`);
    }
    return sendTaxii(reply, 200, statusJson(status));
  });
}
