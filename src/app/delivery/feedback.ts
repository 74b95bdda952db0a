// Partner feedback flows back (issue 7 "Partner feedback (sightings, notes, "plot foiled",
// arrests) flows back into the threat"). A feedback object is a STIX object that references
// something a delivery carried: a note or opinion (object_refs), a sighting (sighting_of_ref,
// observed_data_refs). It is stored like any other input (ingestObjects), and linked to the
// deliveries whose products it references (deliveries.linkFeedback), so the case — and
// through the case, its threat — sees it. A note or opinion also acknowledges the delivery.
import type { Clock, Store, StoreWriter } from '../ports.ts';
import type { DeliveryRow, FeedbackLink } from '../ports/deliveries.ts';
import { loadPartner } from './partnerRoute.ts';
import { recordAcknowledgement } from './acknowledge.ts';
import { recorderFor } from './recorder.ts';
import { aroundEachWrite, ensurePartnerCollections, partnerInboundCollection, type DeliveryIngestFn } from './taxiiChannel.ts';

/** Words in a note that report an outcome (DOMAIN.md §1 "Outcome": foiled, attack occurred). */
const OUTCOME_WORDS = /\b(foiled|thwarted|disrupted|prevented|arrest(?:ed|s)?|detained|attack (?:occurred|took place|happened))\b/i;

interface FeedbackObject {
  readonly id: string;
  readonly type: string;
  readonly version: string;
  readonly refs: readonly string[];
  readonly text: string;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function readFeedbackObject(value: unknown): FeedbackObject | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  if (typeof o.id !== 'string' || typeof o.type !== 'string') return null;
  const version = typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : '';
  const refs = [...strings(o.object_refs), ...strings(o.sighting_of_ref), ...strings(o.observed_data_refs)];
  const text = [o.abstract, o.content, o.explanation, o.description, o.opinion].filter((t): t is string => typeof t === 'string').join('\n');
  return { id: o.id, type: o.type, version, refs, text };
}

/** What a feedback object says, or null when it is not feedback we read. */
export function classifyFeedback(object: { readonly type: string; readonly text: string }): FeedbackLink['kind'] | null {
  switch (object.type) {
    case 'opinion':
      return 'acknowledgement';
    case 'note':
      return OUTCOME_WORDS.test(object.text) ? 'outcome' : 'acknowledgement';
    case 'sighting':
      return 'sighting';
    case 'report':
    case 'observed-data':
      return 'note';
    default:
      return null;
  }
}

export interface TaxiiFeedbackResult {
  /** Deliveries the object was linked to (new links only). */
  readonly linked: readonly string[];
  /** Deliveries this object acknowledged (a note or opinion on a sent, unacknowledged delivery). */
  readonly acknowledged: readonly string[];
}

export interface FeedbackOptions {
  /** Time of receipt; the caller's clock. Default: now. */
  readonly now?: string;
  /** Where it came from (`taxii:<account>`, `api`, `cli`); default 'taxii'. */
  readonly source?: string;
  /**
   * The partner handle the poster speaks for (the TAXII account name). When given, only
   * deliveries to that partner are linked: one partner cannot acknowledge for another.
   */
  readonly partnerName?: string;
  /** As DispatchContext.recorder. */
  readonly recorder?: string | null;
}

/**
 * For the TAXII server: call it inside the write that stored a POSTed object (TAXII 2.1
 * §5.5), once per stored object. Links the object to the deliveries it answers and, for a
 * note or opinion, records the acknowledgement on the case. Objects that reference no
 * delivery are left alone (result empty).
 */
export async function acknowledgeFromTaxiiObject(tx: StoreWriter, object: unknown, options: FeedbackOptions = {}): Promise<TaxiiFeedbackResult> {
  const feedback = readFeedbackObject(object);
  if (feedback === null || feedback.refs.length === 0) return { linked: [], acknowledged: [] };
  const kind = classifyFeedback(feedback);
  if (kind === null) return { linked: [], acknowledged: [] };
  const now = options.now ?? new Date().toISOString();
  const source = options.source ?? 'taxii';
  const deliveries = new Map<string, DeliveryRow>();
  for (const ref of new Set(feedback.refs)) {
    for (const row of await tx.deliveries.deliveriesCarrying(ref)) {
      if (options.partnerName !== undefined && row.partnerName !== options.partnerName) continue;
      deliveries.set(row.id, row);
    }
  }
  const linked: string[] = [];
  const acknowledged: string[] = [];
  const ackedCases = new Set<string>();
  // The answer came over TAXII: it is recorded on the case through the TAXII delivery it
  // answers first, whatever order the store lists them in; others of the same case follow.
  const ordered = [...deliveries.values()].sort((a, b) => Number(b.channel === 'taxii') - Number(a.channel === 'taxii') || a.id.localeCompare(b.id));
  for (const row of ordered) {
    const isNew = await tx.deliveries.linkFeedback({
      deliveryId: row.id,
      caseId: row.caseId,
      objectId: feedback.id,
      objectVersion: feedback.version,
      objectType: feedback.type,
      kind,
      receivedAt: now,
      source,
    });
    if (isNew) linked.push(row.id);
    const acknowledges = (kind === 'acknowledgement' || kind === 'outcome') && row.state === 'sent' && row.acknowledgedAt === null;
    if (!isNew || !acknowledges) continue;
    acknowledged.push(row.id);
    if (ackedCases.has(row.caseId)) {
      await tx.deliveries.markAcknowledged(row.id, now);
      continue;
    }
    // One acknowledgement per case per object: its several deliveries answer to one warning.
    ackedCases.add(row.caseId);
    const partner = await loadPartner(tx, row.partnerName);
    await recordAcknowledgement(tx, row, {
      acknowledgedBy: `${partner.ok ? partner.partner.name : row.partnerName} (${feedback.type} ${feedback.id})`,
      note: feedback.text === '' ? `${feedback.type} ${feedback.id}` : feedback.text.slice(0, 4000),
      actor: await recorderFor(tx, row, options.recorder ?? null),
      auditActor: `partner:${options.partnerName ?? row.partnerName}`,
      how: 'taxii',
      now,
    });
  }
  return { linked, acknowledged };
}

