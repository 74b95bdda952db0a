// Deciding what goes into one partner's tearline: every object's policy decision, then the
// structural consequences (DOMAIN.md §2 rule 6 and the tearline rules): references to withheld
// objects are dropped, and an object that loses a required reference or property is withheld
// in turn, until nothing changes. Fail closed throughout: whatever we cannot account for stays.
//
// This runs once per partner over the whole package, so it avoids work per object where it
// can: decisions are memoised by marking, arrays are allocated only for objects that lose
// something, and pruning waits until the object is written (build.ts).
import type { Marking } from '../../domain/markings/model.ts';
import { formatSelector, isPrefix, type Segment } from '../../domain/markings/selectors.ts';
import { isPredefinedTlp1 } from '../../domain/markings/tlp.ts';
import type { StixObject } from '../../domain/stix/object.ts';
import { decideObject, decidePortion, type ObjectDecision, type PortionDecider, type PortionDecision, type ReleaseContext } from '../../policy/decide.ts';
import { reason, type Reason } from '../../policy/reasons.ts';
import { FLAG_REVOKED, FLAG_UNPLACED, type PreparedObject, type PreparedPackage } from './prepare.ts';
import type { RefSite } from './refs.ts';
import { prune } from './prune.ts';
import { isKnownType, isRequiredSingleRef, missingRequired, requiredKey } from './required.ts';

export interface Removal {
  /** Original-coordinate path of what goes. */
  readonly path: readonly Segment[];
  readonly reasons: readonly Reason[];
}

export interface Selection {
  /** Per object: undefined when released, else why it is withheld. */
  readonly withheld: readonly (readonly Reason[] | undefined)[];
  readonly decisions: readonly (ObjectDecision | undefined)[];
  /** Per released object: what it loses (undefined when nothing). */
  readonly removals: readonly (readonly Removal[] | undefined)[];
  /** Per released object: whether its creator is replaced by the releasing organisation. */
  readonly creatorReplaced: readonly boolean[];
}

/** Properties a tearline may not remove without breaking the object (STIX 2.1 §3.2). */
const STRUCTURAL = new Set(['id', 'type', 'spec_version', 'object_marking_refs', 'granular_markings']);
/** Properties the derivative replaces rather than removes. */
const REPLACED = new Set(['created', 'modified', 'created_by_ref']);

const REFERENCE_WITHHELD = [reason('reference-withheld', 'points at a withheld object')];
const REFERENCE_ABSENT = [reason('reference-target-absent', 'points at an object that is not in the package')];
const REVOKED = [reason('revoked', 'revoked objects are not released')];
const NO_OBJECTS_LEFT = [reason('no-objects-left', 'every object it refers to is withheld')];
const requiredRefReasons = new Map<string, readonly Reason[]>();
function requiredRefGone(property: string, absent: boolean): readonly Reason[] {
  const key = `${property}|${absent}`;
  let found = requiredRefReasons.get(key);
  if (!found) {
    found = [reason('required-reference-withheld', `required ${property} points at ${absent ? 'an object not in the package' : 'a withheld object'}`)];
    requiredRefReasons.set(key, found);
  }
  return found;
}
const INTERNAL = [reason('internal-reference', 'points at internal material')];
const TEARLINE_PROHIBITED = [reason('tearline-prohibited', 'parts would be removed, but the marking does not permit a tearline')];

function isInternal(ref: unknown, ctx: ReleaseContext): boolean {
  if (typeof ref !== 'object' || ref === null) return false;
  const r = ref as Record<string, unknown>;
  const { urlPrefixes, sourceNames } = ctx.policy.internalReferences;
  const url = r['url'];
  if (typeof url === 'string' && urlPrefixes.some((p) => url.startsWith(p))) return true;
  const name = typeof r['source_name'] === 'string' ? r['source_name'].toLowerCase() : undefined;
  return name !== undefined && sourceNames.some((s) => s.toLowerCase() === name);
}

/**
 * External references to internal material, per object. They depend on the policy, not on
 * the partner: computed once per (package, policy) and reused for every partner.
 */
