// A small in-memory limiter (issue 8 "rate limits on auth"; reusable for TAXII): at most
// `limit` events per key in a fixed window; reaching the limit blocks the key for `blockMs`.
// Memory is bounded: at most `maxKeys` keys, the oldest dropped first.
//
// In memory, so per process: several Tearline nodes behind a balancer each count on their
// own (an attacker gets `limit` tries per node, not more per node).
import type { FastifyReply } from 'fastify';

export interface LimiterSettings {
  /** Events allowed per window; the limit-th blocks the key. */
  readonly limit: number;
  readonly windowMs: number;
  /** How long a key stays blocked once it reaches the limit (default: windowMs). */
  readonly blockMs?: number;
  readonly maxKeys?: number;
}

export interface LimitDecision {
  readonly allowed: boolean;
  /** Seconds until the key is allowed again (0 when allowed). */
  readonly retryAfterSeconds: number;
}

export interface HitResult extends LimitDecision {
  /** This event started a block (for recording a lockout once). */
  readonly blockedNow: boolean;
}

interface Slot {
  windowStart: number;
  count: number;
  blockedUntil: number;
}

const ALLOWED: LimitDecision = Object.freeze({ allowed: true, retryAfterSeconds: 0 });

export class WindowLimiter {
  readonly #slots = new Map<string, Slot>();
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #blockMs: number;
  readonly #maxKeys: number;

  constructor(settings: LimiterSettings) {
    this.#limit = settings.limit;
    this.#windowMs = settings.windowMs;
    this.#blockMs = settings.blockMs ?? settings.windowMs;
    this.#maxKeys = settings.maxKeys ?? 10_000;
  }

  /** Whether an event for `key` would be allowed now, without counting it. */
  check(key: string, nowMs: number): LimitDecision {
    const slot = this.#slots.get(key);
    if (slot === undefined || slot.blockedUntil <= nowMs) return ALLOWED;
    return { allowed: false, retryAfterSeconds: Math.ceil((slot.blockedUntil - nowMs) / 1000) };
  }

  /** Counts one event. Not allowed when the key was already blocked or this event went over the limit. */
  hit(key: string, nowMs: number): HitResult {
    let slot = this.#slots.get(key);
    if (slot !== undefined && slot.blockedUntil > nowMs) {
      return { allowed: false, retryAfterSeconds: Math.ceil((slot.blockedUntil - nowMs) / 1000), blockedNow: false };
    }
    if (slot === undefined || nowMs - slot.windowStart >= this.#windowMs) {
      this.#slots.delete(key);
      this.#makeRoom(nowMs);
      slot = { windowStart: nowMs, count: 0, blockedUntil: 0 };
      this.#slots.set(key, slot);
    }
    slot.count += 1;
    const allowed = slot.count <= this.#limit;
    const blockedNow = slot.count === this.#limit;
    if (slot.count >= this.#limit) slot.blockedUntil = nowMs + this.#blockMs;
    return { allowed, retryAfterSeconds: allowed ? 0 : Math.ceil(this.#blockMs / 1000), blockedNow };
  }

  reset(key: string): void {
    this.#slots.delete(key);
  }

  #makeRoom(nowMs: number): void {
    if (this.#slots.size < this.#maxKeys) return;
    for (const [key, slot] of this.#slots) {
      if (slot.blockedUntil <= nowMs && nowMs - slot.windowStart >= this.#windowMs) this.#slots.delete(key);
    }
    // Still full: drop the oldest keys (Map keeps insertion order).
    for (const key of this.#slots.keys()) {
      if (this.#slots.size < this.#maxKeys) break;
      this.#slots.delete(key);
    }
  }
}

/** RFC 6585 §4: 429 with Retry-After (RFC 9110 §10.2.3), in the error body shape of errors.ts. */
export function sendTooManyRequests(reply: FastifyReply, retryAfterSeconds: number, message: string): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(Math.max(1, retryAfterSeconds)))
    .send({ error: { code: 'too-many-requests', message: `${message}; try again in ${Math.max(1, retryAfterSeconds)} seconds` } });
}
