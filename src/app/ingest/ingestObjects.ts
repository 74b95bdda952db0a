// Use case: store STIX objects from one input (a bundle, a TAXII POST, an import).
//
// Atomic by default: the input is stored whole or not at all. Objects are validated and
// written in batches inside one store transaction, so a 200,000-object stream never sits in
// memory at once; the first error stops writing, validation continues so every error is
// reported, and the transaction rolls back at the end.
//
// With `partial`, valid objects are stored and each rejected one is reported. Partial needs
// the whole input as a list, because an object is only valid if everything it references
// is, and that is known only once every object has been judged.
import { isPredefinedMarking } from '../../domain/stix/index.ts';
import type { Clock, ObjectWrite, PutResult, Store, StoreWriter } from '../ports.ts';
import { judgeInThread, judgeValue, type BatchJudge, type JudgedValue } from './judge.ts';
import type { IngestIssue, IngestOutcome, ObjectResult } from './outcome.ts';
import { RawText } from './rawText.ts';
import { fuseStoredReports, type FusedReport } from '../fusion/fuseReport.ts';
import { openCasesForThreats } from '../warning/openCases.ts';
import { ingestAuditEntry } from '../audit/ingestEntry.ts';

export interface IngestOptions {
  readonly partial?: boolean;
  /** TAXII collections the stored (and already present) versions join, with date_added = now. */
  readonly collectionIds?: readonly string[];
  readonly batchSize?: number;
  readonly onProgress?: (done: number) => void;
  /** How batches are judged; in the calling thread by default (see judgeWorkers.ts for threads). */
  readonly judge?: BatchJudge;
}

export interface IngestContext {
  readonly store: Store;
  readonly clock: Clock;
  /** Who the audit entry names (`user:<name>`, `cli:<os user>`); default `system:ingest`. */
  readonly actor?: string;
}

const DEFAULT_BATCH = 2000;
/**
 * A batch also ends at this much raw JSON. Objects differ in size by orders of magnitude (the
 * first 2,000 of ATT&CK are 7.8 MB, the next 2,000 relationships 2.4 MB), and a batch of big
 * ones would keep the writer waiting while its first batch is judged (ATT&CK: the first batch
 * was written ~940 ms into the ingest with 2,000-object batches, ~410 ms with this bound and a
 * judge thread started from its bundle).
 */
const MAX_BATCH_BYTES = 1024 * 1024;
/** Batches judged ahead of the one being written: enough to keep a judge thread busy. */
const MAX_BATCHES_IN_FLIGHT = 2;

class RollBack extends Error {}

export async function ingestObjects(
  input: readonly unknown[] | AsyncIterable<unknown> | Iterable<unknown>,
  options: IngestOptions,
  context: IngestContext,
): Promise<IngestOutcome> {
  if (options.partial === true) {
    if (!Array.isArray(input)) throw new TypeError('partial ingest needs the whole input as a list');
    return ingestPartial(input, options, context);
  }
  return ingestAtomic(input, options, context);
}