/**
 * For the TAXII server's Add Objects (TAXII 2.1 §5.5), inside the write that stored the
 * objects: what a partner's account posts to its own inbound collection (taxiiChannel.ts)
 * is read as feedback on what we delivered to that partner; a note or opinion referencing
 * the product acknowledges it. Posts to any other collection are left alone.
 */
export async function feedbackFromTaxiiPost(
  tx: StoreWriter,
  post: {
    readonly collectionId: string;
    /** The authenticated TAXII account: a partner's account bears the partner's handle. */
    readonly account: string;
    readonly objects: readonly unknown[];
    /** The ingest's verdict per object: rejected objects were not stored and are not read. */
    readonly results: readonly { readonly id: string; readonly status: string }[];
    readonly now: string;
  },
): Promise<TaxiiFeedbackResult> {
  // The inbound collection's id depends on the partner's handle only.
  if (post.collectionId !== partnerInboundCollection(post.account, post.account).id) return { linked: [], acknowledged: [] };
  const stored = new Set(post.results.filter((r) => r.status !== 'rejected').map((r) => r.id));
  const linked: string[] = [];
  const acknowledged: string[] = [];
  for (const object of post.objects) {
    const id = typeof object === 'object' && object !== null ? (object as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || !stored.has(id)) continue;
    const result = await acknowledgeFromTaxiiObject(tx, object, { now: post.now, source: `taxii:${post.account}`, partnerName: post.account });
    linked.push(...result.linked);
    acknowledged.push(...result.acknowledged);
  }
  return { linked, acknowledged };
}

export type FeedbackOutcome =
  | { readonly ok: true; readonly stored: number; readonly linked: number; readonly acknowledged: readonly string[] }
  | { readonly ok: false; readonly code: 'not-found' | 'rejected'; readonly message: string };

/**
 * Feedback received outside TAXII (a partner's email, a call) entered by the delivery
 * officer: stored through the ingest use case into the partner's inbound collection and
 * linked in the same write.
 */
export async function recordFeedback(
  ctx: { readonly store: Store; readonly clock: Clock; readonly ingest: DeliveryIngestFn; readonly recorder: string | null },
  deliveryId: string,
  objects: readonly unknown[],
  source: string,
): Promise<FeedbackOutcome> {
  const row = await ctx.store.deliveries.get(deliveryId);
  if (row === null) return { ok: false, code: 'not-found', message: `no delivery ${deliveryId}` };
  const partner = await loadPartner(ctx.store, row.partnerName);
  const display = partner.ok ? partner.partner.name : row.partnerName;
  const now = ctx.clock.now();
  let linked = 0;
  const acknowledged: string[] = [];
  const store = aroundEachWrite(
    ctx.store,
    async (tx) => {
      await ensurePartnerCollections(tx, row.partnerName, display);
    },
    async (tx) => {
      for (const object of objects) {
        const result = await acknowledgeFromTaxiiObject(tx, object, { now, source, partnerName: row.partnerName, recorder: ctx.recorder });
        linked += result.linked.length;
        acknowledged.push(...result.acknowledged);
      }
    },
  );
  // The collection id is fixed by the partner's handle, so it is known before the write.
  const inbound = partnerInboundCollection(row.partnerName, display).id;
  const outcome = await ctx.ingest(objects, { collectionIds: [inbound] }, { store, clock: ctx.clock, actor: `system:delivery-feedback` });
  if (!outcome.committed) {
    return { ok: false, code: 'rejected', message: outcome.errors.slice(0, 5).map((e) => `${e.path} ${e.code}: ${e.message}`).join('; ') };
  }
  return { ok: true, stored: objects.length, linked, acknowledged };
}
