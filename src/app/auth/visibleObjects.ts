// Use cases: read stored objects as one internal user may see them (issue 8 "Authorisation").
// Every object read for a person goes through here: hidden objects are skipped without a
// trace (pages are refilled so their size and `next` do not give hidden objects away),
// portions the reader may not see are cut out, and reads of protected material are audited
// in one entry per request, before the data is returned.
import type { StixObject } from '../../domain/stix/object.ts';
import { buildMarkingIndex, portionsOf, type MarkingIndex } from '../../domain/markings/index.ts';
import { isPredefinedTlp1 } from '../../domain/markings/tlp.ts';
import type { ObjectDecision } from '../../policy/index.ts';
import type { Clock, ObjectRecord, Page, Store } from '../ports.ts';
import { prune, rewriteSelector } from '../tearline/prune.ts';
import type { Principal } from './context.ts';
import { decideRead, isProtected, type Reader } from './readPolicy.ts';

export interface ObjectReadContext {
  readonly store: Store;
  readonly clock: Clock;
}

export interface VisibleObject {
  readonly id: string;
  readonly version: string;
  /** The JSON as stored, or the redacted object's JSON when portions were cut out. */
  readonly json: string;
  readonly redacted: boolean;
  readonly protected: boolean;
}

/** Looked ahead past a full page, in store pages of this size, to learn whether a visible object follows. */
const LOOKAHEAD_BATCH = 200;

/** Judges records for one reader; keeps the marking-definitions it loaded for the request. */
class ReadFilter {
  readonly #definitions = new Map<string, StixObject>();
  readonly #missing = new Set<string>();

  constructor(private readonly reader: Reader, private readonly store: Store) {}

