// The `deliveries` facet on PostgreSQL (issue 7; port: app/ports/deliveries.ts; SQLite:
// storage/sqlite/deliveries.ts, which this mirrors): the outbox of products on their way to
// partners, the attempts to send them, used acknowledgement tokens, recorded disclosures and
// the partner feedback linked to deliveries. Writes only its own tables.
//
// Timestamps are stored as the Clock writes them (RFC 3339 UTC, milliseconds), byte-collated,
// so text order is time order for the due and lease comparisons. A claim is one statement:
// `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED) RETURNING`. Writes already hold the
// cluster-wide write lock (index.ts), so two dispatchers on two nodes never claim one row;
// SKIP LOCKED keeps that true, without waiting, should writes ever run side by side.
import type {
  ClaimRequest, DeliveriesReads, DeliveriesWrites, DeliveryAttemptRow, DeliveryListQuery, DeliveryRow,
  DisclosureRecord, FeedbackLink, FinishAttempt, FinishResult, NewDelivery,
} from '../../app/ports/deliveries.ts';
import type { Page } from '../../app/ports.ts';
import { toDelivery, toDisclosure, toFeedback, type DisclosureRow, type FeedbackRow, type OutboxRow } from '../rows/deliveries.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { FacetMigration, Guard, PgFacet } from './facets.ts';
import type { Sql, TxSql } from './sql.ts';
import { json } from './bulk.ts';
import { lookup, requireAll, run } from './statement.ts';
import { storable } from './text.ts';

const SCHEMA_V1 = `
CREATE TABLE delivery_outbox (
  id               text COLLATE "C" PRIMARY KEY,
  idempotency_key  text COLLATE "C" NOT NULL UNIQUE,
  case_id          text COLLATE "C" NOT NULL,
  partner_name     text NOT NULL,
  channel          text NOT NULL CHECK (channel IN ('taxii', 'webhook', 'email')),
  product_id       text NOT NULL,
  product_sha256   text NOT NULL,
  bundle_json      text NOT NULL,
  banner           text NOT NULL,
  warning_text     text NOT NULL,
  media_type       text NOT NULL,
  requested_by     text NOT NULL,
  requested_at     text COLLATE "C" NOT NULL,
  state            text NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dead')),
  attempts         integer NOT NULL,
  next_attempt_at  text COLLATE "C",
  lease_owner      text,
  lease_expires_at text COLLATE "C",
  last_error       text,
  sent_at          text,
  delivered_sha256 text,
  document_sha256  text,
  receipt          text,
  case_record      text,
  acknowledged_at  text,
  updated_at       text NOT NULL
);
CREATE INDEX delivery_outbox_due ON delivery_outbox (state, next_attempt_at);
CREATE INDEX delivery_outbox_lease ON delivery_outbox (state, lease_expires_at);
CREATE INDEX delivery_outbox_order ON delivery_outbox (requested_at, id);
CREATE INDEX delivery_outbox_by_case ON delivery_outbox (case_id);

CREATE TABLE delivery_objects (
  object_id   text COLLATE "C" NOT NULL,
  delivery_id text COLLATE "C" NOT NULL REFERENCES delivery_outbox (id),
  PRIMARY KEY (object_id, delivery_id)
);

CREATE TABLE delivery_attempts (
  delivery_id text COLLATE "C" NOT NULL REFERENCES delivery_outbox (id),
  seq         integer NOT NULL,
  started_at  text NOT NULL,
  finished_at text NOT NULL,
  ok          boolean NOT NULL,
  error       text,
  lease_owner text NOT NULL,
  PRIMARY KEY (delivery_id, seq)
);

CREATE TABLE delivery_ack_tokens (
  nonce       text COLLATE "C" PRIMARY KEY,
  delivery_id text NOT NULL,
  used_at     text NOT NULL
);

CREATE TABLE delivery_disclosures (
  id               text COLLATE "C" PRIMARY KEY,
  case_id          text COLLATE "C" NOT NULL,
  channel          text NOT NULL CHECK (channel IN ('in_person_meeting', 'phone_call', 'liaison_meeting')),
  kind             text NOT NULL CHECK (kind IN ('release', 'disclosure')),
  by_whom          text NOT NULL,
  to_name          text NOT NULL,
  to_organisation  text,
  to_country       text,
  at               text COLLATE "C" NOT NULL,
  place            text NOT NULL,
  substance        text NOT NULL,
  substance_sha256 text NOT NULL,
  recorded_by      text NOT NULL,
  recorded_at      text NOT NULL
);
CREATE INDEX delivery_disclosures_by_case ON delivery_disclosures (case_id, at, id);

CREATE TABLE delivery_feedback (
  delivery_id    text COLLATE "C" NOT NULL REFERENCES delivery_outbox (id),
  case_id        text COLLATE "C" NOT NULL,
  object_id      text COLLATE "C" NOT NULL,
  object_version text COLLATE "C" NOT NULL,
  object_type    text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('acknowledgement', 'sighting', 'outcome', 'note')),
  received_at    text COLLATE "C" NOT NULL,
  source         text NOT NULL,
  PRIMARY KEY (delivery_id, object_id, object_version)
);
CREATE INDEX delivery_feedback_by_case ON delivery_feedback (case_id, received_at);
CREATE INDEX delivery_feedback_by_time ON delivery_feedback (received_at, object_id, object_version);
`;

