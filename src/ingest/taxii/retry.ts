// Retrying transient failures with exponential backoff and full jitter, a bounded number of
// times: refused or reset connections, timeouts, and the HTTP statuses that mean "later"
// (408, 429, 500, 502, 503, 504). A Retry-After header is honoured up to the largest delay.
// Certificate problems, 4xx answers and protocol errors are never retried.
import type { RemoteError, RemoteResult } from '../../app/ports/taxii.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 10_000 };

const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function isTransient(error: RemoteError): boolean {
  if (error.kind === 'network') return true;
  return error.kind === 'http' && error.status !== undefined && TRANSIENT_STATUSES.has(error.status);
}

/** The wait before attempt `attempt + 1` (attempt counts from 1): random in [0, min(max, base·2^(attempt-1))]. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After (RFC 7231 §7.1.3) in seconds or as an HTTP date, in ms; undefined if absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export interface Attempted<T> {
  readonly result: RemoteResult<T>;
  /** Server-requested wait (Retry-After), when it sent one. */
  readonly retryAfterMs?: number;
}

export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: () => Promise<Attempted<T>>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<RemoteResult<T>> {
  for (let n = 1; ; n++) {
    const { result, retryAfterMs: asked } = await attempt();
    if (result.ok || n >= policy.attempts || !isTransient(result.error)) return result;
    await sleep(Math.min(policy.maxDelayMs, asked ?? backoffMs(policy, n)));
  }
}
