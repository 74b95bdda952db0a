// The deliveries facet's rows as both adapters read them (same column names in SQLite and
// PostgreSQL), and their mapping to the port's records: one copy, so the two stores cannot
// drift apart in what a stored delivery means.
import type { DeliveryRow, DeliveryState, DisclosureRecord, FeedbackLink } from '../../app/ports/deliveries.ts';

export interface OutboxRow {
  readonly id: string;
  readonly idempotency_key: string;
  readonly case_id: string;
  readonly partner_name: string;
  readonly channel: 'taxii' | 'webhook' | 'email';
  readonly product_id: string;
  readonly product_sha256: string;
  readonly bundle_json: string;
  readonly banner: string;
  readonly warning_text: string;
  readonly media_type: string;
  readonly requested_by: string;
  readonly requested_at: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly next_attempt_at: string | null;
  readonly lease_owner: string | null;
  readonly lease_expires_at: string | null;
  readonly last_error: string | null;
  readonly sent_at: string | null;
  readonly delivered_sha256: string | null;
  readonly document_sha256: string | null;
  readonly receipt: string | null;
  readonly case_record: string | null;
  readonly acknowledged_at: string | null;
  readonly updated_at: string;
}

export interface DisclosureRow {
  readonly id: string;
  readonly case_id: string;
  readonly channel: DisclosureRecord['channel'];
  readonly kind: DisclosureRecord['kind'];
  readonly by_whom: string;
  readonly to_name: string;
  readonly to_organisation: string | null;
  readonly to_country: string | null;
  readonly at: string;
  readonly place: string;
  readonly substance: string;
  readonly substance_sha256: string;
  readonly recorded_by: string;
  readonly recorded_at: string;
}

export interface FeedbackRow {
  readonly delivery_id: string;
  readonly case_id: string;
  readonly object_id: string;
  readonly object_version: string;
  readonly object_type: string;
  readonly kind: FeedbackLink['kind'];
  readonly received_at: string;
  readonly source: string;
}

export function toDelivery(row: OutboxRow): DeliveryRow {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    caseId: row.case_id,
    partnerName: row.partner_name,
    channel: row.channel,
    productId: row.product_id,
    productSha256: row.product_sha256,
    bundleJson: row.bundle_json,
    banner: row.banner,
    warningText: row.warning_text,
    mediaType: row.media_type,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
    deliveredSha256: row.delivered_sha256,
    documentSha256: row.document_sha256,
    receipt: row.receipt,
    caseRecord: row.case_record,
    acknowledgedAt: row.acknowledged_at,
    updatedAt: row.updated_at,
  };
}

export function toDisclosure(row: DisclosureRow): DisclosureRecord {
  return {
    id: row.id,
    caseId: row.case_id,
    channel: row.channel,
    kind: row.kind,
    by: row.by_whom,
    toName: row.to_name,
    toOrganisation: row.to_organisation,
    toCountry: row.to_country,
    at: row.at,
    place: row.place,
    substance: row.substance,
    substanceSha256: row.substance_sha256,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

export function toFeedback(row: FeedbackRow): FeedbackLink {
  return {
    deliveryId: row.delivery_id,
    caseId: row.case_id,
    objectId: row.object_id,
    objectVersion: row.object_version,
    objectType: row.object_type,
    kind: row.kind,
    receivedAt: row.received_at,
    source: row.source,
  };
}

