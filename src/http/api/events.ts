// GET /api/events: live updates as Server-Sent Events (issue 10; WHATWG HTML §9.2).
//
//   event: object | objects-truncated | threat | warning | delivery | disclosure
//   id:    <write id>.<n>   (the same on every node: resume anywhere with Last-Event-ID)
//   data:  the event as JSON: ids, kinds and states only, never content
//
// plus `ready` once the stream is live (after any replay), `reset` when events may have been
// missed (reload what is shown), and a comment line every `heartbeatMs` so proxies and the
// server's idle timeout keep the connection. Each event is sent only if the reader may see
// what it names (app/events/visibleEvents.ts, the policy code of the read routes).
//
// A stream ends — and the client reconnects, authenticated afresh — after `maxStreamMs`, when
// the account is disabled or its roles, clearance or compartments change, when its session
// ends or its API token is revoked (checked at each heartbeat), when the client reads too slowly (more than `maxBufferedBytes` waiting), and when the server closes.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Clock, Store } from '../../app/ports.ts';
import { credentialStands } from '../../app/auth/authenticate.ts';
import type { EventBus, TearlineEvent } from '../../app/ports/events.ts';
import { EventFeed, type FeedMessage } from '../../app/events/feed.ts';
import { EventFilter, sameReader } from '../../app/events/visibleEvents.ts';
import { requires } from '../auth/access.ts';
import { principalOf } from '../auth/plugin.ts';

export interface EventRouteOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** The bus this node hears; without one the stream carries only heartbeats. */
  readonly events?: EventBus;
  readonly heartbeatMs?: number;
  readonly maxStreamMs?: number;
  readonly maxBufferedBytes?: number;
}

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_MAX_STREAM_MS = 5 * 60_000;
const DEFAULT_MAX_BUFFERED = 1024 * 1024;
/** How long the browser waits before reconnecting (the SSE `retry` field). */
const RETRY_MS = 2000;

export function registerEventRoutes(app: FastifyInstance, options: EventRouteOptions): void {
  const feed = new EventFeed(options.events);
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const maxStreamMs = options.maxStreamMs ?? DEFAULT_MAX_STREAM_MS;
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
  const open = new Set<() => void>();
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  app.addHook('onClose', async () => feed.close());

  app.get('/api/events', { config: { access: requires('objects.read') } }, async (request, reply) => {
    const principal = principalOf(request);
    // HEAD (Fastify adds it to every GET) asks only whether the stream would open.
    if (request.method === 'HEAD') return reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-store').send();
    const filter = new EventFilter(principal, options.store);
    const stream = new PassThrough();
    let ended = false;
    let chain: Promise<void> = Promise.resolve();

    const write = (text: string): void => {
      if (ended) return;
      stream.write(text);
      if (stream.writableLength > maxBuffered) end();
    };
    const send = async (message: FeedMessage): Promise<void> => {
      if (message.kind === 'reset') {
        write(frame('reset', '{}'));
        return;
      }
      for (const shown of await filter.visible(message.events)) write(frame(shown.event.kind, wireOf(shown.event), shown.id));
    };
    const enqueue = (work: () => Promise<void> | void): void => {
      chain = chain
        .then(() => (ended ? undefined : work()))
        .catch((error: unknown) => {
          request.log.error({ err: error }, 'event stream failed');
          end();
        });
    };

    const lastEventId = request.headers['last-event-id'];
    const after = typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId.slice(0, 200) : undefined;
    const subscription = feed.subscribe((message) => enqueue(() => send(message)), after);
    const heartbeat = setInterval(() => {
      write(': ping\n\n');
      enqueue(async () => {
        if (!sameReader(principal.user, await options.store.users.getUser(principal.user.id))) {
          write(frame('end', '{"reason":"account-changed"}'));
          end();
        } else if (!(await credentialStands(principal, options))) {
          write(frame('end', '{"reason":"signed-out"}'));
          end();
        }
      });
    }, heartbeatMs);
    const lifetime = setTimeout(() => end(), maxStreamMs);
    function end(): void {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      clearTimeout(lifetime);
      subscription.unsubscribe();
      open.delete(end);
      stream.end();
    }
    open.add(end);
    reply.raw.on('close', end);

    write(`retry: ${RETRY_MS}\n\n`);
    // Resuming after an id this node does not hold (too old, another store, garbage): reset.
    const replay = subscription.replay;
    if (replay === 'reset') enqueue(() => send({ kind: 'reset' }));
    else if (replay.length > 0) enqueue(() => send({ kind: 'events', events: replay }));
    enqueue(() => write(frame('ready', '{}')));

    return reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      // Reverse proxies (nginx) would otherwise buffer the stream.
      .header('x-accel-buffering', 'no')
      .send(stream);
  });
}

function frame(event: string, data: string, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${data}\n\n`;
}

/** What a client is told: the event's own fields (ids, kinds, states), one JSON line. */
function wireOf(event: TearlineEvent): string {
  return JSON.stringify(event);
}
