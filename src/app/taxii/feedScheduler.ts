// Polling feeds: `tearline serve` pulls each enabled feed every `intervalSeconds`. The same
// tick prunes old Add Objects statuses (kept 7 days by default; §4.3 asks for 24 hours).
//
// Never two pulls of one feed at once: a run starts only after it takes the feed's lease in
// the store (claimFeed: a conditional update, so across processes and nodes sharing one
// database only one claim wins), renews it after every page, and releases it with the
// outcome. A run that loses its lease (it ran longer than the lease without renewing, and
// someone else took over) stops at the next page. A process that dies holding a lease
// blocks the feed only until the lease expires.
import { randomUUID } from 'node:crypto';
import type { Clock, Store } from '../ports.ts';
import type { RemoteResult, TaxiiFeed, TaxiiSource } from '../ports/taxii.ts';
import { pullCollection } from './pullCollection.ts';
import type { IngestFn } from './ingestPort.ts';

/** Connects to a feed's collection (resolving a discovery or API root URL as needed). */
export type OpenFeedSource = (feed: TaxiiFeed) => Promise<RemoteResult<TaxiiSource>>;

export interface FeedSchedulerOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly openSource: OpenFeedSource;
  /** app/ingest's ingestObjects (see ingestPort.ts). */
  readonly ingest: IngestFn;
  /** This scheduler's name in leases; random by default. */
  readonly owner?: string;
  /** How often due feeds are looked for (ms). */
  readonly tickMs?: number;
  /** How long a claim holds without renewal (ms). */
  readonly leaseMs?: number;
  readonly log?: (line: string) => void;
  /** Add Objects statuses are kept this long (ms), then pruned (§4.3: at least 24 hours). */
  readonly statusRetentionMs?: number;
}

const DEFAULT_TICK_MS = 5_000;
const DEFAULT_STATUS_RETENTION_MS = 7 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;
const DEFAULT_LEASE_MS = 5 * 60_000;

/** Whether a feed should run at `now`: enabled, and never run or last started an interval ago. */
export function isDue(feed: TaxiiFeed, now: string): boolean {
  if (!feed.enabled) return false;
  if (feed.lastStartedAt === null) return true;
  return Date.parse(feed.lastStartedAt) + feed.intervalSeconds * 1000 <= Date.parse(now);
}

export class FeedScheduler {
  readonly #options: FeedSchedulerOptions;
  readonly #owner: string;
  readonly #running = new Map<string, { readonly done: Promise<void>; readonly abort: AbortController }>();
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  /** The first pruning comes an hour after start: starting a server writes nothing. */
  #lastPrune: number;

  constructor(options: FeedSchedulerOptions) {
    this.#options = options;
    this.#owner = options.owner ?? `scheduler-${randomUUID()}`;
    this.#lastPrune = Date.parse(options.clock.now());
  }

  start(): void {
    if (this.#timer !== null || this.#stopped) return;
    this.#timer = setInterval(() => void this.tick(), this.#options.tickMs ?? DEFAULT_TICK_MS);
    // The scheduler alone never keeps the process alive.
    this.#timer.unref();
    void this.tick();
  }

  /** Starts every due feed not already running here; resolves when those runs have ended. */
  async tick(): Promise<readonly string[]> {
    if (this.#stopped) return [];
    let feeds: readonly TaxiiFeed[];
    try {
      feeds = await this.#options.store.taxii.listFeeds();
    } catch (error) {
      this.#log(`feeds: cannot list feeds: ${(error as Error).message}`);
      return [];
    }
    const now = this.#options.clock.now();
    await this.#pruneStatuses(now);
    const started: { name: string; done: Promise<boolean> }[] = [];
    for (const feed of feeds) {
      if (!isDue(feed, now) || this.#running.has(feed.name)) continue;
      const abort = new AbortController();
      const done = this.#run(feed, abort.signal);
      this.#running.set(feed.name, { done: done.then(() => undefined), abort });
      void done.finally(() => this.#running.delete(feed.name));
      started.push({ name: feed.name, done });
    }
    const ran = await Promise.all(started.map(async (s) => ((await s.done) ? s.name : null)));
    return ran.filter((name): name is string => name !== null);
  }

  /** Stops ticking, asks running pulls to stop after their current page, and waits for them. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    const running = [...this.#running.values()];
    for (const run of running) run.abort.abort();
    await Promise.all(running.map((run) => run.done));
  }

  /** One run of one feed; false when another scheduler holds it. */
  async #run(feed: TaxiiFeed, signal: AbortSignal): Promise<boolean> {
    const { store, clock } = this.#options;
    const leaseMs = this.#options.leaseMs ?? DEFAULT_LEASE_MS;
    const leaseFrom = (at: string): string => new Date(Date.parse(at) + leaseMs).toISOString();
    const now = clock.now();
    let claimed: boolean;
    try {
      claimed = await store.write((tx) => tx.taxii.claimFeed(feed.name, this.#owner, now, leaseFrom(now)));
    } catch (error) {
      this.#log(`feed ${feed.name}: cannot claim: ${(error as Error).message}`);
      return false;
    }
    if (!claimed) return false;
    let error: string | null = null;
    let stored: number | null = null;
    try {
      const opened = await this.#options.openSource(feed);
      if (!opened.ok) {
        error = opened.error.message;
      } else {
        const lost = new AbortController();
        const outcome = await pullCollection(opened.value, {
          ...(feed.intoCollection === null ? {} : { intoCollection: feed.intoCollection }),
          signal: AbortSignal.any([signal, lost.signal]),
          actor: 'system:taxii-feed',
          onPage: async () => {
            const renewed = await store.write((tx) => tx.taxii.renewFeed(feed.name, this.#owner, leaseFrom(clock.now())));
            if (!renewed) lost.abort();
          },
        }, { store, clock, ingest: this.#options.ingest });
        stored = outcome.report.stored;
        if (!outcome.ok) error = outcome.error.message;
        else if (lost.signal.aborted) error = 'stopped: the lease was lost to another scheduler';
        this.#log(`feed ${feed.name}: ${outcome.report.received} received, ${outcome.report.stored} new, ${outcome.report.rejected} rejected${error === null ? '' : `; ${error}`}`);
      }
    } catch (thrown) {
      error = `failed: ${(thrown as Error).message}`;
    }
    if (error !== null) this.#log(`feed ${feed.name}: ${error}`);
    try {
      await store.write((tx) => tx.taxii.finishFeed(feed.name, this.#owner, { finishedAt: clock.now(), error, stored }));
    } catch (thrown) {
      this.#log(`feed ${feed.name}: cannot record the outcome: ${(thrown as Error).message}`);
    }
    return true;
  }

  /** At most hourly: statuses of Add Objects requests older than the retention. */
  async #pruneStatuses(now: string): Promise<void> {
    const at = Date.parse(now);
    if (at - this.#lastPrune < PRUNE_EVERY_MS) return;
    this.#lastPrune = at;
    const before = new Date(at - (this.#options.statusRetentionMs ?? DEFAULT_STATUS_RETENTION_MS)).toISOString();
    try {
      await this.#options.store.write((tx) => tx.taxii.pruneStatuses(before));
    } catch (error) {
      this.#log(`statuses: cannot prune: ${(error as Error).message}`);
    }
  }

  #log(line: string): void {
    this.#options.log?.(line);
  }
}
