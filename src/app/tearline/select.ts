// Deciding what goes into one partner's tearline: every object's policy decision, then the
// structural consequences (DOMAIN.md §2 rule 6 and the tearline rules): references to withheld
// objects are dropped, and an object that loses a required reference or property is withheld
// in turn, until nothing changes. Fail closed throughout: whatever we cannot account for stays.
//
// This runs once per partner over the whole package, so it avoids work per object where it
// can: decisions are memoised by marking, arrays are allocated only for objects that lose
// something, and pruning waits until the object is written (build.ts).
import type { Marking } from '../../domain/markings/model.ts';
import { SYSTEM_IDENTITY_IDS } from '../../domain/markings/systemIdentities.ts';
import { formatSelector, isPrefix, type Segment } from '../../domain/markings/selectors.ts';
import { isPredefinedTlp1 } from '../../domain/markings/tlp.ts';
import type { StixObject } from '../../domain/stix/object.ts';
import { decideObject, decidePortion, type ObjectDecision, type PortionDecider, type PortionDecision, type ReleaseContext } from '../../policy/decide.ts';
import { reason, type Reason } from '../../policy/reasons.ts';
import { FLAG_REVOKED, FLAG_UNPLACED, type PreparedObject, type PreparedPackage } from './prepare.ts';
import {
  CREATOR_ABSENT, HAS_EXTENSIONS, HAS_GRANULAR, NO_CREATOR, SITE_CREATOR, SITE_IN_REPLACED, SITE_REQUIRED, isReplaced, type Removal,
} from './statics.ts';
import { prune } from './prune.ts';
import { missingRequired, requiredKey } from './required.ts';

export type { Removal } from './statics.ts';

export interface Selection {
  /** Per object: undefined when released, else why it is withheld. */
  readonly withheld: readonly (readonly Reason[] | undefined)[];
  readonly decisions: readonly (ObjectDecision | undefined)[];
  /** Per released object: what it loses (undefined when nothing). */
  readonly removals: readonly (readonly Removal[] | undefined)[];
  /** Per released object: 1 when its creator is replaced by the releasing organisation. */
  readonly creatorReplaced: Uint8Array;
}

/** Properties a tearline may not remove without breaking the object (STIX 2.1 §3.2). */
const STRUCTURAL = new Set(['id', 'type', 'spec_version', 'object_marking_refs', 'granular_markings']);
const REVOKED = [reason('revoked', 'revoked objects are not released')];
const NO_OBJECTS_LEFT = [reason('no-objects-left', 'every object it refers to is withheld')];
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

/**
 * Originators whose material a decision may treat apart: ours (TLP on our own material never
 * stops a release) and every originator named by a consent that may hold for this partner
 * and release (policy/decide.ts buildConsentBook reads the same ones; naming more would
 * never be wrong, only slower). For any other originator, a decision is the same as for an
 * object without one: no originator-specific rule can apply to it.
 */
function distinctOriginators(ctx: ReleaseContext): ReadonlySet<string> {
  const named = new Set<string>([ctx.policy.ourIdentityRef]);
  for (const c of ctx.partner.consents) if (c.originator !== undefined) named.add(c.originator);
  for (const c of ctx.policy.consents) {
    if (c.originator === undefined || c.partner !== ctx.partner.identityRef) continue;
    if (c.releaseId === undefined || c.releaseId === ctx.releaseId) named.add(c.originator);
  }
  return named;
}

/** Decisions depend only on the portions, the originator and consents naming the object. */
function memoised(pkg: PreparedPackage, ctx: ReleaseContext): { portion: PortionDecider; object: (i: number) => ObjectDecision } {
  const named = distinctOriginators(ctx);
  // Per originator number: itself when treated apart, else -1 (as if it had none).
  const reduced = Int32Array.from(pkg.originators, (o, k) => (named.has(o) ? k : -1));
  const width = pkg.originators.length + 1;
  const portions = new Map<Marking, Map<string, PortionDecision>>();
  const byClass = new Map<number, ObjectDecision>();
  const portion: PortionDecider = (m, subject, c) => {
    if (c.consents.mentions(subject.objectId)) return decidePortion(m, subject, c);
    let byOriginator = portions.get(m);
    if (!byOriginator) portions.set(m, (byOriginator = new Map()));
    const key = subject.originator !== undefined && named.has(subject.originator) ? subject.originator : '';
    let d = byOriginator.get(key);
    if (!d) byOriginator.set(key, (d = decidePortion(m, subject, c)));
    return d;
  };
  const object = (i: number): ObjectDecision => {
    // The object itself is read only when its class is decided (once per class).
    if (ctx.consents.mentions(pkg.ids[i] as string)) {
      const p = pkg.objects[i] as PreparedObject;
      return decideObject(p.portions, p.subject, ctx, portion);
    }
    const o = pkg.originator[i] as number;
    const key = (pkg.decisionClass[i] as number) * width + (o < 0 ? 0 : (reduced[o] as number) + 1);
    let d = byClass.get(key);
    if (d === undefined) {
      const p = pkg.objects[i] as PreparedObject;
      byClass.set(key, (d = decideObject(p.portions, p.subject, ctx, portion)));
    }
    return d;
  };
  return { portion, object };
}

