// The PostgreSQL Store: a pg pool shared by reads, and one pooled client per write.
//
// Writes. `store.write(work)` checks out one client and runs
//   BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(write, schema)
// then `work` with a tx on that client, then COMMIT (or ROLLBACK if work throws). The
// advisory lock makes writes one at a time across every node sharing the database, which
// is what the port promises ("no other write interleaves with it") and what SQLite gives:
// a write may read, decide, then write (putObjects' unchanged/conflict judgement, a hash-
// chained audit log, "create unless taken" in a facet) without another node's write
// slipping in between, so there are no lost updates and no duplicate versions by
// construction. The schema backs this up on its own: unique (id), unique (oid,
// version_key), unique memberships, and a latest pointer raised only by a condition on its
// own row (schema-v1.ts), so even a writer that bypassed the lock could not create a
// duplicate or lower a latest version; it would get an error instead.
//
// Why READ COMMITTED and not SERIALIZABLE: the lock is taken by the transaction's first
// statement, so under REPEATABLE READ/SERIALIZABLE the snapshot would date from before
// the wait and miss the previous writer's commit. READ COMMITTED takes a fresh snapshot per
// statement, after the lock. SERIALIZABLE with retries would also have to re-run `work`,
// which the port does not allow (work may have effects outside the store).
//
// Within one node, writes also queue on a FIFO mutex, so they start in call order (the
// contract) and never hold more than one client waiting on the lock.
//
// Reads outside a write go to the pool: each is one statement, on committed data only.
import type pg from 'pg';
import type { Store, StoreWriter } from '../../app/ports.ts';
import { NestedWriteError, StoreClosedError } from '../errors.ts';
import { FifoMutex } from '../mutex.ts';
import { NestedWriteGuard } from '../nestedWriteGuard.ts';
import { createPool } from './pool.ts';
import { migrate } from './migrations.ts';
import { PgReader } from './reader.ts';
import { PgWriter } from './writer.ts';
import { facetReads, facetWrites } from './facets.ts';
import { poolSql, TxSession, WriteAbortedError } from './sql.ts';
import { LOCK_CLASS, schemaLockId } from './locks.ts';
import { integrityProblems } from './integrity.ts';

export { WriteAbortedError } from './sql.ts';

export interface PostgresStoreOptions {
  /** A libpq-style URL: postgres://user:password@host:5432/database?sslmode=require */
  readonly url: string;
  /**
   * The schema for Tearline's tables, created if missing (lower-case letters, digits, _).
   * Absent: the server's current schema for that user (usually `public`).
   */
  readonly schema?: string;
  /** Pool size (default 10). One connection per node serves writes; the rest serve reads. */
  readonly maxConnections?: number;
}

export interface PostgresStore extends Store {
  /** The schema holding the tables. */
  readonly schema: string;
  /** Invariants the schema cannot declare (integrity.ts); empty when sound. Reads committed data. */
  integrityCheck(): Promise<string[]>;
}

/** Connects, migrates (once across nodes) and opens a store. Throws SchemaVersionError for a newer schema. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = createPool(options);
  try {
    const client = await pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken ??= error;
    };
    client.on('error', onError);
    let schema: string;
    try {
      schema = options.schema ?? (await currentSchema(client));
      await migrate(client, { schema });
      // A second connection, so the first write and a read beside it need no connection
      // set-up (a server process fork) on their way.
      if ((options.maxConnections ?? 2) >= 2) (await pool.connect()).release();
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
    return new PostgresStoreImpl(pool, schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
}

async function currentSchema(client: pg.PoolClient): Promise<string> {
  const { rows } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
  const schema = rows[0]?.schema ?? null;
  if (schema === null) throw new Error('no schema on the search_path exists; create one or pass a schema');
  return schema;
}

class PostgresStoreImpl extends PgReader implements PostgresStore {
  readonly schema: string;
  readonly #pool: pg.Pool;
  readonly #life: { closed: boolean };
  readonly #mutex = new FifoMutex();
  /** Set while this store's write work runs, to refuse a nested write instead of deadlocking. */
  readonly #insideWrite = new NestedWriteGuard();
  readonly #beginWrite: string;
  #closing: Promise<void> | null = null;

  constructor(pool: pg.Pool, schema: string) {
    const life = { closed: false };
    const guard = (): void => {
      if (life.closed) throw new StoreClosedError('store');
    };
    const sql = poolSql(pool, guard);
    super(sql, guard, facetReads(sql, guard));
    this.schema = schema;
    this.#pool = pool;
    this.#life = life;
    // Literals only (both numbers): one simple-protocol round trip for both statements.
    this.#beginWrite = `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(${LOCK_CLASS.write}, ${schemaLockId(schema)})`;
  }

  write<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    if (this.#closing !== null) return Promise.reject(new StoreClosedError('store'));
    if (this.#insideWrite.inside) return Promise.reject(new NestedWriteError());
    return this.#mutex.run(() => this.#runWrite(work));
  }

  async #runWrite<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    // A client whose connection may be in an unknown state is destroyed, not pooled again.
    let broken: Error | undefined;
    // A checked-out client whose connection drops emits 'error'; unheard, that would end the
    // process. The same error also fails the statement in flight (or the next), where the
    // write handles it.
    const onError = (error: Error): void => {
      broken ??= error;
    };
    client.on('error', onError);
    let session: TxSession | undefined;
    try {
      await client.query(this.#beginWrite).catch((error: unknown) => {
        broken = asError(error);
        throw error;
      });
      let active = true;
      const guard = (): void => {
        if (!active) throw new StoreClosedError('this write');
      };
      session = new TxSession(client, guard);
      const tx = new PgWriter(session, guard, facetWrites(session, guard));
      let result: T;
      try {
        result = await this.#insideWrite.run(() => work(tx));
      } catch (error) {
        active = false;
        broken = (await rollback(client)) ?? broken;
        throw error;
      }
      active = false;
      // COPYs work sent may still be on their way (sql.ts): their answer decides the commit.
      await session.settle();
      if (session.failed) {
        // Work caught a database error and went on: the transaction is lost all the same.
        broken = (await rollback(client)) ?? broken;
        throw new WriteAbortedError(session.failure);
      }
      // BEGIN or COMMIT failing means a lost connection or a server going down: the client
      // is not reused.
      const commit = await client.query('COMMIT').catch((error: unknown) => {
        broken = asError(error);
        throw error;
      });
      // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, not an error.
      if (commit.command === 'ROLLBACK') throw new WriteAbortedError(new Error('the server rolled the transaction back'));
      return result;
    } finally {
      // Left enabled, the session's section tracking would hook every promise of the process.
      session?.end();
      this.#insideWrite.writeEnded();
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  async integrityCheck(): Promise<string[]> {
    if (this.#life.closed) throw new StoreClosedError('store');
    return integrityProblems(poolSql(this.#pool, () => undefined));
  }

  close(): Promise<void> {
    // Writes queued before close still run; close waits for them, then ends the pool.
    this.#closing ??= this.#mutex.run(async () => {
      this.#life.closed = true;
      await this.#pool.end();
    });
    return this.#closing;
  }
}

/** Rolls back; returns the error when even that failed (the connection is then unusable). */
async function rollback(client: pg.PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return asError(error);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
