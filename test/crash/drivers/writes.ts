// Choosing the next STIX write, shared by the REST and CLI drivers: a fresh bundle, new
// versions of an acknowledged write's objects, a re-send of an earlier write (a client
// retrying after no answer), or a bundle spoiled on purpose.
import { bumpedObjects, bundleSize, freshObjects, spoil } from '../bundles.ts';
import { sentObject, type WriteRecord } from '../ledger.ts';
import type { CampaignState } from '../plugins.ts';

export interface PlannedWrite {
  readonly record: WriteRecord;
  /** The bundle's `objects`, as JSON texts in order. */
  readonly objectJson: readonly string[];
}

export interface WriteMix {
  readonly bump: number;
  readonly resend: number;
  readonly spoiled: number;
  /** Whether a re-send may pick a write that was invalid on purpose (not for TAXII, which stores the valid part of an envelope). */
  readonly resendRefused?: boolean;
  /** A smaller cap on fresh bundles than the campaign's. */
  readonly maxObjects?: number;
}

export const DEFAULT_MIX: WriteMix = { bump: 0.1, resend: 0.1, spoiled: 0.05 };

export function planWrite(state: CampaignState, driver: string, mix: WriteMix = DEFAULT_MIX): PlannedWrite {
  const { rng, ledger } = state;
  const roll = rng.float();
  const acknowledged = ledger.writes.filter((w) => w.acknowledged && w.expectation === 'atomic' && w.resendable);
  const resendable = ledger.writes.filter((w) => w.resendable && (mix.resendRefused !== false || w.expectation === 'atomic'));
  if (roll < mix.resend && resendable.length > 0) {
    const record = rng.pick(resendable);
    return { record, objectJson: record.objects.map((o) => o.json) };
  }
  if (roll >= mix.resend && roll < mix.resend + mix.bump && acknowledged.length > 0) {
    const objects = bumpedObjects(rng, rng.pick(acknowledged), 200, state.nextStamp());
    return fromObjects(state, driver, objects, 'atomic');
  }
  const objects = freshObjects(rng, bundleSize(rng, mix.maxObjects === undefined ? state.sizes : { maxObjects: Math.min(mix.maxObjects, state.sizes.maxObjects) }));
  // The top of the roll, so that a re-send or bump with nothing to pick from never turns into a spoiled bundle.
  if (roll >= 1 - mix.spoiled) return fromObjects(state, driver, spoil(rng, objects), 'refused');
  return fromObjects(state, driver, objects, 'atomic');
}

export function fromObjects(state: CampaignState, driver: string, objects: readonly { id: string }[], expectation: 'atomic' | 'refused', resendable = true): PlannedWrite {
  const sent = objects.map((o) => sentObject(o));
  return { record: state.ledger.record(driver, sent, expectation, resendable), objectJson: sent.map((o) => o.json) };
}

export function bundleText(bundleId: string, objectJson: readonly string[]): string {
  return `{"type":"bundle","id":"${bundleId}","objects":[${objectJson.join(',')}]}`;
}
