// What every release reads about every object of a package, worked out once by
// prepareTearline and laid out flat: a pass over the package then walks a few typed arrays
// instead of chasing pointers into thousands of objects, and the removals that drop a
// reference are built once, not per release. select.ts reads it.
import { formatSelector, type Segment } from '../../domain/markings/selectors.ts';
import { isPredefinedTlp1 } from '../../domain/markings/tlp.ts';
import { reason, type Reason } from '../../policy/reasons.ts';
import type { PreparedObject } from './prepare.ts';
import { isKnownType, isRequiredSingleRef, missingRequired, requiredKey } from './required.ts';

export interface Removal {
  /** Original-coordinate path of what goes. */
  readonly path: readonly Segment[];
  readonly reasons: readonly Reason[];
  /** `path` as a selector, when worked out in advance (removals built once per package). */
  readonly selector?: string;
}

/** Properties the derivative replaces rather than removes. */
export function isReplaced(key: Segment | undefined): boolean {
  return key === 'created' || key === 'modified' || key === 'created_by_ref';
}

export const REFERENCE_WITHHELD = [reason('reference-withheld', 'points at a withheld object')];
export const REFERENCE_ABSENT = [reason('reference-target-absent', 'points at an object that is not in the package')];
const requiredRefReasons = [new Map<string, readonly Reason[]>(), new Map<string, readonly Reason[]>()] as const;
export function requiredRefGone(property: string, absent: boolean): readonly Reason[] {
  const byProperty = requiredRefReasons[absent ? 1 : 0];
  let found = byProperty.get(property);
  if (!found) {
    found = [reason('required-reference-withheld', `required ${property} points at ${absent ? 'an object not in the package' : 'a withheld object'}`)];
    byProperty.set(property, found);
  }
  return found;
}
export const SITE_PLAIN = 0;
/** A top-level `created_by_ref`: replaced by the releasing organisation, never dropped. */
export const SITE_CREATOR = 1;
/** A single reference the object cannot do without (STIX 2.1 §5.1, §5.2). */
export const SITE_REQUIRED = 2;
/**
 * A site whose drop path starts at a property the derivative replaces rather than removes
 * (a created_by_ref that is text naming an object): dropped, but not pruned.
 */
export const SITE_IN_REPLACED = 3;

/** Per-object bits: what step 3 must look at in the object itself. */
export const HAS_GRANULAR = 1;
export const HAS_EXTENSIONS = 2;

/** An object's creator, by package index, or: */
export const NO_CREATOR = -1;
export const CREATOR_ABSENT = -2;

/**
 * What every release reads about every object, worked out once per package and laid out
 * flat: a pass over the package then walks a few typed arrays instead of chasing pointers
 * into 10,000 objects, and nothing is allocated per dropped reference. The lists of object i
 * sit at [start[i], start[i + 1]).
 */
export interface PackageStatics {
  /** object_marking_refs as package indexes; -1 absent, -2 absent but predefined (TLP 1.0). */
  readonly markStart: Int32Array;
  readonly markRefs: Int32Array;
  /** Reference sites: the target's package index (-1 absent), the site's role (SITE_*). */
  readonly siteStart: Int32Array;
  readonly siteTarget: Int32Array;
  readonly siteRole: Uint8Array;
  /** Per site, the target id and the site's path (RefSite's, flat). */
  readonly siteId: readonly string[];
  readonly sitePath: readonly (readonly Segment[])[];
  /** Per site: 1 for an id written in text (replaced inside the string), 0 for a reference. */
  readonly siteText: Uint8Array;
  /** Per site, the removal dropping it when its target is absent from the package / withheld. */
  readonly dropAbsent: readonly Removal[];
  readonly dropWithheld: readonly Removal[];
  /** Per SITE_REQUIRED site, why the object is withheld when its target is absent / withheld. */
  readonly requiredAbsent: readonly (readonly Reason[] | undefined)[];
  readonly requiredWithheld: readonly (readonly Reason[] | undefined)[];
  /** Per object: HAS_GRANULAR | HAS_EXTENSIONS. */
  readonly own: Uint8Array;
  /** Per object: its creator's package index, NO_CREATOR or CREATOR_ABSENT. */
  readonly creator: Int32Array;
  /** Per object: 1 for identities. */
  readonly identity: Uint8Array;
  /** Per object: 1 when we know its type's required properties (required.ts isKnownType). */
  readonly knownType: Uint8Array;
  /** Per object: parts may be torn out (its marking and every granular portion's permit it). */
  readonly tearable: Uint8Array;
  /**
   * For a site that is an item of a top-level list (`object_refs.[3]`): a number for the
   * list's key, and the list's length; -1 otherwise. With siteRequiredKey and missingAlone,
   * they tell without looking at the object whether dropping some items leaves it complete.
   */
  readonly siteListKey: Int32Array;
  readonly siteListLength: Int32Array;
  /** Per site: 1 when its drop path starts at a key the object's type may need (requiredKey). */
  readonly siteRequiredKey: Uint8Array;
  /** Per object: the first required property it lacks as it is (missingRequired). */
  readonly missingAlone: readonly (string | undefined)[];
}


