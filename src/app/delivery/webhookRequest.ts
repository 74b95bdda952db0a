// The webhook POST of one delivery (issue 7 "Webhook"): the body is the approved bundle's
// exact bytes, so the partner can check it against X-Tearline-Product-SHA256; the signature
// covers the time and the body (webhookSignature.ts); the idempotency key is the same on
// every attempt, so the partner keeps the first copy and answers 2xx to the rest.
import type { DeliveryRow } from '../ports/deliveries.ts';
import type { WebhookRequest } from '../ports/webhook.ts';
import {
  DELIVERY_ID_HEADER, IDEMPOTENCY_HEADER, PRODUCT_HASH_HEADER, SIGNATURE_HEADER, TEARLINE_IDEMPOTENCY_HEADER, signatureHeader,
} from './webhookSignature.ts';

export const ACK_URL_HEADER = 'x-tearline-ack-url';

export function buildWebhookRequest(
  row: DeliveryRow,
  url: string,
  secrets: readonly string[],
  unixSeconds: number,
  ackUrl: string | null,
  timeoutMs: number,
): WebhookRequest {
  const headers: Record<string, string> = {
    'content-type': row.mediaType,
    [SIGNATURE_HEADER]: signatureHeader(secrets, unixSeconds, row.bundleJson),
    [IDEMPOTENCY_HEADER]: row.idempotencyKey,
    [TEARLINE_IDEMPOTENCY_HEADER]: row.idempotencyKey,
    [DELIVERY_ID_HEADER]: row.id,
    [PRODUCT_HASH_HEADER]: row.productSha256,
  };
  if (ackUrl !== null) headers[ACK_URL_HEADER] = ackUrl;
  return { url, headers, body: row.bundleJson, timeoutMs };
}
