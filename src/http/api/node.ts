// GET /api/health/node: this node's part in a deployment of several (issue 10), for the
// operator: whether it runs the schedulers now. Behind config.read (oversight, administrators),
// unlike /api/health, which load balancers call without signing in.
import type { FastifyInstance } from 'fastify';
import type { LeadershipState } from '../../app/ports/leadership.ts';
import { requires } from '../auth/access.ts';

export interface NodeStatusSource {
  /** 'leader' while this node runs the schedulers, 'standby' while another does. */
  scheduler(): LeadershipState;
  /** The schedulers running on this node now. */
  duties(): readonly string[];
}

export interface NodeStatusResponse {
  /** 'none' when this server runs no schedulers (built without them, as in tests). */
  readonly scheduler: LeadershipState | 'none';
  readonly duties: readonly string[];
}

export function registerNodeRoutes(app: FastifyInstance, source: NodeStatusSource | undefined): void {
  app.get('/api/health/node', { config: { access: requires('config.read') } }, async (): Promise<NodeStatusResponse> => ({
    scheduler: source?.scheduler() ?? 'none',
    duties: source?.duties() ?? [],
  }));
}