/** Worked out once per package, by prepareTearline. */
export function buildStatics(objects: readonly PreparedObject[], indexById: ReadonlyMap<string, number>): PackageStatics {
  const n = objects.length;
  let marks = 0;
  let sites = 0;
  for (const p of objects) {
    marks += p.portions.objectMarkingRefs.length;
    sites += p.refs.length;
  }
  const markStart = new Int32Array(n + 1);
  const markRefs = new Int32Array(marks);
  const siteStart = new Int32Array(n + 1);
  const siteTarget = new Int32Array(sites);
  const siteRole = new Uint8Array(sites);
  const siteId: string[] = [];
  const sitePath: (readonly Segment[])[] = [];
  const siteText = new Uint8Array(sites);
  const dropAbsent: Removal[] = [];
  const dropWithheld: Removal[] = [];
  const requiredAbsent: (readonly Reason[] | undefined)[] = [];
  const requiredWithheld: (readonly Reason[] | undefined)[] = [];
  const own = new Uint8Array(n);
  const creator = new Int32Array(n);
  const identity = new Uint8Array(n);
  const knownType = new Uint8Array(n);
  const tearable = new Uint8Array(n);
  const siteListKey = new Int32Array(sites).fill(-1);
  const siteListLength = new Int32Array(sites).fill(-1);
  const siteRequiredKey = new Uint8Array(sites);
  const missingAlone: (string | undefined)[] = [];
  const listKeys = new Map<string, number>();
  let m = 0;
  let k = 0;
  objects.forEach((p, i) => {
    markStart[i] = m;
    for (const id of p.portions.objectMarkingRefs) markRefs[m++] = indexById.get(id) ?? (isPredefinedTlp1(id) ? -2 : -1);
    siteStart[i] = k;
    p.refs.forEach((site, s) => {
      const top = site.kind === 'single' && site.path.length === 1;
      siteTarget[k] = p.refTargets[s] as number;
      siteId.push(site.targetId);
      sitePath.push(site.path);
      siteText[k] = site.kind === 'text' ? 1 : 0;
      siteRole[k] =
        top && site.path[0] === 'created_by_ref' ? SITE_CREATOR
        : top && isRequiredSingleRef(p.type, site.path[0] as string) ? SITE_REQUIRED
        : isReplaced(site.path[0]) ? SITE_IN_REPLACED
        : SITE_PLAIN;
      // A reference inside a list item (an email MIME part, say) takes the item with it.
      const inItem = site.kind === 'single' && site.path.length >= 3 && typeof site.path[site.path.length - 2] === 'number';
      const path = inItem ? site.path.slice(0, -1) : site.path;
      const selector = formatSelector(path);
      const top0 = path[0] as string;
      siteRequiredKey[k] = requiredKey(p.type, top0) ? 1 : 0;
      const list = p.object[top0];
      if (path.length === 2 && typeof path[1] === 'number' && Array.isArray(list)) {
        let key = listKeys.get(top0);
        if (key === undefined) listKeys.set(top0, (key = listKeys.size));
        siteListKey[k] = key;
        siteListLength[k] = list.length;
      }
      dropAbsent.push({ path, reasons: REFERENCE_ABSENT, selector });
      dropWithheld.push({ path, reasons: REFERENCE_WITHHELD, selector });
      const required = siteRole[k] === SITE_REQUIRED;
      requiredAbsent.push(required ? requiredRefGone(site.path[0] as string, true) : undefined);
      requiredWithheld.push(required ? requiredRefGone(site.path[0] as string, false) : undefined);
      k++;
    });
    own[i] = (p.portions.granular.length > 0 ? HAS_GRANULAR : 0) | (p.extensions.length > 0 ? HAS_EXTENSIONS : 0);
    creator[i] = p.originator === undefined ? NO_CREATOR : (indexById.get(p.originator) ?? CREATOR_ABSENT);
    identity[i] = p.type === 'identity' ? 1 : 0;
    knownType[i] = isKnownType(p.type) ? 1 : 0;
    missingAlone.push(missingRequired(p.object));
    tearable[i] = p.portions.objectMarking.tearlineAllowed && p.portions.granular.every((g) => g.marking.tearlineAllowed) ? 1 : 0;
  });
  markStart[n] = m;
  siteStart[n] = k;
  const found: PackageStatics = { markStart, markRefs, siteStart, siteTarget, siteRole, siteId, sitePath, siteText, dropAbsent, dropWithheld, requiredAbsent, requiredWithheld, own, creator, identity, knownType, tearable, siteListKey, siteListLength, siteRequiredKey, missingAlone };
  return found;
}

