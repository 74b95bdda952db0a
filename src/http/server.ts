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
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === true ? { level: 'info', ...(options.logStream === undefined ? {} : { stream: options.logStream }) } : false,
    bodyLimit: options.maxBodyBytes,
    // Slow clients must not hold sockets forever (slowloris); headers and bodies are bounded.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 5_000,
    // Bad URLs are refused before routing; answer them with our error body (errors.ts).
    frameworkErrors: answerFrameworkError,
    // Typed as the plain-HTTP options: with `https` Fastify builds an https.Server, which the
    // rest of this file uses only through FastifyInstance.
    ...(options.tls === undefined ? {} : { https: tlsServerOptions(options.tls) }),
  } as FastifyServerOptions);
  installErrorHandler(app);
  // Before any route: it checks every route's declared access as the route is added.
  const auth = installAuth(app, options.store, options.clock, { ...DEFAULT_AUTH_SETTINGS, ...options.auth });
  registerHealthRoutes(app, options.store, options.version);
  registerObjectRoutes(app, { store: options.store, clock: options.clock });
  registerIngestRoutes(app, { store: options.store, clock: options.clock, maxBodyBytes: options.maxBodyBytes });
  registerStaticAssets(app);
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
  await app.ready();
  return app;
}
