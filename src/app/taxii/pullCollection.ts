// Use case: pull a remote TAXII collection into the store (TAXII 2.1 §5.4 Get Objects,
// paged per §3.5), through the same validation as files (ingestObjects).
//
// Resuming. The checkpoint of a source (collection URL and who we are there) holds the
// added_after of the next run: it only advances when a run reaches the end (more: false), to
// the X-TAXII-Date-Added-Last of the last non-empty page, because only then has everything
// added up to that instant been received. Objects added in the same instant can straddle two
// pages, so inside a run pages are followed with `next`, and the last `next` is kept in the
// checkpoint too: an interrupted run continues from it (our own servers' cursors are
// stateless; if a server refuses an old one, the run falls back to added_after). Re-reading
// an object is harmless: an identical version is stored once.
//
// References across pages. Each page is ingested in partial mode: valid objects are stored,
// each invalid one is reported. An object whose only fault is a reference to an object not
// received yet (a relationship served before its target) is held back and offered again with
// the next pages; what is still unresolved at the end of the run is reported as rejected.
import type { Clock, Store } from '../ports.ts';
import type { RemoteEnvelope, RemoteError, TaxiiSource } from '../ports/taxii.ts';
import type { IngestFn, IngestIssueLike } from './ingestPort.ts';

export interface PullOptions {
  /** Start from this added_after instead of the checkpoint (the checkpoint still advances). */
  readonly since?: string;
  /** A local collection the received objects join. */
  readonly intoCollection?: string;
  /** Page size asked of the server (it may give fewer). */
  readonly limit?: number;
  /** Stops between pages when aborted; what was received is kept and checkpointed. */
  readonly signal?: AbortSignal;
  /** Called after each page is stored. */
  readonly onPage?: (progress: PullReport) => void | Promise<void>;
  /** Audit actor: `cli:<user>` or `system:taxii-feed`. */
  readonly actor?: string;
}

export interface PullContext {
  readonly store: Store;
  readonly clock: Clock;
  /** app/ingest's ingestObjects (see ingestPort.ts). */
  readonly ingest: IngestFn;
}

export interface PullReport {
  readonly source: string;
  readonly pages: number;
  readonly received: number;
  readonly stored: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** The first rejection reasons (at most MAX_REPORTED_ERRORS). */
  readonly errors: readonly IngestIssueLike[];
  /** Where the run started: since, checkpoint (added_after), next (an unfinished run) or the beginning. */
  readonly startedFrom: 'since' | 'checkpoint' | 'next' | 'beginning';
  /** The checkpoint's added_after after the run. */
  readonly addedAfter: string | null;
  readonly complete: boolean;
}

export type PullOutcome =
  | { readonly ok: true; readonly report: PullReport }
  | { readonly ok: false; readonly error: RemoteError; readonly report: PullReport };

const MAX_REPORTED_ERRORS = 100;
/** Objects held back for unresolved references, at most; more are rejected at once. */
const MAX_DEFERRED = 50_000;
/** A run stops after this many pages (a server that always says "more"). */
const MAX_PAGES = 100_000;

/** The checkpoint key of a source. */
export function checkpointKey(source: Pick<TaxiiSource, 'url' | 'principal'>): string {
  return `${source.url}|${source.principal}`;
}

