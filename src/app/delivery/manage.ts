// Use cases of the delivery officer (issue 7 "a dead-letter state visible to the delivery
// officer after N failures (`tearline delivery list --dead`, `retry <id>`)"): list and show
// deliveries, put a dead letter back in the queue, and record on the case a delivery the
// machine could not record in anyone's name (recorder.ts).
import type { Actor } from '../../domain/warning/index.ts';
import type { Clock, Page, Store, StoreReader } from '../ports.ts';
import type { DeliveryAttemptRow, DeliveryRow, DeliveryState, DisclosureRecord, FeedbackLink } from '../ports/deliveries.ts';
import { bareRecipient, loadPartner, recipientOf } from './partnerRoute.ts';
import { canDeliver, recordOnCase } from './recorder.ts';

/** A row as lists show it: everything but the product's bytes. */
export type DeliverySummary = Omit<DeliveryRow, 'bundleJson' | 'warningText'>;

export function summaryOf(row: DeliveryRow): DeliverySummary {
  const { bundleJson: _bundle, warningText: _text, ...summary } = row;
  return summary;
}

export interface DeliveryDetail {
  readonly delivery: DeliverySummary;
  readonly attempts: readonly DeliveryAttemptRow[];
  readonly feedback: readonly FeedbackLink[];
}

export async function listDeliveries(
  store: StoreReader,
  query: { readonly limit: number; readonly cursor?: string; readonly states?: readonly DeliveryState[]; readonly caseId?: string },
): Promise<Page<DeliverySummary>> {
  const page = await store.deliveries.list(query);
  return page.next === undefined ? { items: page.items.map(summaryOf) } : { items: page.items.map(summaryOf), next: page.next };
}

export async function showDelivery(store: StoreReader, id: string): Promise<DeliveryDetail | null> {
  const row = await store.deliveries.get(id);
  if (row === null) return null;
  const feedback = (await store.deliveries.feedbackOfCase(row.caseId)).filter((f) => f.deliveryId === id);
  return { delivery: summaryOf(row), attempts: await store.deliveries.attempts(id), feedback };
}

export async function disclosuresOf(store: StoreReader, caseId: string): Promise<readonly DisclosureRecord[]> {
  return store.deliveries.disclosures(caseId);
}

export type ManageOutcome =
  | { readonly ok: true; readonly delivery: DeliverySummary; readonly caseRecord?: string }
  | { readonly ok: false; readonly code: 'not-found' | 'not-retryable' | 'not-sent' | 'not-permitted'; readonly message: string };

/** A dead (or waiting) delivery back to pending, due now, with a fresh count of attempts. */
export async function retryDelivery(ctx: { readonly store: Store; readonly clock: Clock }, id: string, auditActor: string): Promise<ManageOutcome> {
  const now = ctx.clock.now();
  return ctx.store.write(async (tx): Promise<ManageOutcome> => {
    const row = await tx.deliveries.get(id);
    if (row === null) return { ok: false, code: 'not-found', message: `no delivery ${id}` };
    if (!(await tx.deliveries.requeue(id, now))) {
      const why = row.state === 'cancelled' && row.lastError !== null ? ` (${row.lastError})` : '';
      return { ok: false, code: 'not-retryable', message: `delivery ${id} is ${row.state}${why}; only dead or failed deliveries can be retried` };
    }
    await tx.audit.append({
      at: now, actor: auditActor, action: 'delivery.retry', subject: id, threat: row.caseId, partner: row.partnerName,
      details: { from: row.state, attemptsBefore: row.attempts, lastError: row.lastError },
    });
    const after = await tx.deliveries.get(id);
    return { ok: true, delivery: summaryOf(after ?? row) };
  });
}

/** Records a sent delivery on its case as `actor` (when the dispatcher's own record was refused). */
export async function recordSentOnCase(ctx: { readonly store: Store; readonly clock: Clock }, id: string, actor: Actor): Promise<ManageOutcome> {
  if (!canDeliver(actor)) return { ok: false, code: 'not-permitted', message: 'recording a delivery needs the delivery_officer or duty_to_warn_officer role' };
  const now = ctx.clock.now();
  return ctx.store.write(async (tx): Promise<ManageOutcome> => {
    const row = await tx.deliveries.get(id);
    if (row === null) return { ok: false, code: 'not-found', message: `no delivery ${id}` };
    if (row.state !== 'sent' || row.sentAt === null || row.deliveredSha256 === null) return { ok: false, code: 'not-sent', message: `delivery ${id} is ${row.state}, not sent` };
    const partner = await loadPartner(tx, row.partnerName);
    const caseRecord = await recordOnCase(tx, row, {
      type: 'record_delivery',
      channel: row.channel,
      kind: 'release',
      recipient: partner.ok ? recipientOf(partner.partner) : bareRecipient(row.partnerName),
      productHash: row.deliveredSha256,
      deliveredAt: row.sentAt,
    }, actor, now);
    await tx.audit.append({
      at: now, actor: actor.kind === 'user' ? `user:${actor.userId}` : `system:${actor.systemId}`, action: 'delivery.record-on-case',
      subject: id, threat: row.caseId, partner: row.partnerName, details: { caseRecord },
    });
    const after = await tx.deliveries.get(id);
    return { ok: true, delivery: summaryOf(after ?? row), caseRecord };
  });
}
