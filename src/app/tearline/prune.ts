// Removing properties, list items and dictionary keys from an object without touching the
// original, then tidying what STIX forbids: empty lists and dictionaries (STIX 2.1 §3.3: lists
// and dictionaries MUST NOT be empty), external references with nothing left to point at
// (§2.5), kill chain phases missing a name (§2.8). Keeps the bookkeeping needed to rewrite
// granular marking selectors afterwards (list items shift when earlier ones go).
import type { StixObject } from '../../domain/stix/object.ts';
import { formatSelector, parseSelector, type Segment } from '../../domain/markings/selectors.ts';

interface Node {
  remove: boolean;
  readonly children: Map<Segment, Node>;
}

export interface Pruned {
  readonly object: StixObject;
  /** Original-coordinate selectors of everything removed, tidy-ups included. */
  readonly removed: ReadonlySet<string>;
  /** For each list that lost items: old index -> new index, -1 when removed. */
  readonly indexMaps: ReadonlyMap<string, Int32Array>;
}

function trie(paths: readonly (readonly Segment[])[]): Node {
  const root: Node = { remove: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const s of path) {
      let next = node.children.get(s);
      if (!next) {
        next = { remove: false, children: new Map() };
        node.children.set(s, next);
      }
      node = next;
    }
    node.remove = true;
  }
  return root;
}

const DROP = Symbol('drop');

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a list item of a known structure is still complete after pruning. */
function itemComplete(listKey: string | undefined, item: unknown): boolean {
  if (!isRecord(item)) return true;
  if (listKey === 'external_references') {
    return typeof item['source_name'] === 'string' && (item['description'] !== undefined || item['url'] !== undefined || item['external_id'] !== undefined);
  }
  if (listKey === 'kill_chain_phases') return item['kill_chain_name'] !== undefined && item['phase_name'] !== undefined;
  return true;
}

/**
 * The common case: whole top-level properties and items of top-level lists (dropped
 * references, internal external references, redacted properties). No trie needed. When
 * `owned`, `obj` is the caller's own copy and may be changed in place. Properties are never
 * deleted from an object (that would turn it into a slow dictionary-mode object): an object
 * losing properties is rebuilt without them, in the same key order.
 */
/**
 * The items of `list` whose indexes are not in `drop`, recording what went when `removed` and
 * `indexMaps` are given. A plain function, not a closure: this runs for most released objects
 * and a closure would cost a context per call.
 */
function keptItems(list: readonly unknown[], drop: number[], key: string, removed: Set<string> | undefined, indexMaps: Map<string, Int32Array> | undefined): unknown[] {
  const map = indexMaps !== undefined ? new Int32Array(list.length).fill(-1) : undefined;
  const kept: unknown[] = [];
  // Few drops: look each up; many: walk them sorted alongside the list.
  const few = drop.length <= 8;
  if (!few) drop.sort((x, y) => x - y);
  let d = 0;
  for (let i = 0; i < list.length; i++) {
    let gone: boolean;
    if (few) gone = drop.includes(i);
    else {
      while (d < drop.length && (drop[d] as number) < i) d++;
      gone = d < drop.length && drop[d] === i;
    }
    if (gone) {
      removed?.add(`${key}.[${i}]`);
      continue;
    }
    if (map !== undefined) map[i] = kept.length;
    kept.push(list[i]);
  }
  if (map !== undefined) indexMaps?.set(key, map);
  return kept;
}