async function ingestAtomic(
  input: AsyncIterable<unknown> | Iterable<unknown>,
  options: IngestOptions,
  context: IngestContext,
): Promise<IngestOutcome> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const judgeBatch = options.judge ?? judgeInThread;
  const errors: IngestIssue[] = [];
  const warnings: IngestIssue[] = [];
  const results: ObjectResult[] = [];
  const seen = new SeenVersions();
  const pendingRefs = new Map<string, { index: number; objectId: string; path: string }>();
  let received = 0;
  let stored = 0;
  let unchanged = 0;
  const dateAdded = context.clock.now();
  // Issue 6: the reports an ingest stores are fused into threats in the same write.
  const storedReports: string[] = [];

  try {
    await context.store.write(async (tx) => {
      // Judging (parse, validate, derive rows) of the next batches runs while this one is
      // written: with a worker judge the two overlap on two cores. Order is kept.
      const inFlight: { firstIndex: number; judged: Promise<readonly JudgedValue[]> }[] = [];
      const settle = async (): Promise<void> => {
        const next = inFlight.shift();
        if (next === undefined) return;
        const judged = await next.judged;
        const rows: ObjectWrite[] = [];
        const indexes: number[] = [];
        judged.forEach((item, i) => {
          const index = next.firstIndex + i;
          if (item.warnings.length > 0) warnings.push(...item.warnings);
          const row = item.row;
          if (row === undefined) {
            errors.push(...item.errors);
            return;
          }
          const duplicate = checkDuplicate(row, index, seen);
          if (duplicate !== undefined) {
            errors.push(duplicate);
            return;
          }
          pendingRefs.delete(row.id);
          forEachReferencedId(row, (targetId, path) => {
            if (!seen.has(targetId) && !pendingRefs.has(targetId)) pendingRefs.set(targetId, { index, objectId: row.id, path });
          });
          rows.push(row);
          indexes.push(index);
        });
        if (errors.length > 0 || rows.length === 0) return; // nothing more is written once the input is known bad
        const outcomes = await tx.putObjects(rows);
        outcomes.forEach((outcome, i) => {
          if (outcome.outcome === 'conflict') {
            errors.push(conflictIssue(indexes[i] as number, outcome));
            return;
          }
          if (outcome.outcome === 'stored') stored += 1;
          else unchanged += 1;
          if (outcome.outcome === 'stored' && rows[i]?.type === 'report') storedReports.push(outcome.id);
          results.push({ id: outcome.id, version: outcome.version, status: outcome.outcome });
        });
        if (errors.length === 0) await joinCollections(tx, options.collectionIds, rows, dateAdded);
        options.onProgress?.(next.firstIndex + judged.length);
      };
      let batch: unknown[] = [];
      let batchBytes = 0;
      const submit = async (): Promise<void> => {
        if (batch.length === 0) return;
        inFlight.push({ firstIndex: received - batch.length, judged: judgeBatch(batch, received - batch.length) });
        batch = [];
        batchBytes = 0;
        if (inFlight.length > MAX_BATCHES_IN_FLIGHT) await settle();
      };

      /** Takes one input item; true when its batch is full. */
      const take = (value: unknown): boolean => {
        received += 1;
        batch.push(value);
        if (value instanceof RawText) batchBytes += value.json.length;
        return batch.length >= batchSize || batchBytes >= MAX_BATCH_BYTES;
      };
      // A list (a bundle's objects) is walked without `for await`, which would make and await
      // a promise for each of its items (ATT&CK: 25,000) while promise hooks are on in a write.
      if (Symbol.iterator in input) {
        for (const value of input) if (take(value)) await submit();
      } else {
        for await (const value of input) if (take(value)) await submit();
      }
      await submit();
      while (inFlight.length > 0) await settle();

      for (const [targetId, referrer] of pendingRefs) {
        if (seen.has(targetId) || isPredefinedMarking(targetId)) continue;
        if ((await tx.getLatestObject(targetId)) !== null) continue;
        errors.push(danglingIssue(referrer, targetId));
      }
      if (errors.length > 0) throw new RollBack();
      await openCasesFor(tx, await fuseStoredReports(tx, storedReports, dateAdded), dateAdded);
      await tx.audit.append(ingestAuditEntry({ at: dateAdded, actor: context.actor, partial: false, received, stored, unchanged, rejected: 0, collectionIds: options.collectionIds, results }));
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    return { committed: false, received, stored: 0, unchanged: 0, rejected: received, errors, warnings, results: [] };
  }
  return { committed: true, received, stored, unchanged, rejected: 0, errors, warnings, results };
}

async function ingestPartial(input: readonly unknown[], options: IngestOptions, context: IngestContext): Promise<IngestOutcome> {
  const errors: IngestIssue[] = [];
  const warnings: IngestIssue[] = [];
  const seenVersions = new SeenVersions();
  const accepted = new Map<number, ObjectWrite>();
  const rejectedIndexes = new Set<number>();
  input.forEach((value, index) => {
    const judged = judgeValue(value, index);
    warnings.push(...judged.warnings);
    const duplicate = judged.row === undefined ? undefined : checkDuplicate(judged.row, index, seenVersions);
    if (judged.row === undefined || duplicate !== undefined) {
      errors.push(...(duplicate === undefined ? judged.errors : [duplicate]));
      rejectedIndexes.add(index);
    } else {
      accepted.set(index, judged.row);
    }
  });
  const dateAdded = context.clock.now();

  return context.store.write(async (tx) => {
    // An object whose reference target was rejected is rejected in turn, until nothing changes.
    const known = new Map<string, boolean>();
    const resolves = async (targetId: string, acceptedIds: Set<string>): Promise<boolean> => {
      if (acceptedIds.has(targetId) || isPredefinedMarking(targetId)) return true;
      let inStore = known.get(targetId);
      if (inStore === undefined) {
        inStore = (await tx.getLatestObject(targetId)) !== null;
        known.set(targetId, inStore);
      }
      return inStore;
    };
    let changed = true;
    while (changed) {
      changed = false;
      const acceptedIds = new Set([...accepted.values()].map((row) => row.id));
      for (const [index, row] of accepted) {
        const targets: { targetId: string; path: string }[] = [];
        forEachReferencedId(row, (targetId, path) => targets.push({ targetId, path }));
        for (const target of targets) {
          if (await resolves(target.targetId, acceptedIds)) continue;
          errors.push(danglingIssue({ index, objectId: row.id, path: target.path }, target.targetId));
          accepted.delete(index);
          rejectedIndexes.add(index);
          changed = true;
          break;
        }
      }
    }

    const indexes = [...accepted.keys()].sort((a, b) => a - b);
    const rows = indexes.map((index) => accepted.get(index) as ObjectWrite);
    const outcomes = await tx.putObjects(rows);
    const results: ObjectResult[] = [];
    let stored = 0;
    let unchanged = 0;
    const joined: ObjectWrite[] = [];
    const storedReports: string[] = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.outcome === 'conflict') {
        errors.push(conflictIssue(indexes[i] as number, outcome));
        rejectedIndexes.add(indexes[i] as number);
        return;
      }
      if (outcome.outcome === 'stored') stored += 1;
      else unchanged += 1;
      if (outcome.outcome === 'stored' && rows[i]?.type === 'report') storedReports.push(outcome.id);
      joined.push(rows[i] as ObjectWrite);
      results.push({ id: outcome.id, version: outcome.version, status: outcome.outcome });
    });
    await joinCollections(tx, options.collectionIds, joined, dateAdded);
    await openCasesFor(tx, await fuseStoredReports(tx, storedReports, dateAdded), dateAdded);
    if (stored + unchanged > 0) {
      await tx.audit.append(ingestAuditEntry({ at: dateAdded, actor: context.actor, partial: true, received: input.length, stored, unchanged, rejected: rejectedIndexes.size, collectionIds: options.collectionIds, results }));
    }
    options.onProgress?.(input.length);
    return {
      committed: stored + unchanged > 0,
      received: input.length,
      stored,
      unchanged,
      rejected: rejectedIndexes.size,
      errors,
      warnings,
      results,
    };
  });
}

