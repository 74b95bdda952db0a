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
import type { StixObject } from '../../domain/stix/object.ts';
import { versionOf } from '../../domain/stix/object.ts';
import { isPredefinedMarking, validateObject } from '../../domain/stix/index.ts';
import type { Clock, ObjectWrite, PutResult, Store, StoreWriter } from '../ports.ts';
import { toObjectWrite } from '../objectWrite.ts';
import type { IngestIssue, IngestOutcome, ObjectResult } from './outcome.ts';

export interface IngestOptions {
  readonly partial?: boolean;
  /** TAXII collections the stored (and already present) versions join, with date_added = now. */
  readonly collectionIds?: readonly string[];
  readonly batchSize?: number;
  readonly onProgress?: (done: number) => void;
}

export interface IngestContext {
  readonly store: Store;
  readonly clock: Clock;
}

const DEFAULT_BATCH = 2000;

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
  const errors: IngestIssue[] = [];
  const warnings: IngestIssue[] = [];
  const results: ObjectResult[] = [];
  const seen = new Set<string>();
  const seenVersions = new Set<string>();
  const pendingRefs = new Map<string, { index: number; objectId: string; path: string }>();
  let received = 0;
  let stored = 0;
  let unchanged = 0;
  const dateAdded = context.clock.now();

  try {
    await context.store.write(async (tx) => {
      let batch: { index: number; object: StixObject; row: ObjectWrite }[] = [];
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        const current = batch;
        batch = [];
        if (errors.length > 0) return; // nothing more is written once the input is known bad
        const outcomes = await tx.putObjects(current.map((item) => item.row));
        for (let i = 0; i < outcomes.length; i += 1) {
          const outcome = outcomes[i] as PutResult;
          const item = current[i] as (typeof current)[number];
          if (outcome.outcome === 'conflict') {
            errors.push(conflictIssue(item.index, outcome));
          } else {
            if (outcome.outcome === 'stored') stored += 1;
            else unchanged += 1;
            results.push({ id: outcome.id, version: outcome.version, status: outcome.outcome });
          }
        }
        if (errors.length === 0) await joinCollections(tx, options.collectionIds, current.map((c) => c.row), dateAdded);
        options.onProgress?.(received);
      };

      for await (const value of input as AsyncIterable<unknown>) {
        const index = received;
        received += 1;
        const judged = judge(value, index, seenVersions);
        warnings.push(...judged.warnings);
        if (judged.errors.length > 0) {
          errors.push(...judged.errors);
          continue;
        }
        const object = judged.object as StixObject;
        seen.add(object.id);
        pendingRefs.delete(object.id);
        const row = toObjectWrite(object);
        for (const target of referencedIds(row)) {
          if (!seen.has(target.targetId) && !pendingRefs.has(target.targetId)) {
            pendingRefs.set(target.targetId, { index, objectId: object.id, path: target.path });
          }
        }
        batch.push({ index, object, row });
        if (batch.length >= batchSize) await flush();
      }
      await flush();

      for (const [targetId, referrer] of pendingRefs) {
        if (seen.has(targetId) || isPredefinedMarking(targetId)) continue;
        if ((await tx.getLatestObject(targetId)) !== null) continue;
        errors.push(danglingIssue(referrer, targetId));
      }
      if (errors.length > 0) throw new RollBack();
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
  const seenVersions = new Set<string>();
  const accepted = new Map<number, ObjectWrite>();
  const rejectedIndexes = new Set<number>();
  input.forEach((value, index) => {
    const judged = judge(value, index, seenVersions);
    warnings.push(...judged.warnings);
    if (judged.errors.length > 0) {
      errors.push(...judged.errors);
      rejectedIndexes.add(index);
    } else {
      accepted.set(index, toObjectWrite(judged.object as StixObject));
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
        for (const target of referencedIds(row)) {
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
    outcomes.forEach((outcome, i) => {
      if (outcome.outcome === 'conflict') {
        errors.push(conflictIssue(indexes[i] as number, outcome));
        rejectedIndexes.add(indexes[i] as number);
        return;
      }
      if (outcome.outcome === 'stored') stored += 1;
      else unchanged += 1;
      joined.push(rows[i] as ObjectWrite);
      results.push({ id: outcome.id, version: outcome.version, status: outcome.outcome });
    });
    await joinCollections(tx, options.collectionIds, joined, dateAdded);
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

interface Judged {
  readonly object?: StixObject;
  readonly errors: readonly IngestIssue[];
  readonly warnings: readonly IngestIssue[];
}

/** Validation of one object plus the rule only the whole input can see: no repeated (id, version). */
function judge(value: unknown, index: number, seenVersions: Set<string>): Judged {
  const basePath = `objects[${index}]`;
  const result = validateObject(value, basePath);
  const objectId = readableId(value);
  const tag = (issue: { path: string; code: string; message: string }): IngestIssue =>
    objectId === undefined ? { index, ...issue } : { objectId, index, ...issue };
  const warnings = result.warnings.map(tag);
  if (result.errors.length > 0) return { errors: result.errors.map(tag), warnings };
  const object = value as StixObject;
  const key = `${object.id}|${versionOf(object)}`;
  if (seenVersions.has(key)) {
    return {
      errors: [tag({ path: basePath, code: 'duplicate-object', message: `${object.id} appears twice in the input with the same version '${versionOf(object)}'` })],
      warnings,
    };
  }
  seenVersions.add(key);
  return { object, errors: [], warnings };
}

function referencedIds(row: ObjectWrite): { targetId: string; path: string }[] {
  const targets: { targetId: string; path: string }[] = row.refs.map((edge) => ({ targetId: edge.targetId, path: edge.path }));
  for (const marking of row.markings) targets.push({ targetId: marking.markingRef, path: marking.selectors === null ? 'object_marking_refs' : 'granular_markings' });
  return targets.filter((target) => target.targetId !== row.id);
}

async function joinCollections(tx: StoreWriter, collectionIds: readonly string[] | undefined, rows: readonly ObjectWrite[], dateAdded: string): Promise<void> {
  if (collectionIds === undefined || rows.length === 0) return;
  const members = rows.map((row) => ({ id: row.id, version: row.version }));
  for (const collectionId of collectionIds) await tx.addToCollection(collectionId, members, dateAdded);
}

function readableId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as Record<string, unknown>).id;
  return typeof id === 'string' && id.length <= 300 ? id : undefined;
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
