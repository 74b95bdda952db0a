// SQLite facet `audit`: the hash-chained, append-only audit log (port: app/ports/audit.ts).
// Appends are serialised by the store's single writer (BEGIN IMMEDIATE), so reading the head
// and inserting after it cannot interleave with another append. Triggers refuse UPDATE and
// DELETE on the table: a second line of defence behind the port, which has no such methods.
import type Database from 'better-sqlite3';
import type { Page } from '../../app/ports.ts';
import {
  AUDIT_GENESIS_HASH, InvalidAuditCursorError, canonicalJson, sealAuditEntry,
  type AuditDraft, type AuditEntry, type AuditHead, type AuditQuery, type AuditReads, type AuditWrites, type JsonValue,
} from '../../app/ports/audit.ts';
import type { Connection } from './connection.ts';
import type { Guard, SqliteFacet } from './facets.ts';
import { limitBy } from './limit.ts';

const SCHEMA_V1 = `
CREATE TABLE audit_log (
  seq           INTEGER PRIMARY KEY,
  at            TEXT    NOT NULL,
  actor         TEXT    NOT NULL,
  action        TEXT    NOT NULL,
  subject       TEXT    NOT NULL,
  reason        TEXT,
  before_digest TEXT,
  after_digest  TEXT,
  threat        TEXT,
  partner       TEXT,
  details       TEXT,
  prev_hash     TEXT    NOT NULL,
  hash          TEXT    NOT NULL
);
CREATE INDEX audit_by_actor   ON audit_log (actor, seq);
CREATE INDEX audit_by_action  ON audit_log (action, seq);
CREATE INDEX audit_by_subject ON audit_log (subject, seq);
CREATE INDEX audit_by_threat  ON audit_log (threat, seq) WHERE threat IS NOT NULL;
CREATE INDEX audit_by_partner ON audit_log (partner, seq) WHERE partner IS NOT NULL;
CREATE INDEX audit_by_at      ON audit_log (at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END;
`;

const COLUMNS = 'seq, at, actor, action, subject, reason, before_digest, after_digest, threat, partner, details, prev_hash, hash';
const SCAN_BATCH = 500;
const MAX_PAGE = 1000;

interface Row {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly reason: string | null;
  readonly before_digest: string | null;
  readonly after_digest: string | null;
  readonly threat: string | null;
  readonly partner: string | null;
  readonly details: string | null;
  readonly prev_hash: string;
  readonly hash: string;
}

interface Statements {
  readonly db: Connection;
  readonly head: Database.Statement;
  readonly scan: Database.Statement;
  readonly insert: Database.Statement;
  /** list statements by which filters are present (bit mask), built on first use. */
  readonly lists: Map<number, Database.Statement>;
}

function toEntry(row: Row): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    reason: row.reason,
    before: row.before_digest,
    after: row.after_digest,
    threat: row.threat,
    partner: row.partner,
    details: row.details === null ? null : (JSON.parse(row.details) as JsonValue),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const FILTERS = [
  ['actor', 'actor = @actor'],
  ['action', 'action = @action'],
  ['subject', 'subject = @subject'],
  ['threat', 'threat = @threat'],
  ['partner', 'partner = @partner'],
  ['from', 'at >= @from'],
  ['to', 'at < @to'],
  ['cursor', 'seq < @cursor'],
] as const;

function listStatement(s: Statements, mask: number): Database.Statement {
  let statement = s.lists.get(mask);
  if (statement === undefined) {
    const where = FILTERS.filter((_, i) => (mask & (1 << i)) !== 0).map(([, sql]) => sql);
    statement = s.db.prepare(
      `SELECT ${COLUMNS} FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC ${limitBy('@limit')}`,
    );
    s.lists.set(mask, statement);
  }
  return statement;
}

function parseCursor(cursor: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(cursor)) throw new InvalidAuditCursorError(cursor);
  return Number(cursor);
}

function reads(s: Statements, guard: Guard): AuditReads {
  return {
    async head(): Promise<AuditHead | null> {
      guard();
      const row = s.head.get() as { seq: number; hash: string } | undefined;
      return row === undefined ? null : { seq: row.seq, hash: row.hash };
    },
    async list(query: AuditQuery): Promise<Page<AuditEntry>> {
      guard();
      const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(query.limit)));
      const params: Record<string, string | number> = { limit: limit + 1 };
      let mask = 0;
      FILTERS.forEach(([key], i) => {
        const value = query[key];
        if (value === undefined) return;
        mask |= 1 << i;
        params[key] = key === 'cursor' ? parseCursor(value) : value;
      });
      const rows = listStatement(s, mask).all(params) as Row[];
      const items = rows.slice(0, limit).map(toEntry);
      const last = items[items.length - 1];
      return rows.length > limit && last !== undefined ? { items, next: String(last.seq) } : { items };
    },
    async *scan(fromSeq = 1): AsyncIterable<AuditEntry> {
      let after = fromSeq - 1;
      for (;;) {
        guard();
        const rows = s.scan.all(after, SCAN_BATCH) as Row[];
        for (const row of rows) yield toEntry(row);
        const last = rows[rows.length - 1];
        if (last === undefined || rows.length < SCAN_BATCH) return;
        after = last.seq;
      }
    },
  };
}

function writes(s: Statements, guard: Guard): AuditWrites {
  return {
    ...reads(s, guard),
    async append(draft: AuditDraft): Promise<AuditEntry> {
      guard();
      const head = s.head.get() as { seq: number; hash: string } | undefined;
      const entry = sealAuditEntry(draft, (head?.seq ?? 0) + 1, head?.hash ?? AUDIT_GENESIS_HASH);
      s.insert.run(
        entry.seq, entry.at, entry.actor, entry.action, entry.subject, entry.reason, entry.before, entry.after,
        entry.threat, entry.partner, entry.details === null ? null : canonicalJson(entry.details), entry.prevHash, entry.hash,
      );
      return entry;
    },
  };
}

export const auditFacet: SqliteFacet<AuditReads, AuditWrites> = {
  name: 'audit',
  migrations: [{ version: 1, name: 'hash-chained audit log with append-only triggers', sql: SCHEMA_V1 }],
  prepare(db) {
    const s: Statements = {
      db,
      head: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      // `seq > ?` rather than OFFSET: batches stay cheap however long the log grows.
      scan: db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq ${limitBy('?')}`),
      insert: db.prepare(`INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      lists: new Map(),
    };
    return { reads: (guard) => reads(s, guard), writes: (guard) => writes(s, guard) };
  },
};
