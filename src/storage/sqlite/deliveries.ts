// The `deliveries` facet on SQLite (issue 7): the outbox of products on their way to
// partners, the attempts to send them, used acknowledgement tokens, recorded disclosures and
// the partner feedback linked to deliveries. Writes only its own tables.
//
// Timestamps are stored as the Clock writes them (RFC 3339 UTC, milliseconds), so text order
// is time order for the due and lease comparisons. The SQL is plain (no SQLite-only
// behaviour the contract depends on): PostgreSQL does the claim with
// `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING *`.
import type {
  ClaimRequest, DeliveriesReads, DeliveriesWrites, DeliveryAttemptRow, DeliveryListQuery, DeliveryRow,
  DisclosureRecord, FeedbackLink, FinishAttempt, FinishResult, NewDelivery,
} from '../../app/ports/deliveries.ts';
import type { Page } from '../../app/ports.ts';
import { toDelivery, toDisclosure, toFeedback, type DisclosureRow, type FeedbackRow, type OutboxRow } from '../rows/deliveries.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { Connection } from './connection.ts';
import type { FacetMigration, Guard, SqliteFacet } from './facets.ts';
import { limitBy } from './limit.ts';

const SCHEMA_V1 = `
CREATE TABLE delivery_outbox (
  id               TEXT    PRIMARY KEY,
  idempotency_key  TEXT    NOT NULL UNIQUE,
  case_id          TEXT    NOT NULL,
  partner_name     TEXT    NOT NULL,
  channel          TEXT    NOT NULL CHECK (channel IN ('taxii', 'webhook', 'email')),
  product_id       TEXT    NOT NULL,
  product_sha256   TEXT    NOT NULL,
  bundle_json      TEXT    NOT NULL,
  banner           TEXT    NOT NULL,
  warning_text     TEXT    NOT NULL,
  media_type       TEXT    NOT NULL,
  requested_by     TEXT    NOT NULL,
  requested_at     TEXT    NOT NULL,
  state            TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dead')),
  attempts         INTEGER NOT NULL,
  next_attempt_at  TEXT,
  lease_owner      TEXT,
  lease_expires_at TEXT,
  last_error       TEXT,
  sent_at          TEXT,
  delivered_sha256 TEXT,
  document_sha256  TEXT,
  receipt          TEXT,
  case_record      TEXT,
  acknowledged_at  TEXT,
  updated_at       TEXT    NOT NULL
);
CREATE INDEX delivery_outbox_due ON delivery_outbox (state, next_attempt_at);
CREATE INDEX delivery_outbox_lease ON delivery_outbox (state, lease_expires_at);
CREATE INDEX delivery_outbox_order ON delivery_outbox (requested_at, id);
CREATE INDEX delivery_outbox_by_case ON delivery_outbox (case_id);

CREATE TABLE delivery_objects (
  object_id   TEXT NOT NULL,
  delivery_id TEXT NOT NULL REFERENCES delivery_outbox (id),
  PRIMARY KEY (object_id, delivery_id)
);

CREATE TABLE delivery_attempts (
  delivery_id TEXT    NOT NULL REFERENCES delivery_outbox (id),
  seq         INTEGER NOT NULL,
  started_at  TEXT    NOT NULL,
  finished_at TEXT    NOT NULL,
  ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
  error       TEXT,
  lease_owner TEXT    NOT NULL,
  PRIMARY KEY (delivery_id, seq)
);

CREATE TABLE delivery_ack_tokens (
  nonce       TEXT PRIMARY KEY,
  delivery_id TEXT NOT NULL,
  used_at     TEXT NOT NULL
);

CREATE TABLE delivery_disclosures (
  id               TEXT PRIMARY KEY,
  case_id          TEXT NOT NULL,
  channel          TEXT NOT NULL CHECK (channel IN ('in_person_meeting', 'phone_call', 'liaison_meeting')),
  kind             TEXT NOT NULL CHECK (kind IN ('release', 'disclosure')),
  by_whom          TEXT NOT NULL,
  to_name          TEXT NOT NULL,
  to_organisation  TEXT,
  to_country       TEXT,
  at               TEXT NOT NULL,
  place            TEXT NOT NULL,
  substance        TEXT NOT NULL,
  substance_sha256 TEXT NOT NULL,
  recorded_by      TEXT NOT NULL,
  recorded_at      TEXT NOT NULL
);
CREATE INDEX delivery_disclosures_by_case ON delivery_disclosures (case_id, at, id);

CREATE TABLE delivery_feedback (
  delivery_id    TEXT NOT NULL REFERENCES delivery_outbox (id),
  case_id        TEXT NOT NULL,
  object_id      TEXT NOT NULL,
  object_version TEXT NOT NULL,
  object_type    TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('acknowledgement', 'sighting', 'outcome', 'note')),
  received_at    TEXT NOT NULL,
  source         TEXT NOT NULL,
  PRIMARY KEY (delivery_id, object_id, object_version)
);
CREATE INDEX delivery_feedback_by_case ON delivery_feedback (case_id, received_at);
CREATE INDEX delivery_feedback_by_time ON delivery_feedback (received_at, object_id, object_version);
`;

