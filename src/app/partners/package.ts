// Loads a release package from the store: the given objects and everything they reach through
// their references (store.refsFrom), their markings (store.markingsOf: the marking-definitions
// the engine needs to read them) and the extension-definitions they use. Hidden objects are
// neither loaded nor followed when a reader filter is given. Latest versions only.
import type { StixObject } from '../../domain/stix/object.ts';
import type { ObjectRecord, StoreReader } from '../ports.ts';
import { refuse, type Outcome } from './problems.ts';

/** What the reader may see of some records: the visible ones, with their (possibly redacted) JSON. */
export type ReadFilter = (records: readonly ObjectRecord[]) => Promise<readonly { readonly id: string; readonly json: string; readonly protected: boolean }[]>;

export interface CollectOptions {
  /** Refuse packages with more objects than this. */
  readonly limit: number;
  readonly filter?: ReadFilter;
  /** Roots that must exist (default: all of them); the others are followed when present. */
  readonly required?: readonly string[];
}

export interface CollectedPackage {
  readonly objects: readonly StixObject[];
  /** Ids of protected objects loaded (their reading is audited by the caller). */
  readonly protectedIds: readonly string[];
}

/** Ids an object points at besides its references: its extension-definitions. */
function extensionIds(object: StixObject): string[] {
  const ext = object['extensions'];
  if (typeof ext !== 'object' || ext === null || Array.isArray(ext)) return [];
  return Object.keys(ext).filter((k) => k.startsWith('extension-definition--'));
}

/**
 * The closure of `roots`. A required root that does not exist (or that the reader may not
 * see) is refused with its id; anything else missing is left to the engine, which withholds what
 * cannot do without it.
 */
export async function collectPackage(store: StoreReader, roots: readonly string[], options: CollectOptions): Promise<Outcome<CollectedPackage>> {
  const seen = new Set<string>(roots);
  const objects: StixObject[] = [];
  const protectedIds: string[] = [];
  const found = new Set<string>();
  let frontier = [...seen];
  while (frontier.length > 0) {
    const records = (await Promise.all(frontier.map((id) => store.getLatestObject(id)))).filter((r): r is ObjectRecord => r !== null);
    const visible = options.filter === undefined ? records.map((r) => ({ id: r.id, json: r.json, protected: false })) : await options.filter(records);
    const next: string[] = [];
    const reach = (id: string): void => {
      if (seen.has(id)) return;
      seen.add(id);
      next.push(id);
    };
    for (const v of visible) {
      found.add(v.id);
      if (v.protected) protectedIds.push(v.id);
      const object = JSON.parse(v.json) as StixObject;
      objects.push(object);
      for (const edge of await store.refsFrom(v.id)) reach(edge.targetId);
      for (const m of await store.markingsOf(v.id)) reach(m.markingRef);
      for (const e of extensionIds(object)) reach(e);
    }
    if (seen.size > options.limit) {
      return refuse('package-too-large', `the package reaches more than ${options.limit} objects: preview a smaller selection`);
    }
    frontier = next;
  }
  const missing = (options.required ?? roots).filter((id) => !found.has(id));
  if (missing.length > 0) return refuse('unknown-objects', `no object ${missing.join(', ')}`, { ids: missing });
  return { ok: true, value: { objects, protectedIds } };
}
