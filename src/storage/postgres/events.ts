// The event bus of several nodes on one PostgreSQL store: LISTEN/NOTIFY on a channel named
// after the schema, so every node of one deployment hears every other (and itself), while
// several Tearline schemas in one database (the tests) stay apart.
//
// - Publishing: pg_notify on a connection of its own (a one-connection pool, re-made after a
//   loss), one transaction per publish, so a write's events arrive together. PostgreSQL
//   delivers notifications in commit order to every listener, so every node hears the same
//   events in the same order: event ids can be resumed on any node.
// - Listening: a dedicated client, opened with the first subscriber. When its connection is
//   lost it is re-made every `reconnectMs`, and subscribers are told `gap`: whatever was
//   published meanwhile was missed (NOTIFY keeps nothing for a listener that is not there).
import pg from 'pg';
import type { BusMessage, EventBus, StampedEvent } from '../../app/ports/events.ts';
import { decodePayload, encodePayloads } from './events-payload.ts';
import { schemaLockId } from './locks.ts';
import { createPool } from './pool.ts';

export interface PostgresEventBusOptions {
  readonly url: string;
  /** The store's schema: names the channel. */
  readonly schema: string;
  /** Wait before re-making a lost listening connection (default 1000 ms). */
  readonly reconnectMs?: number;
  /** Told about lost connections and dropped events; the bus goes on. */
  readonly onError?: (error: Error) => void;
}

/** The channel of a schema's events: a fixed prefix and the schema's hash, always a plain identifier. */
export function eventChannel(schema: string): string {
  return `tearline_events_${(schemaLockId(schema) >>> 0).toString(16).padStart(8, '0')}`;
}

export function postgresEventBus(options: PostgresEventBusOptions): EventBus {
  return new PostgresEventBus(options);
}

class PostgresEventBus implements EventBus {
  readonly #options: PostgresEventBusOptions;
  readonly #channel: string;
  readonly #listeners = new Set<(message: BusMessage) => void>();
  #publisher: pg.Pool | null = null;
  #listener: pg.Client | null = null;
  #connecting: Promise<void> | null = null;
  #retry: NodeJS.Timeout | null = null;
  /** Set when a listening connection was lost: its successor starts by telling of the gap. */
  #lost = false;
  #closed = false;

  constructor(options: PostgresEventBusOptions) {
    this.#options = options;
    this.#channel = eventChannel(options.schema);
  }

  async publish(events: readonly StampedEvent[]): Promise<void> {
    if (this.#closed || events.length === 0) return;
    const { payloads, tooBig } = encodePayloads(events);
    if (tooBig.length > 0) this.#error(new Error(`events too big for one NOTIFY payload, not published: ${tooBig.join(', ')}`));
    if (payloads.length === 0) return;
    this.#publisher ??= createPool({ url: this.#options.url, schema: this.#options.schema, maxConnections: 1 });
    const client = await this.#publisher.connect();
    let broken: Error | undefined;
    try {
      if (payloads.length === 1) {
        await client.query('SELECT pg_notify($1, $2)', [this.#channel, payloads[0]]);
      } else {
        await client.query('BEGIN');
        for (const payload of payloads) await client.query('SELECT pg_notify($1, $2)', [this.#channel, payload]);
        await client.query('COMMIT');
      }
    } catch (error) {
      broken = error as Error;
      throw error;
    } finally {
      // A client whose statement failed may sit in an aborted transaction: never reuse it.
      client.release(broken);
    }
  }

  subscribe(listener: (message: BusMessage) => void): () => void {
    this.#listeners.add(listener);
    if (!this.#closed && this.#listener === null && this.#connecting === null && this.#retry === null) this.#connect();
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#retry = null;
    await this.#connecting;
    const listener = this.#listener;
    this.#listener = null;
    this.#listeners.clear();
    await listener?.end().catch(() => undefined);
    await this.#publisher?.end();
    this.#publisher = null;
  }

  #connect(): void {
    this.#connecting = this.#listen()
      .catch((error: unknown) => {
        this.#error(error as Error);
        this.#scheduleReconnect();
      })
      .finally(() => {
        this.#connecting = null;
      });
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#options.url,
      application_name: `tearline:${this.#options.schema}:events`,
      keepAlive: true,
    });
    // Until 'connect' resolves, a failure rejects it; afterwards it arrives here.
    client.on('error', (error) => this.#lose(client, error));
    client.on('end', () => this.#lose(client, new Error('the listening connection ended')));
    client.on('notification', (message) => {
      if (message.channel !== this.#channel || message.payload === undefined) return;
      const events = decodePayload(message.payload);
      if (events === null) {
        this.#error(new Error(`a notification on ${this.#channel} is not Tearline events; ignored`));
        return;
      }
      if (events.length > 0) this.#tell({ kind: 'events', events });
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.#channel}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#listener = client;
    if (this.#lost) {
      this.#lost = false;
      this.#tell({ kind: 'gap' });
    }
  }

  #lose(client: pg.Client, error: Error): void {
    if (this.#listener !== client) return;
    this.#listener = null;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (this.#closed) return;
    this.#lost = true;
    this.#error(new Error(`events: the listening connection was lost (${error.message}); reconnecting`));
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#retry !== null) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      if (!this.#closed && this.#listener === null) this.#connect();
    }, this.#options.reconnectMs ?? 1000);
    this.#retry.unref();
  }

  #tell(message: BusMessage): void {
    for (const listener of [...this.#listeners]) listener(message);
  }

  #error(error: Error): void {
    this.#options.onError?.(error);
  }
}
