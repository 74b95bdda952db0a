import type { FastifyInstance } from 'fastify';
import type { Store } from '../../app/ports.ts';

export function registerHealthRoutes(app: FastifyInstance, store: Store, version: string): void {
  // Health answers from the store so a broken database shows as unhealthy, not as "up".
  app.get('/api/health', async () => {
    const stats = await store.stats();
    return { status: 'ok', version, objects: stats.objects, versions: stats.versions };
  });
}