// v2: a `cancelled` state (the case was waived or closed: nothing more may go out).
const SCHEMA_V2 = `
ALTER TABLE delivery_outbox DROP CONSTRAINT delivery_outbox_state_check;
ALTER TABLE delivery_outbox ADD CONSTRAINT delivery_outbox_state_check
  CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dead', 'cancelled'));
CREATE INDEX delivery_objects_by_delivery ON delivery_objects (delivery_id);
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
  readonly ok: boolean;
  readonly error: string | null;
  readonly lease_owner: string;
}



const OUTBOX_COLUMNS = `id, idempotency_key, case_id, partner_name, channel, product_id, product_sha256, bundle_json, banner,
  warning_text, media_type, requested_by, requested_at, state, attempts, next_attempt_at, lease_owner, lease_expires_at,
  last_error, sent_at, delivered_sha256, document_sha256, receipt, case_record, acknowledged_at, updated_at`;
const D_COLUMNS = OUTBOX_COLUMNS.split(',').map((c) => `d.${c.trim()}`).join(', ');
const ATTEMPT_COLUMNS = 'delivery_id, seq, started_at, finished_at, ok, error, lease_owner';
const DISCLOSURE_COLUMNS = `id, case_id, channel, kind, by_whom, to_name, to_organisation, to_country, at, place, substance,
  substance_sha256, recorded_by, recorded_at`;
const FEEDBACK_COLUMNS = 'delivery_id, case_id, object_id, object_version, object_type, kind, received_at, source';
/** Optional filters: a NULL parameter switches one off. $1 states (JSON array), $2 case id. */
const LIST_FILTERS = '($1::json IS NULL OR state IN (SELECT json_array_elements_text($1::json))) AND ($2::text IS NULL OR case_id = $2)';

const Q = {
  get: { name: 'tl_deliveries_get', text: `SELECT ${OUTBOX_COLUMNS} FROM delivery_outbox WHERE id = $1` },
  byKey: { name: 'tl_deliveries_by_key', text: `SELECT ${OUTBOX_COLUMNS} FROM delivery_outbox WHERE idempotency_key = $1` },
  listFirst: {
    name: 'tl_deliveries_list_first',
    text: `SELECT ${OUTBOX_COLUMNS} FROM delivery_outbox WHERE ${LIST_FILTERS} ORDER BY requested_at, id LIMIT $3`,
  },
  listAfter: {
    name: 'tl_deliveries_list_after',
    text: `SELECT ${OUTBOX_COLUMNS} FROM delivery_outbox WHERE ${LIST_FILTERS}
      AND (requested_at > $4 OR (requested_at = $4 AND id > $5)) ORDER BY requested_at, id LIMIT $3`,
  },
  attempts: { name: 'tl_deliveries_attempts', text: `SELECT ${ATTEMPT_COLUMNS} FROM delivery_attempts WHERE delivery_id = $1 ORDER BY seq` },
  carrying: {
    name: 'tl_deliveries_carrying',
    text: `SELECT ${D_COLUMNS} FROM delivery_objects o JOIN delivery_outbox d ON d.id = o.delivery_id
      WHERE o.object_id = $1 ORDER BY d.requested_at, d.id`,
  },
  tokenUsedAt: { name: 'tl_deliveries_token_used_at', text: 'SELECT used_at FROM delivery_ack_tokens WHERE nonce = $1' },
  disclosures: {
    name: 'tl_deliveries_disclosures',
    text: `SELECT ${DISCLOSURE_COLUMNS} FROM delivery_disclosures WHERE case_id = $1 ORDER BY at, id`,
  },
  feedbackOfCase: {
    name: 'tl_deliveries_feedback_of_case',
    text: `SELECT ${FEEDBACK_COLUMNS} FROM delivery_feedback WHERE case_id = $1 ORDER BY received_at, object_id, object_version`,
  },
  feedbackSince: {
    name: 'tl_deliveries_feedback_since',
    text: `SELECT ${FEEDBACK_COLUMNS} FROM delivery_feedback WHERE received_at >= $1
      ORDER BY received_at, object_id, object_version, delivery_id LIMIT $2`,
  },

  insert: {
    name: 'tl_deliveries_insert',
    text: `INSERT INTO delivery_outbox (id, idempotency_key, case_id, partner_name, channel, product_id, product_sha256, bundle_json,
        banner, warning_text, media_type, requested_by, requested_at, state, attempts, next_attempt_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', 0, $13, $13)
      RETURNING ${OUTBOX_COLUMNS}`,
  },
  addObjects: {
    name: 'tl_deliveries_add_objects',
    text: `INSERT INTO delivery_objects (object_id, delivery_id) SELECT o, $1 FROM json_array_elements_text($2::json) AS o
      ON CONFLICT DO NOTHING`,
  },
  // Due: waiting and its time has come, or sending under a lease that has expired (its
  // dispatcher died), oldest first. The SET reads each row's old state.
  claim: {
    name: 'tl_deliveries_claim',
    text: `WITH due AS (
        SELECT id, CASE WHEN state = 'sending' THEN lease_expires_at ELSE next_attempt_at END AS due_at FROM delivery_outbox
        WHERE (state IN ('pending', 'failed') AND next_attempt_at <= $1) OR (state = 'sending' AND lease_expires_at < $1)
        ORDER BY due_at, id LIMIT $4 FOR UPDATE SKIP LOCKED
      ), claimed AS (
        UPDATE delivery_outbox d SET
          last_error = CASE WHEN d.state = 'sending'
            THEN 'the lease of ' || d.lease_owner || ' expired before it recorded an outcome; resent under the same idempotency key'
            ELSE d.last_error END,
          state = 'sending', lease_owner = $2, lease_expires_at = $3, updated_at = $1
        FROM due WHERE d.id = due.id
        RETURNING ${D_COLUMNS}, due.due_at
      )
      SELECT * FROM claimed ORDER BY due_at, id`,
  },
  lastSeq: { name: 'tl_deliveries_last_seq', text: 'SELECT coalesce(max(seq), 0) AS seq FROM delivery_attempts WHERE delivery_id = $1' },
  appendAttempt: {
    name: 'tl_deliveries_append_attempt',
    text: `INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  },
  finishSent: {
    name: 'tl_deliveries_finish_sent',
    text: `UPDATE delivery_outbox SET state = 'sent', attempts = attempts + 1, next_attempt_at = NULL, lease_owner = NULL,
        lease_expires_at = NULL, sent_at = $2, delivered_sha256 = $3, document_sha256 = $4, receipt = $5, updated_at = $2
      WHERE id = $1 RETURNING ${OUTBOX_COLUMNS}`,
  },
  finishFailed: {
    name: 'tl_deliveries_finish_failed',
    text: `UPDATE delivery_outbox SET state = 'failed', attempts = attempts + 1, next_attempt_at = $4, lease_owner = NULL,
        lease_expires_at = NULL, last_error = $3, updated_at = $2 WHERE id = $1 RETURNING ${OUTBOX_COLUMNS}`,
  },
  finishDead: {
    name: 'tl_deliveries_finish_dead',
    text: `UPDATE delivery_outbox SET state = 'dead', attempts = attempts + 1, next_attempt_at = NULL, lease_owner = NULL,
        lease_expires_at = NULL, last_error = $3, updated_at = $2 WHERE id = $1 RETURNING ${OUTBOX_COLUMNS}`,
  },
  requeue: {
    name: 'tl_deliveries_requeue',
    text: `UPDATE delivery_outbox SET state = 'pending', attempts = 0, next_attempt_at = $2, updated_at = $2
      WHERE id = $1 AND state IN ('dead', 'failed') RETURNING id`,
  },
  cancel: {
    name: 'tl_deliveries_cancel',
    text: `UPDATE delivery_outbox SET state = 'cancelled', next_attempt_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
        last_error = $2, updated_at = $3
      WHERE id = $1 AND (state IN ('pending', 'failed', 'dead') OR (state = 'sending' AND lease_owner = $4)) RETURNING id`,
  },
  acknowledged: {
    name: 'tl_deliveries_acknowledged',
    text: 'UPDATE delivery_outbox SET acknowledged_at = coalesce(acknowledged_at, $2), updated_at = $2 WHERE id = $1 RETURNING id',
  },
  caseRecord: { name: 'tl_deliveries_case_record', text: 'UPDATE delivery_outbox SET case_record = $2, updated_at = $3 WHERE id = $1 RETURNING id' },
  useToken: {
    name: 'tl_deliveries_use_token',
    text: 'INSERT INTO delivery_ack_tokens (nonce, delivery_id, used_at) VALUES ($1, $2, $3) ON CONFLICT (nonce) DO NOTHING RETURNING nonce',
  },
  putDisclosure: {
    name: 'tl_deliveries_put_disclosure',
    text: `INSERT INTO delivery_disclosures (${DISCLOSURE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
      ON CONFLICT (id) DO NOTHING RETURNING id`,
  },
  linkFeedback: {
    name: 'tl_deliveries_link_feedback',
    text: `INSERT INTO delivery_feedback (${FEEDBACK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (delivery_id, object_id, object_version) DO NOTHING RETURNING delivery_id`,
  },
} as const;

