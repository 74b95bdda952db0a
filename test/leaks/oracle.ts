// What a partner may not see, decided by the test itself from the markings of the package as
// stored — not from the tearline engine's withheld list. Two deciders:
// - the plain rules: the handling rules of DOMAIN.md §2 and docs/partner-profile.md written
//   out again here, conservatively (only what is certainly forbidden: unknown markings,
//   clearance, NOFORN, REL TO, source protection, ORCON and TLP without consent, controls the
//   policy does not release), plus two that hold whatever the policy says: DISPLAY ONLY never
//   goes as a copy, and references to internal material are removed;
// - the release policy's own per-portion decision (`decidePortion`, src/policy), the rule
//   book the engine must obey.
// A canary is forbidden when either says so; the plain marking rules must never forbid what
// the policy releases (checked by the tests, so the two cannot silently drift apart).
import type { StixObject } from '../../src/domain/stix/object.ts';
import type { Partner } from '../../src/domain/partners/partner.ts';
import { classificationRank, isClassified, tlpRank, type Marking } from '../../src/domain/markings/model.ts';
import { buildMarkingIndex, type MarkingIndex } from '../../src/domain/markings/resolver.ts';
import { portionsOf } from '../../src/domain/markings/portions.ts';
import { isPredefinedTlp1 } from '../../src/domain/markings/tlp.ts';
import { decidePortion, releaseContext } from '../../src/policy/decide.ts';
import type { ReleasePolicy } from '../../src/policy/policy.ts';

/** Where a canary string was planted: an object and the property path (STIX selector) it sits at. */
export interface CanarySite {
  readonly objectId: string;
  readonly selector: string;
}

/** Canary text -> where it was planted. */
export type CanaryBook = Map<string, CanarySite>;

/**
 * Unique strings a scan can find wherever they land: letters and digits only (so no JSON,
 * HTML, URL or MIME encoding changes them once decoded), `cnry`, a hex tag, `n`, a decimal
 * serial and a closing `q`, so no canary is a prefix of another and CANARY_PATTERN finds them.
 */
export function canaryMaker(tag: string): (site: CanarySite, book: CanaryBook) => string {
  if (!/^[0-9a-f]+$/.test(tag)) throw new Error('a canary tag is hex');
  let serial = 0;
  return (site, book) => {
    const text = `cnry${tag}n${serial++}q`;
    book.set(text, site);
    return text;
  };
}

/** Ours (canaryMaker) and the engine generator's (`canary<seed>x<n>z`, src/app/tearline/generate.ts). */
export const CANARY_PATTERN = /cnry[0-9a-f]+n\d+q|canary\d+x\d+z/g;

/** Whether `selector` is `portion` or lies under it (`labels.[1]` under `labels`). */
export function isUnder(selector: string, portion: string): boolean {
  return selector === portion || selector.startsWith(`${portion}.`);
}

export interface Verdict {
  /** Forbidden by the plain rules on markings (a reason), or undefined. */
  readonly plain: string | undefined;
  /** An external reference to internal material (the policy's list), removed whatever its markings. */
  readonly internal?: string;
  /**
   * DISPLAY ONLY: may be shown or told, never handed over as a copy — and every channel the
   * partner reads here (TAXII, webhook, email, paper) leaves one, whatever mode the policy is in.
   */
  readonly copy?: string;
  /** Forbidden by the release policy's per-portion decision. */
  readonly policy: boolean;
}

export function forbidden(v: Verdict): boolean {
  return v.plain !== undefined || v.internal !== undefined || v.copy !== undefined || v.policy;
}

