// Roll-up: the marking of a whole product from the markings of its portions (DOMAIN.md §2,
// "Combining portions into one product", rules 1-5; US marking rules for classification and
// dissemination, our policy for TLP, PAP and ACS). The result depends only on the set of
// portions (order and repetition never matter) and adding a portion never loosens it.
import { renderBanner, type BannerOptions } from './banner.ts';
import type { Marking } from './model.ts';
import {
  isClassified,
  maxClassification,
  maxPap,
  maxTlp,
  normalise,
  sortedUnique,
  intersect,
  type Classification,
  type PapLevel,
  type TlpLevel,
} from './model.ts';
import { renderPap, renderTlp } from './tlp.ts';

export interface RollUpOptions {
  /**
   * Our own country. A REL TO intersection left with no country but ours is NOFORN (rule 3:
   * "empty intersection means NOFORN"; releasable only to ourselves is the same thing).
   */
  readonly ourCountry?: string;
}

export function rollUp(portions: Iterable<Marking>, options: RollUpOptions = {}): Marking {
  let classification: Classification | undefined;
  let tlp: TlpLevel | undefined;
  let pap: PapLevel | undefined;
  let anyNoforn = false;
  let orcon = false;
  let displayOnly = false;
  let sourceProtected = false;
  let concealSource = false;
  let tearlineAllowed = true;
  const other = new Set<string>();
  let sharingScopes: string[] | undefined;
  // Over classified portions only: unclassified portions never narrow REL TO (rule 3).
  let classifiedCount = 0;
  let allRelTo = true;
  let allRelido = true;
  let allDisclosable = true;
  let relTo: string[] | undefined;
  let disclosure: string[] | undefined;

  for (const p of portions) {
    classification = maxClassification(classification, p.classification);
    tlp = maxTlp(tlp, p.tlp); // rule 5: most restrictive TLP and PAP
    pap = maxPap(pap, p.pap);
    anyNoforn ||= p.noforn; // rule 2: NOFORN, ORCON and similar carry to the whole
    orcon ||= p.orcon;
    displayOnly ||= p.displayOnly;
    sourceProtected ||= p.sourceProtected;
    concealSource ||= p.concealSource;
    tearlineAllowed &&= p.tearlineAllowed; // rule 5: a permission only if every portion permits
    for (const c of p.otherControls) other.add(c); // rule 5: union of caveats
    if (p.sharingScopes !== undefined) {
      sharingScopes = sharingScopes === undefined ? [...p.sharingScopes] : intersect(sharingScopes, p.sharingScopes);
    }
    if (!isClassified(p)) continue;
    classifiedCount++;
    if (p.relTo === undefined) allRelTo = false;
    else relTo = relTo === undefined ? [...p.relTo] : intersect(relTo, p.relTo);
    allRelido &&= p.relido; // rule 4: RELIDO only if on every classified portion
    const shown = p.relTo === undefined && p.displayTo === undefined ? undefined : sortedUnique([...(p.relTo ?? []), ...(p.displayTo ?? [])]);
    if (shown === undefined) allDisclosable = false;
    else disclosure = disclosure === undefined ? shown : intersect(disclosure, shown);
  }

  // Rule 3: REL TO on the whole only if every classified portion is REL TO, then the intersection.
  const wholeRelTo = classifiedCount > 0 && allRelTo ? (relTo ?? []) : undefined;
  // Rule 3: an empty intersection means NOFORN. We intersect the REL TO portions even when
  // some classified portion has no REL TO: no foreign country may receive the whole then
  // either, and NOFORN must not vanish when a portion is added (the roll-up is monotone).
  const foreignLeft = relTo?.some((c) => c !== options.ourCountry) ?? true;
  // Rule 4: NOFORN and REL TO never together.
  const noforn = anyNoforn || !foreignLeft;
  const out: Marking = {
    noforn,
    orcon,
    relido: !noforn && classifiedCount > 0 && allRelido,
    displayOnly,
    sourceProtected,
    concealSource,
    otherControls: [...other],
    tearlineAllowed,
    ...(classification !== undefined ? { classification } : {}),
    ...(tlp !== undefined ? { tlp } : {}),
    ...(pap !== undefined ? { pap } : {}),
    ...(sharingScopes !== undefined ? { sharingScopes } : {}),
    ...(!noforn && wholeRelTo !== undefined ? { relTo: wholeRelTo } : {}),
  };
  if (!noforn && displayOnly && classifiedCount > 0 && allDisclosable) {
    const onlyShown = (disclosure ?? []).filter((c) => !(out.relTo ?? []).includes(c));
    if (onlyShown.length > 0) return normalise({ ...out, displayTo: onlyShown });
  }
  return normalise(out);
}

/** The product's marking as the releasing officer and the partner read it. */
export interface ProductMarking {
  readonly marking: Marking;
  /** e.g. `SECRET//REL TO USA, SYR`. */
  readonly banner: string;
  /** e.g. `TLP:AMBER+STRICT`, absent when no portion carried TLP. */
  readonly tlp?: string;
  /** e.g. `PAP:GREEN`, absent when no portion carried PAP. */
  readonly pap?: string;
}

export function productMarking(portions: Iterable<Marking>, options: RollUpOptions & BannerOptions = {}): ProductMarking {
  const m = rollUp(portions, options);
  return {
    marking: m,
    banner: renderBanner(m, options),
    ...(m.tlp !== undefined ? { tlp: renderTlp(m.tlp) } : {}),
    ...(m.pap !== undefined ? { pap: renderPap(m.pap) } : {}),
  };
}
