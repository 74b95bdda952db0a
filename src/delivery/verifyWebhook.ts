// Verifying a Tearline webhook — a self-contained file partners can copy (Node 18+, no
// dependencies). Tearline POSTs each warning as the exact STIX bundle, with
//
//   Content-Type:               application/stix+json;version=2.1
//   X-Tearline-Signature:       t=<unix seconds>,v1=<hex HMAC-SHA256(secret, `${t}.${body}`)>
//   Idempotency-Key:            the same on every attempt of one delivery: keep the first, drop the rest
//   X-Tearline-Delivery-Id:     Tearline's delivery id
//   X-Tearline-Product-SHA256:  SHA-256 (hex) of the body: the approved product's hash
//   X-Tearline-Ack-Url:         (when configured) open it to acknowledge receipt
//
// Verify over the raw body bytes as received (before any JSON parsing), refuse signatures
// older than your replay window (5 minutes is Tearline's default), and answer 2xx only once
// the bundle is safely stored: Tearline retries anything else with backoff.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookVerdict =
  | { readonly ok: true; readonly timestamp: number }
  | { readonly ok: false; readonly reason: 'malformed' | 'stale' | 'mismatch' | 'body-hash' };

export function verifyTearlineWebhook(
  rawBody: string | Uint8Array,
  headers: { readonly signature: string | undefined; readonly productSha256?: string | undefined },
  secret: string,
  options: { readonly toleranceSeconds?: number; readonly nowSeconds?: number } = {},
): WebhookVerdict {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  let timestamp: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of (headers.signature ?? '').split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)) candidates.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || candidates.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(now - timestamp) > tolerance) return { ok: false, reason: 'stale' };
  const expected = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest();
  if (!candidates.some((candidate) => timingSafeEqual(candidate, expected))) return { ok: false, reason: 'mismatch' };
  if (headers.productSha256 !== undefined && createHash('sha256').update(body).digest('hex') !== headers.productSha256) {
    return { ok: false, reason: 'body-hash' };
  }
  return { ok: true, timestamp };
}