export async function pullCollection(source: TaxiiSource, options: PullOptions, ctx: PullContext): Promise<PullOutcome> {
  const key = checkpointKey(source);
  const checkpoint = options.since === undefined ? await ctx.store.taxii.getCheckpoint(key) : null;
  let addedAfter = options.since ?? checkpoint?.addedAfter ?? undefined;
  let next = checkpoint?.next ?? undefined;
  const startedFrom: PullReport['startedFrom'] =
    options.since !== undefined ? 'since' : next !== undefined ? 'next' : addedAfter !== undefined ? 'checkpoint' : 'beginning';
  const report = { source: key, pages: 0, received: 0, stored: 0, unchanged: 0, rejected: 0, errors: [] as IngestIssueLike[], startedFrom, addedAfter: addedAfter ?? null, complete: false };
  let deferred: unknown[] = [];
  let lastDateAdded: string | undefined;
  let triedStoredNext = next !== undefined;

  const save = (values: { addedAfter: string | undefined; next: string | undefined }): Promise<void> =>
    ctx.store.write((tx) => tx.taxii.putCheckpoint({ source: key, addedAfter: values.addedAfter ?? null, next: values.next ?? null, updatedAt: ctx.clock.now() }));
  // One audit entry per run that stored anything, whatever way it ended.
  const conclude = async (outcome: PullOutcome): Promise<PullOutcome> => {
    if (outcome.report.stored > 0 || outcome.report.rejected > 0) {
      const { report: r } = outcome;
      await ctx.store.write((tx) => tx.audit.append({
        at: ctx.clock.now(),
        actor: options.actor ?? 'system:taxii-pull',
        action: 'taxii.pull',
        subject: `source:${source.url}`,
        details: { pages: r.pages, received: r.received, stored: r.stored, unchanged: r.unchanged, rejected: r.rejected, complete: r.complete, error: outcome.ok ? null : outcome.error.message },
      }));
    }
    return outcome;
  };

  while (report.pages < MAX_PAGES) {
    if (options.signal?.aborted === true) return conclude({ ok: true, report: { ...report } });
    const result = await source.getObjects({
      ...(addedAfter === undefined ? {} : { addedAfter }),
      ...(next === undefined ? {} : { next }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
    });
    if (!result.ok) {
      // A stored cursor from an earlier run that the server no longer honours: start over from added_after.
      if (triedStoredNext && report.pages === 0 && result.error.kind === 'http' && (result.error.status === 400 || result.error.status === 404)) {
        triedStoredNext = false;
        next = undefined;
        continue;
      }
      return conclude({ ok: false, error: result.error, report: { ...report } });
    }
    triedStoredNext = false;
    const page: RemoteEnvelope = result.value;
    report.pages += 1;
    report.received += page.objects.length;
    deferred = await ingestPage([...deferred, ...page.objects], options, ctx, report);
    if (page.objects.length > 0 && page.dateAddedLast !== undefined) lastDateAdded = page.dateAddedLast;
    await options.onPage?.({ ...report });

    if (page.more && page.next !== undefined && page.next !== next) {
      next = page.next;
      // Keep the cursor only when nothing is held back: a resumed run must see those again.
      if (deferred.length === 0) await save({ addedAfter, next });
      continue;
    }
    if (page.more && page.dateAddedLast !== undefined && page.dateAddedLast !== addedAfter) {
      // §3.5: more without next: continue with added_after = X-TAXII-Date-Added-Last.
      next = undefined;
      addedAfter = page.dateAddedLast;
      continue;
    }
    if (page.more) {
      return conclude({ ok: false, error: { kind: 'protocol', message: 'the server says there is more but gives neither next nor X-TAXII-Date-Added-Last' }, report: { ...report } });
    }
    break;
  }
  // The end of the run: what is still held back refers to objects never received.
  if (deferred.length > 0) await ingestPage(deferred, options, ctx, report, true);
  const finalAddedAfter = lastDateAdded ?? addedAfter;
  await save({ addedAfter: finalAddedAfter, next: undefined });
  return conclude({ ok: true, report: { ...report, addedAfter: finalAddedAfter ?? null, complete: true } });
}

interface MutableReport {
  stored: number;
  unchanged: number;
  rejected: number;
  errors: IngestIssueLike[];
}

/** Ingests one page; returns the objects held back for references to objects not received yet. */
async function ingestPage(objects: readonly unknown[], options: PullOptions, ctx: PullContext, report: MutableReport, final = false): Promise<unknown[]> {
  if (objects.length === 0) return [];
  const outcome = await ctx.ingest(objects, {
    partial: true,
    ...(options.intoCollection === undefined ? {} : { collectionIds: [options.intoCollection] }),
  }, { store: ctx.store, clock: ctx.clock });
  report.stored += outcome.stored;
  report.unchanged += outcome.unchanged;
  const byIndex = new Map<number, IngestIssueLike[]>();
  for (const error of outcome.errors) byIndex.set(error.index ?? -1, [...(byIndex.get(error.index ?? -1) ?? []), error]);
  const held: unknown[] = [];
  for (const [index, issues] of [...byIndex.entries()].sort(([a], [b]) => a - b)) {
    const onlyMissingTarget = issues.every((issue) => issue.code === 'dangling-reference');
    if (!final && onlyMissingTarget && index >= 0 && held.length < MAX_DEFERRED) {
      held.push(objects[index]);
      continue;
    }
    report.rejected += 1;
    for (const issue of issues) if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(issue);
  }
  return held;
}
