// Use case: compute the tearline of a package for one partner (ARCHITECTURE.md "Release: the
// invariant"). Input: the package's objects, the partner, the policy, a release id and time.
// Output: a STIX 2.1 bundle the partner may receive; for the releasing officer only, what was
// withheld and redacted and why; the product's rolled-up marking; and the provenance table
// (original id -> released id), which the caller stores and never sends.
//
// Pure and deterministic: the same package, partner, policy, release id, secret and time give
// the same output. Reading the store and recording the release are the caller's job.
import { createHash } from 'node:crypto';
import type { StixBundle, StixObject } from '../domain/stix/object.ts';
import type { Partner } from '../domain/partners/partner.ts';
import type { Marking } from '../domain/markings/model.ts';
import { classificationRank } from '../domain/markings/model.ts';
import { productMarking, type ProductMarking } from '../domain/markings/rollup.ts';
import { formatSelector } from '../domain/markings/selectors.ts';
import { canonicalTlpDefinition } from '../domain/markings/tlp.ts';
import {
  TEARLINE_IDENTITY,
  TEARLINE_IDENTITY_ID,
  TEARLINE_MARKING_EXTENSION,
  TEARLINE_MARKING_EXTENSION_ID,
} from '../domain/markings/extension.ts';
import type { ReleasePolicy } from '../policy/policy.ts';
import { releaseContext } from '../policy/decide.ts';
import { reason, type Reason } from '../policy/reasons.ts';
import { SHAPE_GRANULAR, prepareTearline, type PreparedPackage } from './tearline/prepare.ts';
import { select } from './tearline/select.ts';
import { bundleId, deriveIdsAt, releaseKey } from './tearline/ids.ts';
import { buildObject, type BuildRelease } from './tearline/build.ts';
import { rewriteSelector, type Pruned } from './tearline/prune.ts';

export interface TearlineInput {
  /** The package: raw objects, or a package prepared once for several partners. */
  readonly objects: readonly unknown[] | PreparedPackage;
  readonly partner: Partner;
  readonly policy: ReleasePolicy;
  readonly releaseId: string;
  /** Release time (RFC 3339, UTC): created/modified of every derivative. */
  readonly releasedAt: string;
  /** Keys the derived ids; without it they are keyed by the release id alone (see ids.ts). */
  readonly secret?: string;
  /** When given, only objects reachable from these ids through released objects go. */
  readonly roots?: readonly string[];
}

export interface WithheldObject {
  readonly id: string;
  readonly type: string;
  readonly reasons: readonly Reason[];
}

export interface RedactedProperty {
  /** The original object's id. */
  readonly id: string;
  /** The removed or replaced property, as a STIX selector in the original object. */
  readonly selector: string;
  readonly reasons: readonly Reason[];
}

export interface ProvenanceEntry {
  readonly originalId: string;
  readonly derivedId: string;
}

export interface TearlineResult {
  readonly bundle: StixBundle;
  readonly withheld: readonly WithheldObject[];
  readonly redacted: readonly RedactedProperty[];
  readonly marking: ProductMarking;
  readonly provenance: readonly ProvenanceEntry[];
}

const SOURCE_REPLACED = [reason('source-replaced', 'the creator is withheld, protected or not to be named; the releasing organisation stands in')];

function isPrepared(objects: TearlineInput['objects']): objects is PreparedPackage {
  return !Array.isArray(objects);
}