class PgDeliveriesReads implements DeliveriesReads {
  constructor(protected readonly sql: Sql, protected readonly guard: Guard) {}

  async get(id: string): Promise<DeliveryRow | null> {
    this.guard();
    const [row] = await lookup<OutboxRow>(this.sql, Q.get, [id]);
    return row === undefined ? null : toDelivery(row);
  }

  async getByIdempotencyKey(key: string): Promise<DeliveryRow | null> {
    this.guard();
    const [row] = await lookup<OutboxRow>(this.sql, Q.byKey, [key]);
    return row === undefined ? null : toDelivery(row);
  }

  async list(query: DeliveryListQuery): Promise<Page<DeliveryRow>> {
    this.guard();
    const limit = Math.max(1, Math.min(MAX_LIST, Math.floor(query.limit)));
    const filters = [query.states === undefined ? null : json(query.states.filter(storable)), query.caseId ?? null, limit + 1];
    let rows: OutboxRow[];
    if (query.cursor === undefined) {
      rows = await lookup<OutboxRow>(this.sql, Q.listFirst, filters);
    } else {
      const [afterAt, afterId] = decodeCursor(LIST_CURSOR, query.cursor, ['string', 'string'] as const);
      rows = await lookup<OutboxRow>(this.sql, Q.listAfter, [...filters, afterAt, afterId]);
    }
    const items = rows.slice(0, limit).map(toDelivery);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last === undefined ? { items } : { items, next: encodeCursor(LIST_CURSOR, [last.requested_at, last.id]) };
  }

