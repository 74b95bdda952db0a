// Use cases: a partner acknowledges a delivery (issue 7 "Acknowledgement and outcome"):
// - through the signed link of the email or webhook (`/api/ack/<token>`): the link's GET only
//   shows what would be acknowledged (mail scanners fetch links), its POST acknowledges, once;
// - through TAXII: a note or opinion in its inbound collection that references the product
//   (feedback.ts, acknowledgeFromTaxiiObject);
// - or the delivery officer records an attestation (a call, a letter, a meeting).
// Each is recorded on the warning case through the workflow (record_acknowledgement), so the
// case's acknowledgement deadline stops running only when the workflow says so.
import type { Actor } from '../../domain/warning/index.ts';
import type { Clock, Store, StoreWriter } from '../ports.ts';
import type { DeliveryRow } from '../ports/deliveries.ts';
import { readAckToken } from './ackToken.ts';
import { loadPartner } from './partnerRoute.ts';
import { canDeliver, recordOnCase, recorderFor } from './recorder.ts';

export interface AckContext {
  readonly store: Store;
  readonly clock: Clock;
  /** The server's acknowledgement secret (ackToken.ts). */
  readonly ackSecret: string;
  /** As DispatchContext.recorder. */
  readonly recorder: string | null;
}

export type AckRefusalCode = 'invalid-token' | 'expired' | 'used' | 'not-found' | 'not-delivered' | 'not-permitted' | 'invalid-input';

export type AckOutcome =
  | { readonly ok: true; readonly delivery: AckView; readonly caseRecord: string }
  | { readonly ok: false; readonly code: AckRefusalCode; readonly message: string };

/** What a partner is shown about the delivery it acknowledges: nothing beyond what it received. */
export interface AckView {
  readonly deliveryId: string;
  readonly partner: string;
  readonly channel: string;
  readonly banner: string;
  readonly productSha256: string;
  readonly sentAt: string | null;
  readonly acknowledgedAt: string | null;
}

const MAX_NAME = 200;
const MAX_NOTE = 4000;

function viewOf(row: DeliveryRow, partner: string): AckView {
  return {
    deliveryId: row.id,
    partner,
    channel: row.channel,
    banner: row.banner,
    productSha256: row.productSha256,
    sentAt: row.sentAt,
    acknowledgedAt: row.acknowledgedAt,
  };
}

function refuse(code: AckRefusalCode, message: string): AckOutcome {
  return { ok: false, code, message };
}

async function partnerDisplayName(store: Store | StoreWriter, row: DeliveryRow): Promise<string> {
  const loaded = await loadPartner(store, row.partnerName);
  return loaded.ok ? loaded.partner.name : row.partnerName;
}

/** Validates a token without using it (the link's GET). */
export async function peekAckToken(ctx: AckContext, token: string): Promise<AckOutcome> {
  const now = ctx.clock.now();
  const checked = readAckToken(ctx.ackSecret, token, now);
  if (!checked.ok) return refuse(checked.code === 'expired' ? 'expired' : 'invalid-token', checked.message);
  const row = await ctx.store.deliveries.get(checked.deliveryId);
  if (row === null) return refuse('not-found', 'this delivery is not known here');
  const usedAt = await ctx.store.deliveries.ackTokenUsedAt(checked.nonce);
  if (usedAt !== null) return refuse('used', `this link was used at ${usedAt}`);
  return { ok: true, delivery: viewOf(row, await partnerDisplayName(ctx.store, row)), caseRecord: 'not recorded: the link was only opened' };
}

/**
 * Records the partner's acknowledgement through its link, once. `acknowledgedBy` is the
 * name the partner typed (optional: without it, the partner's display name).
 */
