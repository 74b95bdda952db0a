// Use case: TAXII 2.1 §5.5 Add Objects. The objects go through the same validation as a
// file ingest (ingestObjects), in partial mode, because the status resource (§4.3.1)
// reports each object: valid ones are stored and join the collection with date_added =
// now, invalid ones are listed under failures with their reasons, and nothing is written
// for an object that fails. (A request refused as a whole, e.g. malformed JSON, never gets
// here and writes nothing.)
//
// The status is stored in the same transaction as the objects, with the audit entry, so a
// client that got a status id can always poll it (§4.3), after a restart too.
import { randomUUID } from 'node:crypto';
import type { Clock, Store, StoreWriter } from '../ports.ts';
import type { TaxiiStatus } from '../ports/taxii.ts';
import { completedStatus } from './statusResource.ts';
import type { IngestFn, IngestOutcomeLike } from './ingestPort.ts';
import { feedbackFromTaxiiPost } from '../delivery/feedback.ts';

export interface PostObjectsInput {
  readonly collectionId: string;
  /** The authenticated account (write access already checked). */
  readonly account: string;
  /** The envelope's objects (app/taxii/envelope.ts). */
  readonly objects: readonly unknown[];
}

export interface PostObjectsContext {
  readonly store: Store;
  /** date_added and request_timestamp; give a monotonic clock (timestamps.ts). */
  readonly clock: Clock;
  /** app/ingest's ingestObjects (see ingestPort.ts). */
  readonly ingest: IngestFn;
  readonly newId?: () => string;
}

export async function postObjectsToCollection(input: PostObjectsInput, ctx: PostObjectsContext): Promise<TaxiiStatus> {
  const request = {
    id: (ctx.newId ?? randomUUID)(),
    collectionId: input.collectionId,
    account: input.account,
    requestTimestamp: ctx.clock.now(),
    objects: input.objects,
  };
  let status: TaxiiStatus | null = null;
  const store = finishingEachWrite(ctx.store, async (tx, outcome) => {
    if (status !== null) throw new Error('postObjectsToCollection expects ingestObjects to write once in partial mode');
    status = completedStatus(request, outcome);
    await tx.taxii.putStatus(status);
    await tx.audit.append({
      at: request.requestTimestamp,
      actor: `partner:${input.account}`,
      action: 'taxii.add-objects',
      subject: `collection:${input.collectionId}`,
      details: { status: status.id, total: status.totalCount, added: outcome.stored, present: outcome.unchanged, failed: status.failureCount },
    });
    // Issue 7: a partner's note or opinion in its inbound collection acknowledges what we
    // delivered to it; recorded on the warning case in this same write.
    await feedbackFromTaxiiPost(tx, { collectionId: input.collectionId, account: input.account, objects: input.objects, results: outcome.results, now: request.requestTimestamp });
  });
  await ctx.ingest(input.objects, { partial: true, collectionIds: [input.collectionId] }, { store, clock: ctx.clock });
  if (status === null) throw new Error('ingestObjects wrote nothing');
  return status;
}

/**
 * The store as ingestObjects sees it: each `write` also runs `finish` with the write's result
 * (the partial ingest's outcome) inside the same transaction. Everything else passes through.
 */
function finishingEachWrite(store: Store, finish: (tx: StoreWriter, outcome: IngestOutcomeLike) => Promise<void>): Store {
  const write: Store['write'] = (work) =>
    store.write(async (tx) => {
      const result = await work(tx);
      await finish(tx, result as unknown as IngestOutcomeLike);
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
