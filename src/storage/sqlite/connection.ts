// Opens one better-sqlite3 connection with the settings every Tearline connection needs.
import Database from 'better-sqlite3';

export type Connection = Database.Database;

/** How long a connection waits for another process's lock before SQLITE_BUSY (ms). */
const BUSY_TIMEOUT_MS = 5000;
/** 65,536 pages of 4 KiB. */
const WAL_BACKSTOP_PAGES = 65536;

export function openWriterConnection(path: string): Connection {
  const db = new Database(path);
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
  // as a backstop, once the WAL holds 256 MiB.
  db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
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
