// Use case: put an approved, frozen product in the outbox for one partner and channel
// (issue 7 "A delivery in flight survives a crash or restart and is sent exactly once per
// idempotency key"). It only writes a row in the caller's transaction: the approval and the
// request commit together or not at all, and the dispatcher sends it later (dispatch.ts).
import { createHash } from 'node:crypto';
import type { StoreWriter } from '../ports.ts';

export interface FrozenProduct {
  readonly productId: string;
  /** SHA-256 (hex) of `bundleJson`: the hash the release was approved under. */
  readonly sha256: string;
  readonly bundleJson: string;
  /** The product's banner line (classification and dissemination controls). */
  readonly banner: string;
  /** The warning as prose, portion-marked paragraphs (the printable document's body). */
  readonly warningText: string;
  readonly mediaType: 'application/stix+json;version=2.1';
}

export interface DeliveryRequest {
  /** Partners dedupe by it: one key, one delivery, however often it is requested or sent. */
  readonly idempotencyKey: string;
  readonly caseId: string;
  readonly partnerName: string;
  readonly channel: 'taxii' | 'webhook' | 'email';
  readonly product: FrozenProduct;
  readonly requestedBy: string;
  readonly requestedAt: string;
}

/** The delivery id is derived from the idempotency key, so a retried request names the same row. */
export function deliveryIdFor(idempotencyKey: string): string {
  const h = createHash('sha256').update(`tearline-delivery\n${idempotencyKey}`).digest('hex');
  return `delivery--${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Why a request is refused. These are programming errors of the caller (the workflow hands
 * over a product it froze itself), so they throw and roll the caller's write back: an
 * approval must never commit with a product that does not match its hash.
 */
export function checkDeliveryRequest(request: DeliveryRequest): string | null {
  if (request.idempotencyKey.trim() === '') return 'idempotencyKey is empty';
  if (request.caseId.trim() === '') return 'caseId is empty';
  if (request.partnerName.trim() === '') return 'partnerName is empty';
  if (!['taxii', 'webhook', 'email'].includes(request.channel)) return `channel ${String(request.channel)} does not go through the outbox`;
  if (!/^[0-9a-f]{64}$/.test(request.product.sha256)) return 'product.sha256 is not a lowercase hex SHA-256';
  // DOMAIN.md §1: the delivery records the exact product delivered; it must be the approved one.
  if (sha256Hex(request.product.bundleJson) !== request.product.sha256) return 'product.sha256 is not the SHA-256 of product.bundleJson';
  if (Number.isNaN(Date.parse(request.requestedAt))) return 'requestedAt is not a timestamp';
  return null;
}

/** The ids a product carries: its own, the bundle's and every object's. */
export function carriedIds(product: FrozenProduct): string[] {
  const ids = [product.productId];
  try {
    const bundle: unknown = JSON.parse(product.bundleJson);
    if (typeof bundle === 'object' && bundle !== null) {
      const { id, objects } = bundle as { id?: unknown; objects?: unknown };
      if (typeof id === 'string') ids.push(id);
      if (Array.isArray(objects)) {
        for (const object of objects) {
          const objectId = typeof object === 'object' && object !== null ? (object as { id?: unknown }).id : undefined;
          if (typeof objectId === 'string') ids.push(objectId);
        }
      }
    }
  } catch {
    // An unreadable bundle carries no ids we could match feedback against; it is still sent as approved.
  }
  return [...new Set(ids)];
}

export async function requestDelivery(tx: StoreWriter, request: DeliveryRequest): Promise<{ deliveryId: string; created: boolean }> {
  const problem = checkDeliveryRequest(request);
  if (problem !== null) throw new Error(`requestDelivery: ${problem}`);
  const { product } = request;
  const { row, created } = await tx.deliveries.enqueue({
    id: deliveryIdFor(request.idempotencyKey),
    idempotencyKey: request.idempotencyKey,
    caseId: request.caseId,
    partnerName: request.partnerName,
    channel: request.channel,
    productId: product.productId,
    productSha256: product.sha256,
    bundleJson: product.bundleJson,
    banner: product.banner,
    warningText: product.warningText,
    mediaType: product.mediaType,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    objectIds: carriedIds(product),
  });
  return { deliveryId: row.id, created };
}
