// Port of the deliveries facet (issue 7): the outbox of approved products on their way to a
// partner, every attempt to send one, the single-use acknowledgement tokens, and the
// recorded disclosures (DOMAIN.md §1 "Disclosure vs release": a disclosure leaves no copy,
// so it has no outbox row; it is a record of who told whom what, when and where).
//
// Invariants every adapter keeps:
// - one outbox row per idempotency key: `enqueue` of a known key changes nothing;
// - `claimDue` is atomic: a row it returns is `sending` with this caller's lease, and no
//   other caller can claim it until that lease expires (two dispatchers never send the
//   same row at once);
// - attempts are append-only, numbered 1, 2, 3… per delivery;
// - an acknowledgement token nonce is used at most once (`useAckToken`).
import type { Page } from '../ports.ts';

/** Channels that leave the partner a copy, and so go through the outbox. */
export type OutboxChannel = 'taxii' | 'webhook' | 'email';

/**
 * pending: waiting for its first attempt; sending: claimed by a dispatcher until
 * `leaseExpiresAt`; failed: the last attempt failed, retried at `nextAttemptAt`;
 * sent: delivered (final); dead: gave up after the configured attempts, waits for the
 * delivery officer (`retry` puts it back to pending); cancelled: the case was waived or
 * closed before it went out, so it never will (final; `lastError` says why).
 */
export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed' | 'dead' | 'cancelled';
export const DELIVERY_STATES: readonly DeliveryState[] = ['pending', 'sending', 'sent', 'failed', 'dead', 'cancelled'];

/** What the caller asks to be delivered: the frozen, approved product and where it goes. */
export interface NewDelivery {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly caseId: string;
  readonly partnerName: string;
  readonly channel: OutboxChannel;
  readonly productId: string;
  /** SHA-256 (hex) of `bundleJson`, checked when it was approved. */
  readonly productSha256: string;
  readonly bundleJson: string;
  readonly banner: string;
  readonly warningText: string;
  readonly mediaType: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  /**
   * The STIX ids the product carries (the bundle's and its objects'): partner feedback that
   * references one of them is linked back to this delivery (deliveriesCarrying).
   */
  readonly objectIds: readonly string[];
}

export interface DeliveryRow extends Omit<NewDelivery, 'objectIds'> {
  readonly state: DeliveryState;
  /** Attempts made so far. */
  readonly attempts: number;
  /** When a dispatcher may next try it (pending/failed); null once sent or dead. */
  readonly nextAttemptAt: string | null;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: string | null;
  readonly lastError: string | null;
  readonly sentAt: string | null;
  /** SHA-256 of exactly what went out (the bundle, or the email's rendered document). */
  readonly deliveredSha256: string | null;
  /** SHA-256 of the printable warning (HTML) that went with it, when one did (email attachment). */
  readonly documentSha256: string | null;
  /** The partner's own receipt reference, when the channel gave one (HTTP status, SMTP message id). */
  readonly receipt: string | null;
  /**
   * How recording the outcome on the warning case went: 'recorded', or the workflow's
   * refusal (`code: message`) for the delivery officer to resolve; null before any outcome.
   */
  readonly caseRecord: string | null;
  readonly acknowledgedAt: string | null;
  readonly updatedAt: string;
}

export interface DeliveryAttemptRow {
  readonly deliveryId: string;
  readonly seq: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly ok: boolean;
  /** The failure as the adapter reported it; null when ok. */
  readonly error: string | null;
  readonly leaseOwner: string;
}

export interface DeliveryListQuery {
  readonly limit: number;
  readonly cursor?: string;
  readonly states?: readonly DeliveryState[];
  readonly caseId?: string;
}

export interface ClaimRequest {
  readonly now: string;
  readonly leaseOwner: string;
  readonly leaseExpiresAt: string;
  readonly limit: number;
}

/** The outcome of one attempt, written in the same step as the attempt row. */
export type AttemptOutcome =
  | { readonly kind: 'sent'; readonly deliveredSha256: string; readonly documentSha256: string | null; readonly receipt: string | null }
  | { readonly kind: 'failed'; readonly error: string; readonly nextAttemptAt: string }
  | { readonly kind: 'dead'; readonly error: string };

export interface FinishAttempt {
  readonly deliveryId: string;
  readonly leaseOwner: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly outcome: AttemptOutcome;
}

/** `lost-lease`: another dispatcher owns the row now (our lease expired); nothing was written. */
export type FinishResult = { readonly ok: true; readonly row: DeliveryRow } | { readonly ok: false; readonly code: 'not-found' | 'lost-lease' };

