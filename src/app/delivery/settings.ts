// How the dispatcher retries (issue 7 "retries with exponential backoff and jitter (bounded
// attempts, configurable)"). Our defaults: 8 attempts over about 40 minutes, then dead letter.

export interface DeliverySettings {
  /** Attempts before a delivery goes to dead letter (the officer can `retry` it). */
  readonly maxAttempts: number;
  /** Wait before the 2nd attempt; doubles each time. */
  readonly baseDelayMs: number;
  /** Cap on one wait. */
  readonly maxDelayMs: number;
  /** 0..1: each wait is shortened by up to this fraction at random, so retries do not march in step. */
  readonly jitter: number;
  /** How long a claimed row is ours; must outlast a send (timeouts below) with room to record it. */
  readonly leaseMs: number;
  /** Timeout of one webhook POST or SMTP session. */
  readonly sendTimeoutMs: number;
  /** Rows claimed per dispatch pass. */
  readonly batchSize: number;
  /** Webhook signatures older than this are refused by partners (replay window), in seconds. */
  readonly signatureToleranceSeconds: number;
  /** Lifetime of an acknowledgement link, in hours. */
  readonly ackTokenHours: number;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  jitter: 0.2,
  leaseMs: 120_000,
  sendTimeoutMs: 30_000,
  batchSize: 20,
  signatureToleranceSeconds: 300,
  ackTokenHours: 72,
};

/** Problems with a settings value, empty when it is usable. */
export function checkDeliverySettings(s: DeliverySettings): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(s.maxAttempts) || s.maxAttempts < 1 || s.maxAttempts > 100) problems.push('maxAttempts must be an integer from 1 to 100');
  if (!(s.baseDelayMs >= 0) || !(s.maxDelayMs >= s.baseDelayMs)) problems.push('delays must satisfy 0 <= baseDelayMs <= maxDelayMs');
  if (!(s.jitter >= 0 && s.jitter <= 1)) problems.push('jitter must be from 0 to 1');
  if (!(s.sendTimeoutMs > 0) || !(s.leaseMs > s.sendTimeoutMs)) problems.push('leaseMs must be longer than sendTimeoutMs');
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1 || s.batchSize > 1000) problems.push('batchSize must be an integer from 1 to 1000');
  if (!(s.signatureToleranceSeconds > 0)) problems.push('signatureToleranceSeconds must be positive');
  if (!(s.ackTokenHours > 0)) problems.push('ackTokenHours must be positive');
  return problems;
}

/**
 * Wait after the `failedAttempts`-th failure: base · 2^(n-1), capped, minus up to `jitter` of
 * it ("full jitter" would let a wait drop to zero; a floor keeps the partner from being
 * hammered). `random` is in [0, 1).
 */
export function retryDelayMs(settings: DeliverySettings, failedAttempts: number, random: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const raw = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.round(raw * (1 - settings.jitter * Math.min(Math.max(random, 0), 1)));
}

export function addMs(timestamp: string, ms: number): string {
  return new Date(Date.parse(timestamp) + ms).toISOString();
}
