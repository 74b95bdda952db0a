// Webhook signatures (issue 7 "HMAC-SHA256 signed with the partner's secret and a
// timestamp"): the header
//
//     X-Tearline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, `${t}.${body}`)>
//
// signs the exact body bytes together with the time, so a captured request cannot be
// replayed after the partner's tolerance window (default 300 s). Several v1 values may be
// sent while a secret is being rotated; one matching is enough. Partners verify with
// src/delivery/verifyWebhook.ts, a self-contained copy they can take.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-tearline-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const TEARLINE_IDEMPOTENCY_HEADER = 'x-tearline-idempotency-key';
export const DELIVERY_ID_HEADER = 'x-tearline-delivery-id';
export const PRODUCT_HASH_HEADER = 'x-tearline-product-sha256';

export function webhookSignature(secret: string, unixSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
}

/** The header value for `body` at `unixSeconds`, signed with each of `secrets` (rotation). */
export function signatureHeader(secrets: readonly string[], unixSeconds: number, body: string): string {
  return [`t=${unixSeconds}`, ...secrets.map((secret) => `v1=${webhookSignature(secret, unixSeconds, body)}`)].join(',');
}

export type SignatureCheck =
  | { readonly ok: true; readonly timestamp: number }
  | { readonly ok: false; readonly code: 'malformed' | 'stale' | 'mismatch'; readonly message: string };

/** The same check partners run (verifyWebhook.ts), for our own tests and tools. */
export function checkSignature(header: string, body: string, secret: string, nowSeconds: number, toleranceSeconds: number): SignatureCheck {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return { ok: false, code: 'malformed', message: 'the header needs t=<unix seconds> and v1=<hex>' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, code: 'stale', message: `the signature is ${nowSeconds - timestamp} s old, outside ±${toleranceSeconds} s` };
  const expected = Buffer.from(webhookSignature(secret, timestamp, body), 'hex');
  const match = signatures.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
  return match ? { ok: true, timestamp } : { ok: false, code: 'mismatch', message: 'no v1 signature matches the body' };
}