  async deliveriesCarrying(objectId: string): Promise<readonly DeliveryRow[]> {
    this.guard();
    return (await lookup<OutboxRow>(this.sql, Q.carrying, [objectId])).map(toDelivery);
  }

  async attempts(deliveryId: string): Promise<readonly DeliveryAttemptRow[]> {
    this.guard();
    return (await lookup<AttemptRow>(this.sql, Q.attempts, [deliveryId])).map((row) => ({
      deliveryId: row.delivery_id,
      seq: row.seq,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      ok: row.ok,
      error: row.error,
      leaseOwner: row.lease_owner,
    }));
  }

  async ackTokenUsedAt(nonce: string): Promise<string | null> {
    this.guard();
    const [row] = await lookup<{ used_at: string }>(this.sql, Q.tokenUsedAt, [nonce]);
    return row?.used_at ?? null;
  }

  async disclosures(caseId: string): Promise<readonly DisclosureRecord[]> {
    this.guard();
    return (await lookup<DisclosureRow>(this.sql, Q.disclosures, [caseId])).map(toDisclosure);
  }

  async feedbackOfCase(caseId: string): Promise<readonly FeedbackLink[]> {
    this.guard();
    return (await lookup<FeedbackRow>(this.sql, Q.feedbackOfCase, [caseId])).map(toFeedback);
  }

