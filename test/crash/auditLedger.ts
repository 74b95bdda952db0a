// The audit chain across restarts: the head the last check saw (an anchor: a later chain
// must still hold it, so entries removed from the end are caught) and how often it verified.
import type { AuditHead } from '../../src/app/ports/audit.ts';

export class AuditLedger {
  head: AuditHead | null = null;
  /** Full verifications that passed. */
  verified = 0;
  /** Entries read by the last verification. */
  entries = 0;
}
