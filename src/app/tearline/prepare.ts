// What a tearline needs to know about a package whoever the partner is: the latest version of
// each object, its marking portions, its references and who points at it. Computed once per
// package and reused for every partner (a release to 50 partners prepares once).
import type { StixObject } from '../../domain/stix/object.ts';
import { versionOf } from '../../domain/stix/object.ts';
import type { ClassificationNames } from '../../domain/markings/banner.ts';
import { buildMarkingIndex, type MarkingIndex } from '../../domain/markings/resolver.ts';
import { portionsOf, type ObjectPortions } from '../../domain/markings/portions.ts';
import { markingKey, type Marking } from '../../domain/markings/model.ts';
import { collectRefSites, looksLikeId, type RefSite } from './refs.ts';
import type { PortionSubject } from '../../policy/decide.ts';
import { buildStatics, type PackageStatics } from './statics.ts';

export interface ExtensionUse {
  readonly extensionId: string;
  readonly extensionType: string | undefined;
}

export interface PreparedObject {
  readonly object: StixObject;
  readonly id: string;
  readonly type: string;
  readonly originator: string | undefined;
  /** Who the object belongs to, as the policy asks it. */
  readonly subject: PortionSubject;
  readonly portions: ObjectPortions;
  readonly refs: readonly RefSite[];
  /** For each of `refs`, the index of its target in the package, or -1 when absent. */
  readonly refTargets: Int32Array;
  /** Extensions defined by extension-definition objects (`extensions` keys that are ids). */
  readonly extensions: readonly ExtensionUse[];
  /** STIX 2.1 §3.2 `revoked`: a revoked object is never released. */
  readonly revoked: boolean;
  /** The UUID of the id as 32 hex digits (the input to derived ids). */
  readonly uuidHex: string;
  /**
   * SHAPE_* bits: which of the properties every release writes the object has. Read here
   * rather than on the object, whose shapes vary (each lookup there is a slow one).
   */
  readonly shape: number;
}

export const SHAPE_GRANULAR = 1;
export const SHAPE_CREATED = 2;
export const SHAPE_MODIFIED = 4;

export interface PreparedPackage {
  readonly objects: readonly PreparedObject[];
  readonly indexById: ReadonlyMap<string, number>;
  /** For each object index, the indexes of objects that reference it (any kind of site). */
  readonly referrers: readonly (readonly number[])[];
  /** Input entries that are not objects with a string type and id. */
  readonly malformed: readonly { readonly id?: string; readonly reason: string }[];
  readonly markings: MarkingIndex;
  readonly classificationNames?: ClassificationNames;
  /** Per object: 1 marking-definition, 2 extension-definition, 0 content. */
  readonly kinds: Uint8Array;
  /**
   * Per object, flags read on every release (kept apart from the objects so a pass over the
   * package touches one small array): REVOKED, UNPLACED (a selector selects nothing).
   */
  readonly flags: Uint8Array;
  /**
   * Per object, its decision class: objects of one class have the same portions (object
   * marking; each granular selector with its marking; whatever could not be read), so for one
   * partner and originator they get the same decision, unless a consent names them.
   */
  readonly decisionClass: Int32Array;
  readonly decisionClasses: number;
  /** Per object, its originator's number in `originators`, -1 when it has none. */
  readonly originator: Int32Array;
  /** The distinct originators (`created_by_ref`s) of the package. */
  readonly originators: readonly string[];
  /** Per object, its id and type: loops over the whole package read these, not the objects. */
  readonly ids: readonly string[];
  readonly types: readonly string[];
  /** Per object, the 16 bytes of its id's UUID (the input to derived ids), at 16 × index. */
  readonly uuids: Buffer;
  /** What every release reads about every object, laid out flat (statics.ts). */
  readonly statics: PackageStatics;
}

export const FLAG_REVOKED = 1;
export const FLAG_UNPLACED = 2;

export interface PrepareOptions {
  readonly classificationNames?: ClassificationNames;
}

function newer(a: StixObject, b: StixObject): boolean {
  return versionOf(a) >= versionOf(b);
}

