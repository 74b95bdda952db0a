// Use cases: polling feeds (remote TAXII collections the server pulls on an interval).
import type { FeedAuth, TaxiiFeed } from '../ports/taxii.ts';
import type { ManageContext, Managed } from './manageAccounts.ts';

export interface NewFeedInput {
  readonly name: string;
  readonly url: string;
  readonly collection?: string;
  readonly intoCollection?: string;
  readonly auth: FeedAuth;
  readonly caFile?: string;
  readonly intervalSeconds: number;
}

const FEED_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Polling more often than this only loads the partner's server. */
export const MIN_FEED_INTERVAL_SECONDS = 10;

function refuse<T>(code: string, message: string): Managed<T> {
  return { ok: false, code, message };
}

/**
 * TAXII 2.1 §8.5.1: clients MUST use HTTPS. Plain http is accepted for a loopback address
 * only (a TAXII server on the same machine, tests).
 */
export function checkTaxiiUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `'${url}' is not a URL`;
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return null;
  return `'${url}' is not an https URL (TAXII 2.1 §8.5.1: clients use HTTPS; plain http only to a loopback address)`;
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

export async function addFeed(input: NewFeedInput, ctx: ManageContext): Promise<Managed<TaxiiFeed>> {
  if (!FEED_NAME.test(input.name)) return refuse('invalid-name', 'a feed name is 1-64 letters, digits and . _ -');
  const urlProblem = checkTaxiiUrl(input.url);
  if (urlProblem !== null) return refuse('invalid-url', urlProblem);
  if (!Number.isSafeInteger(input.intervalSeconds) || input.intervalSeconds < MIN_FEED_INTERVAL_SECONDS) {
    return refuse('invalid-interval', `a feed interval is a whole number of seconds, at least ${MIN_FEED_INTERVAL_SECONDS}`);
  }
  const feed: TaxiiFeed = {
    name: input.name,
    url: input.url,
    collection: input.collection ?? null,
    intoCollection: null,
    auth: input.auth,
    caFile: input.caFile ?? null,
    intervalSeconds: input.intervalSeconds,
    enabled: true,
    createdAt: ctx.clock.now(),
    lastStartedAt: null,
    lastFinishedAt: null,
    lastError: null,
    lastStored: null,
    leaseOwner: null,
    leaseUntil: null,
  };
  return ctx.store.write(async (tx): Promise<Managed<TaxiiFeed>> => {
    if ((await tx.taxii.getFeed(input.name)) !== null) return refuse('feed-exists', `there is already a feed ${input.name}`);
    let intoCollection: string | null = null;
    if (input.intoCollection !== undefined) {
      const local = await tx.taxii.resolveCollection(input.intoCollection);
      if (local === null) return refuse('unknown-collection', `no local collection ${input.intoCollection}`);
      intoCollection = local.id;
    }
    const stored = { ...feed, intoCollection };
    await tx.taxii.putFeed(stored);
    await tx.audit.append({
      at: feed.createdAt, actor: ctx.actor, action: 'taxii.feed-add', subject: `feed:${input.name}`,
      // The URL and the auth kind, never a secret.
      details: { url: input.url, collection: feed.collection, into: intoCollection, auth: input.auth.kind, intervalSeconds: input.intervalSeconds },
    });
    return { ok: true, value: stored };
  });
}

export async function removeFeed(name: string, ctx: ManageContext): Promise<Managed<null>> {
  return ctx.store.write(async (tx): Promise<Managed<null>> => {
    if (!(await tx.taxii.removeFeed(name))) return refuse('unknown-feed', `no feed ${name}`);
    await tx.audit.append({ at: ctx.clock.now(), actor: ctx.actor, action: 'taxii.feed-remove', subject: `feed:${name}` });
    return { ok: true, value: null };
  });
}