/**
 * Whether an object stays complete without the given parts. Removals at the top level or of
 * list items are checked on a shallow view; anything deeper is pruned for real.
 */
function completeWithout(o: StixObject, removals: readonly Removal[]): string | undefined {
  let touchesRequired = false;
  for (const r of removals) {
    if (r.path.length > 2) return missingRequired(prune(o, removals.map((x) => x.path)).object);
    if (!touchesRequired && requiredKey(o.type, r.path[0] as string)) touchesRequired = true;
  }
  if (!touchesRequired) return undefined;
  // Which top-level keys disappear: removed whole, or lists that lose every item. Usually
  // none (a report losing some of its object_refs): then the object is as complete as it was.
  let gone: string[] | undefined;
  let counted: string[] | undefined;
  for (const r of removals) {
    const top = r.path[0] as string;
    if (r.path.length === 1) (gone ??= []).push(top);
    else if (typeof r.path[1] === 'number' && !(counted ??= []).includes(top)) {
      counted.push(top);
      const list = o[top];
      let count = 0;
      for (const x of removals) if (x.path.length === 2 && x.path[0] === top && typeof x.path[1] === 'number') count++;
      if (Array.isArray(list) && count >= list.length) (gone ??= []).push(top);
    }
  }
  return missingRequired(o, gone);
}

/** Whether `path` is removed with one of `removals`. */
export function underAny(removals: readonly Removal[], path: readonly Segment[]): boolean {
  for (const r of removals) if (isPrefix(r.path, path)) return true;
  return false;
}

function pathKey(path: readonly Segment[], length: number): string {
  let key = '';
  for (let i = 0; i < length; i++) {
    const s = path[i] as Segment;
    key += typeof s === 'number' ? `\u0000#${s}` : `\u0000.${s}`;
  }
  return key;
}

/**
 * For testing many paths against the same removals: undefined when there are few (scan them
 * with underAny), else the set of removed paths (a grouping losing thousands of object_refs
 * would otherwise cost sites × removals comparisons).
 */
export function removalKeys(removals: readonly Removal[]): ReadonlySet<string> | undefined {
  if (removals.length <= 8) return undefined;
  const keys = new Set<string>();
  for (const r of removals) keys.add(pathKey(r.path, r.path.length));
  return keys;
}