/**
 * The (id, version) pairs of an input so far. Most ids come once, so each id keeps only its
 * first version; pairs are spelled out only for the rare id that comes with several.
 */
class SeenVersions {
  readonly #first = new Map<string, string>();
  readonly #more = new Set<string>();

  has(id: string): boolean {
    return this.#first.has(id);
  }

  /** Records (id, version); false if the pair was recorded before. */
  add(id: string, version: string): boolean {
    const first = this.#first.get(id);
    if (first === undefined) {
      this.#first.set(id, version);
      return true;
    }
    if (first === version) return false;
    const key = `${id}|${version}`;
    if (this.#more.has(key)) return false;
    this.#more.add(key);
    return true;
  }
}

/** The rule only the whole input can see: no (id, version) twice. */
function checkDuplicate(row: ObjectWrite, index: number, seenVersions: SeenVersions): IngestIssue | undefined {
  if (seenVersions.add(row.id, row.version)) return undefined;
  return {
    objectId: row.id,
    index,
    path: `objects[${index}]`,
    code: 'duplicate-object',
    message: `${row.id} appears twice in the input with the same version '${row.version}'`,
  };
}

/** Every object a row points at (refs, then markings), other than itself. */
function forEachReferencedId(row: ObjectWrite, visit: (targetId: string, path: string) => void): void {
  for (const edge of row.refs) if (edge.targetId !== row.id) visit(edge.targetId, edge.path);
  for (const marking of row.markings) {
    if (marking.markingRef !== row.id) visit(marking.markingRef, marking.selectors === null ? 'object_marking_refs' : 'granular_markings');
  }
}

async function joinCollections(tx: StoreWriter, collectionIds: readonly string[] | undefined, rows: readonly ObjectWrite[], dateAdded: string): Promise<void> {
  if (collectionIds === undefined || rows.length === 0) return;
  const members = rows.map((row) => ({ id: row.id, version: row.version }));
  for (const collectionId of collectionIds) await tx.addToCollection(collectionId, members, dateAdded);
}

function danglingIssue(referrer: { index: number; objectId: string; path: string }, targetId: string): IngestIssue {
  return {
    objectId: referrer.objectId,
    index: referrer.index,
    path: `objects[${referrer.index}].${referrer.path}`,
    code: 'dangling-reference',
    message: `${referrer.objectId} references ${targetId}, which is neither in the input nor in the store`,
  };
}

function conflictIssue(index: number, outcome: PutResult): IngestIssue {
  return {
    objectId: outcome.id,
    index,
    path: `objects[${index}]`,
    code: 'version-conflict',
    message: `${outcome.id} version '${outcome.version}' is already stored with different content; a changed object needs a new 'modified'`,
  };
}

/** A threat that new reporting made a duty-to-warn candidate gets its case in the same write. */
async function openCasesFor(tx: StoreWriter, fused: readonly FusedReport[], now: string): Promise<void> {
  if (fused.length > 0) await openCasesForThreats(tx, fused.map((f) => f.threatId), now);
}
