// Opens one better-sqlite3 connection with the settings every Tearline connection needs.
import Database from 'better-sqlite3';

export type Connection = Database.Database;

/** How long a connection waits for another process's lock before SQLITE_BUSY (ms). */
const BUSY_TIMEOUT_MS = 5000;
/** The WAL size at which the writer checkpoints inside COMMIT as a backstop. */
const WAL_BACKSTOP_BYTES = 256 * 1024 * 1024;
/**
 * Page size of a new database (an existing one keeps its own). 8 KiB instead of SQLite's
 * 4 KiB: the store is mostly JSON documents of 1-10 KB, read in pages of a hundred, and every
 * page written to the WAL costs system calls on top of its bytes. Bigger pages write more
 * bytes for each scattered index update, so the size is a compromise, measured (ATT&CK into
 * a new file / TAXII GET of random pages and POSTs of 1,000 objects into a 1,000,000-object
 * collection):
 *   4 KiB: ATT&CK median 1.95 s; GET 881 rps, p99 62 ms; POST 10,149 objects/s
 *   8 KiB: ATT&CK median 1.79 s; GET 1,444 rps, p99 29 ms; POST 9,773 objects/s
 *  16 KiB: ATT&CK median 1.70 s; GET 1,270-1,451 rps, p99 39-53 ms; POST 8,148-8,933 objects/s
 */
const NEW_DATABASE_PAGE_SIZE = 8192;

export function openWriterConnection(path: string): Connection {
  const db = new Database(path);
  // Takes effect only while the file is still empty; later it is silently ignored.
  db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
  // WAL: readers never block the writer or each other, and a reader sees only committed
  // transactions. (':memory:' databases ignore this and stay in 'memory' mode.)
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit is durable once the WAL is written, without an fsync per
  // commit. A crash of the process loses nothing committed; a power loss or OS crash may
  // lose the last transactions since the previous checkpoint's fsync, but the database
  // stays consistent (never corrupt, never a half-applied write). Ingest re-fetches its
  // sources idempotently, so losing a few seconds of writes to a power cut is recoverable,
  // while FULL would cost an fsync on every write. Switch to FULL if the audit trail must
  // survive power loss to the last commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // 16 MiB page cache (negative = KiB). Pages that fall out are read back from the OS cache
  // cheaply, while every page of a bigger cache is first touched, and page-faulted, by the
  // ingest that fills it: measured with 64 MiB, a fresh process took ~300 ms longer to write
  // ATT&CK and peaked 50 MiB higher on 200,000 synthetic objects.
  db.pragma('cache_size = -16384');
  db.pragma('temp_store = MEMORY');
  // Checkpoints run on a worker (checkpointer.ts); the writer checkpoints inside COMMIT only
  // as a backstop, once the WAL holds 256 MiB (counted in pages of this file's size).
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`wal_autocheckpoint = ${Math.round(WAL_BACKSTOP_BYTES / pageSize)}`);
  // After a checkpoint, shrink a WAL that a big ingest grew back to this size.
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  return db;
}

export function openReaderConnection(path: string): Connection {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Reads are mostly sequential (pages, scans) or by index; the OS cache serves the rest.
  db.pragma('cache_size = -16384');
  db.pragma('temp_store = MEMORY');
  return db;
}