// v2: a `cancelled` state (the case was waived or closed: nothing more may go out). SQLite
// cannot change a CHECK in place, so the outbox is rebuilt. The migration runs inside one
// transaction with foreign keys on: dropping the old table leaves the children (objects,
// attempts, feedback) pointing at no row, which `defer_foreign_keys` lets wait until commit,
// and re-inserting each parent row under the same name settles them again.
const OUTBOX_V2 = SCHEMA_V1.slice(SCHEMA_V1.indexOf('CREATE TABLE delivery_outbox ('), SCHEMA_V1.indexOf('CREATE TABLE delivery_objects'))
  .replace("CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dead'))", "CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dead', 'cancelled'))");
const SCHEMA_V2 = `
PRAGMA defer_foreign_keys = ON;
CREATE TABLE delivery_outbox_v1 AS SELECT * FROM delivery_outbox;
DROP TABLE delivery_outbox;
${OUTBOX_V2}
INSERT INTO delivery_outbox SELECT * FROM delivery_outbox_v1;
DROP TABLE delivery_outbox_v1;
CREATE INDEX delivery_objects_by_delivery ON delivery_objects (delivery_id);
PRAGMA defer_foreign_keys = OFF;
`;

const MIGRATIONS: readonly FacetMigration[] = [
  { version: 1, name: 'delivery outbox, attempts, ack tokens, disclosures, feedback', sql: SCHEMA_V1 },
  { version: 2, name: 'cancelled deliveries', sql: SCHEMA_V2 },
];

const MAX_LIST = 1000;
const LIST_CURSOR = 'deliveries';


interface AttemptRow {
  readonly delivery_id: string;
  readonly seq: number;
  readonly started_at: string;
  readonly finished_at: string;
  readonly ok: number;
  readonly error: string | null;
  readonly lease_owner: string;
}



/** A row is due: waiting and its time has come, or sending under a lease that has expired. */
const DUE = `((state IN ('pending', 'failed') AND next_attempt_at <= @now) OR (state = 'sending' AND lease_expires_at < @now))`;

function prepareReads(db: Connection) {
  return {
    get: db.prepare('SELECT * FROM delivery_outbox WHERE id = ?'),
    byKey: db.prepare('SELECT * FROM delivery_outbox WHERE idempotency_key = ?'),
    // States and case are optional filters; NULL parameters switch them off.
    listFirst: db.prepare(`SELECT * FROM delivery_outbox
      WHERE (@states IS NULL OR state IN (SELECT value FROM json_each(@states))) AND (@caseId IS NULL OR case_id = @caseId)
      ORDER BY requested_at, id ${limitBy('@limit')}`),
    listAfter: db.prepare(`SELECT * FROM delivery_outbox
      WHERE (@states IS NULL OR state IN (SELECT value FROM json_each(@states))) AND (@caseId IS NULL OR case_id = @caseId)
        AND (requested_at > @afterAt OR (requested_at = @afterAt AND id > @afterId))
      ORDER BY requested_at, id ${limitBy('@limit')}`),
    attempts: db.prepare('SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY seq'),
    carrying: db.prepare(`SELECT d.* FROM delivery_objects o JOIN delivery_outbox d ON d.id = o.delivery_id
      WHERE o.object_id = ? ORDER BY d.requested_at, d.id`),
    tokenUsedAt: db.prepare('SELECT used_at FROM delivery_ack_tokens WHERE nonce = ?').pluck(),
    disclosures: db.prepare('SELECT * FROM delivery_disclosures WHERE case_id = ? ORDER BY at, id'),
    feedbackOfCase: db.prepare('SELECT * FROM delivery_feedback WHERE case_id = ? ORDER BY received_at, object_id, object_version'),
    feedbackSince: db.prepare(`SELECT * FROM delivery_feedback WHERE received_at >= ?
      ORDER BY received_at, object_id, object_version, delivery_id ${limitBy('?')}`),
  };
}
type ReadStatements = ReturnType<typeof prepareReads>;

