// What every TAXII handler shares: the store, the clock, the API root's settings, the
// authenticated account of the request, and replying in the TAXII media type.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock, Store } from '../../app/ports.ts';
import type { CollectionAccess, TaxiiAccount } from '../../app/ports/taxii.ts';
import type { IngestFn } from '../../app/taxii/ingestPort.ts';
import { decideAccess, type Need } from '../../app/taxii/access.ts';
import { TaxiiError } from './errors.ts';
import { TAXII_MEDIA_TYPE } from './mediaTypes.ts';
import { PARTNER } from '../auth/access.ts';

/** The one API root this server hosts (§4.2; §8.2.1: at least one). */
export const API_ROOT_PATH = '/taxii2/root/';

export interface TaxiiDeps {
  readonly store: Store;
  /** A monotonic clock (app/taxii/timestamps.ts): date_added never goes back. */
  readonly clock: Clock;
  /** §4.2.1 max_content_length, in bytes: enforced on request bodies. */
  readonly maxContentLength: number;
  /** The ingest use case (app/ingest/ingestObjects.ts). */
  readonly ingest: IngestFn;
  readonly title: string;
  readonly description: string;
  readonly contact?: string;
}

/**
 * Route options of every TAXII route: partner access (src/http/auth/access.ts), i.e. the
 * server-wide user authentication stands aside and the TAXII scope authenticates accounts.
 */
export const PARTNER_ROUTE = { config: { access: PARTNER } } as const;

interface Authenticated {
  readonly account: TaxiiAccount;
  /** The path's collection (id or alias) read with the account, if any... */
  readonly collection: string | null;
  /** ...and how the account saw it then (null: no such collection). */
  readonly access: CollectionAccess | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The TAXII account of the request and the collection read with it (routes.ts decorates
     * the TAXII scope's requests). A property rather than a WeakMap keyed by request: every
     * request would add an entry that each young-generation collection must look at.
     */
    taxiiAuthenticated: Authenticated | null;
  }
}

/** The collection id or alias in the path, if the endpoint has one. */
export function collectionParam(request: FastifyRequest): string | null {
  return (request.params as { collectionId?: string } | undefined)?.collectionId ?? null;
}

/** Records the authenticated account, and the access to `collection` read with it (null: none read). */
export function setAccount(request: FastifyRequest, account: TaxiiAccount, collection: string | null, access: CollectionAccess | null): void {
  request.taxiiAuthenticated = { account, collection, access };
}

function authenticated(request: FastifyRequest): Authenticated {
  const found = request.taxiiAuthenticated;
  if (found === null) throw new TaxiiError(401, 'unauthenticated', 'authentication is required');
  return found;
}

/** The authenticated account; the scope's onRequest hook has refused requests without one. */
export function accountOf(request: FastifyRequest): TaxiiAccount {
  return authenticated(request).account;
}

/**
 * The collection in the path, if the account may use it as `need` says; otherwise 404 (no
 * such collection, or no right on it at all) or 403 (app/taxii/access.ts). The rights are
 * those read with the account at the start of the request, unless `fresh` asks to read them
 * again (Add Objects, after a body that may have taken long to arrive).
 */
export async function collectionFor(deps: TaxiiDeps, request: FastifyRequest, need: Need, fresh = false): Promise<CollectionAccess> {
  const collectionId = collectionParam(request) ?? '';
  const known = authenticated(request);
  const access = !fresh && known.collection === collectionId ? known.access : await deps.store.taxii.collectionAccess(known.account.name, collectionId);
  const decision = decideAccess(need, access);
  if (decision === 'not-found' || access === null) {
    throw new TaxiiError(404, 'not-found', `the API root has no collection ${collectionId} that you can access`);
  }
  if (decision === 'forbidden') {
    const what = need === 'read' ? 'read from' : need === 'write' ? 'add objects to' : 'delete objects from';
    throw new TaxiiError(403, 'forbidden', `you may not ${what} collection ${access.collection.id}`);
  }
  return access;
}

export function sendTaxii(reply: FastifyReply, status: number, body: string, headers: Readonly<Record<string, string>> = {}): FastifyReply {
  for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
  return reply.code(status).type(TAXII_MEDIA_TYPE).send(body);
}
