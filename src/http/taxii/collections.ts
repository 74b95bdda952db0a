// TAXII 2.1 §5.1 Get Collections and §5.2 Get a Collection.
import type { FastifyInstance } from 'fastify';
import { PARTNER_ROUTE, accountOf, collectionFor, sendTaxii, type TaxiiDeps } from './context.ts';
import { collectionResource } from './render.ts';

export function registerCollectionRoutes(scope: FastifyInstance, deps: TaxiiDeps): void {
  // §5.1: the collections this account may read or write, in creation order (§3.3: "a
  // consistent sort order"); others are omitted (§1.6.9). No collections: an empty object.
  scope.get('/root/collections/', PARTNER_ROUTE, async (request, reply) => {
    const collections = await deps.store.taxii.collectionsFor(accountOf(request).name);
    const body = collections.length === 0 ? {} : { collections: collections.map(collectionResource) };
    return sendTaxii(reply, 200, JSON.stringify(body));
  });

  // §5.2: by id, or by alias (§5.2.1).
  scope.get('/root/collections/:collectionId/', PARTNER_ROUTE, async (request, reply) => {
    const access = await collectionFor(deps, request, 'see');
    return sendTaxii(reply, 200, JSON.stringify(collectionResource(access)));
  });
}
