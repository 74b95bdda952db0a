// Scheduler leadership on PostgreSQL: a session-level advisory lock (LOCK_CLASS.scheduler,
// keyed by schema) taken with pg_try_advisory_lock on a connection of its own.
//
// - A standby node asks for the lock every `retryMs`; the first to get it leads.
// - The leader proves its connection every `checkMs` (a trivial query, bounded by
//   `queryTimeoutMs`). The server frees a session lock when the session ends, so a leader that
//   dies — killed, crashed, cut off — frees it as soon as the server sees its connection go,
//   and a standby takes over at its next try, within seconds. A leader that sees its own
//   connection fail steps down at once: it cannot know whether it still holds the lock.
//   It then leaves the next tries to the others for a few retry intervals: its process lives,
//   but the node whose connection just failed is the least likely to hold on, and racing the
//   standbys for the lock it lost it could take leadership straight back.
// - Closing stops asking, unlocks and ends the connection: another node takes over without
//   waiting for anything.
import pg from 'pg';
import type { Leadership, LeadershipState } from '../../app/ports/leadership.ts';
import { LOCK_CLASS, schemaLockId } from './locks.ts';

export interface PostgresLeadershipOptions {
  readonly url: string;
  /** The store's schema: every node of one deployment contends for the same lock. */
  readonly schema: string;
  /** How often a standby asks for the lock (default 1500 ms). */
  readonly retryMs?: number;
  /** How often the leader checks its connection (default 1000 ms). */
  readonly checkMs?: number;
  /** Longest a lock request or a check may take before the connection counts as lost (default 5000 ms). */
  readonly queryTimeoutMs?: number;
  /** Told about connection failures; campaigning goes on. */
  readonly onError?: (error: Error) => void;
}

/** Retry intervals a node that lost leadership with its connection waits before asking again. */
const STAND_DOWN_RETRIES = 3;

export function postgresLeadership(options: PostgresLeadershipOptions): Leadership {
  return new PostgresLeadership(options);
}

class PostgresLeadership implements Leadership {
  readonly #options: PostgresLeadershipOptions;
  readonly #lockArgs: readonly [number, number];
  #state: LeadershipState = 'standby';
  #onChange: (state: LeadershipState) => void = () => undefined;
  #client: pg.Client | null = null;
  #timer: NodeJS.Timeout | null = null;
  #attempt: Promise<void> | null = null;
  #started = false;
  #closed = false;
  /** Until when a node that lost leadership with its connection does not ask for the lock. */
  #standDownUntil = 0;

  constructor(options: PostgresLeadershipOptions) {
    this.#options = options;
    this.#lockArgs = [LOCK_CLASS.scheduler, schemaLockId(options.schema)];
  }

  get state(): LeadershipState {
    return this.#state;
  }

  start(onChange: (state: LeadershipState) => void): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#onChange = onChange;
    this.#run();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#attempt;
    const client = this.#client;
    this.#client = null;
    if (client !== null) {
      if (this.#state === 'leader') await client.query('SELECT pg_advisory_unlock($1, $2)', [...this.#lockArgs]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
    this.#state = 'standby';
  }

  #run(): void {
    this.#attempt = this.#step()
      .catch((error: unknown) => {
        const client = this.#client;
        if (client !== null) this.#lose(client, error as Error);
        else this.#options.onError?.(error as Error);
      })
      .finally(() => {
        this.#attempt = null;
        if (this.#closed) return;
        this.#timer = setTimeout(() => {
          this.#timer = null;
          this.#run();
        }, this.#state === 'leader' ? (this.#options.checkMs ?? 1000) : (this.#options.retryMs ?? 1500));
        this.#timer.unref();
      });
  }

  async #step(): Promise<void> {
    if (this.#closed) return;
    const client = this.#client ?? (await this.#connect());
    if (this.#state === 'leader') {
      await client.query('SELECT 1');
      return;
    }
    if (Date.now() < this.#standDownUntil) return;
    const { rows } = await client.query<{ won: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS won', [...this.#lockArgs]);
    if (rows[0]?.won === true && !this.#closed && this.#client === client) this.#change('leader');
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.#options.url,
      application_name: `tearline:${this.#options.schema}:scheduler`,
      keepAlive: true,
      query_timeout: this.#options.queryTimeoutMs ?? 5000,
      connectionTimeoutMillis: this.#options.queryTimeoutMs ?? 5000,
    });
    client.on('error', (error) => this.#lose(client, error));
    client.on('end', () => this.#lose(client, new Error('the scheduler connection ended')));
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#client = client;
    return client;
  }

  /** The connection is gone or in doubt: whatever it held is not ours any more. */
  #lose(client: pg.Client, error: Error): void {
    if (this.#client !== client) return;
    this.#client = null;
    void client.end().catch(() => undefined);
    if (this.#closed) return;
    this.#options.onError?.(new Error(`scheduler: the lock connection failed (${error.message})`));
    if (this.#state !== 'leader') return;
    this.#standDownUntil = Date.now() + STAND_DOWN_RETRIES * (this.#options.retryMs ?? 1500);
    this.#change('standby');
  }

  #change(state: LeadershipState): void {
    this.#state = state;
    this.#onChange(state);
  }
}
