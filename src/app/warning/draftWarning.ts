// Use case: draft a case's warning for one partner (issue 7 "Release review"; DOMAIN.md §1
// warning_prep). The tearline of the threat's package for the partner's stored profile is
// computed, its exact bytes are stored as an immutable product and hashed (SHA-256 of the
// bytes), and `draft_warning` names that hash: the approvers then approve exactly these
// bytes, and an approved release sends exactly them (releaseDeliveries.ts). All in one write.
import type { Actor, WarningCase } from '../../domain/warning/index.ts';
import type { Store } from '../ports.ts';
import type { FrozenProductRecord, ProductChannel } from '../ports/warnings.ts';
import { auditActorOf } from './actors.ts';
import { applyWarningCommand } from './applyCommand.ts';
import { productIdFor } from './ids.ts';
import { loadRecipient, recipientOf } from './recipient.ts';
import { tearForRecipient } from './tearForRecipient.ts';
import { withheldMentions } from '../../domain/markings/withheldMentions.ts';

export interface DraftWarningInput {
  readonly partnerName: string;
  /** The warning as prose for the partner (the printable document's body). */
  readonly warningText: string;
  /** A short description for people; default the case summary. */
  readonly summary?: string;
  /** End of the threat window (DOMAIN.md §1 "Every warning carries a sunset"); default the threat's sunset. */
  readonly sunset?: string;
  /** Electronic channels to send on once approved; default every one in the partner's profile. */
  readonly channels?: readonly ProductChannel[];
}

export interface DraftWarningOptions {
  readonly releaseSecret?: string;
}

export type DraftWarningResult =
  | { readonly ok: true; readonly case: WarningCase; readonly product: Omit<FrozenProductRecord, 'bundleJson'> }
  | { readonly ok: false; readonly code: string; readonly message: string };

const MAX_WARNING_TEXT = 20_000;

class Refused extends Error {
  constructor(readonly refusal: { readonly ok: false; readonly code: string; readonly message: string }) {
    super(refusal.message);
  }
}

function refuse(code: string, message: string): never {
  throw new Refused({ ok: false, code, message });
}

export async function draftWarningForPartner(store: Store, caseId: string, input: DraftWarningInput, actor: Actor, now: string, options: DraftWarningOptions = {}): Promise<DraftWarningResult> {
  if (typeof input.partnerName !== 'string' || input.partnerName === '') return { ok: false, code: 'missing-field', message: 'partnerName is required' };
  if (typeof input.warningText !== 'string' || input.warningText.trim() === '') return { ok: false, code: 'missing-field', message: 'warningText is required' };
  if (input.warningText.length > MAX_WARNING_TEXT) return { ok: false, code: 'invalid-field', message: `warningText is longer than ${MAX_WARNING_TEXT} characters` };
  try {
    return await store.write(async (tx) => {
      const stored = await tx.warnings.getCase(caseId);
      if (stored === null) return refuse('case-not-found', `no warning case ${caseId}`);
      if (stored.threatId === null) return refuse('no-threat', `case ${caseId} was not raised by a threat: there is no package to tear`);
      const loaded = await loadRecipient(tx, input.partnerName);
      if (!loaded.ok) return refuse(loaded.code, loaded.message);
      const torn = await tearForRecipient(tx, stored.threatId, loaded.value, {
        releaseId: `${caseId}:cycle-${stored.case.cycle.number}:${input.partnerName}:${now}`,
        releasedAt: now,
        ...(options.releaseSecret === undefined ? {} : { secret: options.releaseSecret }),
      });
      if (!torn.ok) return refuse(torn.code, torn.message);
      const t = torn.value;
      if (t.contentCount === 0) return refuse('nothing-releasable', `nothing of the threat may go to ${input.partnerName}: every portion was withheld`);
      const failed = t.checks.filter((check) => !check.ok);
      if (failed.length > 0) return refuse('recipient-check-failed', `the product's marking fails for ${input.partnerName}: ${failed.map((c) => `${c.rule} (${c.detail})`).join('; ')}`);
      // DOMAIN.md §2: ORCON needs the originator's consent; the case must require that approval.
      // The warning text goes to the partner as written: it must not name what the tearline withheld.
      const named = withheldMentions({
        objects: t.packageObjects,
        withheld: t.result.withheld,
        releasedText: t.bundleJson,
        exempt: [loaded.value.policy.ourIdentityRef],
        texts: [input.warningText],
      });
      if (named.length > 0) {
        return refuse('warning-text-names-withheld', `the warning text names what ${input.partnerName} may not see: ${named.map((m) => `"${m.term}" (${m.where} of ${m.objectId})`).join('; ')}; reword it`);
      }
      if (t.result.marking.marking.orcon && !stored.case.orcon) {
        return refuse('orcon-not-recorded', 'the product carries ORCON material but the case was not screened as ORCON: draft without it');
      }
      const threat = await tx.threats.get(stored.threatId);
      const sunset = input.sunset ?? threat?.summary?.sunset ?? stored.case.cycle.screening?.window.end ?? null;
      if (sunset === null) return refuse('sunset-missing', 'no sunset: give the end of the threat window');
      const channels = input.channels ?? loaded.value.channels;
      const unknown = channels.filter((channel) => !loaded.value.channels.includes(channel));
      if (unknown.length > 0) return refuse('channel-not-available', `${input.partnerName} has no ${unknown.join(', ')} channel in its profile`);
      // DOMAIN.md §2: DISPLAY ONLY may be shown or told, never handed over as a copy. A policy in
      // disclosure mode tears DISPLAY ONLY portions in, and every electronic channel leaves a copy.
      if (t.result.marking.marking.displayOnly && channels.length > 0) {
        return refuse('display-only-copy', `the product carries DISPLAY ONLY material, which may be disclosed in person but never sent as a copy (${channels.join(', ')}): draft it with no channels and disclose it, or release it under a policy in release mode`);
      }
      const product: FrozenProductRecord = {
        productId: productIdFor(caseId, t.sha256),
        caseId,
        sha256: t.sha256,
        bundleJson: t.bundleJson,
        banner: t.banner,
        warningText: input.warningText,
        partnerName: input.partnerName,
        channels: [...channels],
        mediaType: 'application/stix+json;version=2.1',
        frozenAt: now,
        frozenBy: auditActorOf(actor),
      };
      if ((await tx.warnings.putProduct(product)) === 'conflict') return refuse('product-conflict', `product ${product.productId} exists with other content`);
      const applied = await applyWarningCommand(
        tx,
        caseId,
        { type: 'draft_warning', productHash: t.sha256, summary: input.summary ?? stored.case.summary, recipient: recipientOf(loaded.value), sunset },
        actor,
        now,
      );
      // A refused draft must not leave its product behind: roll the whole write back.
      if (!applied.ok) return refuse(applied.code, applied.message);
      const { bundleJson: _bytes, ...summary } = product;
      return { ok: true as const, case: applied.case, product: summary };
    });
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
}