function pruneShallow(obj: StixObject, removals: readonly (readonly Segment[])[], owned: boolean, track: boolean): Pruned | undefined {
  // Usually a single list loses items (object_refs, external_references): that case needs no
  // Map, and no more than one list of indexes.
  let keys: string[] | undefined;
  let listKey: string | undefined;
  let listItems: number[] | undefined;
  let moreLists: Map<string, number[]> | undefined;
  for (const path of removals) {
    if (path.length === 1) (keys ??= []).push(path[0] as string);
    else if (path.length === 2 && typeof path[1] === 'number' && Array.isArray(obj[path[0] as string])) {
      const key = path[0] as string;
      if (listKey === undefined || listKey === key) {
        listKey = key;
        (listItems ??= []).push(path[1]);
      } else {
        moreLists ??= new Map();
        let items = moreLists.get(key);
        if (!items) moreLists.set(key, (items = []));
        items.push(path[1]);
      }
    } else return undefined;
  }
  const removed = track ? new Set<string>() : undefined;
  const indexMaps = track ? new Map<string, Int32Array>() : undefined;
  let dropped: string[] | undefined;
  if (keys !== undefined) {
    for (const key of keys) {
      if (!(key in obj) || dropped?.includes(key) === true) continue;
      (dropped ??= []).push(key);
      removed?.add(key);
    }
  }
  // The first list that keeps some items, then any others by key.
  let onlyKey: string | undefined;
  let onlyKept: unknown[] | undefined;
  let replaced: Map<string, unknown[]> | undefined;
  if (listKey !== undefined && listItems !== undefined && keys?.includes(listKey) !== true) {
    const kept = keptItems(obj[listKey] as unknown[], listItems, listKey, removed, indexMaps);
    if (kept.length > 0) {
      onlyKey = listKey;
      onlyKept = kept;
    } else {
      (dropped ??= []).push(listKey);
      removed?.add(listKey);
    }
  }
  if (moreLists !== undefined) {
    for (const [key, drop] of moreLists) {
      if (keys?.includes(key) === true) continue;
      const kept = keptItems(obj[key] as unknown[], drop, key, removed, indexMaps);
      if (kept.length > 0) (replaced ??= new Map()).set(key, kept);
      else {
        (dropped ??= []).push(key);
        removed?.add(key);
      }
    }
  }
  let out: Record<string, unknown>;
  if (dropped !== undefined) {
    out = {};
    for (const key of Object.keys(obj)) {
      if (dropped.includes(key)) continue;
      out[key] = (key === onlyKey ? onlyKept : replaced?.get(key)) ?? obj[key];
    }
  } else {
    out = owned ? obj : { ...obj };
    if (onlyKey !== undefined) out[onlyKey] = onlyKept;
    if (replaced !== undefined) for (const [key, kept] of replaced) out[key] = kept;
  }
  return { object: out as StixObject, removed: removed ?? NOTHING_REMOVED, indexMaps: indexMaps ?? NO_INDEX_MAPS };
}

const NOTHING_REMOVED: ReadonlySet<string> = new Set();
const NO_INDEX_MAPS: ReadonlyMap<string, Int32Array> = new Map();

/**
 * `obj` without the given paths. The input is never changed unless `owned` says it is the
 * caller's own copy (then it may be changed and returned). With `track` false, `removed` and
 * `indexMaps` of shallow removals are left empty: only granular markings need them, so an
 * object without any may skip the bookkeeping.
 */
export function prune(obj: StixObject, removals: readonly (readonly Segment[])[], owned = false, track = true): Pruned {
  if (removals.length === 0) return { object: obj, removed: NOTHING_REMOVED, indexMaps: NO_INDEX_MAPS };
  const shallow = pruneShallow(obj, removals, owned, track);
  if (shallow) return shallow;
  const removed = new Set<string>();
  const indexMaps = new Map<string, Int32Array>();

  const visit = (value: unknown, node: Node, path: Segment[], key: string | undefined): unknown => {
    if (node.remove) {
      removed.add(formatSelector(path));
      return DROP;
    }
    if (node.children.size === 0) return value;
    if (Array.isArray(value)) {
      const map = new Int32Array(value.length).fill(-1);
      const out: unknown[] = [];
      value.forEach((item, i) => {
        const child = node.children.get(i);
        let next: unknown = item;
        if (child) {
          next = visit(item, child, [...path, i], undefined);
          if (next !== DROP && !itemComplete(key, next)) {
            removed.add(formatSelector([...path, i]));
            next = DROP;
          }
        }
        if (next === DROP) return;
        map[i] = out.length;
        out.push(next);
      });
      indexMaps.set(formatSelector(path), map);
      if (out.length === 0) {
        removed.add(formatSelector(path));
        return DROP;
      }
      return out;
    }
    if (isRecord(value)) {
      const copy: Record<string, unknown> = { ...value };
      for (const [k, child] of node.children) {
        if (typeof k !== 'string' || !(k in copy)) continue;
        const next = visit(copy[k], child, [...path, k], k);
        if (next === DROP) delete copy[k];
        else copy[k] = next;
      }
      if (path.length > 0 && Object.keys(copy).length === 0) {
        removed.add(formatSelector(path));
        return DROP;
      }
      return copy;
    }
    return value;
  };
  const result = visit(obj, trie(removals), [], undefined);
  return { object: result as StixObject, removed, indexMaps };
}

/**
 * Moves a granular marking selector (original coordinates) onto the pruned object: undefined
 * when what it selected was removed.
 */
export function rewriteSelector(selector: string, pruned: Pick<Pruned, 'removed' | 'indexMaps'>): string | undefined {
  const path = parseSelector(selector);
  if (path === undefined) return undefined;
  const out: Segment[] = [];
  for (let i = 0; i < path.length; i++) {
    const s = path[i] as Segment;
    if (typeof s === 'number') {
      const map = pruned.indexMaps.get(formatSelector(path.slice(0, i)));
      const next = map ? map[s] : s;
      if (next === undefined || next < 0) return undefined;
      out.push(next);
    } else {
      out.push(s);
    }
    if (pruned.removed.has(formatSelector(path.slice(0, i + 1)))) return undefined;
  }
  return formatSelector(out);
}