export interface Oracle {
  /** The verdict on one canary site for this partner. */
  site(site: CanarySite): Verdict;
  /** The verdict on an object as a whole (its object markings). */
  object(objectId: string): Verdict;
  /**
   * Whether a marking-definition can travel with a release (the engine withholds what it
   * marks otherwise): it is in the package or predefined, made by us or a public identity
   * (naming another creator would name a source), and marked only by such definitions.
   * Used for what the partner must receive, never to excuse a canary.
   */
  definitionReleasable(id: string): boolean;
  /** The objects the decisions were made on (latest stored version), by id. */
  readonly objects: ReadonlyMap<string, StixObject>;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function consentHolds(partner: Partner, type: 'orcon' | 'tlp', objectId: string, originator: string | undefined, tlp?: Marking['tlp']): boolean {
  return partner.consents.some((c) =>
    c.type === type
    && (c.objects === undefined || c.objects.includes(objectId))
    && c.originator !== undefined && c.originator === originator
    && (type !== 'tlp' || tlpRank(c.maxTlp) >= tlpRank(tlp)));
}

/** The plain rules on one marking-definition reference; a reason when it certainly forbids. */
function plainRule(index: MarkingIndex, ref: string, object: StixObject, partner: Partner, policy: ReleasePolicy): string | undefined {
  const parsed = index.resolve(ref);
  if (parsed === undefined || !parsed.known) return `unknown marking ${ref}`;
  const m = parsed.marking;
  const foreign = policy.ourCountry === undefined || partner.country !== policy.ourCountry;
  const originator = typeof object.created_by_ref === 'string' ? object.created_by_ref : undefined;
  const ours = originator !== undefined && originator === policy.ourIdentityRef;
  if (classificationRank(m.classification) > classificationRank(partner.clearance)) return `${m.classification} above clearance ${partner.clearance}`;
  if (foreign && m.noforn) return 'NOFORN to a foreign partner';
  // RELIDO (a disclosure officer's decision) and DISPLAY ONLY in a disclosure can widen REL TO: left to the policy.
  const widened = m.relido || (m.displayOnly && policy.mode === 'disclosure');
  if (foreign && isClassified(m) && !widened && !(m.relTo ?? []).includes(partner.country)) return `classified, not REL TO ${partner.country}`;
  if (m.sourceProtected) return 'source-protected';
  if (m.orcon && !consentHolds(partner, 'orcon', object.id, originator)) return 'ORCON without the originator consent';
  if (m.tlp !== undefined && m.tlp !== 'clear' && !ours && !consentHolds(partner, 'tlp', object.id, originator, m.tlp)) {
    const shares = partner.communities.some((c) => policy.communities.includes(c));
    if (m.tlp !== 'green' || !shares) return `TLP:${m.tlp.toUpperCase()} of another originator without permission`;
  }
  const unreleasable = m.otherControls.filter((c) => !policy.releasableControls.includes(c));
  if (unreleasable.length > 0) return `controls ${unreleasable.join(', ')} not releasable`;
  return undefined;
}

function displayOnly(index: MarkingIndex, ref: string): string | undefined {
  const parsed = index.resolve(ref);
  return parsed?.known === true && parsed.marking.displayOnly ? 'DISPLAY ONLY: never a copy' : undefined;
}

function internalReference(object: StixObject, selector: string, policy: ReleasePolicy): string | undefined {
  const match = /^external_references\.\[(\d+)\]/.exec(selector);
  if (match === null) return undefined;
  const ref = (object.external_references as Record<string, unknown>[] | undefined)?.[Number(match[1])];
  if (ref === undefined) return undefined;
  const url = typeof ref.url === 'string' ? ref.url : '';
  const source = typeof ref.source_name === 'string' ? ref.source_name.toLowerCase() : '';
  const internal = policy.internalReferences;
  if (internal.urlPrefixes.some((p) => url.startsWith(p)) || internal.sourceNames.some((s) => s.toLowerCase() === source)) return 'internal reference';
  return undefined;
}

export function oracleFor(objects: Iterable<StixObject>, partner: Partner, policy: ReleasePolicy): Oracle {
  const byId = new Map<string, StixObject>();
  for (const o of objects) byId.set(o.id, o);
  const index = buildMarkingIndex(byId.values(), policy.classificationNames ? { names: policy.classificationNames } : {});
  // A release id no policy consent names: only standing agreements count, as in every release here.
  const ctx = releaseContext(policy, partner, 'leak-test');
  const missing: Verdict = { plain: 'not in the package', policy: true };

  const objectVerdict = (objectId: string): Verdict => {
    const o = byId.get(objectId);
    if (o === undefined) return missing;
    let plain: string | undefined;
    let copy: string | undefined;
    for (const ref of strings(o.object_marking_refs)) {
      plain ??= plainRule(index, ref, o, partner, policy);
      copy ??= displayOnly(index, ref);
    }
    const portions = portionsOf(o, index.resolve);
    const originator = typeof o.created_by_ref === 'string' ? o.created_by_ref : undefined;
    const subject = { objectId, ...(originator === undefined ? {} : { originator }) };
    const policyForbids = portions.unknown.length > 0 || !decidePortion(portions.objectMarking, subject, ctx).release;
    return { plain, policy: policyForbids, ...(copy === undefined ? {} : { copy }) };
  };

  const releasable = new Map<string, boolean>();
  const definitionReleasable = (id: string): boolean => {
    const known = releasable.get(id);
    if (known !== undefined) return known;
    releasable.set(id, false);
    const o = byId.get(id);
    let result: boolean;
    if (o === undefined) result = isPredefinedTlp1(id);
    else {
      const creator = typeof o.created_by_ref === 'string' ? o.created_by_ref : undefined;
      result = o.type === 'marking-definition'
        && (creator === undefined || creator === policy.ourIdentityRef || policy.publicIdentityRefs.includes(creator))
        && !forbidden(objectVerdict(id))
        && strings(o.object_marking_refs).every(definitionReleasable);
    }
    releasable.set(id, result);
    return result;
  };

  return {
    objects: byId,
    object: objectVerdict,
    definitionReleasable,
    site(site) {
      const whole = objectVerdict(site.objectId);
      const o = byId.get(site.objectId);
      if (o === undefined || forbidden(whole)) return whole;
      const internal = internalReference(o, site.selector, policy);
      let plain: string | undefined;
      const granular = Array.isArray(o.granular_markings) ? (o.granular_markings as Record<string, unknown>[]) : [];
      let copy: string | undefined;
      for (const g of granular) {
        if (!strings(g.selectors).some((s) => isUnder(site.selector, s))) continue;
        if (typeof g.marking_ref !== 'string') plain ??= 'granular marking without a definition';
        else {
          plain ??= plainRule(index, g.marking_ref, o, partner, policy);
          copy ??= displayOnly(index, g.marking_ref);
        }
      }
      const portions = portionsOf(o, index.resolve);
      const originator = typeof o.created_by_ref === 'string' ? o.created_by_ref : undefined;
      const subject = { objectId: site.objectId, ...(originator === undefined ? {} : { originator }) };
      let policyForbids = false;
      for (const portion of portions.granular) {
        if (!isUnder(site.selector, portion.selector)) continue;
        if (portion.unknown.length > 0 || !decidePortion(portion.marking, subject, ctx).release) policyForbids = true;
      }
      return { plain, policy: policyForbids, ...(internal === undefined ? {} : { internal }), ...(copy === undefined ? {} : { copy }) };
    },
  };
}