  async judge(records: readonly ObjectRecord[]): Promise<(VisibleObject | null)[]> {
    const objects = records.map((r) => JSON.parse(r.json) as StixObject);
    await this.#load(objects);
    const index: MarkingIndex = buildMarkingIndex(this.#definitions.values());
    return records.map((record, i) => this.#decide(record, objects[i] as StixObject, index));
  }

  #decide(record: ObjectRecord, object: StixObject, index: MarkingIndex): VisibleObject | null {
    const decision: ObjectDecision = decideRead(portionsOf(object, index.resolve), record.id, this.reader);
    if (decision.verdict === 'withhold') return null;
    const base = { id: record.id, version: record.version, protected: isProtected(decision) };
    if (decision.verdict === 'release') return { ...base, json: record.json, redacted: false };
    return { ...base, json: JSON.stringify(redact(object, decision)), redacted: true };
  }

  /** Fetches the marking-definitions the objects refer to that this request has not seen yet. */
  async #load(objects: readonly StixObject[]): Promise<void> {
    const wanted = new Set<string>();
    for (const object of objects) {
      if (object.type === 'marking-definition') this.#definitions.set(object.id, object);
      for (const ref of markingRefsOf(object)) {
        if (!isPredefinedTlp1(ref) && !this.#definitions.has(ref) && !this.#missing.has(ref)) wanted.add(ref);
      }
    }
    for (const ref of wanted) {
      const record = await this.store.getLatestObject(ref);
      if (record === null) this.#missing.add(ref);
      else this.#definitions.set(ref, JSON.parse(record.json) as StixObject);
    }
  }
}

function markingRefsOf(object: StixObject): string[] {
  const refs: string[] = [];
  const objectRefs = object['object_marking_refs'];
  if (Array.isArray(objectRefs)) for (const ref of objectRefs) if (typeof ref === 'string') refs.push(ref);
  const granular = object['granular_markings'];
  if (Array.isArray(granular)) {
    for (const g of granular) {
      const ref = typeof g === 'object' && g !== null ? (g as Record<string, unknown>)['marking_ref'] : undefined;
      if (typeof ref === 'string') refs.push(ref);
    }
  }
  return refs;
}

/** The object without the portions the reader may not see; granular markings follow the cut. */
function redact(object: StixObject, decision: ObjectDecision): StixObject {
  const pruned = prune(object, decision.redactions.map((r) => r.path));
  const out: Record<string, unknown> = { ...pruned.object };
  const granular = out['granular_markings'];
  if (Array.isArray(granular)) {
    const kept = granular.flatMap((g: unknown) => {
      if (typeof g !== 'object' || g === null) return [];
      const entry = g as Record<string, unknown>;
      const selectors = Array.isArray(entry['selectors']) ? entry['selectors'] : [];
      const moved = selectors.flatMap((s: unknown) => {
        const next = typeof s === 'string' ? rewriteSelector(s, pruned) : undefined;
        return next === undefined ? [] : [next];
      });
      return moved.length === 0 ? [] : [{ ...entry, selectors: moved }];
    });
    if (kept.length === 0) delete out['granular_markings'];
    else out['granular_markings'] = kept;
  }
  return out as StixObject;
}

export function readerOf(principal: Principal): Reader {
  return { clearance: principal.user.clearance, compartments: principal.user.compartments };
}

export interface ObjectPageQuery {
  readonly types?: readonly string[];
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * One page of the latest versions the principal may see. The page is filled to `limit` from
 * further store pages when objects are hidden, and `next` is given only when a visible
 * object follows, so neither the page size nor the cursor reveals hidden objects.
 */
export async function readObjectPage(query: ObjectPageQuery, principal: Principal, ctx: ObjectReadContext): Promise<Page<VisibleObject>> {
  const filter = new ReadFilter(readerOf(principal), ctx.store);
  const items: VisibleObject[] = [];
  let cursor = query.cursor;
  const page = (limit: number, from: string | undefined): Promise<Page<ObjectRecord>> =>
    ctx.store.listLatestObjects({ ...(query.types === undefined ? {} : { types: query.types }), limit, ...(from === undefined ? {} : { cursor: from }) });
  let exhausted = false;
  while (items.length < query.limit) {
    // Ask only for what is still missing: every record fetched is consumed, so the store's
    // cursor after it is exactly where the next page starts.
    const fetched = await page(query.limit - items.length, cursor);
    for (const visible of await filter.judge(fetched.items)) if (visible !== null) items.push(visible);
    cursor = fetched.next;
    if (cursor === undefined) {
      exhausted = true;
      break;
    }
  }
  let next: string | undefined;
  if (!exhausted && cursor !== undefined) {
    for (let probe: string | undefined = cursor; probe !== undefined && next === undefined; ) {
      const ahead = await page(LOOKAHEAD_BATCH, probe);
      if ((await filter.judge(ahead.items)).some((v) => v !== null)) next = cursor;
      probe = ahead.next;
    }
  }
  await auditProtectedReads(items, principal, ctx, 'objects.list');
  return next === undefined ? { items } : { items, next };
}

/** Every stored version of one object that the principal may see, oldest first; empty when none. */
export async function readObjectVersions(id: string, principal: Principal, ctx: ObjectReadContext): Promise<readonly VisibleObject[]> {
  const records = await ctx.store.getObjectVersions(id);
  if (records.length === 0) return [];
  const filter = new ReadFilter(readerOf(principal), ctx.store);
  const visible = (await filter.judge(records)).filter((v): v is VisibleObject => v !== null);
  await auditProtectedReads(visible, principal, ctx, 'objects.read');
  return visible;
}

/** Judges records already fetched by another use case (graph views, search) for one principal. */
export async function visibleOnly(records: readonly ObjectRecord[], principal: Principal, store: Store): Promise<readonly VisibleObject[]> {
  const judged = await new ReadFilter(readerOf(principal), store).judge(records);
  return judged.filter((v): v is VisibleObject => v !== null);
}

async function auditProtectedReads(items: readonly VisibleObject[], principal: Principal, ctx: ObjectReadContext, action: 'objects.list' | 'objects.read'): Promise<void> {
  const read = items.filter((v) => v.protected);
  if (read.length === 0) return;
  const ids = [...new Set(read.map((v) => v.id))];
  await ctx.store.write((tx) => tx.audit.append({
    at: ctx.clock.now(),
    actor: principal.actor,
    action,
    subject: ids.length === 1 ? (ids[0] as string) : `objects:${ids.length}`,
    details: { objects: read.map((v) => `${v.id}|${v.version}`), redacted: read.filter((v) => v.redacted).length },
  }));
}
