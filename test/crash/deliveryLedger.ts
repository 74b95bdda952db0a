// Deliveries as the partner saw them: every copy the loopback receivers got (receivers.ts),
// and when a check first saw each outbox row recorded as sent — a copy arriving after that
// moment was sent twice. A copy arriving again after a kill took the first one's record
// (the row was still `sending` when the process died) is the designed redelivery under the
// same idempotency key, and is counted, not flagged.
import type { Receivers } from './receivers.ts';

export class DeliveryLedger {
  /** Delivery id -> Date.now() of the check that first saw it `sent`. */
  readonly sentSeenAt = new Map<string, number>();

  constructor(readonly receivers: Receivers) {}
}
