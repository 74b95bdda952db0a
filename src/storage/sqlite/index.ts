// The SQLite Store: one writer connection behind a FIFO async mutex, one reader connection.
//
// better-sqlite3 is synchronous but a write's `work` is async, so the transaction spans
// awaits. The mutex makes sure no other write's statements run on the writer connection
// until this one has committed or rolled back. Reads outside a write go to a separate
// read-only connection, where WAL shows them only committed data. An in-memory database
// cannot be opened twice, so there the reader is the writer connection too: reads outside
// a write then see a write in progress (tests only; say so in the contract options).
import type Database from 'better-sqlite3';
import type { Store, StoreWriter } from '../../app/ports.ts';
import { NestedWriteError, ReadOnlyStoreError, StoreClosedError } from '../errors.ts';
import { openReaderConnection, openWriterConnection, type Connection } from './connection.ts';
import { assertCurrent, migrate } from './migrations.ts';
import { FifoMutex } from '../mutex.ts';
import { NestedWriteGuard } from '../nestedWriteGuard.ts';
import { SqliteReader } from './reader.ts';
import { prepareReadStatements, type ReadStatements } from './read-statements.ts';
import { prepareWriteOps, SqliteWriter, type WriteOps } from './writer.ts';
import { prepareFacets, type PreparedFacets } from './facets.ts';
import { integrityProblems } from './integrity.ts';
import { Checkpointer } from './checkpointer.ts';

/** Rows changed since the last checkpoint request before the next one (~ a few MB of WAL). */
const CHECKPOINT_EVERY_CHANGES = 1000;

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for a private in-memory database. */
  readonly path: string;
  /** Open an existing, current database for reads only; `write` is refused. */
  readonly readonly?: boolean;
}

export interface SqliteStore extends Store {
  /**
   * Problems SQLite's integrity_check and foreign_key_check find, plus wrong latest-version
   * pointers and stored id hashes. Empty when the database is sound. Reads committed data.
   */
  integrityCheck(): Promise<string[]>;
}

/** Opens (creating if needed) and migrates a store. Throws SchemaVersionError for a newer schema. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const inMemory = options.path === ':memory:' || options.path === '';
  if (options.readonly === true) {
    if (inMemory) throw new Error('an in-memory store cannot be opened read-only');
    const reader = openReaderConnection(options.path);
    try {
      assertCurrent(reader);
      return SqliteStoreImpl.open(reader, null, null);
    } catch (error) {
      reader.close();
      throw error;
    }
  }
  const writer = openWriterConnection(options.path);
  let reader: Connection | null = null;
  try {
    migrate(writer);
    reader = inMemory ? writer : openReaderConnection(options.path);
    return SqliteStoreImpl.open(reader, writer, inMemory ? null : new Checkpointer(options.path));
  } catch (error) {
    if (reader !== null && reader !== writer) reader.close();
    writer.close();
    throw error;
  }
}

interface Lifecycle {
  closed: boolean;
}

interface WriterSide {
  readonly db: Connection;
  readonly reads: ReadStatements;
  readonly ops: WriteOps;
  readonly facets: PreparedFacets;
  readonly totalChanges: Database.Statement;
  readonly checkpointer: Checkpointer | null;
  changesAtLastCheckpoint: number;
}

class SqliteStoreImpl extends SqliteReader implements SqliteStore {
  readonly #reader: Connection;
  readonly #writer: WriterSide | null;
  readonly #life: Lifecycle;
  readonly #mutex = new FifoMutex();
  /** Set while this store's write work runs, to refuse a nested write instead of deadlocking. */
  readonly #insideWrite = new NestedWriteGuard();
  #closing: Promise<void> | null = null;

  static open(reader: Connection, writer: Connection | null, checkpointer: Checkpointer | null): SqliteStoreImpl {
    const life: Lifecycle = { closed: false };
    const reads = prepareReadStatements(reader);
    const readerFacets = prepareFacets(reader);
    const writerSide = writer === null ? null : {
      db: writer,
      // On ':memory:' the reader is the writer connection: share its statements.
      reads: writer === reader ? reads : prepareReadStatements(writer),
      ops: prepareWriteOps(writer),
      facets: writer === reader ? readerFacets : prepareFacets(writer),
      totalChanges: writer.prepare('SELECT total_changes()').pluck(),
      checkpointer,
      changesAtLastCheckpoint: 0,
    };
    return new SqliteStoreImpl(reader, reads, readerFacets, writerSide, life);
  }

  private constructor(reader: Connection, reads: ReadStatements, facets: PreparedFacets, writer: WriterSide | null, life: Lifecycle) {
    const guard = (): void => {
      if (life.closed) throw new StoreClosedError('store');
    };
    super(reads, guard, facets.reads(guard));
    this.#reader = reader;
    this.#writer = writer;
    this.#life = life;
  }

  write<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    if (this.#closing !== null) return Promise.reject(new StoreClosedError('store'));
    if (this.#writer === null) return Promise.reject(new ReadOnlyStoreError());
    if (this.#insideWrite.inside) return Promise.reject(new NestedWriteError());
    const writer = this.#writer;
    return this.#mutex.run(async () => {
      writer.db.exec('BEGIN IMMEDIATE');
      let active = true;
      const guard = (): void => {
        if (!active) throw new StoreClosedError('this write');
      };
      const tx = new SqliteWriter(writer.reads, writer.ops, guard, writer.facets.writes(guard));
      let result: T;
      try {
        result = await this.#insideWrite.run(() => work(tx));
        writer.db.exec('COMMIT');
      } catch (error) {
        // SQLite may already have rolled back by itself (e.g. on SQLITE_FULL).
        if (writer.db.inTransaction) writer.db.exec('ROLLBACK');
        throw error;
      } finally {
        active = false;
        this.#insideWrite.writeEnded();
      }
      this.#maybeCheckpoint(writer);
      return result;
    });
  }

  #maybeCheckpoint(writer: WriterSide): void {
    if (writer.checkpointer === null) return;
    const changes = writer.totalChanges.get() as number;
    if (changes - writer.changesAtLastCheckpoint < CHECKPOINT_EVERY_CHANGES) return;
    writer.changesAtLastCheckpoint = changes;
    writer.checkpointer.request();
  }

  async integrityCheck(): Promise<string[]> {
    if (this.#life.closed) throw new StoreClosedError('store');
    return integrityProblems(this.#reader);
  }

  close(): Promise<void> {
    // Writes queued before close still run; close waits for them, then shuts the connections.
    this.#closing ??= this.#mutex.run(async () => {
      this.#life.closed = true;
      await this.#writer?.checkpointer?.close();
      if (this.#writer !== null) {
        this.#writer.db.pragma('optimize');
        if (this.#writer.db !== this.#reader) this.#reader.close();
        this.#writer.db.close();
      } else {
        this.#reader.close();
      }
    });
    return this.#closing;
  }
}