export function computeTearline(input: TearlineInput): TearlineResult {
  const { partner, policy, releasedAt } = input;
  const pkg = isPrepared(input.objects)
    ? input.objects
    : prepareTearline(input.objects, policy.classificationNames ? { classificationNames: policy.classificationNames } : {});
  const ctx = releaseContext(policy, partner, input.releaseId);
  const sel = select(pkg, ctx, input.roots);
  const { objects, indexById } = pkg;
  const n = objects.length;
  const ours = policy.ourIdentityRef;
  const kinds = pkg.kinds;
  const isMd = (i: number): boolean => kinds[i] === 1;
  const releasedContent = (i: number): boolean => sel.withheld[i] === undefined && kinds[i] === 0;

  // Our own identity object is released only unchanged; otherwise a minimal one stands in.
  const ourIndex = indexById.get(ours);
  const extraWithheld: WithheldObject[] = [];
  const dropOurs = ourIndex !== undefined && releasedContent(ourIndex) && (sel.removals[ourIndex] !== undefined || sel.creatorReplaced[ourIndex] === 1);
  if (dropOurs) extraWithheld.push({ id: ours, type: 'identity', reasons: [reason('source-replaced', 'our identity would be changed; a minimal identity is released instead')] });
  // Per object: 1 when it goes into the bundle as content (marking-definitions are added below).
  const going = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (releasedContent(i) && !(dropOurs && i === ourIndex)) going[i] = 1;
  const goes = (i: number): boolean => going[i] === 1;

  // Which released objects keep their ids: marking-definitions, our identity, and public
  // objects released unchanged whose references all keep theirs too.
  const keep = new Uint8Array(n);
  const isPublic = publicObjects(pkg, policy.publicIdentityRefs);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (!goes(i)) continue;
    if (i === ourIndex || (isPublic[i] === 1 && sel.removals[i] === undefined && sel.creatorReplaced[i] === 0)) {
      keep[i] = 1;
      kept++;
    }
  }
  for (let changed = kept > 0; changed; ) {
    changed = false;
    for (let i = 0; i < n; i++) {
      if (keep[i] === 0 || i === ourIndex) continue;
      const targets = (objects[i] as (typeof objects)[number]).refTargets;
      for (let k = 0; k < targets.length; k++) {
        const j = targets[k] as number;
        if (j >= 0 && j !== i && j !== ourIndex && keep[j] === 0) {
          keep[i] = 0;
          changed = true;
          break;
        }
      }
    }
  }

  const key = releaseKey(input.releaseId, input.secret);
  const finalIds = new Array<string | undefined>(n).fill(undefined);
  const toDerive: number[] = [];
  const ids = pkg.ids;
  for (let i = 0; i < n; i++) {
    if (isMd(i)) finalIds[i] = ids[i];
    else if (!goes(i)) continue;
    else if (keep[i] === 1) finalIds[i] = ids[i];
    else toDerive.push(i);
  }
  const derived = deriveIdsAt(key, pkg.uuids, toDerive, pkg.types);
  for (let k = 0; k < toDerive.length; k++) finalIds[toDerive[k] as number] = derived[k];
  let oursReferenced = false;
  const release: BuildRelease = { releasedAt, finalIds, ours, oursIndex: ourIndex ?? -1, statics: pkg.statics };

  // Marking-definitions the released objects use (and those marking them), in the order the
  // released objects use them; then our extension and the identities they name.
  const definitions = new Map<string, StixObject>();
  const addDefinition = (id: string): void => {
    if (definitions.has(id)) return;
    const j = indexById.get(id);
    const def = j !== undefined ? objects[j]?.object : canonicalTlpDefinition(id);
    if (def === undefined) throw new Error(`tearline invariant: marking ${id} used but not releasable`);
    definitions.set(id, def);
    const refs = def['object_marking_refs'];
    if (Array.isArray(refs)) for (const r of refs) if (typeof r === 'string') addDefinition(r);
  };
  // The object marking refs of a released object are those its portions were read from (any
  // other value would have withheld it), by package index: each definition is looked up once.
  const { markStart, markRefs } = pkg.statics;
  const defined = new Uint8Array(n);
  const useDefinitions = (i: number, o: StixObject, p: (typeof objects)[number]): void => {
    for (let k = markStart[i] as number, end = markStart[i + 1] as number; k < end; k++) {
      const j = markRefs[k] as number;
      if (j < 0) addDefinition(p.portions.objectMarkingRefs[k - (markStart[i] as number)] as string);
      else if (defined[j] === 0) {
        defined[j] = 1;
        addDefinition(ids[j] as string);
      }
    }
    // Granular ones are read from the written object, which may have lost some.
    if ((p.shape & SHAPE_GRANULAR) === 0) return;
    const granular = o['granular_markings'];
    if (!Array.isArray(granular)) return;
    for (const g of granular) {
      const ref = (g as Record<string, unknown>)['marking_ref'];
      if (typeof ref === 'string') addDefinition(ref);
    }
  };

  const content: StixObject[] = [];
  const provenance: ProvenanceEntry[] = [];
  const redacted: RedactedProperty[] = [];
  // Equal markings are one instance (prepare.ts): the roll-up needs each only once.
  const portions = new Set<Marking>();
  for (let i = 0; i < n; i++) {
    if (!goes(i)) continue;
    const p = objects[i] as (typeof objects)[number];
    const removals = sel.removals[i];
    const replace = sel.creatorReplaced[i] === 1;
    const id = finalIds[i] as string;
    // Whether our identity must be in the bundle (checked until the first object says so).
    if (!oursReferenced) {
      oursReferenced = replace || p.originator === ours || (ourIndex !== undefined ? p.refTargets.includes(ourIndex) : p.refs.some((r) => r.targetId === ours));
    }
    let pruned: Pruned | undefined;
    if (keep[i] === 1 && removals === undefined && !replace) {
      content.push(p.object);
      useDefinitions(i, p.object, p);
    } else {
      pruned = buildObject(p, i, removals, id, keep[i] === 0, replace, release);
      content.push(pruned.object);
      useDefinitions(i, pruned.object, p);
    }
    if (keep[i] === 0 && id !== p.id) provenance.push({ originalId: p.id, derivedId: id });
    if (removals !== undefined) {
      for (const r of removals) {
        if (r.path[0] !== 'created_by_ref') redacted.push({ id: p.id, selector: r.selector ?? formatSelector(r.path), reasons: r.reasons });
      }
    }
    if (replace && p.originator !== undefined) redacted.push({ id: p.id, selector: 'created_by_ref', reasons: SOURCE_REPLACED });
    // Rule 6: the product's marking is recomputed from what remains.
    for (const portion of sel.decisions[i]?.portions ?? []) {
      if (portion.path === undefined || pruned === undefined || pruned.removed.size === 0 || rewriteSelector(formatSelector(portion.path), pruned) !== undefined) {
        portions.add(portion.marking);
      }
    }
  }

  const defs = [...definitions.values()];
  const head: StixObject[] = [];
  const usesOurs = oursReferenced || defs.some((o) => o['created_by_ref'] === ours);
  const ourReleased = ourIndex !== undefined && goes(ourIndex);
  if (usesOurs && !ourReleased) head.push(minimalIdentity(policy));
  if (defs.some((d) => isRecordWith(d['extensions'], TEARLINE_MARKING_EXTENSION_ID))) head.push(TEARLINE_IDENTITY, TEARLINE_MARKING_EXTENSION);

  const marking = productMarking(portions, {
    ...(policy.ourCountry !== undefined ? { ourCountry: policy.ourCountry } : {}),
    ...(policy.classificationNames !== undefined ? { names: policy.classificationNames } : {}),
  });
  assertProductReleasable(marking.marking, partner, ctx.foreign, policy);

  // A package that already carries one of these (a tearline read back in) keeps its own.
  const present = (id: string): boolean => {
    const j = indexById.get(id);
    return j !== undefined && goes(j) && finalIds[j] === id;
  };
  const released = [...head.filter((o) => !present(o.id)), ...defs, ...content];
  const withheld: WithheldObject[] = pkg.malformed.map((m) => ({ id: m.id ?? '', type: '', reasons: [reason('malformed', m.reason)] }));
  for (let i = 0; i < n; i++) {
    const why = sel.withheld[i];
    if (why !== undefined) withheld.push({ id: ids[i] as string, type: pkg.types[i] as string, reasons: why });
  }
  withheld.push(...extraWithheld);
  return {
    // STIX 2.1 §8.1: `objects` is optional and MUST NOT be an empty list.
    bundle: released.length > 0 ? { type: 'bundle', id: bundleId(key), objects: released } : { type: 'bundle', id: bundleId(key) },
    withheld,
    redacted,
    marking,
    provenance,
  };
}