const internalCache = new WeakMap<PreparedPackage, WeakMap<object, readonly (Removal[] | undefined)[]>>();
function internalReferencesOf(pkg: PreparedPackage, ctx: ReleaseContext): readonly (Removal[] | undefined)[] {
  let byPolicy = internalCache.get(pkg);
  if (!byPolicy) internalCache.set(pkg, (byPolicy = new WeakMap()));
  const rules = ctx.policy.internalReferences;
  let found = byPolicy.get(rules);
  if (!found) {
    found = pkg.objects.map((p) => {
      const refs = p.object['external_references'];
      if (!Array.isArray(refs)) return undefined;
      let out: Removal[] | undefined;
      for (let k = 0; k < refs.length; k++) if (isInternal(refs[k], ctx)) (out ??= []).push({ path: ['external_references', k], reasons: INTERNAL });
      return out;
    });
    byPolicy.set(rules, found);
  }
  return found;
}

/** Decisions depend only on the marking, the originator and consents naming the object. */
function memoised(pkg: PreparedPackage, ctx: ReleaseContext): { portion: PortionDecider; object: (i: number) => ObjectDecision } {
  const portions = new Map<Marking, Map<string, PortionDecision>>();
  const byClass = new Array<ObjectDecision | undefined>(pkg.decisionClasses).fill(undefined);
  const portion: PortionDecider = (m, subject, c) => {
    if (c.consents.mentions(subject.objectId)) return decidePortion(m, subject, c);
    let byOriginator = portions.get(m);
    if (!byOriginator) portions.set(m, (byOriginator = new Map()));
    const key = subject.originator ?? '';
    let d = byOriginator.get(key);
    if (!d) byOriginator.set(key, (d = decidePortion(m, subject, c)));
    return d;
  };
  const object = (i: number): ObjectDecision => {
    const p = pkg.objects[i] as PreparedObject;
    const c = pkg.decisionClass[i] as number;
    if (c < 0 || ctx.consents.mentions(p.id)) return decideObject(p.portions, p.subject, ctx, portion);
    let d = byClass[c];
    if (d === undefined) byClass[c] = d = decideObject(p.portions, p.subject, ctx, portion);
    return d;
  };
  return { portion, object };
}

/**
 * Whether an object stays complete without the given parts. Removals at the top level or of
 * list items are checked on a shallow view; anything deeper is pruned for real.
 */
function completeWithout(o: StixObject, removals: readonly Removal[]): string | undefined {
  if (!removals.some((r) => requiredKey(o.type, r.path[0] as string) || r.path.length > 2)) return undefined;
  const view: Record<string, unknown> = { ...o };
  const lost = new Map<string, number>();
  let deep = false;
  for (const r of removals) {
    const top = r.path[0] as string;
    if (r.path.length === 1) delete view[top];
    else if (r.path.length === 2 && typeof r.path[1] === 'number') lost.set(top, (lost.get(top) ?? 0) + 1);
    else deep = true;
  }
  if (deep) return missingRequired(prune(o, removals.map((r) => r.path)).object);
  for (const [key, count] of lost) {
    const list = o[key];
    if (Array.isArray(list) && count >= list.length) delete view[key];
  }
  return missingRequired(view as StixObject);
}

/** Whether `path` is removed with one of `removals`. */
export function underAny(removals: readonly Removal[], path: readonly Segment[]): boolean {
  for (const r of removals) if (isPrefix(r.path, path)) return true;
  return false;
}

