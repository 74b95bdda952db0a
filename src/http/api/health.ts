import type { FastifyInstance } from 'fastify';
import type { Store } from '../../app/ports.ts';
import type { HealthResponse } from '../wire.ts';

export function registerHealthRoutes(app: FastifyInstance, store: Store, version: string): void {
  // Health touches the store so a broken database shows as unhealthy, not as "up". It is
  // public, so it says nothing about what the store holds (counts would reveal the existence
  // of objects a caller may not see), and it costs one trivial query: counting a large store
  // on every unauthenticated call would be a cheap way to load the server.
  app.get('/api/health', async (): Promise<HealthResponse> => {
    await store.ping();
    return { status: 'ok', version };
  });
}