/** A disclosure or hand-over recorded after a meeting or call (DOMAIN.md §1). */
export interface DisclosureRecord {
  readonly id: string;
  readonly caseId: string;
  readonly channel: 'in_person_meeting' | 'phone_call' | 'liaison_meeting';
  readonly kind: 'release' | 'disclosure';
  /** Who told or handed over. */
  readonly by: string;
  /** Whom: the person and their organisation. */
  readonly toName: string;
  readonly toOrganisation: string | null;
  readonly toCountry: string | null;
  readonly at: string;
  /** Where it happened (a place, or "telephone"). */
  readonly place: string;
  /** The exact substance told or shown. */
  readonly substance: string;
  /** SHA-256 of `substance` (or of the printed document handed over). */
  readonly substanceSha256: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** A partner's feedback object (sighting, note, opinion…) linked to the delivery it answers. */
export interface FeedbackLink {
  readonly deliveryId: string;
  readonly caseId: string;
  readonly objectId: string;
  readonly objectVersion: string;
  readonly objectType: string;
  /** What it says, as Tearline read it: acknowledgement, sighting, outcome, note. */
  readonly kind: 'acknowledgement' | 'sighting' | 'outcome' | 'note';
  readonly receivedAt: string;
  /** Where it came from: `taxii:<account>`, `api`, `cli`. */
  readonly source: string;
}

export interface DeliveriesReads {
  get(id: string): Promise<DeliveryRow | null>;
  getByIdempotencyKey(key: string): Promise<DeliveryRow | null>;
  /** Rows by (requestedAt, id), oldest first; keyset-paged, limit at most 1000. */
  list(query: DeliveryListQuery): Promise<Page<DeliveryRow>>;
  /** Deliveries whose product carries this STIX id, by (requestedAt, id). */
  deliveriesCarrying(objectId: string): Promise<readonly DeliveryRow[]>;
  /** Every attempt of one delivery, by seq. */
  attempts(deliveryId: string): Promise<readonly DeliveryAttemptRow[]>;
  /** Whether an acknowledgement token nonce has been used, and when. */
  ackTokenUsedAt(nonce: string): Promise<string | null>;
  /** Disclosures of one case, by (at, id). */
  disclosures(caseId: string): Promise<readonly DisclosureRecord[]>;
  /** Feedback linked to the deliveries of one case, by (receivedAt, objectId, objectVersion). */
  feedbackOfCase(caseId: string): Promise<readonly FeedbackLink[]>;
  /** Feedback received at or after `since`, oldest first, at most `limit` (at most 1000). */
  feedbackSince(since: string, limit: number): Promise<readonly FeedbackLink[]>;
}

export interface DeliveriesWrites extends DeliveriesReads {
  /** Inserts a pending row; a known idempotency key returns the existing row, `created: false`. */
  enqueue(delivery: NewDelivery): Promise<{ readonly row: DeliveryRow; readonly created: boolean }>;
  /**
   * Claims up to `limit` due rows, oldest `nextAttemptAt` first: pending or failed rows due at
   * or before `now`, and sending rows whose lease expired before `now` (their dispatcher
   * died). Each becomes `sending` with this lease.
   */
  claimDue(request: ClaimRequest): Promise<readonly DeliveryRow[]>;
  /** Appends the attempt and moves the row to sent, failed or dead, if the lease is still ours. */
  finishAttempt(finish: FinishAttempt): Promise<FinishResult>;
  /** A dead (or failed) row back to pending, due at `now`; false when the row is not dead/failed. */
  requeue(id: string, now: string): Promise<boolean>;
  /**
   * A row that has not gone out to `cancelled` for good, `reason` kept as its last error: a
   * pending, failed or dead row, or a sending row under `leaseOwner`'s lease (a dispatcher
   * that finds, holding the lease, that the row must not go out). False when the row is sent,
   * cancelled, or sending under another lease (in flight: its outcome is recorded as usual).
   */
  cancel(request: { readonly id: string; readonly reason: string; readonly at: string; readonly leaseOwner?: string }): Promise<boolean>;
  markAcknowledged(id: string, at: string): Promise<boolean>;
  /** Uses a token nonce once: true the first time, false when it was used before. */
  useAckToken(nonce: string, deliveryId: string, usedAt: string): Promise<boolean>;
  /** Stores a disclosure record; false (nothing written) when its id exists. */
  putDisclosure(record: DisclosureRecord): Promise<boolean>;
  setCaseRecord(id: string, caseRecord: string, at: string): Promise<boolean>;
  /** Links a feedback object version; false when that version was linked to that delivery already. */
  linkFeedback(link: FeedbackLink): Promise<boolean>;
}