export function select(pkg: PreparedPackage, ctx: ReleaseContext, roots: readonly string[] | undefined): Selection {
  const { objects, indexById } = pkg;
  const n = objects.length;
  const ours = ctx.policy.ourIdentityRef;
  const publicIds = new Set(ctx.policy.publicIdentityRefs);
  const withheld: (readonly Reason[] | undefined)[] = new Array<readonly Reason[] | undefined>(n).fill(undefined);
  const decisions: (ObjectDecision | undefined)[] = new Array<ObjectDecision | undefined>(n).fill(undefined);
  const removals: (Removal[] | undefined)[] = new Array<Removal[] | undefined>(n).fill(undefined);
  const statics: (Removal[] | undefined)[] = new Array<Removal[] | undefined>(n).fill(undefined);
  const replaceCreator: boolean[] = new Array<boolean>(n).fill(false);
  const kind = pkg.kinds;
  const decide = memoised(pkg, ctx);

  // 1. Each object's own markings.
  const flags = pkg.flags;
  for (let i = 0; i < n; i++) {
    const f = flags[i] as number;
    if (f & FLAG_REVOKED) {
      withheld[i] = REVOKED;
      continue;
    }
    if (f & FLAG_UNPLACED) {
      withheld[i] = [reason('malformed', `granular marking selectors select nothing: ${(objects[i] as PreparedObject).portions.unplaced.join(', ')}`)];
      continue;
    }
    const d = decide.object(i);
    decisions[i] = d;
    if (d.verdict === 'withhold') withheld[i] = d.reasons;
  }

  // 2. Marking-definitions are released unchanged or not at all (they are immutable, STIX
  //    2.1 §7.2.1): no redaction, a creator that is us or public, their own markings released.
  const mdReleased = (id: string): boolean => {
    const j = indexById.get(id);
    return j === undefined ? isPredefinedTlp1(id) : withheld[j] === undefined && kind[j] === 1;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < n; i++) {
      if (kind[i] !== 1 || withheld[i] !== undefined) continue;
      const p = objects[i] as PreparedObject;
      let why: Reason | undefined;
      if (decisions[i]?.verdict !== 'release') why = reason('malformed', 'parts of the marking-definition would be redacted; it can only be released whole');
      else if (p.originator !== undefined && p.originator !== ours && !publicIds.has(p.originator)) {
        why = reason('required-reference-withheld', `its creator ${p.originator} is neither us nor a public identity`);
      } else if (p.refs.some((r) => !(r.kind === 'single' && r.path.length === 1 && r.path[0] === 'created_by_ref'))) {
        why = reason('malformed', 'marking-definitions that reference other objects are not released');
      } else if (Array.isArray(p.object['external_references']) && p.object['external_references'].some((r) => isInternal(r, ctx))) {
        why = reason('internal-reference', 'the marking-definition points at internal material');
      } else if (p.portions.objectMarkingRefs.some((m) => !mdReleased(m))) {
        why = reason('marking-definition-withheld', 'a marking on the marking-definition is withheld');
      }
      if (why) {
        withheld[i] = [why];
        changed = true;
      }
    }
  }
  const extOk = (id: string): boolean => {
    const j = indexById.get(id);
    return j === undefined || (withheld[j] === undefined && kind[j] === 2);
  };

  // 3. What each remaining object loses for reasons of its own: redactions, granular markings
  //    whose definition is withheld, extensions whose definition is withheld, internal links.
  const mdOk = new Map<string, boolean>();
  const mdUsable = (id: string): boolean => {
    let ok = mdOk.get(id);
    if (ok === undefined) mdOk.set(id, (ok = mdReleased(id)));
    return ok;
  };
  const hasInternalRules = ctx.policy.internalReferences.urlPrefixes.length > 0 || ctx.policy.internalReferences.sourceNames.length > 0;
  const internalRefs = hasInternalRules ? internalReferencesOf(pkg, ctx) : [];
  for (let i = 0; i < n; i++) {
    if (withheld[i] !== undefined || kind[i] !== 0) continue;
    const p = objects[i] as PreparedObject;
    const d = decisions[i] as ObjectDecision;
    let badMd: string | undefined;
    for (const m of p.portions.objectMarkingRefs) if (!mdUsable(m)) badMd = m;
    if (badMd !== undefined) {
      withheld[i] = [reason('marking-definition-withheld', `its marking ${badMd} is withheld`)];
      continue;
    }
    let out: Removal[] | undefined;
    for (const r of d.redactions) (out ??= []).push(r);
    for (const g of p.portions.granular) {
      for (const m of g.markingRefs) {
        if (mdUsable(m)) continue;
        (out ??= []).push({ path: g.path, reasons: [reason('marking-definition-withheld', `its marking ${m} is withheld`)] });
        break;
      }
    }
    for (const e of p.extensions) {
      if (extOk(e.extensionId)) continue;
      if (e.extensionType === 'property-extension') {
        (out ??= []).push({ path: ['extensions', e.extensionId], reasons: [reason('extension-withheld', `extension ${e.extensionId} is withheld`)] });
      } else {
        withheld[i] = [reason('extension-withheld', `the object depends on the withheld extension ${e.extensionId}`)];
        break;
      }
    }
    if (withheld[i] !== undefined) continue;
    const internal = hasInternalRules ? internalRefs[i] : undefined;
    if (internal !== undefined) for (const r of internal) (out ??= []).push(r);
    if (out !== undefined) {
      for (const r of out) {
        const top = r.path[0] as string;
        if (STRUCTURAL.has(top)) {
          withheld[i] = [reason('required-property-withheld', `${formatSelector(r.path)} cannot be removed`), ...r.reasons];
          break;
        }
        if (top === 'created_by_ref') replaceCreator[i] = true;
      }
    }
    // ACS 3.0 IDSRC not permitted: the originator may not be named.
    if (d.portions[0]?.marking.concealSource) replaceCreator[i] = true;
    statics[i] = out;
  }

  // 4. References: drop those to withheld objects; withhold what cannot do without them.
  const oursIndex = indexById.get(ours) ?? -1;
  const queue: number[] = [];
  const withhold = (i: number, why: readonly Reason[]): void => {
    withheld[i] = why;
    removals[i] = undefined;
    queue.push(i);
  };
  const evaluate = (i: number): void => {
    if (withheld[i] !== undefined || kind[i] !== 0) return;
    const p = objects[i] as PreparedObject;
    const own = statics[i];
    let dropped: Removal[] | undefined;
    const sites = p.refs;
    for (let k = 0; k < sites.length; k++) {
      const site = sites[k] as RefSite;
      const j = p.refTargets[k] as number;
      // Our own identity is always there (a minimal one stands in if need be).
      if (j >= 0 ? kind[j] !== 2 && withheld[j] === undefined : site.targetId === ours) continue;
      if (oursIndex >= 0 && j === oursIndex) continue;
      if (site.kind === 'single' && site.path.length === 1 && site.path[0] === 'created_by_ref') continue;
      if (own !== undefined && underAny(own, site.path)) continue;
      const absent = j < 0;
      if (site.kind === 'single' && site.path.length === 1 && isRequiredSingleRef(p.type, site.path[0] as string)) {
        withhold(i, requiredRefGone(site.path[0] as string, absent));
        return;
      }
      // A reference inside a list item (an email MIME part, say) takes the item with it.
      const inItem = site.kind === 'single' && site.path.length >= 3 && typeof site.path[site.path.length - 2] === 'number';
      (dropped ??= []).push({ path: inItem ? site.path.slice(0, -1) : site.path, reasons: absent ? REFERENCE_ABSENT : REFERENCE_WITHHELD });
    }
    const all = dropped === undefined ? own : own === undefined ? dropped : [...own, ...dropped];
    removals[i] = all;
    if (all === undefined) return;
    const pruning = all.some((r) => REPLACED.has(r.path[0] as string)) ? all.filter((r) => !REPLACED.has(r.path[0] as string)) : all;
    if (pruning.length === 0) return;
    const d = decisions[i] as ObjectDecision;
    if (!p.portions.objectMarking.tearlineAllowed || !d.portions.every((x) => x.marking.tearlineAllowed)) {
      withhold(i, TEARLINE_PROHIBITED);
      return;
    }
    if (!isKnownType(p.type)) {
      withhold(i, [reason('required-property-withheld', `parts would be removed from a ${p.type}, a type whose required properties we do not know`)]);
      return;
    }
    const missing = completeWithout(p.object, pruning);
    if (missing !== undefined) {
      withhold(i, missing === 'object_refs' ? NO_OBJECTS_LEFT : [reason('required-property-withheld', `required ${missing} would be removed`), ...pruning.flatMap((r) => r.reasons).slice(0, 3)]);
    }
  };
  for (let i = 0; i < n; i++) evaluate(i);
  for (let q = 0; q < queue.length; q++) {
    for (const r of pkg.referrers[queue[q] as number] ?? []) evaluate(r);
  }

  // 5. With roots, only what can be reached from them through released objects goes.
  if (roots !== undefined) {
    const reach = new Set<number>();
    const stack = roots.map((id) => indexById.get(id)).filter((i): i is number => i !== undefined && withheld[i] === undefined);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      if (reach.has(i)) continue;
      reach.add(i);
      const gone = removals[i];
      for (const site of objects[i]?.refs ?? []) {
        if (gone !== undefined && underAny(gone, site.path)) continue;
        const j = indexById.get(site.targetId);
        if (j !== undefined && withheld[j] === undefined && !reach.has(j)) stack.push(j);
      }
    }
    const unreachable = [reason('not-reachable', 'not reachable from the release roots through released objects')];
    for (let i = 0; i < n; i++) {
      if (withheld[i] === undefined && kind[i] === 0 && !reach.has(i)) withheld[i] = unreachable;
    }
  }

  // 6. Creators that are withheld or absent (and not public) are replaced by us.
  for (let i = 0; i < n; i++) {
    if (withheld[i] !== undefined || kind[i] !== 0) continue;
    const creator = objects[i]?.originator;
    if (creator === undefined || creator === ours) continue;
    const j = indexById.get(creator);
    const ok = j === undefined ? publicIds.has(creator) : withheld[j] === undefined && objects[j]?.type === 'identity';
    if (!ok) replaceCreator[i] = true;
  }

  return { withheld, decisions, removals, creatorReplaced: replaceCreator };
}