  async feedbackSince(since: string, limit: number): Promise<readonly FeedbackLink[]> {
    this.guard();
    const bounded = Math.max(1, Math.min(MAX_LIST, Math.floor(limit)));
    return (await lookup<FeedbackRow>(this.sql, Q.feedbackSince, [since, bounded])).map(toFeedback);
  }
}

class PgDeliveriesWrites extends PgDeliveriesReads implements DeliveriesWrites {
  constructor(private readonly tx: TxSql, guard: Guard) {
    super(tx, guard);
  }

  async enqueue(d: NewDelivery): Promise<{ readonly row: DeliveryRow; readonly created: boolean }> {
    this.guard();
    requireAll('delivery', [d.id, d.idempotencyKey, d.caseId, d.partnerName, d.channel, d.productId, d.productSha256, d.bundleJson,
      d.banner, d.warningText, d.mediaType, d.requestedBy, d.requestedAt, ...d.objectIds]);
    return this.tx.serial(async () => {
      const [existing] = await run<OutboxRow>(this.tx, Q.byKey, [d.idempotencyKey]);
      if (existing !== undefined) return { row: toDelivery(existing), created: false };
      const [row] = await run<OutboxRow>(this.tx, Q.insert, [
        d.id, d.idempotencyKey, d.caseId, d.partnerName, d.channel, d.productId, d.productSha256, d.bundleJson, d.banner,
        d.warningText, d.mediaType, d.requestedBy, d.requestedAt,
      ]);
      if (d.objectIds.length > 0) await run(this.tx, Q.addObjects, [d.id, json(d.objectIds)]);
      return { row: toDelivery(row as OutboxRow), created: true };
    });
  }

  async claimDue(request: ClaimRequest): Promise<readonly DeliveryRow[]> {
    this.guard();
    requireAll('claim', [request.now, request.leaseOwner, request.leaseExpiresAt]);
    const limit = Math.max(1, Math.min(MAX_LIST, Math.floor(request.limit)));
    const rows = await run<OutboxRow>(this.tx, Q.claim, [request.now, request.leaseOwner, request.leaseExpiresAt, limit]);
    return rows.map(toDelivery);
  }