/**
 * Per object, 1 when a public identity created it (or it is one, or it is the Tearline
 * identity). Cached per package and list.
 */
const publicCache = new WeakMap<PreparedPackage, WeakMap<readonly string[], Uint8Array>>();
function publicObjects(pkg: PreparedPackage, publicRefs: readonly string[]): Uint8Array {
  let byList = publicCache.get(pkg);
  if (!byList) publicCache.set(pkg, (byList = new WeakMap()));
  let found = byList.get(publicRefs);
  if (!found) {
    // The Tearline identity publishes our marking extension: public by definition.
    const ids = new Set([...publicRefs, TEARLINE_IDENTITY_ID]);
    found = Uint8Array.from(pkg.objects, (p) => ((p.originator !== undefined && ids.has(p.originator)) || ids.has(p.id) ? 1 : 0));
    byList.set(publicRefs, found);
  }
  return found;
}

function isRecordWith(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key);
}

/**
 * Stands in for protected creators when the package does not carry our identity.
 *
 * It shares our identity's id, so its version matters wherever it is stored beside the real
 * one (our own partner collections store every delivered product): dated at the release, it
 * would become the newest version of our identity in our own store. Its version is instead
 * derived from its content, within 1970-1972: the same stand-in is the same version in every
 * release (stored once, never a conflicting copy), another name is another version, and any
 * real version of our identity is newer.
 */
function minimalIdentity(policy: ReleasePolicy): StixObject {
  const name = policy.ourIdentityName ?? 'Releasing organisation';
  const version = new Date(createHash('sha256').update(`${policy.ourIdentityRef}\n${name}`).digest().readUIntBE(0, 6) % STAND_IN_SPAN_MS).toISOString();
  return { type: 'identity', spec_version: '2.1', id: policy.ourIdentityRef, created: version, modified: version, name, identity_class: 'organization' };
}

/** About three years of milliseconds from 1970-01-01: where stand-in versions fall. */
const STAND_IN_SPAN_MS = 3 * 365 * 24 * 3_600_000;

/**
 * DOMAIN.md §2 rule 6: the recomputed marking is checked against the recipient. Every portion
 * was checked already, so a failure here is a bug in this engine, never bad input: stop rather
 * than release.
 */
function assertProductReleasable(m: Marking, partner: Partner, foreign: boolean, policy: ReleasePolicy): void {
  const problems: string[] = [];
  if (classificationRank(m.classification) > classificationRank(partner.clearance)) problems.push('classification above clearance');
  if (m.sourceProtected) problems.push('source-protected material');
  if (policy.mode === 'release' && m.displayOnly) problems.push('DISPLAY ONLY in a release');
  if (policy.mode === 'release' && foreign && m.noforn) problems.push('NOFORN to a foreign partner');
  if (problems.length > 0) throw new Error(`tearline invariant violated: ${problems.join(', ')}`);
}
