// REST: TAXII polling feeds (the remote collections `tearline serve` pulls on an interval;
// the same use cases as `tearline feed add|list|remove`, app/taxii/manageFeeds.ts).
//   GET    /api/feeds         objects.read     -> {feeds: FeedJson[]} with each feed's last run
//   POST   /api/feeds         partners.manage  {name, url, collection?, into?, intervalSeconds?, auth?} -> 201 {feed}
//   DELETE /api/feeds/:name   partners.manage  -> {name}
// Secrets are never answered: a feed shows its auth kind, user and the name of an environment
// variable, not a password or token. Every role may see where intelligence comes from; only
// administrators (partners.manage: partner connections are theirs) add and remove feeds. A CA
// file is a path on the server's disk, so it is set with the CLI only (--ca).
import type { FastifyInstance } from 'fastify';
import type { Clock, Store } from '../../app/ports.ts';
import type { FeedAuth, TaxiiFeed } from '../../app/ports/taxii.ts';
import { addFeed, removeFeed } from '../../app/taxii/manageFeeds.ts';
import { requires } from '../auth/access.ts';
import { principalOf } from '../auth/plugin.ts';
import { ApiError } from '../errors.ts';
import type { FeedAuthJson, FeedJson } from '../wire.ts';

export interface FeedRouteOptions {
  readonly store: Store;
  readonly clock: Clock;
}

/** As `tearline feed add` without --interval: every 15 minutes. */
const DEFAULT_INTERVAL_SECONDS = 900;
const FEED_BODY_LIMIT = 16 * 1024;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function feedJson(feed: TaxiiFeed, now: string): FeedJson {
  const running = feed.leaseOwner !== null && feed.leaseUntil !== null && feed.leaseUntil > now;
  const outcome = running ? 'running' : feed.lastFinishedAt === null ? 'never-run' : feed.lastError === null ? 'ok' : 'failed';
  const nextRunAt = feed.lastFinishedAt === null ? null : new Date(Date.parse(feed.lastFinishedAt) + feed.intervalSeconds * 1000).toISOString();
  return {
    name: feed.name,
    url: feed.url,
    collection: feed.collection,
    intoCollection: feed.intoCollection,
    auth: authJson(feed.auth),
    caFile: feed.caFile !== null,
    intervalSeconds: feed.intervalSeconds,
    enabled: feed.enabled,
    createdAt: feed.createdAt,
    lastRun: {
      outcome,
      startedAt: feed.lastStartedAt,
      finishedAt: feed.lastFinishedAt,
      objects: feed.lastStored,
      error: feed.lastError,
    },
    nextRunAt,
  };
}

function authJson(auth: FeedAuth): FeedAuthJson {
  if (auth.kind === 'basic') return { kind: 'basic', user: auth.user, secret: auth.passwordEnv === undefined ? 'stored' : 'environment', ...(auth.passwordEnv === undefined ? {} : { env: auth.passwordEnv }) };
  if (auth.kind === 'token') return { kind: 'token', secret: auth.tokenEnv === undefined ? 'stored' : 'environment', ...(auth.tokenEnv === undefined ? {} : { env: auth.tokenEnv }) };
  return { kind: 'none' };
}

function record(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid-request', `${what} must be a JSON object`);
  return body as Record<string, unknown>;
}

function text(body: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') {
    if (required) throw new ApiError(400, 'missing-field', `${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new ApiError(400, 'invalid-field', `${name} must be a string`);
  return value;
}

/** The auth of a new feed: none, a user with a password or an environment variable's name, or a token likewise. */
export function parseFeedAuth(raw: unknown): FeedAuth {
  if (raw === undefined || raw === null) return { kind: 'none' };
  const body = record(raw, 'auth');
  const kind = body.kind;
  const secret = (valueName: string, envName: string): { value?: string; env?: string } => {
    const value = text(body, valueName, false);
    const env = text(body, envName, false);
    if ((value === undefined) === (env === undefined)) throw new ApiError(400, 'invalid-auth', `give exactly one of auth.${valueName} and auth.${envName}`);
    if (env !== undefined && !ENV_NAME.test(env)) throw new ApiError(400, 'invalid-auth', `auth.${envName} must name an environment variable (letters, digits and _)`);
    return value === undefined ? { env: env as string } : { value };
  };
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'basic') {
    const user = text(body, 'user', true) as string;
    if (user.includes(':')) throw new ApiError(400, 'invalid-auth', 'auth.user cannot contain ":" (RFC 7617 §2)');
    const s = secret('password', 'passwordEnv');
    return { kind: 'basic', user, ...(s.value === undefined ? { passwordEnv: s.env as string } : { password: s.value }) };
  }
  if (kind === 'token') {
    const s = secret('token', 'tokenEnv');
    return s.value === undefined ? { kind: 'token', tokenEnv: s.env as string } : { kind: 'token', token: s.value };
  }
  throw new ApiError(400, 'invalid-auth', 'auth.kind is none, basic or token');
}

/** The HTTP status of a feed use case's refusal. */
function refusal(outcome: { readonly code: string; readonly message: string }): ApiError {
  const status: Record<string, number> = { 'unknown-feed': 404, 'feed-exists': 409, 'unknown-collection': 400 };
  return new ApiError(status[outcome.code] ?? 400, outcome.code, outcome.message);
}

export function registerFeedRoutes(app: FastifyInstance, options: FeedRouteOptions): void {
  const { store, clock } = options;

  app.get('/api/feeds', { config: { access: requires('objects.read') } }, async () => {
    const now = clock.now();
    const feeds = await store.taxii.listFeeds();
    return { feeds: feeds.map((feed) => feedJson(feed, now)) };
  });

  app.post('/api/feeds', { config: { access: requires('partners.manage') }, bodyLimit: FEED_BODY_LIMIT }, async (request, reply) => {
    const body = record(request.body, 'the body');
    const interval = body.intervalSeconds === undefined || body.intervalSeconds === null ? DEFAULT_INTERVAL_SECONDS : body.intervalSeconds;
    if (typeof interval !== 'number') throw new ApiError(400, 'invalid-interval', 'intervalSeconds must be a number');
    const collection = text(body, 'collection', false);
    const into = text(body, 'into', false);
    const added = await addFeed(
      {
        name: text(body, 'name', true) as string,
        url: text(body, 'url', true) as string,
        ...(collection === undefined ? {} : { collection }),
        ...(into === undefined ? {} : { intoCollection: into }),
        auth: parseFeedAuth(body.auth),
        intervalSeconds: interval,
      },
      { store, clock, actor: principalOf(request).actor },
    );
    if (!added.ok) throw refusal(added);
    return reply.code(201).send({ feed: feedJson(added.value, clock.now()) });
  });

  app.delete('/api/feeds/:name', { config: { access: requires('partners.manage') } }, async (request) => {
    const { name } = request.params as { name: string };
    const removed = await removeFeed(name, { store, clock, actor: principalOf(request).actor });
    if (!removed.ok) throw refusal(removed);
    return { name };
  });
}