export function prepareTearline(input: readonly unknown[], options: PrepareOptions = {}): PreparedPackage {
  const malformed: { id?: string; reason: string }[] = [];
  // The latest version of each id (TAXII 2.1 §3.4.2 version order); later input wins ties.
  const latest = new Map<string, StixObject>();
  for (const raw of input) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      malformed.push({ reason: 'not a JSON object' });
      continue;
    }
    const o = raw as StixObject;
    if (typeof o.type !== 'string' || !looksLikeId(o.id) || !o.id.startsWith(`${o.type}--`)) {
      malformed.push({ ...(typeof o.id === 'string' ? { id: o.id } : {}), reason: 'missing or inconsistent type and id' });
      continue;
    }
    const seen = latest.get(o.id);
    if (!seen || newer(o, seen)) latest.set(o.id, o);
  }
  const objects = [...latest.values()];
  const markings = buildMarkingIndex(objects, options.classificationNames ? { names: options.classificationNames } : {});
  const indexById = new Map<string, number>();
  objects.forEach((o, i) => indexById.set(o.id, i));
  const mentionable = (id: string): boolean => indexById.has(id);
  // Equal markings share one instance, so per-partner decisions can be memoised by identity.
  const interned = new Map<string, Marking>();
  const intern = (m: Marking): Marking => {
    const key = markingKey(m);
    const seen = interned.get(key);
    if (seen) return seen;
    interned.set(key, m);
    return m;
  };
  const internPortions = (p: ObjectPortions): ObjectPortions => ({
    ...p,
    objectMarking: intern(p.objectMarking),
    granular: p.granular.map((g) => ({ ...g, marking: intern(g.marking) })),
  });

  // Without granular markings, an object's portions depend only on its object_marking_refs:
  // objects with the same list share one (immutable) reading.
  const byRefs = new Map<string, ObjectPortions>();
  const portionsFor = (o: StixObject): ObjectPortions => {
    const refs = o['object_marking_refs'];
    const simple = o['granular_markings'] === undefined && (refs === undefined || (Array.isArray(refs) && refs.every((r) => typeof r === 'string')));
    if (!simple) return internPortions(portionsOf(o, markings.resolve));
    const key = refs === undefined ? '' : `\u0000${(refs as string[]).join('\u0000')}`;
    let found = byRefs.get(key);
    if (found === undefined) byRefs.set(key, (found = internPortions(portionsOf(o, markings.resolve))));
    return found;
  };

  const prepared: PreparedObject[] = objects.map((o) => {
    const createdBy = o['created_by_ref'];
    const refs = collectRefSites(o, mentionable);
    const extensions: ExtensionUse[] = [];
    const ext = o['extensions'];
    if (typeof ext === 'object' && ext !== null && !Array.isArray(ext)) {
      for (const [k, v] of Object.entries(ext)) {
        if (!k.startsWith('extension-definition--')) continue;
        const t = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)['extension_type'] : undefined;
        extensions.push({ extensionId: k, extensionType: typeof t === 'string' ? t : undefined });
      }
    }
    return {
      object: o,
      id: o.id,
      type: o.type,
      originator: typeof createdBy === 'string' ? createdBy : undefined,
      subject: typeof createdBy === 'string' ? { objectId: o.id, originator: createdBy } : { objectId: o.id },
      portions: portionsFor(o),
      refs,
      refTargets: Int32Array.from(refs, (r) => indexById.get(r.targetId) ?? -1),
      extensions,
      uuidHex: o.id.slice(-36).replace(/-/g, ''),
      revoked: o['revoked'] === true,
      shape: (Array.isArray(o['granular_markings']) ? SHAPE_GRANULAR : 0) | (o.created !== undefined ? SHAPE_CREATED : 0) | (o.modified !== undefined ? SHAPE_MODIFIED : 0),
    };
  });

  const referrers: number[][] = prepared.map(() => []);
  prepared.forEach((p, i) => {
    const targets = new Set<number>();
    for (const site of p.refs) {
      const t = indexById.get(site.targetId);
      if (t !== undefined && t !== i) targets.add(t);
    }
    for (const m of p.portions.objectMarkingRefs) {
      const t = indexById.get(m);
      if (t !== undefined) targets.add(t);
    }
    for (const g of p.portions.granular) {
      for (const m of g.markingRefs) {
        const t = indexById.get(m);
        if (t !== undefined) targets.add(t);
      }
    }
    for (const e of p.extensions) {
      const t = indexById.get(e.extensionId);
      if (t !== undefined) targets.add(t);
    }
    for (const t of targets) referrers[t]?.push(i);
  });

  // Objects with the same portions (object marking; each granular selector with its marking;
  // whatever could not be read) get the same decision for a partner and originator. Equal
  // markings are one instance, so they are numbered by identity.
  const portionClasses = new Map<string, number>();
  const simpleClasses = new Map<Marking, number>();
  const markingNumbers = new Map<Marking, number>();
  const numberOf = (m: Marking): number => {
    let k = markingNumbers.get(m);
    if (k === undefined) markingNumbers.set(m, (k = markingNumbers.size));
    return k;
  };
  let classCount = 0;
  const decisionClass = Int32Array.from(prepared, (p) => {
    const portions = p.portions;
    if (portions.granular.length > 0 || portions.unknown.length > 0) {
      let key = `${numberOf(portions.objectMarking)}\u0000${portions.unknown.join('\u0001')}`;
      for (const g of portions.granular) key += `\u0000${g.selector}\u0001${numberOf(g.marking)}\u0001${g.unknown.join('\u0001')}`;
      let c = portionClasses.get(key);
      if (c === undefined) portionClasses.set(key, (c = classCount++));
      return c;
    }
    let c = simpleClasses.get(portions.objectMarking);
    if (c === undefined) simpleClasses.set(portions.objectMarking, (c = classCount++));
    return c;
  });
  const originators: string[] = [];
  const originatorNumbers = new Map<string, number>();
  const originator = Int32Array.from(prepared, (p) => {
    if (p.originator === undefined) return -1;
    let k = originatorNumbers.get(p.originator);
    if (k === undefined) {
      originatorNumbers.set(p.originator, (k = originators.length));
      originators.push(p.originator);
    }
    return k;
  });

  const uuids = Buffer.alloc(prepared.length * 16);
  prepared.forEach((p, i) => uuids.write(p.uuidHex, i * 16, 16, 'hex'));
  return {
    objects: prepared,
    ids: prepared.map((p) => p.id),
    types: prepared.map((p) => p.type),
    uuids,
    statics: buildStatics(prepared, indexById),
    decisionClass,
    decisionClasses: classCount,
    originator,
    originators,
    kinds: Uint8Array.from(prepared, (p) => (p.type === 'marking-definition' ? 1 : p.type === 'extension-definition' ? 2 : 0)),
    flags: Uint8Array.from(
      prepared,
      (p) =>
        (p.revoked ? FLAG_REVOKED : 0) | (p.portions.unplaced.length > 0 ? FLAG_UNPLACED : 0),
    ),
    indexById,
    referrers,
    malformed,
    markings,
    ...(options.classificationNames ? { classificationNames: options.classificationNames } : {}),
  };
}