  async finishAttempt(finish: FinishAttempt): Promise<FinishResult> {
    this.guard();
    const { outcome } = finish;
    requireAll('delivery attempt', [finish.leaseOwner, finish.startedAt, finish.finishedAt,
      ...(outcome.kind === 'sent' ? [outcome.deliveredSha256, outcome.documentSha256, outcome.receipt] : [outcome.error]),
      ...(outcome.kind === 'failed' ? [outcome.nextAttemptAt] : [])]);
    if (!storable(finish.deliveryId)) return { ok: false, code: 'not-found' };
    return this.tx.serial(async (): Promise<FinishResult> => {
      const [current] = await run<OutboxRow>(this.tx, Q.get, [finish.deliveryId]);
      if (current === undefined) return { ok: false, code: 'not-found' };
      if (current.state !== 'sending' || current.lease_owner !== finish.leaseOwner) return { ok: false, code: 'lost-lease' };
      const [last] = await run<{ seq: number }>(this.tx, Q.lastSeq, [finish.deliveryId]);
      const error = outcome.kind === 'sent' ? null : outcome.error;
      await run(this.tx, Q.appendAttempt, [
        finish.deliveryId, (last?.seq ?? 0) + 1, finish.startedAt, finish.finishedAt, outcome.kind === 'sent', error, finish.leaseOwner,
      ]);
      const at = finish.finishedAt;
      const [row] = outcome.kind === 'sent'
        ? await run<OutboxRow>(this.tx, Q.finishSent, [finish.deliveryId, at, outcome.deliveredSha256, outcome.documentSha256, outcome.receipt])
        : outcome.kind === 'failed'
          ? await run<OutboxRow>(this.tx, Q.finishFailed, [finish.deliveryId, at, outcome.error, outcome.nextAttemptAt])
          : await run<OutboxRow>(this.tx, Q.finishDead, [finish.deliveryId, at, outcome.error]);
      return { ok: true, row: toDelivery(row as OutboxRow) };
    });
  }

  async requeue(id: string, now: string): Promise<boolean> {
    this.guard();
    requireAll('requeue', [now]);
    return (await lookup(this.tx, Q.requeue, [id, now])).length > 0;
  }

  async cancel(request: { readonly id: string; readonly reason: string; readonly at: string; readonly leaseOwner?: string }): Promise<boolean> {
    this.guard();
    requireAll('cancellation', [request.reason, request.at, request.leaseOwner]);
    if (!storable(request.id)) return false;
    return (await lookup(this.tx, Q.cancel, [request.id, request.reason, request.at, request.leaseOwner ?? null])).length > 0;
  }

  async markAcknowledged(id: string, at: string): Promise<boolean> {
    this.guard();
    requireAll('acknowledgement', [at]);
    return (await lookup(this.tx, Q.acknowledged, [id, at])).length > 0;
  }

  async useAckToken(nonce: string, deliveryId: string, usedAt: string): Promise<boolean> {
    this.guard();
    requireAll('acknowledgement token', [nonce, deliveryId, usedAt]);
    return (await run(this.tx, Q.useToken, [nonce, deliveryId, usedAt])).length > 0;
  }

  async putDisclosure(r: DisclosureRecord): Promise<boolean> {
    this.guard();
    requireAll('disclosure', [r.id, r.caseId, r.channel, r.kind, r.by, r.toName, r.toOrganisation, r.toCountry, r.at, r.place,
      r.substance, r.substanceSha256, r.recordedBy, r.recordedAt]);
    const rows = await run(this.tx, Q.putDisclosure, [
      r.id, r.caseId, r.channel, r.kind, r.by, r.toName, r.toOrganisation, r.toCountry, r.at, r.place, r.substance,
      r.substanceSha256, r.recordedBy, r.recordedAt,
    ]);
    return rows.length > 0;
  }

  async setCaseRecord(id: string, caseRecord: string, at: string): Promise<boolean> {
    this.guard();
    requireAll('case record', [caseRecord, at]);
    return (await lookup(this.tx, Q.caseRecord, [id, caseRecord, at])).length > 0;
  }

  async linkFeedback(l: FeedbackLink): Promise<boolean> {
    this.guard();
    requireAll('feedback link', [l.deliveryId, l.caseId, l.objectId, l.objectVersion, l.objectType, l.kind, l.receivedAt, l.source]);
    const rows = await run(this.tx, Q.linkFeedback, [l.deliveryId, l.caseId, l.objectId, l.objectVersion, l.objectType, l.kind, l.receivedAt, l.source]);
    return rows.length > 0;
  }
}

export const deliveriesFacet: PgFacet<DeliveriesReads, DeliveriesWrites> = {
  name: 'deliveries',
  migrations: MIGRATIONS,
  reads: (sql, guard) => new PgDeliveriesReads(sql, guard),
  writes: (tx, guard) => new PgDeliveriesWrites(tx, guard),
};



