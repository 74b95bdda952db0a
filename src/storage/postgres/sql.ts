// How adapter code talks to PostgreSQL: `Sql` runs one statement; `TxSql` is the same on the
// single client of one `store.write`, plus sections that run alone on it.
//
// A write's work may call several tx methods at once (Promise.all). One client runs one
// statement at a time anyway, but a method made of several statements (look up, then
// insert) must not have another method's statements slip in between, and a savepoint must
// cover only its own method's rows. So every statement and every section takes the write's
// FIFO gate; statements issued from inside a section (tracked with AsyncLocalStorage) are
// part of it and pass straight through.
//
// PostgreSQL aborts the whole transaction on any error outside a savepoint. The session
// remembers that error: later statements fail at once with it, and the write rolls back
// and rejects with it even if work caught it and resolved.
//
// Bulk COPYs are pipelined: copyFrom sends its rows and returns without waiting for the
// server to take them in (copy-batch.ts), so an ingest judges its next batch while the
// server writes this one, on the other core. The wait moves, it does not go away: every
// later statement of the write, and the write's end (settle), first waits for the COPYs
// sent before it, and a COPY the server refused dooms the write like any other failed
// statement; only the caller of copyFrom no longer hears of it itself.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { FifoMutex } from '../mutex.ts';
import { CopyRows } from './copy-text.ts';
import { CopyBatch } from './copy-batch.ts';

/** One SQL statement. `name` prepares it once per connection (use it for fixed text only). */
export interface Sql {
  query<R>(text: string, values?: readonly unknown[], name?: string): Promise<R[]>;
}

/** Sql on the client of one write. */
export interface TxSql extends Sql {
  /** Runs `fn` with no other statement of this write interleaved. No savepoint. */
  serial<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` alone, inside a SAVEPOINT: if it throws, none of its rows remain and the
   * write can go on. Costs two round trips and a subtransaction; use it only when a method
   * can fail after it has written (check first and write last where you can).
   */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs each `COPY ... FROM STDIN` (text format) with the rows its `fill` adds
   * (copy-text.ts) as its whole input, all in one round trip, and resolves once they are
   * sent, before the server has taken them in: the next statement of the write, and the
   * write's end, wait for that. A refused COPY dooms the write, as any failed statement
   * does; it is reported by whatever runs next (WriteAbortedError, its cause the server's
   * error). Inside an atomic section it waits for the server, so the section covers it.
   */
  copyFrom(copies: readonly CopyRequest[]): Promise<void>;
}

/** One COPY of a copyFrom: its statement, and the function that adds its rows. */
export interface CopyRequest {
  readonly text: string;
  readonly fill: (rows: CopyRows) => void;
}

export function poolSql(pool: pg.Pool, guard: () => void): Sql {
  return {
    async query<R>(text: string, values?: readonly unknown[], name?: string): Promise<R[]> {
      guard();
      const result = await pool.query({ text, values: values as unknown[] | undefined, name });
      return result.rows as R[];
    },
  };
}

/**
 * COPY buffers by connection, kept between COPYs: fresh memory for every megabyte-sized
 * batch measured as costly as encoding it (page faults on first touch), where reused memory
 * costs nothing. A buffer is out of its list while its COPY is on its way.
 */
const copyBuffers = new WeakMap<pg.ClientBase, CopyRows[]>();
/** A buffer past this size (an unusually large batch) is not kept for the next COPY. */
const KEPT_COPY_BYTES = 16 * 2 ** 20;
/** One batch of objects is four COPYs (put-objects.ts). */
const KEPT_COPY_BUFFERS = 4;

function takeCopyBuffer(client: pg.ClientBase): CopyRows {
  const rows = copyBuffers.get(client)?.pop() ?? new CopyRows();
  rows.reset();
  return rows;
}

function keepCopyBuffers(client: pg.ClientBase, used: readonly CopyRows[]): void {
  let kept = copyBuffers.get(client);
  if (kept === undefined) copyBuffers.set(client, (kept = []));
  for (const rows of used) if (rows.capacity <= KEPT_COPY_BYTES && kept.length < KEPT_COPY_BUFFERS) kept.push(rows);
}

/** A transaction that failed inside the database: nothing of it can commit. */
export class WriteAbortedError extends Error {
  readonly code = 'write_aborted';
  constructor(override readonly cause: unknown) {
    super(`this write failed in the database and will roll back: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'WriteAbortedError';
  }
}

export class TxSession implements TxSql {
  readonly #client: pg.PoolClient;
  readonly #guard: () => void;
  readonly #gate = new FifoMutex();
  /** Savepoint depth of the section the current async context runs in (absent: none). */
  readonly #section = new AsyncLocalStorage<number>();
  #failure: { readonly error: unknown } | null = null;
  #savepoints = 0;
  /** COPYs sent and not yet answered; each settles (never rejects) once the server has answered. */
  readonly #unanswered = new Set<Promise<void>>();

