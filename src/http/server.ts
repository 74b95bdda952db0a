// Builds the HTTP server: one Fastify instance, routes registered by concept. Tested
// in-process with app.inject(); `listen` is the caller's business.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Clock, Store } from '../app/ports.ts';
import { installErrorHandler } from './errors.ts';
import { registerObjectRoutes } from './api/objects.ts';
import { registerHealthRoutes } from './api/health.ts';
import { registerIngestRoutes } from './api/ingest.ts';
import { registerStaticAssets } from './static.ts';

export interface ServerOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly maxBodyBytes: number;
  readonly logger?: boolean;
  readonly version: string;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === true ? { level: 'info' } : false,
    bodyLimit: options.maxBodyBytes,
    // Slow clients must not hold sockets forever (slowloris); headers and bodies are bounded.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 5_000,
  });
  installErrorHandler(app);
  registerHealthRoutes(app, options.store, options.version);
  registerObjectRoutes(app, options.store);
  registerIngestRoutes(app, { store: options.store, clock: options.clock, maxBodyBytes: options.maxBodyBytes });
  registerStaticAssets(app);
  await app.ready();
  return app;
}
