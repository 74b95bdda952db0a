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
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { FifoMutex } from '../sqlite/mutex.ts';
import { CopyRows } from './copy-text.ts';

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
   * Runs `COPY ... FROM STDIN` in text format with the rows `fill` adds (copy-text.ts) as
   * its whole input; answers the rows copied. A failure dooms the write, as any statement's
   * does.
   */
  copyFrom(text: string, fill: (rows: CopyRows) => void): Promise<number>;
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

/** COPY buffers by connection: one write at a time uses a connection, and one COPY at a time. */
const copyBuffers = new WeakMap<pg.ClientBase, CopyRows>();
/** A buffer past this size (an unusually large batch) is not kept for the next COPY. */
const KEPT_COPY_BYTES = 16 * 2 ** 20;

/**
 * The connection's COPY buffer, kept between COPYs: fresh memory for every megabyte-sized
 * batch measured as costly as encoding it (page faults on first touch), where reused memory
 * costs nothing.
 */
function copyBuffer(client: pg.ClientBase): CopyRows {
  let rows = copyBuffers.get(client);
  if (rows === undefined || rows.capacity > KEPT_COPY_BYTES) {
    rows = new CopyRows();
    copyBuffers.set(client, rows);
  }
  return rows;
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

  constructor(client: pg.PoolClient, guard: () => void) {
    this.#client = client;
    this.#guard = guard;
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

  copyFrom(text: string, fill: (rows: CopyRows) => void): Promise<number> {
    return this.#statement(async () => {
      const rows = copyBuffer(this.#client);
      rows.reset();
      fill(rows);
      const stream = this.#client.query(copyFromStdin(text));
      // 'finish' comes once the server has read every byte and answered: only then may the
      // buffer be reused. A server that refuses the COPY answers at once, while bytes may
      // still be on their way: that buffer is left to them.
      await new Promise<void>((resolve, reject) => {
        stream.once('finish', resolve);
        stream.once('error', (error) => {
          copyBuffers.delete(this.#client);
          reject(error);
        });
        stream.end(rows.bytes);
      });
      return stream.rowCount;
    });
  }

  /** One statement on the client, in the gate; an error outside a savepoint dooms the write. */
  #statement<T>(fn: () => Promise<T>): Promise<T> {
    this.#guard();
    return this.#inGate(async () => {
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
