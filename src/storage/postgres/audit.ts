// PostgreSQL facet `audit`: the hash-chained, append-only audit log (port: app/ports/audit.ts;
// SQLite: storage/sqlite/audit.ts, which this mirrors). Appends run inside a write, and
// writes hold the cluster-wide write lock (index.ts), so reading the head and inserting
// after it cannot interleave with another node's append; the primary key on seq would
// refuse a second entry at one position anyway. Triggers refuse UPDATE, DELETE and
// TRUNCATE: a second line of defence behind the port, which has no such methods.
import type { Page } from '../../app/ports.ts';
import {
  AUDIT_GENESIS_HASH, InvalidAuditCursorError, canonicalJson, sealAuditEntry,
  type AuditDraft, type AuditEntry, type AuditHead, type AuditQuery, type AuditReads, type AuditWrites, type JsonValue,
} from '../../app/ports/audit.ts';
import type { Guard, PgFacet } from './facets.ts';
import type { Sql, TxSql } from './sql.ts';
import { requireStorable, storable } from './text.ts';

// `details` is the canonical JSON text, as sealed: re-reading it re-seals to the same hash.
// (JSONB would refuse \u0000 in a string and is not needed by any query.)
const SCHEMA_V1 = `
CREATE TABLE audit_log (
  seq           bigint PRIMARY KEY,
  at            text COLLATE "C" NOT NULL,
  actor         text NOT NULL,
  action        text NOT NULL,
  subject       text NOT NULL,
  reason        text,
  before_digest text,
  after_digest  text,
  threat        text,
  partner       text,
  details       text,
  prev_hash     text NOT NULL,
  hash          text NOT NULL
);
CREATE INDEX audit_by_actor   ON audit_log (actor, seq);
CREATE INDEX audit_by_action  ON audit_log (action, seq);
CREATE INDEX audit_by_subject ON audit_log (subject, seq);
CREATE INDEX audit_by_threat  ON audit_log (threat, seq) WHERE threat IS NOT NULL;
CREATE INDEX audit_by_partner ON audit_log (partner, seq) WHERE partner IS NOT NULL;
CREATE INDEX audit_by_at      ON audit_log (at);
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: entries cannot be changed or deleted';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
`;

const COLUMNS = 'seq, at, actor, action, subject, reason, before_digest, after_digest, threat, partner, details, prev_hash, hash';
const SCAN_BATCH = 500;
const MAX_PAGE = 1000;

const HEAD = { name: 'tl_audit_head', text: 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1' };
// `seq > $1` rather than OFFSET: batches stay cheap however long the log grows.
const SCAN = { name: 'tl_audit_scan', text: `SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2` };
const INSERT = {
  name: 'tl_audit_insert',
  text: `INSERT INTO audit_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
};

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
  ['actor', 'actor = '],
  ['action', 'action = '],
  ['subject', 'subject = '],
  ['threat', 'threat = '],
  ['partner', 'partner = '],
  ['from', 'at >= '],
  ['to', 'at < '],
  ['cursor', 'seq < '],
] as const;

function parseCursor(cursor: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(cursor)) throw new InvalidAuditCursorError(cursor);
  return Number(cursor);
}

function reads(sql: Sql, guard: Guard): AuditReads {
  return {
    async head(): Promise<AuditHead | null> {
      guard();
      const [row] = await sql.query<{ seq: number; hash: string }>(HEAD.text, [], HEAD.name);
      return row === undefined ? null : { seq: row.seq, hash: row.hash };
    },
    async list(query: AuditQuery): Promise<Page<AuditEntry>> {
      guard();
      const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(query.limit)));
      const values: (string | number)[] = [limit + 1];
      const where: string[] = [];
      let mask = 0;
      for (const [i, [key, condition]] of FILTERS.entries()) {
        const value = query[key];
        if (value === undefined) continue;
        // Text PostgreSQL cannot store was never stored: no entry matches it.
        if (key !== 'cursor' && !storable(value)) return { items: [] };
        mask |= 1 << i;
        values.push(key === 'cursor' ? parseCursor(value) : value);
        where.push(`${condition}$${values.length}`);
      }
      const rows = await sql.query<Row>(
        `SELECT ${COLUMNS} FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $1`,
        values,
        `tl_audit_list_${mask}`,
      );
      const items = rows.slice(0, limit).map(toEntry);
      const last = items[items.length - 1];
      return rows.length > limit && last !== undefined ? { items, next: String(last.seq) } : { items };
    },
    async *scan(fromSeq = 1): AsyncIterable<AuditEntry> {
      let after = fromSeq - 1;
      for (;;) {
        guard();
        const rows = await sql.query<Row>(SCAN.text, [after, SCAN_BATCH], SCAN.name);
        for (const row of rows) yield toEntry(row);
        const last = rows[rows.length - 1];
        if (last === undefined || rows.length < SCAN_BATCH) return;
        after = last.seq;
      }
    },
  };
}

function writes(tx: TxSql, guard: Guard): AuditWrites {
  return {
    ...reads(tx, guard),
    async append(draft: AuditDraft): Promise<AuditEntry> {
      guard();
      for (const [what, text] of [['actor', draft.actor], ['action', draft.action], ['subject', draft.subject], ['reason', draft.reason],
        ['before', draft.before], ['after', draft.after], ['threat', draft.threat], ['partner', draft.partner]] as const) {
        requireStorable(`audit ${what}`, text ?? null);
      }
      // Head and insert as one section: no other call of this write appends in between.
      return tx.serial(async () => {
        const [head] = await tx.query<{ seq: number; hash: string }>(HEAD.text, [], HEAD.name);
        const entry = sealAuditEntry(draft, (head?.seq ?? 0) + 1, head?.hash ?? AUDIT_GENESIS_HASH);
        await tx.query(INSERT.text, [
          entry.seq, entry.at, entry.actor, entry.action, entry.subject, entry.reason, entry.before, entry.after,
          entry.threat, entry.partner, entry.details === null ? null : canonicalJson(entry.details), entry.prevHash, entry.hash,
        ], INSERT.name);
        return entry;
      });
    },
  };
}

export const auditFacet: PgFacet<AuditReads, AuditWrites> = {
  name: 'audit',
  migrations: [{ version: 1, name: 'hash-chained audit log with append-only triggers', sql: SCHEMA_V1 }],
  reads,
  writes,
};
