// The TAXII 2.1 server: one encapsulated Fastify scope under /taxii2, with its own error
// format (§3.6.1), body parser (§4.2.1 max_content_length), authentication (§1.6.9) and
// content negotiation (§1.6.8), so none of it touches the REST API.
//
// Every response carries `Content-Type: application/taxii+json;version=2.1` (§3.1), errors
// included, and `Cache-Control: no-store` (partner intelligence is access-controlled).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock, Store } from '../../app/ports.ts';
import { Authenticator } from '../../app/taxii/authenticate.ts';
import { ingestObjects } from '../../app/ingest/ingestObjects.ts';
import { monotonicClock } from '../../app/taxii/timestamps.ts';
import { TaxiiError, installTaxiiErrorHandling } from './errors.ts';
import { PARTNER_ROUTE, collectionParam, setAccount, type TaxiiDeps } from './context.ts';
import { TAXII_MEDIA_TYPE, acceptsTaxii } from './mediaTypes.ts';
import { registerServerInfoRoutes } from './serverInfo.ts';
import { registerCollectionRoutes } from './collections.ts';
import { registerObjectRoutes } from './objects.ts';

export interface TaxiiRouteOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Largest request body accepted (bytes), advertised as max_content_length. */
  readonly maxContentLength: number;
  readonly title?: string;
  readonly description?: string;
  readonly contact?: string;
  /** Tests pass one with a short cache; by default one per server. */
  readonly authenticator?: Authenticator;
}

const REALM = 'tearline-taxii';
/** RFC 7235 §4.1: one challenge per scheme we accept. */
const CHALLENGES = [`Basic realm="${REALM}", charset="UTF-8"`, `Bearer realm="${REALM}"`];

/** Endpoint paths (after /taxii2) and their methods, for 405 versus 404 (§3.1 table). */
const ENDPOINTS: readonly { readonly path: RegExp; readonly methods: string }[] = [
  { path: /^\/$/, methods: 'GET, HEAD' },
  { path: /^\/root\/$/, methods: 'GET, HEAD' },
  { path: /^\/root\/status\/[^/]+\/$/, methods: 'GET, HEAD' },
  { path: /^\/root\/collections\/$/, methods: 'GET, HEAD' },
  { path: /^\/root\/collections\/[^/]+\/$/, methods: 'GET, HEAD' },
  { path: /^\/root\/collections\/[^/]+\/manifest\/$/, methods: 'GET, HEAD' },
  { path: /^\/root\/collections\/[^/]+\/objects\/$/, methods: 'GET, HEAD, POST' },
  { path: /^\/root\/collections\/[^/]+\/objects\/[^/]+\/$/, methods: 'GET, HEAD, DELETE' },
  { path: /^\/root\/collections\/[^/]+\/objects\/[^/]+\/versions\/$/, methods: 'GET, HEAD' },
];

export function registerTaxiiRoutes(app: FastifyInstance, options: TaxiiRouteOptions): void {
  const deps: TaxiiDeps = {
    store: options.store,
    clock: monotonicClock(options.clock),
    maxContentLength: options.maxContentLength,
    ingest: ingestObjects,
    title: options.title ?? 'Tearline TAXII 2.1',
    description: options.description ?? 'Threat intelligence shared by this Tearline instance',
    ...(options.contact === undefined ? {} : { contact: options.contact }),
  };
  const authenticator = options.authenticator ?? new Authenticator(options.store.taxii);

  void app.register(async (scope) => {
    installTaxiiErrorHandling(scope);
    scope.decorateRequest('taxiiAuthenticated', null);
    // Bodies as raw bytes, at most max_content_length (Fastify answers 413 above it, and
    // never below it); what they hold is checked by the Add Objects handler.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxContentLength }, (_request, body, done) => done(null, body));

    scope.addHook('onRequest', async (request: FastifyRequest) => {
      // §1.6.9: every endpoint requires authentication; 401 with WWW-Authenticate otherwise.
      // The collection in the path is read with the account; whether it may be used is
      // decided by each endpoint (context.ts collectionFor), after the checks before it.
      const collection = collectionParam(request);
      const outcome = await authenticator.authenticate(request.headers.authorization, collection);
      if (!outcome.ok) {
        const description = outcome.reason === 'missing' ? 'authentication is required: HTTP Basic or a bearer token' : 'the credentials were not accepted';
        throw new TaxiiError(401, 'unauthenticated', description, { 'WWW-Authenticate': CHALLENGES });
      }
      setAccount(request, outcome.account, collection, outcome.access);
      // §1.6.8, §3.1: 406 only when the Accept header admits no TAXII 2.1 response.
      if (!acceptsTaxii(request.headers.accept)) {
        throw new TaxiiError(406, 'not-acceptable', `this endpoint answers ${TAXII_MEDIA_TYPE}; the Accept header does not allow it`);
      }
    });
    // A callback hook, as nothing here waits (an async one costs a promise per response).
    scope.addHook('onSend', (_request, reply, payload, done) => {
      void reply.header('content-type', TAXII_MEDIA_TYPE);
      void reply.header('cache-control', 'no-store');
      done(null, payload);
    });

    registerServerInfoRoutes(scope, deps);
    registerCollectionRoutes(scope, deps);
    registerObjectRoutes(scope, deps);

    // Anything else under /taxii2: 405 for a known endpoint with another method, else 404.
    scope.all('/*', PARTNER_ROUTE, async (request: FastifyRequest) => {
      const path = request.url.split('?')[0]?.slice('/taxii2'.length) ?? '';
      const endpoint = ENDPOINTS.find((e) => e.path.test(path));
      if (endpoint !== undefined) {
        throw new TaxiiError(405, 'method-not-allowed', `${request.method} is not defined for this endpoint`, { Allow: endpoint.methods });
      }
      const hint = !path.endsWith('/') && ENDPOINTS.some((e) => e.path.test(`${path}/`)) ? ' (TAXII endpoint paths end with "/", §3.1)' : '';
      const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
      throw new TaxiiError(404, 'not-found', `no TAXII endpoint at /taxii2${shown}${hint}`);
    });
  }, { prefix: '/taxii2' });
}
