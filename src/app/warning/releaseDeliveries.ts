// What an approved release sets off (DOMAIN.md §1 release, issue 7): the frozen product —
// the exact bytes the approvers approved, by hash — is handed to the delivery outbox on each
// channel chosen at drafting, in the approving write. The idempotency key is derived from the
// case, the cycle, the product and the channel, so a retried approval can never send twice.
import { createHash } from 'node:crypto';
import type { Actor, WarningCase } from '../../domain/warning/index.ts';
import { requestDelivery } from '../delivery/requestDelivery.ts';
import type { StoreWriter } from '../ports.ts';
import type { FrozenProductRecord } from '../ports/warnings.ts';
import { auditActorOf } from './actors.ts';

/**
 * Partners receive the key (they dedupe by it), so it is a digest: the case id derives from
 * the threat's first report, and a partner holding that report could otherwise confirm it.
 */
export function deliveryIdempotencyKey(c: WarningCase, product: FrozenProductRecord, channel: string): string {
  const named = `warning:${c.id}:cycle-${c.cycle.number}:${product.sha256}:${product.partnerName}:${channel}`;
  return `tearline-${createHash('sha256').update(named).digest('hex').slice(0, 48)}`;
}

/** The stored product this case's current warning names, if its bytes were frozen here. */
export async function approvedProduct(tx: StoreWriter, c: WarningCase): Promise<FrozenProductRecord | null> {
  const hash = c.cycle.warning?.productHash;
  if (hash === undefined) return null;
  const products = await tx.warnings.productsOf(c.id);
  return products.find((product) => product.sha256 === hash) ?? null;
}

/**
 * Requests delivery of the approved product on each of its channels. Returns the delivery ids.
 * A warning drafted without stored bytes (a hash of a text kept elsewhere) has nothing to
 * send electronically: the delivery officer records its delivery by hand.
 */
export async function requestReleasedDeliveries(tx: StoreWriter, c: WarningCase, actor: Actor, now: string): Promise<readonly string[]> {
  const product = await approvedProduct(tx, c);
  if (product === null) return [];
  const ids: string[] = [];
  for (const channel of product.channels) {
    const requested = await requestDelivery(tx, {
      idempotencyKey: deliveryIdempotencyKey(c, product, channel),
      caseId: c.id,
      partnerName: product.partnerName,
      channel,
      product: {
        productId: product.productId,
        sha256: product.sha256,
        bundleJson: product.bundleJson,
        banner: product.banner,
        warningText: product.warningText,
        mediaType: product.mediaType,
      },
      requestedBy: auditActorOf(actor),
      requestedAt: now,
    });
    ids.push(requested.deliveryId);
  }
  return ids;
}