  constructor(client: pg.PoolClient, guard: () => void) {
    this.#client = client;
    this.#guard = guard;
  }

  /**
   * The write is over: its section tracking stops. On Node 20 and 22 an AsyncLocalStorage that
   * has run stays in a process-wide list until disabled, and every promise the process makes
   * then visits each one: one left behind per write made each awaited promise cost ~100 µs
   * after 1,000 writes and ~2.4 ms after 5,000.
   */
  end(): void {
    this.#section.disable();
  }

  /** The database error that doomed this transaction, if any. */
  get failure(): unknown {
    return this.#failure?.error;
  }

  get failed(): boolean {
    return this.#failure !== null;
  }

  query<R>(text: string, values?: readonly unknown[], name?: string): Promise<R[]> {
    return this.#statement(async () => (await this.#client.query({ text, values: values as unknown[] | undefined, name })).rows as R[]);
  }

  copyFrom(copies: readonly CopyRequest[]): Promise<void> {
    return this.#statement(async () => {
      if (copies.length === 0) return;
      const buffers: CopyRows[] = [];
      let batch: CopyBatch;
      try {
        batch = new CopyBatch(copies.map((copy) => {
          const rows = takeCopyBuffer(this.#client);
          buffers.push(rows);
          copy.fill(rows);
          return { text: copy.text, rows };
        }));
      } catch (error) {
        keepCopyBuffers(this.#client, buffers); // nothing was sent from them
        throw error;
      }
      this.#client.query(batch);
      // Answered: the server has read every byte, the buffers may be reused. Refused: bytes
      // may still be on their way out of the socket, the buffers are left to them.
      const answered = batch.done.then(() => keepCopyBuffers(this.#client, buffers));
      const depth = this.#section.getStore();
      if (depth !== undefined && depth > 0) {
        await answered;
        return;
      }
      const settled = answered.then(
        () => undefined,
        (error: unknown) => {
          this.#failure ??= { error };
        },
      );
      this.#unanswered.add(settled);
      void settled.then(() => this.#unanswered.delete(settled));
    }, false);
  }

  /** Resolves once every COPY sent so far has been answered (never rejects: see `failure`). */
  async settle(): Promise<void> {
    while (this.#unanswered.size > 0) await Promise.all(this.#unanswered);
  }

  /**
   * One statement on the client, in the gate; an error outside a savepoint dooms the write.
   * It first waits for the COPYs sent before it (unless it is a COPY itself), so a refused
   * one fails it with WriteAbortedError instead of the server's "transaction is aborted".
   */
  #statement<T>(fn: () => Promise<T>, afterCopies = true): Promise<T> {
    this.#guard();
    return this.#inGate(async () => {
      if (afterCopies) await this.settle();
      // Again once through the gate: the write may have ended while this call waited, and
      // its client may already serve someone else.
      this.#guard();
      this.#assertHealthy();
      try {
        return await fn();
      } catch (error) {
        // Inside a savepoint, atomic() rolls back to it; outside, the transaction is lost.
        if (this.#section.getStore() === undefined || this.#section.getStore() === 0) this.#failure ??= { error };
        throw error;
      }
    });
  }

  serial<T>(fn: () => Promise<T>): Promise<T> {
    this.#guard();
    const depth = this.#section.getStore();
    if (depth !== undefined) return fn();
    return this.#gate.run(() => {
      this.#guard();
      return this.#section.run(0, fn);
    });
  }

  atomic<T>(fn: () => Promise<T>): Promise<T> {
    this.#guard();
    const depth = this.#section.getStore();
    if (depth !== undefined) return this.#section.run(depth + 1, () => this.#savepoint(fn));
    return this.#gate.run(() => this.#section.run(1, () => this.#savepoint(fn)));
  }

  async #savepoint<T>(fn: () => Promise<T>): Promise<T> {
    await this.settle();
    this.#guard();
    this.#assertHealthy();
    const name = `tl_sp_${++this.#savepoints}`;
    await this.#raw(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      await this.#raw(`ROLLBACK TO SAVEPOINT ${name}`);
      await this.#raw(`RELEASE SAVEPOINT ${name}`);
      throw error;
    }
    await this.#raw(`RELEASE SAVEPOINT ${name}`);
    return result;
  }

  /** A control statement of a savepoint: if even that fails, the transaction is lost. */
  async #raw(text: string): Promise<void> {
    try {
      await this.#client.query(text);
    } catch (error) {
      this.#failure ??= { error };
      throw error;
    }
  }

  #inGate<T>(fn: () => Promise<T>): Promise<T> {
    return this.#section.getStore() === undefined ? this.#gate.run(fn) : fn();
  }

  #assertHealthy(): void {
    if (this.#failure !== null) throw new WriteAbortedError(this.#failure.error);
  }
}
