// The TAXII channel (issue 7 "the approved product is written into the partner's
// collection"): each partner has an outbound collection (what we release to it) and an
// inbound one (where it posts acknowledgements and feedback), created on first delivery.
// The product's objects join the outbound collection through the ingest use case in the
// same store write that records the delivery, so the collection and the record never
// disagree. The TAXII server (src/http/taxii) serves the collection; when a TAXII account
// has the partner's handle as its name, it is granted read on the outbound and write on
// the inbound collection here.
import { createHash } from 'node:crypto';
import type { Clock, CollectionRecord, Store, StoreWriter } from '../ports.ts';
import type { DeliveryRow } from '../ports/deliveries.ts';
import type { SendOutcome } from '../ports/webhook.ts';
import type { PartnerRoute } from './partnerRoute.ts';

/** ingestObjects (app/ingest) in atomic mode, as the delivery needs it: app may not import app/ingest. */
export type DeliveryIngestFn = (
  input: readonly unknown[],
  options: { readonly collectionIds: readonly string[] },
  context: { readonly store: Store; readonly clock: Clock; readonly actor?: string },
) => Promise<{ readonly committed: boolean; readonly errors: readonly { readonly path: string; readonly code: string; readonly message: string }[] }>;

const MEDIA_TYPES = ['application/stix+json;version=2.1'];

/** A stable RFC 4122 version 4-shaped id from a name (TAXII 2.1 §2 collection ids are UUIDs). */
function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export function partnerOutboundCollection(partnerName: string, displayName: string): CollectionRecord {
  return {
    id: uuidFrom(`tearline-partner-outbound\n${partnerName}`),
    title: `Warnings to ${displayName}`,
    description: `Products Tearline released to partner ${partnerName}.`,
    alias: `partner-${partnerName}`,
    mediaTypes: MEDIA_TYPES,
  };
}

export function partnerInboundCollection(partnerName: string, displayName: string): CollectionRecord {
  return {
    id: uuidFrom(`tearline-partner-inbound\n${partnerName}`),
    title: `From ${displayName}`,
    description: `Acknowledgements and feedback partner ${partnerName} posts (notes, opinions, sightings).`,
    alias: `partner-${partnerName}-inbound`,
    mediaTypes: MEDIA_TYPES,
  };
}

/** Creates the partner's two collections when absent, and grants its TAXII account, if any. */
export async function ensurePartnerCollections(tx: StoreWriter, partnerName: string, displayName: string): Promise<{ outbound: CollectionRecord; inbound: CollectionRecord }> {
  const outbound = partnerOutboundCollection(partnerName, displayName);
  const inbound = partnerInboundCollection(partnerName, displayName);
  for (const collection of [outbound, inbound]) {
    if ((await tx.getCollection(collection.id)) === null) await tx.putCollection(collection);
  }
  if ((await tx.taxii.getAccount(partnerName)) !== null) {
    await tx.taxii.putGrant({ account: partnerName, collectionId: outbound.id, canRead: true, canWrite: false });
    await tx.taxii.putGrant({ account: partnerName, collectionId: inbound.id, canRead: true, canWrite: true });
  }
  return { outbound, inbound };
}

/**
 * The store as the ingest use case sees it: its one write first runs `before`, then the
 * ingest's own work, then `after`, all in one transaction.
 */
export function aroundEachWrite(store: Store, before: (tx: StoreWriter) => Promise<void>, after: (tx: StoreWriter) => Promise<void>): Store {
  const write: Store['write'] = (work) =>
    store.write(async (tx) => {
      await before(tx);
      const result = await work(tx);
      await after(tx);
      return result;
    });
  return new Proxy(store, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function bundleObjects(bundleJson: string): unknown[] | null {
  try {
    const bundle: unknown = JSON.parse(bundleJson);
    const objects = typeof bundle === 'object' && bundle !== null ? (bundle as { objects?: unknown }).objects : undefined;
    return Array.isArray(objects) ? objects : null;
  } catch {
    return null;
  }
}

/**
 * Stores the product in the partner's outbound collection and runs `record` in the same
 * write. A product the ingest refuses is a failure that waiting cannot fix.
 */
export async function deliverToCollection(
  ctx: { readonly store: Store; readonly clock: Clock; readonly ingest: DeliveryIngestFn },
  row: DeliveryRow,
  route: PartnerRoute,
  record: (tx: StoreWriter) => Promise<void>,
): Promise<SendOutcome> {
  const objects = bundleObjects(row.bundleJson);
  if (objects === null) return { ok: false, error: 'taxii: the product is not a STIX bundle with objects', retryable: false };
  const outbound = partnerOutboundCollection(row.partnerName, route.partner.name);
  const store = aroundEachWrite(
    ctx.store,
    async (tx) => {
      await ensurePartnerCollections(tx, row.partnerName, route.partner.name);
    },
    record,
  );
  const outcome = await ctx.ingest(objects, { collectionIds: [outbound.id] }, { store, clock: ctx.clock, actor: 'system:delivery' });
  if (!outcome.committed) {
    const first = outcome.errors.slice(0, 3).map((e) => `${e.path} ${e.code}: ${e.message}`).join('; ');
    return { ok: false, error: `taxii: the product was refused by ingest: ${first}`, retryable: false };
  }
  return { ok: true, receipt: `taxii: stored in collection ${outbound.id}` };
}
