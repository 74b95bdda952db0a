// Use case: the dispatcher (issue 7 "A delivery in flight survives a crash or restart and is
// sent exactly once per idempotency key"). `dispatchDue(ctx)` claims due outbox rows under
// a lease (so two dispatchers never send the same row at once), sends each through its
// channel, and records the attempt, the outcome on the warning case and the audit entry in
// one write.
//
// Exactly once, per channel:
// - TAXII: the product joins the partner's collection in the same write that marks the row
//   sent; a crash before that write commits leaves nothing, a re-run stores the same
//   versions again as `unchanged` (the collection keeps its first date_added).
// - Webhook and email leave this process: a crash after the partner received the product but
//   before the row was marked sent means the next dispatcher (once the lease expires) sends
//   it again with the same idempotency key (Idempotency-Key header, Message-ID), by which
//   the partner drops the copy. Without a crash, a row is sent once: only the lease holder
//   sends, and its outcome is recorded only while it still holds the lease.
import { randomUUID } from 'node:crypto';
import type { WarningCommand } from '../../domain/warning/index.ts';
import type { Clock, Store, StoreWriter } from '../ports.ts';
import type { AttemptOutcome, DeliveryRow } from '../ports/deliveries.ts';
import type { Mailer } from '../ports/mailer.ts';
import type { SendOutcome, WebhookClient } from '../ports/webhook.ts';
import { issueAckToken } from './ackToken.ts';
import { auditCancellation, deliveryStopReason } from './cancel.ts';
import { buildEmail } from './emailMessage.ts';
import { bareRecipient, loadPartner, routeOf, type PartnerRoute } from './partnerRoute.ts';
import { recordOnCase, recorderFor } from './recorder.ts';
import { sha256Hex } from './requestDelivery.ts';
import { addMs, retryDelayMs, type DeliverySettings } from './settings.ts';
import { deliverToCollection, type DeliveryIngestFn } from './taxiiChannel.ts';
import { buildWebhookRequest } from './webhookRequest.ts';

export interface AckLinks {
  /** HMAC key of acknowledgement tokens (ackToken.ts); at least 32 characters. */
  readonly secret: string;
  /** Public base URL of this server: links are `${baseUrl}/api/ack/<token>`. */
  readonly baseUrl: string;
}

export interface DispatchContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly settings: DeliverySettings;
  readonly webhook: WebhookClient;
  /** Null when this server has no SMTP relay configured: email deliveries fail (and go to dead letter). */
  readonly mailer: Mailer | null;
  readonly mailFrom: string;
  /** The partner's webhook HMAC secrets, current first (several while rotating); empty when none. */
  readonly webhookSecrets: (partnerName: string) => readonly string[];
  /** app/ingest's ingestObjects (atomic mode), for the TAXII channel. */
  readonly ingest: DeliveryIngestFn;
  /** Acknowledgement links put in emails and webhook headers; none when null. */
  readonly ackLinks: AckLinks | null;
  /** Username that records machine deliveries on cases (recorder.ts); null: the requester. */
  readonly recorder: string | null;
  /** This dispatcher's lease owner id; a fresh one per process by default. */
  readonly owner?: string;
  /** [0, 1) for the retry jitter; Math.random by default. */
  readonly random?: () => number;
}

export interface DispatchReport {
  readonly claimed: number;
  readonly sent: readonly string[];
  readonly failed: readonly string[];
  readonly dead: readonly string[];
  /** Rows whose lease another dispatcher took before this one recorded the outcome. */
  readonly lostLease: readonly string[];
  /** Rows not sent because their case was waived or closed meanwhile (cancel.ts). */
  readonly cancelled: readonly string[];
}

const PROCESS_OWNER = `dispatcher:${randomUUID()}`;

/** One pass: claim what is due now, send it, record it. Safe to run from several processes. */
export async function dispatchDue(ctx: DispatchContext): Promise<DispatchReport> {
  const owner = ctx.owner ?? PROCESS_OWNER;
  const now = ctx.clock.now();
  const claimed = await ctx.store.write((tx) =>
    tx.deliveries.claimDue({ now, leaseOwner: owner, leaseExpiresAt: addMs(now, ctx.settings.leaseMs), limit: ctx.settings.batchSize }),
  );
  const report = { claimed: claimed.length, sent: [] as string[], failed: [] as string[], dead: [] as string[], lostLease: [] as string[], cancelled: [] as string[] };
  for (const row of claimed) {
    const result = await dispatchOne(ctx, owner, row);
    report[result].push(row.id);
  }
  return report;
}

type RowResult = 'sent' | 'failed' | 'dead' | 'lostLease' | 'cancelled';

class LostLease extends Error {}

/**
 * Holding the lease, the last look before anything leaves: a case waived or closed since the
 * row was queued (or whose cancellation missed this row because it was in flight) gets the
 * row cancelled instead of sent. A decision that commits after this look and before the
 * send cannot stop it; it is then recorded on the case like any late delivery.
 */
async function cancelIfStopped(ctx: DispatchContext, owner: string, row: DeliveryRow): Promise<RowResult | null> {
  return ctx.store.write(async (tx) => {
    const stored = await tx.warnings.getCase(row.caseId);
    const reason = stored === null ? null : deliveryStopReason(stored.case);
    if (reason === null) return null;
    const now = ctx.clock.now();
    if (!(await tx.deliveries.cancel({ id: row.id, reason, at: now, leaseOwner: owner }))) return 'lostLease';
    await auditCancellation(tx, row, reason, 'system:delivery', now);
    return 'cancelled';
  });
}

