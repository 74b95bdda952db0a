// Opens one better-sqlite3 connection with the settings every Tearline connection needs.
import Database from 'better-sqlite3';

export type Connection = Database.Database;

/** How long a connection waits for another process's lock before SQLITE_BUSY (ms). */
const BUSY_TIMEOUT_MS = 5000;

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
  tuneCache(db);
  // Checkpoint every ~40 MB of WAL instead of ~4 MB: index pages touched again before the
  // checkpoint are copied to the database once, which makes bulk ingest ~30% faster.
  db.pragma('wal_autocheckpoint = 10000');
  // After a checkpoint, shrink a WAL that a big ingest grew back to this size.
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  return db;
}

export function openReaderConnection(path: string): Connection {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  tuneCache(db);
  return db;
}

function tuneCache(db: Connection): void {
  // 64 MiB page cache (negative = KiB): keeps the id and ref indexes hot during ingest.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
}
