// Use case: record a delivery made in person (issue 7 "Recorded disclosure"): a meeting, a
// call or a liaison meeting, with who, whom, when, where and the exact substance (its hash).
// DOMAIN.md §1 "Disclosure vs release" (ICD 403): a disclosure is told or shown and leaves
// the partner no copy; a release at a meeting hands over the printed warning. Both are kept
// in the deliveries facet as what they are (DisclosureRecord.kind), and the case records a
// delivery of the approved product with that kind, so oversight can tell them apart.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/warning/index.ts';
import type { Clock, Store } from '../ports.ts';
import type { DisclosureRecord } from '../ports/deliveries.ts';
import { loadPartner, recipientOf } from './partnerRoute.ts';
import { renderPrintable } from './printable.ts';
import { applyOnCase, canDeliver } from './recorder.ts';
import { sha256Hex } from './requestDelivery.ts';

export const IN_PERSON_CHANNELS = ['in_person_meeting', 'phone_call', 'liaison_meeting'] as const;
export type InPersonChannel = (typeof IN_PERSON_CHANNELS)[number];

export interface DisclosureInput {
  readonly caseId: string;
  readonly channel: InPersonChannel;
  readonly kind: 'disclosure' | 'release';
  /** Who told or handed over (may differ from the officer recording it). */
  readonly by: string;
  /** Whom: a person, and the partner handle they spoke for (fills organisation and country). */
  readonly toName: string;
  readonly partnerName?: string;
  readonly toOrganisation?: string;
  readonly toCountry?: string;
  /** When it happened; not in the future. */
  readonly at: string;
  readonly place: string;
  /**
   * The exact substance told or shown. Absent for a hand-over of the printed warning: the
   * substance is then the printable document rendered from the approved product, and its
   * hash is the rendered document's.
   */
  readonly substance?: string;
  readonly actor: Actor;
}

export type DisclosureOutcome =
  | { readonly ok: true; readonly record: DisclosureRecord; readonly caseRecord: string }
  | { readonly ok: false; readonly code: 'invalid-input' | 'not-permitted' | 'case-not-found' | 'no-approved-product'; readonly message: string };

const COUNTRY = /^[A-Z]{2,3}$/;
const MAX_TEXT = 200;
const MAX_SUBSTANCE = 100_000;

function invalid(message: string): DisclosureOutcome {
  return { ok: false, code: 'invalid-input', message };
}

function checkInput(input: DisclosureInput, nowMs: number): DisclosureOutcome | null {
  if (!IN_PERSON_CHANNELS.includes(input.channel)) return invalid(`channel must be one of ${IN_PERSON_CHANNELS.join(', ')}`);
  if (input.kind !== 'disclosure' && input.kind !== 'release') return invalid('kind must be disclosure or release');
  for (const [field, value] of [['by', input.by], ['toName', input.toName], ['place', input.place]] as const) {
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) return invalid(`${field} is required, at most ${MAX_TEXT} characters`);
  }
  if (input.toCountry !== undefined && !COUNTRY.test(input.toCountry)) return invalid('toCountry must be an ISO 3166 code in capitals');
  const at = Date.parse(input.at);
  if (Number.isNaN(at)) return invalid('at must be a timestamp');
  if (at > nowMs) return invalid('at cannot be in the future');
  if (input.substance !== undefined && (input.substance.trim() === '' || input.substance.length > MAX_SUBSTANCE)) {
    return invalid(`substance is the exact text told or shown, 1-${MAX_SUBSTANCE} characters`);
  }
  // A disclosure leaves no copy: what was said must be on record word for word.
  if (input.kind === 'disclosure' && input.substance === undefined) return invalid('a disclosure needs its exact substance (what was told or shown)');
  return null;
}

export async function recordDisclosure(ctx: { readonly store: Store; readonly clock: Clock }, input: DisclosureInput): Promise<DisclosureOutcome> {
  const now = ctx.clock.now();
  const problem = checkInput(input, Date.parse(now));
  if (problem !== null) return problem;
  if (!canDeliver(input.actor)) return { ok: false, code: 'not-permitted', message: 'recording a delivery needs the delivery_officer or duty_to_warn_officer role' };
  return ctx.store.write(async (tx): Promise<DisclosureOutcome> => {
    const stored = await tx.warnings.getCase(input.caseId);
    if (stored === null) return { ok: false, code: 'case-not-found', message: `no warning case ${input.caseId}` };
    const productHash = stored.case.cycle.warning?.productHash;
    if (productHash === undefined) return { ok: false, code: 'no-approved-product', message: 'the case has no approved warning to deliver' };
    const partner = input.partnerName === undefined ? null : await loadPartner(tx, input.partnerName);
    if (partner !== null && !partner.ok) return invalid(partner.error);
    let substance = input.substance;
    if (substance === undefined) {
      const product = (await tx.warnings.productsOf(input.caseId)).find((p) => p.sha256 === productHash);
      if (product === undefined) return { ok: false, code: 'no-approved-product', message: 'the approved product was not frozen here: give the substance handed over' };
      substance = renderPrintable({
        banner: product.banner,
        warningText: product.warningText,
        productId: product.productId,
        productSha256: product.sha256,
        recipient: partner?.ok === true ? partner.partner.name : input.toName,
      }).html;
    }
    const known = partner?.ok === true ? recipientOf(partner.partner) : null;
    const record: DisclosureRecord = {
      id: `disclosure--${randomUUID()}`,
      caseId: input.caseId,
      channel: input.channel,
      kind: input.kind,
      by: input.by.trim(),
      toName: input.toName.trim(),
      toOrganisation: input.toOrganisation ?? known?.organisation ?? null,
      toCountry: input.toCountry ?? known?.country ?? null,
      at: new Date(Date.parse(input.at)).toISOString(),
      place: input.place.trim(),
      substance,
      substanceSha256: sha256Hex(substance),
      recordedBy: input.actor.kind === 'user' ? input.actor.userId : `system:${input.actor.systemId}`,
      recordedAt: now,
    };
    await tx.deliveries.putDisclosure(record);
    // The case records the approved product as delivered, with the kind that says whether a copy was left.
    const result = await applyOnCase(tx, input.caseId, {
      type: 'record_delivery',
      channel: input.channel,
      kind: input.kind,
      recipient: { name: record.toName, organisation: record.toOrganisation, country: record.toCountry },
      productHash,
      deliveredAt: record.at,
    }, input.actor, now);
    await tx.audit.append({
      at: now,
      actor: record.recordedBy.startsWith('system:') ? record.recordedBy : `user:${record.recordedBy}`,
      action: `delivery.${input.kind}`,
      subject: record.id,
      threat: input.caseId,
      partner: input.partnerName ?? null,
      details: { channel: record.channel, by: record.by, to: record.toName, at: record.at, place: record.place, substanceSha256: record.substanceSha256, caseRecord: result },
    });
    return { ok: true, record, caseRecord: result };
  });
}
