// Acknowledgement tokens (issue 7 "a signed link or token endpoint, token = HMAC of delivery
// id with a server secret, single use, expiry"). A token is
//
//     <base64url of the delivery id's 16 UUID bytes>.<expiry, unix seconds>.<base64url HMAC-SHA256(secret, "tearline-ack\n" id "\n" expiry)>
//
// 77 characters: short enough for a URL path segment (Fastify's default limit is 100) and a
// line of email.
// It needs no row until it is used: the MAC proves we issued it, the expiry is inside the
// MAC, and using it stores its MAC as a nonce (deliveries.useAckToken) so it works once.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AckToken {
  readonly deliveryId: string;
  readonly expiresAt: string;
  /** What is stored when the token is used; the same token always gives the same nonce. */
  readonly nonce: string;
}

export type AckTokenCheck =
  | ({ readonly ok: true } & AckToken)
  | { readonly ok: false; readonly code: 'malformed' | 'bad-signature' | 'expired'; readonly message: string };

const MIN_SECRET_LENGTH = 32;

function mac(secret: string, deliveryId: string, expiry: number): Buffer {
  return createHmac('sha256', secret).update(`tearline-ack\n${deliveryId}\n${expiry}`, 'utf8').digest();
}

export function ackSecretProblem(secret: string): string | null {
  return secret.length >= MIN_SECRET_LENGTH ? null : `the acknowledgement secret must be at least ${MIN_SECRET_LENGTH} characters`;
}

const DELIVERY_ID = /^delivery--([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/;

function packId(deliveryId: string): string {
  const match = DELIVERY_ID.exec(deliveryId);
  if (match === null) throw new TypeError(`${deliveryId} is not a delivery id`);
  return Buffer.from(match.slice(1).join(''), 'hex').toString('base64url');
}

function unpackId(packed: string): string {
  const hex = Buffer.from(packed, 'base64url').toString('hex');
  return `delivery--${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function issueAckToken(secret: string, deliveryId: string, expiresAt: string): string {
  const expiry = Math.floor(Date.parse(expiresAt) / 1000);
  if (!Number.isFinite(expiry)) throw new TypeError('expiresAt is not a timestamp');
  return `${packId(deliveryId)}.${expiry}.${mac(secret, deliveryId, expiry).toString('base64url')}`;
}

/** Checks a token's form, signature and expiry at `now`; whether it was used is the store's. */
export function readAckToken(secret: string, token: string, now: string): AckTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, code: 'malformed', message: 'not an acknowledgement token' };
  const [idPart, expiryPart, macPart] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]{22}$/.test(idPart) || !/^\d{1,12}$/.test(expiryPart) || !/^[A-Za-z0-9_-]{43}$/.test(macPart)) {
    return { ok: false, code: 'malformed', message: 'not an acknowledgement token' };
  }
  const deliveryId = unpackId(idPart);
  const expiry = Number(expiryPart);
  const given = Buffer.from(macPart, 'base64url');
  const expected = mac(secret, deliveryId, expiry);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'bad-signature', message: 'this token was not issued by this server' };
  }
  const expiresAt = new Date(expiry * 1000).toISOString();
  if (Date.parse(now) >= expiry * 1000) return { ok: false, code: 'expired', message: `this token expired at ${expiresAt}` };
  return { ok: true, deliveryId, expiresAt, nonce: expected.toString('hex') };
}
