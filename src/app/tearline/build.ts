// Writing one released object for the partner: references moved onto the released
// identifiers, the parts that go removed, the creator replaced where the source is protected,
// new timestamps for derivatives, and granular markings moved onto what is left (STIX 2.1
// §7.2.3). Only the containers on the way to a change are copied; the rest is shared with the
// input, which is never modified.
import type { StixObject } from '../../domain/stix/object.ts';
import { parseSelector, resolves, type Segment } from '../../domain/markings/selectors.ts';
import { SHAPE_CREATED, SHAPE_GRANULAR, SHAPE_MODIFIED, type PreparedObject } from './prepare.ts';
import { prune, rewriteSelector, type Pruned } from './prune.ts';
import { isRemoved, removalKeys, type Removal } from './select.ts';
import { isReplaced, type PackageStatics } from './statics.ts';

/** What stays the same for every object of one release (made once per release). */
export interface BuildRelease {
  readonly releasedAt: string;
  /** Released ids by package index (undefined: not released). */
  readonly finalIds: readonly (string | undefined)[];
  /** Our identity id: references to it stay as they are; it replaces protected creators. */
  readonly ours: string;
  /** Our identity's package index, -1 when the package does not carry it. */
  readonly oursIndex: number;
  /** The package's reference sites, flat (statics.ts). */
  readonly statics: PackageStatics;
}

/**
 * The written object is `pruned.object`. `removed` and `indexMaps` are tracked only for
 * objects with granular markings (prune.ts).
 */
export type Built = Pruned;

const NOTHING: readonly (readonly Segment[])[] = [];

type Container = Record<string | number, unknown>;

/**
 * Sets values at paths of a shallow copy of `root`, copying each nested container on the way
 * the first time it is touched (most references sit at the top level or in a top-level list,
 * so the common case copies one list at most).
 */
class CopyOnWrite {
  readonly top: Record<string, unknown>;
  /** Containers copied so far: a handful at most, so a list beats a Set. */
  private copied: unknown[] | undefined;

  constructor(root: StixObject) {
    this.top = { ...root };
  }

  /** Sets one value at a path (no closure per reference: this runs for most references). */
  set(path: readonly Segment[], value: unknown): void {
    const parent = this.parentOf(path);
    if (parent !== undefined) parent[path[path.length - 1] as Segment] = value;
  }

  update(path: readonly Segment[], fn: (v: unknown) => unknown): void {
    const parent = this.parentOf(path);
    if (parent === undefined) return;
    const last = path[path.length - 1] as Segment;
    parent[last] = fn(parent[last]);
  }

  /** The (copied) container holding the last segment of `path`; undefined when a step is not a container. */
  private parentOf(path: readonly Segment[]): Container | undefined {
    let parent = this.top as Container;
    for (let k = 0; k < path.length - 1; k++) {
      const seg = path[k] as Segment;
      const child = parent[seg];
      if (typeof child !== 'object' || child === null) return undefined;
      let copy = child as Container;
      if (!(this.copied ??= []).includes(child)) {
        copy = (Array.isArray(child) ? [...child] : { ...child }) as Container;
        this.copied.push(copy);
        parent[seg] = copy;
      }
      parent = copy;
    }
    return parent;
  }
}

/**
 * One released object. `id`: what it is released under (its own when kept); `derived`: it
 * gets the release time as created/modified; `replaceCreator`: the releasing organisation
 * stands in for its creator. Arguments rather than an input object: this runs for every
 * released object of every release.
 */
export function buildObject(p: PreparedObject, i: number, removals: readonly Removal[] | undefined, id: string, derived: boolean, replaceCreator: boolean, release: BuildRelease): Built {
  const { ours, oursIndex, finalIds, releasedAt } = release;
  const { siteStart, siteTarget, siteId, sitePath, siteText } = release.statics;
  const cow = new CopyOnWrite(p.object);
  const keys = removals === undefined ? undefined : removalKeys(removals);
  for (let k = siteStart[i] as number, end = siteStart[i + 1] as number; k < end; k++) {
    const j = siteTarget[k] as number;
    // Outside the package (a public identity) or our own identity: unchanged.
    if (j < 0 || j === oursIndex) continue;
    const to = finalIds[j];
    const from = siteId[k] as string;
    if (to === undefined || to === from) continue;
    const path = sitePath[k] as readonly Segment[];
    if (removals !== undefined && isRemoved(removals, keys, path)) continue;
    if (siteText[k] === 1) cow.update(path, (v) => (typeof v === 'string' ? v.split(from).join(to) : v));
    else cow.set(path, to);
  }
  let pruning: (readonly Segment[])[] | undefined;
  if (removals !== undefined) for (const r of removals) if (!isReplaced(r.path[0])) (pruning ??= []).push(r.path);
  // `top` is our copy: prune may change it in place, or return a fresh one. What was removed
  // is tracked only for granular markings to follow.
  const hasGranular = (p.shape & SHAPE_GRANULAR) !== 0;
  const pruned = prune(cow.top as StixObject, pruning ?? NOTHING, true, hasGranular);
  const out = pruned.object as Record<string, unknown>;
  out['id'] = id;
  if (replaceCreator) out['created_by_ref'] = ours;
  if (derived) {
    // Original timestamps are fingerprints that link a derivative back to its original.
    if ((p.shape & SHAPE_CREATED) !== 0) out['created'] = releasedAt;
    if ((p.shape & SHAPE_MODIFIED) !== 0) out['modified'] = releasedAt;
  }
  const moved = pruned.removed.size > 0 || replaceCreator || derived;
  const granular = hasGranular && moved ? out['granular_markings'] : undefined;
  if (Array.isArray(granular)) {
    const replaced = new Set<string>();
    if (replaceCreator) replaced.add('created_by_ref');
    if (derived) {
      replaced.add('created');
      replaced.add('modified');
    }
    const kept: unknown[] = [];
    for (const g of granular) {
      if (typeof g !== 'object' || g === null) continue;
      const entry = g as Record<string, unknown>;
      const selectors = Array.isArray(entry['selectors']) ? entry['selectors'] : [];
      const still: string[] = [];
      for (const sel of selectors) {
        if (typeof sel !== 'string') continue;
        const to = pruned.removed.size > 0 ? rewriteSelector(sel, pruned) : sel;
        if (to === undefined) continue;
        const path = parseSelector(to);
        // A marking on a replaced value described the original value, not ours.
        if (path === undefined || replaced.has(path[0] as string) || !resolves(out, path)) continue;
        still.push(to);
      }
      if (still.length > 0) kept.push(still.length === selectors.length && still.every((m, k) => m === selectors[k]) ? entry : { ...entry, selectors: still });
    }
    if (kept.length > 0) out['granular_markings'] = kept;
    else delete out['granular_markings'];
  }
  return pruned;
}