/** underAny, with the keys removalKeys made for these removals. */
export function isRemoved(removals: readonly Removal[], keys: ReadonlySet<string> | undefined, path: readonly Segment[]): boolean {
  if (keys === undefined) return underAny(removals, path);
  // An empty path (the whole object) is a prefix of every path.
  if (keys.has('')) return true;
  for (let l = 1; l <= path.length; l++) if (keys.has(pathKey(path, l))) return true;
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
  /** Per object: 1 when its own removals include a property the derivative replaces. */
  const ownReplaced = new Uint8Array(n);
  const replaceCreator = new Uint8Array(n);
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
      else if (p.originator !== undefined && p.originator !== ours && !publicIds.has(p.originator) && !SYSTEM_IDENTITY_IDS.has(p.originator)) {
        why = reason('required-reference-withheld', `its creator ${p.originator} is neither us, Tearline's own software, nor a public identity`);
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
  const st = pkg.statics;
  const { markStart, markRefs } = st;
  for (let i = 0; i < n; i++) {
    if (withheld[i] !== undefined || kind[i] !== 0) continue;
    const d = decisions[i] as ObjectDecision;
    let badMd = -1;
    for (let k = markStart[i] as number, end = markStart[i + 1] as number; k < end; k++) {
      const j = markRefs[k] as number;
      // Same as mdReleased, by index: a definition in the package, or a predefined TLP 1.0 one.
      if (j === -2 || (j >= 0 && withheld[j] === undefined && kind[j] === 1)) continue;
      badMd = k - (markStart[i] as number);
    }
    if (badMd >= 0) {
      withheld[i] = [reason('marking-definition-withheld', `its marking ${(objects[i] as PreparedObject).portions.objectMarkingRefs[badMd] as string} is withheld`)];
      continue;
    }
    let out: Removal[] | undefined;
    for (const r of d.redactions) (out ??= []).push(r);
    const bits = st.own[i] as number;
    const p = bits === 0 ? undefined : (objects[i] as PreparedObject);
    if (p !== undefined && (bits & HAS_GRANULAR) !== 0) for (const g of p.portions.granular) {
      for (const m of g.markingRefs) {
        if (mdUsable(m)) continue;
        (out ??= []).push({ path: g.path, reasons: [reason('marking-definition-withheld', `its marking ${m} is withheld`)] });
        break;
      }
    }
    if (p !== undefined && (bits & HAS_EXTENSIONS) !== 0) for (const e of p.extensions) {
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
        if (top === 'created_by_ref') replaceCreator[i] = 1;
      }
    }
    // ACS 3.0 IDSRC not permitted: the originator may not be named.
    if (d.portions[0]?.marking.concealSource) replaceCreator[i] = 1;
    statics[i] = out;
    if (out !== undefined) for (const r of out) if (isReplaced(r.path[0])) ownReplaced[i] = 1;
  }

  // 4. References: drop those to withheld objects; withhold what cannot do without them.
  const oursIndex = indexById.get(ours) ?? -1;
  const queue: number[] = [];
  const withhold = (i: number, why: readonly Reason[]): void => {
    withheld[i] = why;
    removals[i] = undefined;
    queue.push(i);
  };
  const { siteStart, siteTarget, siteRole, siteId, sitePath, dropAbsent, dropWithheld, requiredAbsent, requiredWithheld, siteListKey, siteListLength, siteRequiredKey, missingAlone } = st;
  const evaluate = (i: number): void => {
    if (withheld[i] !== undefined || kind[i] !== 0) return;
    const own = statics[i];
    let dropped: Removal[] | undefined;
    let droppedReplaced = false;
    // Whether the drops are all items of one top-level list, how many, of how many, and
    // whether any touches a key the type may need: enough to skip completeWithout mostly.
    let oneList = true;
    let listKey = -1;
    let listDrops = 0;
    let listLength = 0;
    let touchesRequired = false;
    for (let k = siteStart[i] as number, end = siteStart[i + 1] as number; k < end; k++) {
      const j = siteTarget[k] as number;
      // Released targets stay; so does our own identity (a minimal one stands in if need be).
      if (j >= 0) {
        if ((kind[j] !== 2 && withheld[j] === undefined) || j === oursIndex) continue;
      } else if (siteId[k] === ours) continue;
      const role = siteRole[k];
      if (role === SITE_CREATOR) continue;
      const drop = (j < 0 ? dropAbsent : dropWithheld)[k] as Removal;
      if (own !== undefined && underAny(own, sitePath[k] as readonly Segment[])) continue;
      if (role === SITE_REQUIRED) {
        withhold(i, (j < 0 ? requiredAbsent : requiredWithheld)[k] as readonly Reason[]);
        return;
      }
      if (role === SITE_IN_REPLACED) droppedReplaced = true;
      const lk = siteListKey[k] as number;
      if (lk < 0 || (listKey >= 0 && lk !== listKey)) oneList = false;
      else {
        listKey = lk;
        listDrops++;
        listLength = siteListLength[k] as number;
      }
      if (siteRequiredKey[k] === 1) touchesRequired = true;
      (dropped ??= []).push(drop);
    }
    const all = dropped === undefined ? own : own === undefined ? dropped : [...own, ...dropped];
    removals[i] = all;
    if (all === undefined) return;
    // What is pruned: replaced properties (creator, timestamps) are not. Dropped references
    // are known in advance to be (SITE_IN_REPLACED) or not; own removals are looked at.
    let pruning: readonly Removal[] = all;
    let replacedToo = droppedReplaced;
    if (own !== undefined && !replacedToo) replacedToo = ownReplaced[i] === 1;
    if (replacedToo) pruning = all.filter((x) => !isReplaced(x.path[0]));
    if (pruning.length === 0) return;
    const d = decisions[i] as ObjectDecision;
    if (st.tearable[i] === 0 || !d.portions.every((x) => x.marking.tearlineAllowed)) {
      withhold(i, TEARLINE_PROHIBITED);
      return;
    }
    const p = objects[i] as PreparedObject;
    if (st.knownType[i] === 0) {
      withhold(i, [reason('required-property-withheld', `parts would be removed from a ${p.type}, a type whose required properties we do not know`)]);
      return;
    }
    // Only list items dropped, the list not emptied: as complete as the object was (what
    // completeWithout would find, without reading the object).
    const missing = own === undefined && oneList && listDrops < listLength ? (touchesRequired ? missingAlone[i] : undefined) : completeWithout(p.object, pruning);
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
      const goneKeys = gone === undefined ? undefined : removalKeys(gone);
      for (let k = siteStart[i] as number, end = siteStart[i + 1] as number; k < end; k++) {
        const j = siteTarget[k] as number;
        if (j < 0 || withheld[j] !== undefined || reach.has(j)) continue;
        if (gone !== undefined && isRemoved(gone, goneKeys, sitePath[k] as readonly Segment[])) continue;
        stack.push(j);
      }
    }
    const unreachable = [reason('not-reachable', 'not reachable from the release roots through released objects')];
    for (let i = 0; i < n; i++) {
      if (withheld[i] === undefined && kind[i] === 0 && !reach.has(i)) withheld[i] = unreachable;
    }
  }

  // 6. Creators that are withheld or absent (and not public) are replaced by us.
  const { creator, identity } = st;
  for (let i = 0; i < n; i++) {
    if (withheld[i] !== undefined || kind[i] !== 0) continue;
    const j = creator[i] as number;
    if (j === NO_CREATOR || j === oursIndex) continue;
    let ok: boolean;
    if (j === CREATOR_ABSENT) {
      const id = (objects[i] as PreparedObject).originator as string;
      ok = id === ours || publicIds.has(id);
    } else ok = withheld[j] === undefined && identity[j] === 1;
    if (!ok) replaceCreator[i] = 1;
  }

  return { withheld, decisions, removals, creatorReplaced: replaceCreator };
}