function prepareWrites(db: Connection, r: ReadStatements) {
  const s = {
    insert: db.prepare(`INSERT INTO delivery_outbox (id, idempotency_key, case_id, partner_name, channel, product_id,
        product_sha256, bundle_json, banner, warning_text, media_type, requested_by, requested_at, state, attempts,
        next_attempt_at, updated_at)
      VALUES (@id, @idempotencyKey, @caseId, @partnerName, @channel, @productId, @productSha256, @bundleJson, @banner,
        @warningText, @mediaType, @requestedBy, @requestedAt, 'pending', 0, @requestedAt, @requestedAt)`),
    addObject: db.prepare('INSERT INTO delivery_objects (object_id, delivery_id) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    due: db.prepare(`SELECT id FROM delivery_outbox WHERE ${DUE}
      ORDER BY CASE WHEN state = 'sending' THEN lease_expires_at ELSE next_attempt_at END, id ${limitBy('@limit')}`).pluck(),
    claim: db.prepare(`UPDATE delivery_outbox SET
        last_error = CASE WHEN state = 'sending'
          THEN 'the lease of ' || lease_owner || ' expired before it recorded an outcome; resent under the same idempotency key'
          ELSE last_error END,
        state = 'sending', lease_owner = @owner, lease_expires_at = @leaseExpiresAt, updated_at = @now
      WHERE id = @id AND ${DUE}`),
    lastSeq: db.prepare('SELECT coalesce(max(seq), 0) FROM delivery_attempts WHERE delivery_id = ?').pluck(),
    appendAttempt: db.prepare(`INSERT INTO delivery_attempts (delivery_id, seq, started_at, finished_at, ok, error, lease_owner)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    finishSent: db.prepare(`UPDATE delivery_outbox SET state = 'sent', attempts = attempts + 1, next_attempt_at = NULL,
        lease_owner = NULL, lease_expires_at = NULL, sent_at = @at, delivered_sha256 = @sha, document_sha256 = @doc, receipt = @receipt, updated_at = @at
      WHERE id = @id`),
    finishFailed: db.prepare(`UPDATE delivery_outbox SET state = 'failed', attempts = attempts + 1, next_attempt_at = @next,
        lease_owner = NULL, lease_expires_at = NULL, last_error = @error, updated_at = @at WHERE id = @id`),
    finishDead: db.prepare(`UPDATE delivery_outbox SET state = 'dead', attempts = attempts + 1, next_attempt_at = NULL,
        lease_owner = NULL, lease_expires_at = NULL, last_error = @error, updated_at = @at WHERE id = @id`),
    requeue: db.prepare(`UPDATE delivery_outbox SET state = 'pending', attempts = 0, next_attempt_at = @now, updated_at = @now
      WHERE id = @id AND state IN ('dead', 'failed')`),
    cancel: db.prepare(`UPDATE delivery_outbox SET state = 'cancelled', next_attempt_at = NULL, lease_owner = NULL,
        lease_expires_at = NULL, last_error = @reason, updated_at = @at
      WHERE id = @id AND (state IN ('pending', 'failed', 'dead') OR (state = 'sending' AND lease_owner = @leaseOwner))`),
    acknowledged: db.prepare('UPDATE delivery_outbox SET acknowledged_at = coalesce(acknowledged_at, @at), updated_at = @at WHERE id = @id'),
    caseRecord: db.prepare('UPDATE delivery_outbox SET case_record = @record, updated_at = @at WHERE id = @id'),
    useToken: db.prepare('INSERT INTO delivery_ack_tokens (nonce, delivery_id, used_at) VALUES (?, ?, ?) ON CONFLICT (nonce) DO NOTHING'),
    putDisclosure: db.prepare(`INSERT INTO delivery_disclosures (id, case_id, channel, kind, by_whom, to_name, to_organisation,
        to_country, at, place, substance, substance_sha256, recorded_by, recorded_at)
      VALUES (@id, @caseId, @channel, @kind, @by, @toName, @toOrganisation, @toCountry, @at, @place, @substance,
        @substanceSha256, @recordedBy, @recordedAt)
      ON CONFLICT (id) DO NOTHING`),
    linkFeedback: db.prepare(`INSERT INTO delivery_feedback (delivery_id, case_id, object_id, object_version, object_type, kind,
        received_at, source)
      VALUES (@deliveryId, @caseId, @objectId, @objectVersion, @objectType, @kind, @receivedAt, @source)
      ON CONFLICT (delivery_id, object_id, object_version) DO NOTHING`),
  };
  return {
    s,
    // One savepoint each: a claim, or an attempt with its outcome, is all-or-nothing.
    enqueue: db.transaction((delivery: NewDelivery): { row: OutboxRow; created: boolean } => {
      const existing = r.byKey.get(delivery.idempotencyKey) as OutboxRow | undefined;
      if (existing !== undefined) return { row: existing, created: false };
      const { objectIds, ...row } = delivery;
      s.insert.run(row);
      for (const objectId of new Set(objectIds)) s.addObject.run(objectId, delivery.id);
      return { row: r.get.get(delivery.id) as OutboxRow, created: true };
    }),
    claimDue: db.transaction((request: ClaimRequest): OutboxRow[] => {
      const limit = Math.max(1, Math.min(MAX_LIST, Math.floor(request.limit)));
      const ids = s.due.all({ now: request.now, limit }) as string[];
      const claimed: OutboxRow[] = [];
      for (const id of ids) {
        const changed = s.claim.run({ id, now: request.now, owner: request.leaseOwner, leaseExpiresAt: request.leaseExpiresAt }).changes;
        if (changed > 0) claimed.push(r.get.get(id) as OutboxRow);
      }
      return claimed;
    }),
    finishAttempt: db.transaction((finish: FinishAttempt): FinishResult => {
      const current = r.get.get(finish.deliveryId) as OutboxRow | undefined;
      if (current === undefined) return { ok: false, code: 'not-found' };
      if (current.state !== 'sending' || current.lease_owner !== finish.leaseOwner) return { ok: false, code: 'lost-lease' };
      const seq = (s.lastSeq.get(finish.deliveryId) as number) + 1;
      const { outcome } = finish;
      const error = outcome.kind === 'sent' ? null : outcome.error;
      s.appendAttempt.run(finish.deliveryId, seq, finish.startedAt, finish.finishedAt, outcome.kind === 'sent' ? 1 : 0, error, finish.leaseOwner);
      const at = finish.finishedAt;
      if (outcome.kind === 'sent') s.finishSent.run({ id: finish.deliveryId, at, sha: outcome.deliveredSha256, doc: outcome.documentSha256, receipt: outcome.receipt });
      else if (outcome.kind === 'failed') s.finishFailed.run({ id: finish.deliveryId, at, error: outcome.error, next: outcome.nextAttemptAt });
      else s.finishDead.run({ id: finish.deliveryId, at, error: outcome.error });
      return { ok: true, row: toDelivery(r.get.get(finish.deliveryId) as OutboxRow) };
    }),
  };
}
type WriteUnits = ReturnType<typeof prepareWrites>;

class SqliteDeliveriesReads implements DeliveriesReads {
  constructor(protected readonly r: ReadStatements, protected readonly guard: Guard) {}

  async get(id: string): Promise<DeliveryRow | null> {
    this.guard();
    const row = this.r.get.get(id) as OutboxRow | undefined;
    return row === undefined ? null : toDelivery(row);
  }

  async getByIdempotencyKey(key: string): Promise<DeliveryRow | null> {
    this.guard();
    const row = this.r.byKey.get(key) as OutboxRow | undefined;
    return row === undefined ? null : toDelivery(row);
  }

  async list(query: DeliveryListQuery): Promise<Page<DeliveryRow>> {
    this.guard();
    const limit = Math.max(1, Math.min(MAX_LIST, Math.floor(query.limit)));
    const filters = {
      states: query.states === undefined ? null : JSON.stringify(query.states),
      caseId: query.caseId ?? null,
      limit: limit + 1,
    };
    let rows: OutboxRow[];
    if (query.cursor === undefined) {
      rows = this.r.listFirst.all(filters) as OutboxRow[];
    } else {
      const [afterAt, afterId] = decodeCursor(LIST_CURSOR, query.cursor, ['string', 'string'] as const);
      rows = this.r.listAfter.all({ ...filters, afterAt, afterId }) as OutboxRow[];
    }
    const items = rows.slice(0, limit).map(toDelivery);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last === undefined ? { items } : { items, next: encodeCursor(LIST_CURSOR, [last.requested_at, last.id]) };
  }

  async deliveriesCarrying(objectId: string): Promise<readonly DeliveryRow[]> {
    this.guard();
    return (this.r.carrying.all(objectId) as OutboxRow[]).map(toDelivery);
  }

  async attempts(deliveryId: string): Promise<readonly DeliveryAttemptRow[]> {
    this.guard();
    return (this.r.attempts.all(deliveryId) as AttemptRow[]).map((row) => ({
      deliveryId: row.delivery_id,
      seq: row.seq,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      ok: row.ok === 1,
      error: row.error,
      leaseOwner: row.lease_owner,
    }));
  }

  async ackTokenUsedAt(nonce: string): Promise<string | null> {
    this.guard();
    return (this.r.tokenUsedAt.get(nonce) as string | undefined) ?? null;
  }

  async disclosures(caseId: string): Promise<readonly DisclosureRecord[]> {
    this.guard();
    return (this.r.disclosures.all(caseId) as DisclosureRow[]).map(toDisclosure);
  }

  async feedbackOfCase(caseId: string): Promise<readonly FeedbackLink[]> {
    this.guard();
    return (this.r.feedbackOfCase.all(caseId) as FeedbackRow[]).map(toFeedback);
  }

  async feedbackSince(since: string, limit: number): Promise<readonly FeedbackLink[]> {
    this.guard();
    const bounded = Math.max(1, Math.min(MAX_LIST, Math.floor(limit)));
    return (this.r.feedbackSince.all(since, bounded) as FeedbackRow[]).map(toFeedback);
  }
}

class SqliteDeliveriesWrites extends SqliteDeliveriesReads implements DeliveriesWrites {
  constructor(r: ReadStatements, guard: Guard, private readonly w: WriteUnits) {
    super(r, guard);
  }

  async enqueue(delivery: NewDelivery): Promise<{ readonly row: DeliveryRow; readonly created: boolean }> {
    this.guard();
    const { row, created } = this.w.enqueue(delivery);
    return { row: toDelivery(row), created };
  }

  async claimDue(request: ClaimRequest): Promise<readonly DeliveryRow[]> {
    this.guard();
    return this.w.claimDue(request).map(toDelivery);
  }

  async finishAttempt(finish: FinishAttempt): Promise<FinishResult> {
    this.guard();
    return this.w.finishAttempt(finish);
  }

  async requeue(id: string, now: string): Promise<boolean> {
    this.guard();
    return this.w.s.requeue.run({ id, now }).changes > 0;
  }

  async cancel(request: { readonly id: string; readonly reason: string; readonly at: string; readonly leaseOwner?: string }): Promise<boolean> {
    this.guard();
    return this.w.s.cancel.run({ id: request.id, reason: request.reason, at: request.at, leaseOwner: request.leaseOwner ?? null }).changes > 0;
  }

  async markAcknowledged(id: string, at: string): Promise<boolean> {
    this.guard();
    return this.w.s.acknowledged.run({ id, at }).changes > 0;
  }

  async useAckToken(nonce: string, deliveryId: string, usedAt: string): Promise<boolean> {
    this.guard();
    return this.w.s.useToken.run(nonce, deliveryId, usedAt).changes > 0;
  }

  async putDisclosure(record: DisclosureRecord): Promise<boolean> {
    this.guard();
    return this.w.s.putDisclosure.run(record).changes > 0;
  }

  async setCaseRecord(id: string, caseRecord: string, at: string): Promise<boolean> {
    this.guard();
    return this.w.s.caseRecord.run({ id, record: caseRecord, at }).changes > 0;
  }

  async linkFeedback(link: FeedbackLink): Promise<boolean> {
    this.guard();
    return this.w.s.linkFeedback.run(link).changes > 0;
  }
}

export const deliveriesFacet: SqliteFacet<DeliveriesReads, DeliveriesWrites> = {
  name: 'deliveries',
  migrations: MIGRATIONS,
  prepare(db: Connection) {
    const r = prepareReads(db);
    // Write statements are prepared on first use: a read-only connection never gets there.
    let w: WriteUnits | null = null;
    return {
      reads: (guard) => new SqliteDeliveriesReads(r, guard),
      writes: (guard) => new SqliteDeliveriesWrites(r, guard, (w ??= prepareWrites(db, r))),
    };
  },
};