async function dispatchOne(ctx: DispatchContext, owner: string, row: DeliveryRow): Promise<RowResult> {
  const stopped = await cancelIfStopped(ctx, owner, row);
  if (stopped !== null) return stopped;
  const startedAt = ctx.clock.now();
  const loaded = await loadPartner(ctx.store, row.partnerName);
  const routed = loaded.ok ? routeOf(loaded.partner, row.channel) : loaded;
  if (!routed.ok) {
    // A missing partner or address will not fix itself by waiting: straight to dead letter.
    return finish(ctx, owner, row, startedAt, { ok: false, error: routed.error, retryable: false }, null, null);
  }
  const route = routed.route;
  if (row.channel === 'taxii') {
    try {
      return await deliverToCollection(ctx, row, route, async (tx) => {
        const result = await finishIn(tx, ctx, owner, row, startedAt, { ok: true, receipt: 'taxii: stored in the partner collection' }, route, null);
        if (result === 'lostLease') throw new LostLease();
      }).then((outcome) => (outcome.ok ? 'sent' : finish(ctx, owner, row, startedAt, outcome, route, null)));
    } catch (error) {
      if (error instanceof LostLease) return 'lostLease';
      return finish(ctx, owner, row, startedAt, { ok: false, error: `taxii: ${(error as Error).message}`, retryable: true }, route, null);
    }
  }
  const ackUrl = ackLinkFor(ctx, row.id, startedAt);
  if (row.channel === 'webhook') {
    const secrets = ctx.webhookSecrets(row.partnerName);
    if (secrets.length === 0) {
      return finish(ctx, owner, row, startedAt, { ok: false, error: `no webhook secret is configured for partner ${row.partnerName}`, retryable: false }, route, null);
    }
    const request = buildWebhookRequest(row, route.addresses[0] as string, secrets, Math.floor(Date.parse(startedAt) / 1000), ackUrl, ctx.settings.sendTimeoutMs);
    return finish(ctx, owner, row, startedAt, await ctx.webhook.post(request), route, null);
  }
  if (ctx.mailer === null) {
    return finish(ctx, owner, row, startedAt, { ok: false, error: 'this server has no SMTP relay configured (TEARLINE_SMTP_URL)', retryable: true }, route, null);
  }
  const email = buildEmail(row, route, ctx.mailFrom, ackUrl);
  return finish(ctx, owner, row, startedAt, await ctx.mailer.send(email.message), route, email.documentSha256);
}

function ackLinkFor(ctx: DispatchContext, deliveryId: string, now: string): string | null {
  if (ctx.ackLinks === null) return null;
  const token = issueAckToken(ctx.ackLinks.secret, deliveryId, addMs(now, ctx.settings.ackTokenHours * 3_600_000));
  return `${ctx.ackLinks.baseUrl.replace(/\/+$/, '')}/api/ack/${token}`;
}

async function finish(
  ctx: DispatchContext,
  owner: string,
  row: DeliveryRow,
  startedAt: string,
  sent: SendOutcome,
  route: PartnerRoute | null,
  documentSha256: string | null,
): Promise<RowResult> {
  return ctx.store.write((tx) => finishIn(tx, ctx, owner, row, startedAt, sent, route, documentSha256));
}

/** Records one attempt's outcome, on the row and on the case, if this dispatcher still holds the lease. */
async function finishIn(
  tx: StoreWriter,
  ctx: DispatchContext,
  owner: string,
  row: DeliveryRow,
  startedAt: string,
  sent: SendOutcome,
  route: PartnerRoute | null,
  documentSha256: string | null,
): Promise<RowResult> {
  const now = ctx.clock.now();
  const attemptsAfter = row.attempts + 1;
  let outcome: AttemptOutcome;
  if (sent.ok) {
    // The bytes sent are the approved bundle itself, so their hash is the approved hash.
    outcome = { kind: 'sent', deliveredSha256: sha256Hex(row.bundleJson), documentSha256, receipt: sent.receipt };
  } else if (!sent.retryable || attemptsAfter >= ctx.settings.maxAttempts) {
    const why = sent.retryable ? ` (attempt ${attemptsAfter} of ${ctx.settings.maxAttempts})` : ' (not retryable)';
    outcome = { kind: 'dead', error: `${sent.error}${why}` };
  } else {
    const delay = retryDelayMs(ctx.settings, attemptsAfter, (ctx.random ?? Math.random)());
    outcome = { kind: 'failed', error: sent.error, nextAttemptAt: addMs(now, delay) };
  }
  const finished = await tx.deliveries.finishAttempt({ deliveryId: row.id, leaseOwner: owner, startedAt, finishedAt: now, outcome });
  if (!finished.ok) return 'lostLease';
  const recipient = route?.recipient ?? bareRecipient(row.partnerName);
  const command: WarningCommand = outcome.kind === 'sent'
    ? { type: 'record_delivery', channel: row.channel, kind: 'release', recipient, productHash: outcome.deliveredSha256, deliveredAt: now }
    : { type: 'record_delivery_attempt', channel: row.channel, recipient, failure: outcome.error, attemptedAt: startedAt };
  const actor = await recorderFor(tx, row, ctx.recorder);
  const caseRecord = await recordOnCase(tx, row, command, actor, now);
  await tx.audit.append({
    at: now,
    actor: 'system:delivery',
    action: `delivery.${outcome.kind}`,
    subject: row.id,
    threat: row.caseId,
    partner: row.partnerName,
    reason: outcome.kind === 'sent' ? null : outcome.error,
    details: {
      channel: row.channel,
      attempt: attemptsAfter,
      idempotencyKey: row.idempotencyKey,
      productSha256: row.productSha256,
      documentSha256,
      receipt: sent.ok ? sent.receipt : null,
      caseRecord,
    },
  });
  return outcome.kind;
}
