// Writing one released object for the partner: references moved onto the released
// identifiers, the parts that go removed, the creator replaced where the source is protected,
// new timestamps for derivatives, and granular markings moved onto what is left (STIX 2.1
// §7.2.3). Only the containers on the way to a change are copied; the rest is shared with the
// input, which is never modified.
import type { StixObject } from '../../domain/stix/object.ts';
import { parseSelector, resolves, type Segment } from '../../domain/markings/selectors.ts';
import type { PreparedObject } from './prepare.ts';
import type { RefSite } from './refs.ts';
import { prune, rewriteSelector, type Pruned } from './prune.ts';
import { underAny, type Removal } from './select.ts';

export interface BuildInput {
  readonly prepared: PreparedObject;
  readonly removals: readonly Removal[] | undefined;
  /** The id the object is released under (its own when kept). */
  readonly id: string;
  /** Derivatives get the release time as created/modified. */
  readonly derived: boolean;
  readonly releasedAt: string;
  /** The releasing organisation, when it replaces the creator. */
  readonly replaceCreatorWith: string | undefined;
  /** Released ids by package index (undefined: not released). */
  readonly finalIds: readonly (string | undefined)[];
  /** Our identity id: references to it stay as they are. */
  readonly ours: string;
}

export interface Built {
  readonly object: StixObject;
  readonly pruned: Pruned;
}

const REPLACED = new Set(['created', 'modified', 'created_by_ref']);

type Container = Record<string | number, unknown>;

/**
 * Sets values at paths of a shallow copy of `root`, copying each nested container on the way
 * the first time it is touched (most references sit at the top level or in a top-level list,
 * so the common case copies one list at most).
 */
class CopyOnWrite {
  readonly top: Record<string, unknown>;
  private copied: Set<unknown> | undefined;

  constructor(root: StixObject) {
    this.top = { ...root };
  }

  update(path: readonly Segment[], fn: (v: unknown) => unknown): void {
    let parent = this.top as Container;
    for (let k = 0; k < path.length - 1; k++) {
      const seg = path[k] as Segment;
      const child = parent[seg];
      if (typeof child !== 'object' || child === null) return;
      let copy = child as Container;
      if (!(this.copied ??= new Set()).has(child)) {
        copy = (Array.isArray(child) ? [...child] : { ...child }) as Container;
        this.copied.add(copy);
        parent[seg] = copy;
      }
      parent = copy;
    }
    const last = path[path.length - 1] as Segment;
    parent[last] = fn(parent[last]);
  }
}

export function buildObject(input: BuildInput): Built {
  const { prepared: p, removals } = input;
  const cow = new CopyOnWrite(p.object);
  const top = cow.top;
  const sites = p.refs;
  for (let k = 0; k < sites.length; k++) {
    const site = sites[k] as RefSite;
    if (removals !== undefined && underAny(removals, site.path)) continue;
    const j = p.refTargets[k] as number;
    // Outside the package (a public identity) or our own identity: unchanged.
    const to = j < 0 || site.targetId === input.ours ? undefined : input.finalIds[j];
    if (to === undefined || to === site.targetId) continue;
    if (site.kind === 'text') cow.update(site.path, (v) => (typeof v === 'string' ? v.split(site.targetId).join(to) : v));
    else if (site.path.length === 1) top[site.path[0] as string] = to;
    else cow.update(site.path, () => to);
  }
  const pruning: (readonly Segment[])[] = [];
  if (removals !== undefined) for (const r of removals) if (!REPLACED.has(r.path[0] as string)) pruning.push(r.path);
  const pruned = prune(top as StixObject, pruning);
  // prune() returns `top` itself or a fresh copy: either way ours to change.
  const out = pruned.object as Record<string, unknown>;
  out['id'] = input.id;
  if (input.replaceCreatorWith !== undefined) out['created_by_ref'] = input.replaceCreatorWith;
  if (input.derived) {
    // Original timestamps are fingerprints that link a derivative back to its original.
    if (p.object.created !== undefined) out['created'] = input.releasedAt;
    if (p.object.modified !== undefined) out['modified'] = input.releasedAt;
  }
  const granular = out['granular_markings'];
  const moved = pruned.removed.size > 0 || input.replaceCreatorWith !== undefined || input.derived;
  if (Array.isArray(granular) && moved) {
    const replaced = new Set<string>();
    if (input.replaceCreatorWith !== undefined) replaced.add('created_by_ref');
    if (input.derived) {
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
  return { object: out as StixObject, pruned };
}
