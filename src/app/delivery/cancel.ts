// Cancelling what has not gone out once the case no longer wants it sent (issue 7, DOMAIN.md
// §1): a waiver is the recorded decision not to warn, a closure ends the case; after either,
// no outbox row of the case may be tried again. Rows waiting (pending), backing off (failed)
// or in dead letter become `cancelled` with the reason, each audited, in the write that made
// the decision. A row in flight (sending, another dispatcher's lease) cannot be called back
// here; the dispatcher that holds it checks the case before it sends (dispatch.ts).
import { effectiveState, type WarningCase, type WarningState } from '../../domain/warning/index.ts';
import type { StoreWriter } from '../ports.ts';
import type { DeliveryRow } from '../ports/deliveries.ts';

/** States in which nothing more may be sent for the case. */
const STOPPED: readonly WarningState[] = ['waived', 'closed'];

/** Why the case's outbox must stop, or null while deliveries may go on. */
export function deliveryStopReason(c: WarningCase): string | null {
  const state = effectiveState(c);
  if (!STOPPED.includes(state)) return null;
  if (state === 'closed') {
    const outcome = c.closure === null ? '' : ` (${c.closure.outcome})`;
    return `case ${c.id} was closed${outcome}: nothing more is sent for it`;
  }
  const waiver = c.waivers.findLast((candidate) => candidate.status === 'approved');
  const reasons = waiver === undefined ? '' : ` (${waiver.reasons.map((r) => r.reason).join(', ')})`;
  return `case ${c.id} was waived${reasons}: nothing is sent after the decision not to warn`;
}

const OUTSTANDING = ['pending', 'failed', 'dead'] as const;
const PAGE = 500;

async function outstandingRows(tx: StoreWriter, caseId: string): Promise<DeliveryRow[]> {
  const rows: DeliveryRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await tx.deliveries.list({ limit: PAGE, caseId, states: OUTSTANDING, ...(cursor === undefined ? {} : { cursor }) });
    rows.push(...page.items);
    cursor = page.next;
  } while (cursor !== undefined);
  return rows;
}

/** Audits one cancelled row. */
export async function auditCancellation(tx: StoreWriter, row: DeliveryRow, reason: string, actor: string, at: string): Promise<void> {
  await tx.audit.append({
    at,
    actor,
    action: 'delivery.cancelled',
    subject: row.id,
    threat: row.caseId,
    partner: row.partnerName,
    reason,
    details: { channel: row.channel, previousState: row.state, attempts: row.attempts, idempotencyKey: row.idempotencyKey },
  });
}

/**
 * Cancels the case's rows that have not gone out, when the case (as it is after this write)
 * stops its deliveries. Returns the ids cancelled.
 */
export async function cancelStoppedDeliveries(tx: StoreWriter, c: WarningCase, auditActor: string, now: string): Promise<readonly string[]> {
  const reason = deliveryStopReason(c);
  if (reason === null) return [];
  const cancelled: string[] = [];
  for (const row of await outstandingRows(tx, c.id)) {
    if (!(await tx.deliveries.cancel({ id: row.id, reason, at: now }))) continue;
    await auditCancellation(tx, row, reason, auditActor, now);
    cancelled.push(row.id);
  }
  return cancelled;
}
