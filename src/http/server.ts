// Builds the HTTP server: one Fastify instance, routes registered by concept. Tested
// in-process with app.inject(); `listen` is the caller's business.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Clock, Store } from '../app/ports.ts';
import { answerFrameworkError, installErrorHandler } from './errors.ts';
import { registerObjectRoutes } from './api/objects.ts';
import { registerHealthRoutes } from './api/health.ts';
import { registerIngestRoutes } from './api/ingest.ts';
import { registerStaticAssets } from './static.ts';
import { installAuth } from './auth/plugin.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { DEFAULT_AUTH_SETTINGS, type AuthSettings } from './auth/settings.ts';
import { registerUserRoutes } from './api/users.ts';
import { registerAuditRoutes } from './api/audit.ts';
import { registerThreatRoutes } from './api/threats.ts';
import { registerWarningRoutes } from './api/warnings.ts';
import { registerOversightRoutes } from './api/oversight.ts';
import { registerPartnerRoutes } from './api/partners.ts';
import { registerTearlineRoutes } from './api/tearline.ts';
import { registerTaxiiRoutes } from './taxii/routes.ts';
import { registerDeliveryRoutes } from './api/deliveries.ts';
import { registerAckRoutes } from './api/ack.ts';
import { registerFeedRoutes } from './api/feeds.ts';
import { registerEventRoutes } from './api/events.ts';
import { registerNodeRoutes, type NodeStatusSource } from './api/node.ts';
import type { EventBus } from '../app/ports/events.ts';
import { tlsServerOptions, type TlsFiles } from './taxii/tls.ts';

export interface ServerOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly maxBodyBytes: number;
  readonly logger?: boolean;
  /** Where log lines go when `logger` is on (default stdout); tests capture them here. */
  readonly logStream?: { write(line: string): void };
  readonly version: string;
  /** Sessions, cookies, password hashing and sign-in throttling (defaults: DEFAULT_AUTH_SETTINGS). */
  readonly auth?: Partial<AuthSettings>;
  /** Serve HTTPS with this certificate and key (TAXII 2.1 §1.6.6); plain HTTP without. */
  readonly tls?: TlsFiles;
  /** Issue 7: the acknowledgement-link secret (null: links refused) and who records machine deliveries. */
  readonly delivery?: { readonly ackSecret: string | null; readonly recorder: string | null };
  /** Issue 10: the event bus GET /api/events streams from (silent without), and this node's scheduler role. */
  readonly events?: EventBus;
  readonly node?: NodeStatusSource;
  /** Issue 9: the server build of the workbench's first view (default web/dist-server's; null: draw nothing; firstView.ts). */
  readonly firstViewModule?: string | null;
}

/**
 * Slow clients (slowloris) must not hold sockets: headers must arrive within 10 s and the
 * whole request within 30 s, checked every second (with Node's defaults, headers 60 s and a
 * check every 30 s, a header trickler kept a socket for up to a minute); an idle socket
 * closes after 60 s. test/load/timeouts.test.ts holds the server to them.
 */
export const CLIENT_TIMEOUTS = Object.freeze({ headersMs: 10_000, requestMs: 30_000, idleMs: 60_000, checkEveryMs: 1_000 });
const NODE_CLIENT_TIMEOUTS = { headersTimeout: CLIENT_TIMEOUTS.headersMs, connectionsCheckingInterval: CLIENT_TIMEOUTS.checkEveryMs };

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === true ? { level: 'info', ...(options.logStream === undefined ? {} : { stream: options.logStream }) } : false,
    bodyLimit: options.maxBodyBytes,
    // Slow clients must not hold sockets forever (slowloris); headers and bodies are bounded.
    requestTimeout: CLIENT_TIMEOUTS.requestMs,
    connectionTimeout: CLIENT_TIMEOUTS.idleMs,
    keepAliveTimeout: 5_000,
    http: NODE_CLIENT_TIMEOUTS,
    // Bad URLs are refused before routing; answer them with our error body (errors.ts).
    frameworkErrors: answerFrameworkError,
    // Typed as the plain-HTTP options: with `https` Fastify builds an https.Server, which the
    // rest of this file uses only through FastifyInstance.
    ...(options.tls === undefined ? {} : { https: { ...tlsServerOptions(options.tls), ...NODE_CLIENT_TIMEOUTS } }),
  } as FastifyServerOptions);
  installErrorHandler(app);
  // Before any route: it checks every route's declared access as the route is added.
  const auth = installAuth(app, options.store, options.clock, { ...DEFAULT_AUTH_SETTINGS, ...options.auth });
  registerHealthRoutes(app, options.store, options.version);
  registerObjectRoutes(app, { store: options.store, clock: options.clock });
  registerIngestRoutes(app, { store: options.store, clock: options.clock, maxBodyBytes: options.maxBodyBytes });
  registerStaticAssets(app, options.firstViewModule === undefined ? {} : { firstViewModule: options.firstViewModule });
  registerAuthRoutes(app, auth);
  registerUserRoutes(app, auth.ctx);
  registerAuditRoutes(app, options.store);
  registerThreatRoutes(app, { store: options.store, clock: options.clock });
  registerWarningRoutes(app, { store: options.store, clock: options.clock });
  registerOversightRoutes(app, { store: options.store });
  registerPartnerRoutes(app, { store: options.store, clock: options.clock });
  registerTearlineRoutes(app, { store: options.store, clock: options.clock });
  registerTaxiiRoutes(app, { store: options.store, clock: options.clock, maxContentLength: options.maxBodyBytes });
  registerDeliveryRoutes(app, { store: options.store, clock: options.clock, recorder: options.delivery?.recorder ?? null });
  registerAckRoutes(app, { store: options.store, clock: options.clock, ackSecret: options.delivery?.ackSecret ?? null, recorder: options.delivery?.recorder ?? null });
  registerFeedRoutes(app, { store: options.store, clock: options.clock });
  registerEventRoutes(app, { store: options.store, clock: options.clock, ...(options.events === undefined ? {} : { events: options.events }) });
  registerNodeRoutes(app, options.node);
  await app.ready();
  return app;
}
