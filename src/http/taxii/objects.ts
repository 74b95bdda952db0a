// TAXII 2.1 §5.3-§5.8: manifests, objects, one object, its versions; adding and deleting.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isIdentifier } from '../../domain/stix/index.ts';
import { parseEnvelope } from '../../app/taxii/envelope.ts';
import { postObjectsToCollection } from '../../app/taxii/postObjectsToCollection.ts';
import { TaxiiError } from './errors.ts';
import { PARTNER_ROUTE, accountOf, collectionFor, sendTaxii, type TaxiiDeps } from './context.ts';
import { isTaxiiContentType } from './mediaTypes.ts';
import { parseFilters } from './query.ts';
import { dateAddedHeaders, envelopeJson, manifestJson, statusJson, versionsJson } from './render.ts';

type Query = Record<string, string | string[] | undefined>;

/** The object in the path, if the collection holds any version of it (§5.6-§5.8: else 404). */
async function objectIn(deps: TaxiiDeps, request: FastifyRequest, collectionId: string): Promise<string> {
  const { objectId } = request.params as { objectId: string };
  if (!isIdentifier(objectId) || !(await deps.store.taxii.hasObject(collectionId, objectId))) {
    throw new TaxiiError(404, 'not-found', `collection ${collectionId} has no object ${objectId}`);
  }
  return objectId;
}

export function registerObjectRoutes(scope: FastifyInstance, deps: TaxiiDeps): void {
  // §5.3 Get Object Manifests: filtering identical to §5.4, applied to the objects.
  scope.get('/root/collections/:collectionId/manifest/', PARTNER_ROUTE, async (request, reply) => {
    const { collection } = await collectionFor(deps, request, 'read');
    const query = parseFilters(request.query as Query, 'manifest');
    const page = await deps.store.taxii.collectionManifest(collection.id, query);
    return sendTaxii(reply, 200, manifestJson(page), dateAddedHeaders(page.items));
  });

  // §5.4 Get Objects: an envelope, even empty; sorted by date_added (§3.3); paged (§3.5).
  scope.get('/root/collections/:collectionId/objects/', PARTNER_ROUTE, async (request, reply) => {
    const { collection } = await collectionFor(deps, request, 'read');
    const query = parseFilters(request.query as Query, 'objects');
    const page = await deps.store.taxii.collectionObjects(collection.id, query);
    return sendTaxii(reply, 200, envelopeJson(page), dateAddedHeaders(page.items));
  });

  // §5.5 Add Objects. The media type and the right to write are checked before the body is
  // read; the body limit (§4.2.1 max_content_length) while it is read (413).
  scope.post('/root/collections/:collectionId/objects/', {
    ...PARTNER_ROUTE,
    onRequest: async (request: FastifyRequest) => {
      // §3.1: a Content-Type defined for the endpoint MUST NOT be refused; any other may be (415).
      if (!isTaxiiContentType(request.headers['content-type'])) {
        throw new TaxiiError(415, 'unsupported-media-type', 'send the envelope as Content-Type: application/taxii+json;version=2.1');
      }
      await collectionFor(deps, request, 'write');
    },
  }, async (request: FastifyRequest, reply: FastifyReply) => {
    // Read again: a grant may have been withdrawn while the body arrived.
    const { collection } = await collectionFor(deps, request, 'write', true);
    if (!(request.body instanceof Uint8Array)) throw new TaxiiError(400, 'empty-body', 'the body is empty; send an envelope: {"objects": [...]}');
    const envelope = parseEnvelope(request.body);
    if (!envelope.ok) throw new TaxiiError(envelope.status, envelope.code, envelope.message);
    const status = await postObjectsToCollection(
      { collectionId: collection.id, account: accountOf(request).name, objects: envelope.objects },
      { store: deps.store, clock: deps.clock, ingest: deps.ingest },
    );
    // §5.5: 202 with the status resource (complete: the objects were processed before answering).
    return sendTaxii(reply, 202, statusJson(status));
  });

  // §5.6 Get an Object: the match[id] search for one id; 404 when the collection never had it.
  scope.get('/root/collections/:collectionId/objects/:objectId/', PARTNER_ROUTE, async (request, reply) => {
    const { collection } = await collectionFor(deps, request, 'read');
    const query = parseFilters(request.query as Query, 'object');
    const objectId = await objectIn(deps, request, collection.id);
    const page = await deps.store.taxii.collectionObjects(collection.id, { ...query, ids: [objectId] });
    return sendTaxii(reply, 200, envelopeJson(page), dateAddedHeaders(page.items));
  });

  // §5.7 Delete an Object: needs can_read and can_write (the §5.7 table); without
  // match[version], every version leaves the collection, so a later §5.4/§5.6 read returns
  // 404 as §5.7 requires. The object stays in the store and in other collections.
  scope.delete('/root/collections/:collectionId/objects/:objectId/', PARTNER_ROUTE, async (request, reply) => {
    const { collection } = await collectionFor(deps, request, 'delete');
    const query = parseFilters(request.query as Query, 'delete');
    const objectId = await objectIn(deps, request, collection.id);
    const account = accountOf(request).name;
    const removed = await deps.store.write(async (tx) => {
      const count = await tx.taxii.removeFromCollection(collection.id, objectId, query.versions);
      if (count > 0) {
        await tx.audit.append({
          at: deps.clock.now(), actor: `partner:${account}`, action: 'taxii.delete-object', subject: objectId,
          details: { collection: collection.id, versions: count },
        });
      }
      return count;
    });
    if (removed === 0) throw new TaxiiError(404, 'not-found', `no version of ${objectId} in collection ${collection.id} matches match[version]`);
    return sendTaxii(reply, 200, '');
  });

  // §5.8 Get Object Versions: every version in the collection, in date_added order.
  scope.get('/root/collections/:collectionId/objects/:objectId/versions/', PARTNER_ROUTE, async (request, reply) => {
    const { collection } = await collectionFor(deps, request, 'read');
    const query = parseFilters(request.query as Query, 'versions');
    const objectId = await objectIn(deps, request, collection.id);
    const page = await deps.store.taxii.collectionManifest(collection.id, { ...query, ids: [objectId] });
    return sendTaxii(reply, 200, versionsJson(page), dateAddedHeaders(page.items));
  });
}