export async function acknowledgeWithToken(ctx: AckContext, token: string, input: { readonly acknowledgedBy?: string; readonly note?: string }): Promise<AckOutcome> {
  const now = ctx.clock.now();
  const checked = readAckToken(ctx.ackSecret, token, now);
  if (!checked.ok) return refuse(checked.code === 'expired' ? 'expired' : 'invalid-token', checked.message);
  const by = (input.acknowledgedBy ?? '').trim();
  const note = (input.note ?? '').trim();
  if (by.length > MAX_NAME || note.length > MAX_NOTE) return refuse('invalid-input', `a name is at most ${MAX_NAME} characters, a note at most ${MAX_NOTE}`);
  return ctx.store.write(async (tx): Promise<AckOutcome> => {
    const row = await tx.deliveries.get(checked.deliveryId);
    if (row === null) return refuse('not-found', 'this delivery is not known here');
    if (row.state !== 'sent') return refuse('not-delivered', 'this delivery has not been completed yet');
    // Single use: the token's MAC is its nonce; a second use finds it taken.
    if (!(await tx.deliveries.useAckToken(checked.nonce, row.id, now))) {
      return refuse('used', `this link was used at ${(await tx.deliveries.ackTokenUsedAt(checked.nonce)) ?? 'an earlier time'}`);
    }
    const partner = await partnerDisplayName(tx, row);
    const caseRecord = await recordAcknowledgement(tx, row, {
      acknowledgedBy: by === '' ? `${partner} (acknowledgement link)` : `${by} (${partner}, acknowledgement link)`,
      note: note === '' ? null : note,
      actor: await recorderFor(tx, row, ctx.recorder),
      auditActor: `partner:${row.partnerName}`,
      how: 'link',
      now,
    });
    return { ok: true, delivery: viewOf((await tx.deliveries.get(row.id)) ?? row, partner), caseRecord };
  });
}

/** The delivery officer records that the partner acknowledged (`tearline delivery ack <id> --attest`). */
export async function attestAcknowledgement(
  ctx: { readonly store: Store; readonly clock: Clock },
  deliveryId: string,
  input: { readonly attestation: string; readonly acknowledgedBy: string; readonly actor: Actor; readonly acknowledgedAt?: string },
): Promise<AckOutcome> {
  const attestation = input.attestation.trim();
  const by = input.acknowledgedBy.trim();
  if (attestation === '' || attestation.length > MAX_NOTE) return refuse('invalid-input', `the attestation is 1-${MAX_NOTE} characters: how and when the partner acknowledged`);
  if (by === '' || by.length > MAX_NAME) return refuse('invalid-input', `name who acknowledged, 1-${MAX_NAME} characters`);
  if (!canDeliver(input.actor)) return refuse('not-permitted', 'recording an acknowledgement needs the delivery_officer or duty_to_warn_officer role');
  const now = ctx.clock.now();
  return ctx.store.write(async (tx): Promise<AckOutcome> => {
    const row = await tx.deliveries.get(deliveryId);
    if (row === null) return refuse('not-found', `no delivery ${deliveryId}`);
    if (row.state !== 'sent') return refuse('not-delivered', `delivery ${deliveryId} is ${row.state}, not sent`);
    const caseRecord = await recordAcknowledgement(tx, row, {
      acknowledgedBy: by,
      note: `attestation: ${attestation}`,
      actor: input.actor,
      auditActor: input.actor.kind === 'user' ? `user:${input.actor.userId}` : `system:${input.actor.systemId}`,
      how: 'attestation',
      now,
      ...(input.acknowledgedAt === undefined ? {} : { at: input.acknowledgedAt }),
    });
    return { ok: true, delivery: viewOf((await tx.deliveries.get(row.id)) ?? row, await partnerDisplayName(tx, row)), caseRecord };
  });
}

/** Marks the row, records on the case, audits: the shared tail of every way of acknowledging. */
export async function recordAcknowledgement(
  tx: StoreWriter,
  row: DeliveryRow,
  ack: {
    readonly acknowledgedBy: string;
    readonly note: string | null;
    readonly actor: Actor;
    readonly auditActor: string;
    readonly how: 'link' | 'attestation' | 'taxii';
    readonly now: string;
    readonly at?: string;
  },
): Promise<string> {
  await tx.deliveries.markAcknowledged(row.id, ack.at ?? ack.now);
  const caseRecord = await recordOnCase(tx, row, {
    type: 'record_acknowledgement',
    acknowledgedBy: ack.acknowledgedBy,
    // The channel the answer came back on: a TAXII note may answer an email delivery too.
    channel: ack.how === 'taxii' ? 'taxii' : row.channel,
    acknowledgedAt: ack.at ?? ack.now,
    ...(ack.note === null ? {} : { note: ack.note }),
  }, ack.actor, ack.now);
  await tx.audit.append({
    at: ack.now,
    actor: ack.auditActor,
    action: 'delivery.acknowledged',
    subject: row.id,
    threat: row.caseId,
    partner: row.partnerName,
    reason: ack.note,
    details: { how: ack.how, acknowledgedBy: ack.acknowledgedBy, caseRecord },
  });
  return caseRecord;
}
