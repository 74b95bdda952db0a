// Release decisions, pure and fail-closed: for one portion (an object, or a property selected
// by granular markings) and one partner, release or not, with every reason that applies.
// The rules are DOMAIN.md §2 and the tearline issue's list; each cites where it comes from.
import type { Marking, TlpLevel } from '../domain/markings/model.ts';
import { classificationRank, isClassified, sortedUnique, tlpRank } from '../domain/markings/model.ts';
import type { ObjectPortions } from '../domain/markings/portions.ts';
import type { Segment } from '../domain/markings/selectors.ts';
import { DEFAULT_CLASSIFICATION_NAMES } from '../domain/markings/banner.ts';
import type { Consent, Partner } from '../domain/partners/partner.ts';
import type { ReleasePolicy } from './policy.ts';
import type { Reason } from './reasons.ts';
import { reason } from './reasons.ts';

/** Everything a decision depends on besides the marking: built once per (policy, partner, release). */
export interface ReleaseContext {
  readonly policy: ReleasePolicy;
  readonly partner: Partner;
  readonly releaseId: string;
  readonly foreign: boolean;
  readonly sharesCommunity: boolean;
  readonly consents: ConsentBook;
}

/** The consents that hold for this partner and release, indexed for lookup. */
export interface ConsentBook {
  holds(type: Consent['type'], objectId: string, originator: string | undefined, tlp?: TlpLevel): boolean;
  /** Whether some consent names this object (its decisions are then its own, not its marking's). */
  mentions(objectId: string): boolean;
}

function buildConsentBook(policy: ReleasePolicy, partner: Partner, releaseId: string): ConsentBook {
  // Standing agreements in the partner profile, plus the policy's consents recorded for this
  // partner (for every release, or for this one).
  const all: Consent[] = [
    ...partner.consents,
    ...policy.consents.filter((c) => c.partner === partner.identityRef && (c.releaseId === undefined || c.releaseId === releaseId)),
  ];
  const named = new Set(all.flatMap((c) => c.objects ?? []));
  return {
    // Most books name no object: answer without touching the id.
    mentions: (objectId) => named.size > 0 && named.has(objectId),
    holds(type, objectId, originator, tlp) {
      return all.some((c) => {
        if (c.type !== type) return false;
        if (c.objects !== undefined && !c.objects.includes(objectId)) return false;
        // An originator's consent covers only that originator's material.
        if (c.originator !== undefined && c.originator !== originator) return false;
        if (c.originator === undefined && c.objects === undefined && type !== 'relido') return false;
        if (type === 'tlp' && tlpRank(c.maxTlp) < tlpRank(tlp)) return false;
        return true;
      });
    },
  };
}

export function releaseContext(policy: ReleasePolicy, partner: Partner, releaseId: string): ReleaseContext {
  const ours = new Set(policy.communities);
  return {
    policy,
    partner,
    releaseId,
    // Foreign = another country than ours; with no country of ours configured, everyone is.
    foreign: policy.ourCountry === undefined || partner.country !== policy.ourCountry,
    sharesCommunity: partner.communities.some((c) => ours.has(c)),
    consents: buildConsentBook(policy, partner, releaseId),
  };
}

/** Who the portion belongs to: consents and TLP depend on the originator. */
export interface PortionSubject {
  readonly objectId: string;
  /** The object's original `created_by_ref`. */
  readonly originator?: string;
}

export interface PortionDecision {
  readonly release: boolean;
  readonly reasons: readonly Reason[];
  /**
   * The marking as released. A RELIDO release on a recorded decision extends REL TO by the
   * partner's country: the disclosure officer's decision is what makes it releasable.
   */
  readonly effective: Marking;
}

export function decidePortion(m: Marking, subject: PortionSubject, ctx: ReleaseContext): PortionDecision {
  const { policy, partner } = ctx;
  const names = policy.classificationNames ?? DEFAULT_CLASSIFICATION_NAMES;
  const reasons: Reason[] = [];
  let effective = m;

  // Source-identifying portions are excluded, never re-marked (DOMAIN.md §2 rule 6).
  if (m.sourceProtected) reasons.push(reason('source-protected', 'source-protected material is never released'));

  if (classificationRank(m.classification) > classificationRank(partner.clearance)) {
    reasons.push(reason('above-clearance', `${names[m.classification ?? 'U']} is above the partner's clearance (${names[partner.clearance]})`));
  }

  if (ctx.foreign) {
    if (m.noforn) reasons.push(reason('noforn', `NOFORN: not releasable to a foreign partner (${partner.country})`));
    else if (isClassified(m) || m.relTo !== undefined) {
      // Classified material, or anything under REL TO, goes abroad only where REL TO (or, in
      // a disclosure, DISPLAY ONLY) names the partner's country, or on a RELIDO decision.
      const covered = m.relTo?.includes(partner.country) ?? false;
      const shown = policy.mode === 'disclosure' && m.displayOnly && (m.displayTo?.includes(partner.country) ?? false);
      if (!covered && !shown) {
        if (m.relido && ctx.consents.holds('relido', subject.objectId, subject.originator)) {
          effective = { ...m, relTo: sortedUnique([...(m.relTo ?? []), partner.country]) };
        } else if (m.relido) {
          reasons.push(reason('relido-no-decision', `RELIDO without a recorded disclosure-officer decision for ${partner.country}`));
        } else if (m.relTo !== undefined) {
          reasons.push(reason('rel-to-excludes', `REL TO ${m.relTo.join(', ') || '(nobody)'} does not include ${partner.country}`));
        } else {
          reasons.push(reason('no-foreign-release', `classified without REL TO or RELIDO: not releasable to ${partner.country}`));
        }
      }
    }
  }

  // DISPLAY ONLY: may be shown in a meeting, never handed over as a copy.
  if (m.displayOnly && policy.mode === 'release') reasons.push(reason('display-only', 'DISPLAY ONLY: may be disclosed, not released as a copy'));

  if (m.orcon && !ctx.consents.holds('orcon', subject.objectId, subject.originator)) {
    reasons.push(reason('orcon-no-consent', 'ORCON without a recorded originator consent for this release'));
  }

  // TLP on our own material travels with it and binds the partner; TLP on others' material
  // limits passing it on (FIRST TLP 2.0): CLEAR to anyone, GREEN within a shared community,
  // AMBER, AMBER+STRICT and RED only with the originator's recorded permission.
  const ours = subject.originator === policy.ourIdentityRef;
  if (m.tlp !== undefined && m.tlp !== 'clear' && !ours) {
    const permitted = ctx.consents.holds('tlp', subject.objectId, subject.originator, m.tlp);
    if (m.tlp === 'green') {
      if (!ctx.sharesCommunity && !permitted) reasons.push(reason('tlp-not-permitted', 'TLP:GREEN from another originator: the partner shares no community with us'));
    } else if (!permitted) {
      reasons.push(reason('tlp-not-permitted', `TLP:${m.tlp.toUpperCase()} from another originator without the originator's recorded permission`));
    }
  }

  const unreadControls = m.otherControls.filter((c) => !policy.releasableControls.includes(c));
  if (unreadControls.length > 0) {
    reasons.push(reason('unknown-control', `controls not releasable under this policy: ${unreadControls.join(', ')}`));
  }

  if (m.sharingScopes !== undefined) {
    const scopes = new Set([...partner.sharingScopes, partner.country]);
    if (!m.sharingScopes.some((s) => scopes.has(s))) {
      reasons.push(reason('sharing-scope', `further sharing limited to ${m.sharingScopes.join(', ') || 'nobody'}`));
    }
  }

  return { release: reasons.length === 0, reasons, effective };
}

export interface Redaction {
  readonly path: readonly Segment[];
  readonly selector: string;
  readonly reasons: readonly Reason[];
}

export interface ObjectDecision {
  readonly verdict: 'release' | 'redact' | 'withhold';
  /** Why the object is withheld (empty unless withheld). */
  readonly reasons: readonly Reason[];
  /** Properties to remove, topmost only (a removed property takes its descendants with it). */
  readonly redactions: readonly Redaction[];
  /** The object's marking as released (no path), then each released granular portion's. */
  readonly portions: readonly ReleasedPortion[];
}

export interface ReleasedPortion {
  /** The granular portion's path; absent for the object as a whole. */
  readonly path?: readonly Segment[];
  readonly marking: Marking;
}

export type PortionDecider = (m: Marking, subject: PortionSubject, ctx: ReleaseContext) => PortionDecision;

/**
 * Decides an object and each of its granular portions. `decide` defaults to decidePortion;
 * callers deciding many objects may pass a memoised one (a decision depends only on the
 * marking, the originator, and consents naming the object).
 */
export function decideObject(p: ObjectPortions, subject: PortionSubject, ctx: ReleaseContext, decide: PortionDecider = decidePortion): ObjectDecision {
  // An unknown or unparseable marking withholds (fail closed).
  if (p.unknown.length > 0) return withhold(p.unknown.map((u) => reason('unknown-marking', u)));
  const whole = decide(p.objectMarking, subject, ctx);
  if (!whole.release) return withhold(whole.reasons);
  if (p.granular.length === 0) return { verdict: 'release', reasons: NONE, redactions: NONE, portions: [{ marking: whole.effective }] };

  let tearlineAllowed = p.objectMarking.tearlineAllowed;
  const decisions: PortionDecision[] = [];
  for (const g of p.granular) {
    tearlineAllowed &&= g.marking.tearlineAllowed;
    decisions.push(g.unknown.length > 0 ? { release: false, reasons: g.unknown.map((u) => reason('unknown-marking', u)), effective: g.marking } : decide(g.marking, subject, ctx));
  }
  // Topmost only: a path whose ancestor is redacted goes with it.
  const redactions: Redaction[] = [];
  p.granular.forEach((g, k) => {
    const d = decisions[k] as PortionDecision;
    if (d.release) return;
    for (let o = 0; o < p.granular.length; o++) {
      const other = p.granular[o] as (typeof p.granular)[number];
      if (!(decisions[o] as PortionDecision).release && other.path.length < g.path.length && startsWith(g.path, other.path)) return;
    }
    redactions.push({ path: g.path, selector: g.selector, reasons: d.reasons });
  });
  // ACS 3.0 TEARLINE privilege: without it, parts of the object may not be torn out.
  if (redactions.length > 0 && !tearlineAllowed) {
    return withhold([reason('tearline-prohibited', 'parts would be redacted, but the marking does not permit a tearline')]);
  }
  const released: ReleasedPortion[] = [{ marking: whole.effective }];
  p.granular.forEach((g, k) => {
    const d = decisions[k] as PortionDecision;
    if (!d.release) return;
    for (const r of redactions) if (r.path.length <= g.path.length && startsWith(g.path, r.path)) return;
    released.push({ path: g.path, marking: d.effective });
  });
  return { verdict: redactions.length > 0 ? 'redact' : 'release', reasons: NONE, redactions, portions: released };
}

const NONE: readonly never[] = Object.freeze([]);

function withhold(reasons: readonly Reason[]): ObjectDecision {
  return { verdict: 'withhold', reasons, redactions: NONE, portions: NONE };
}

function startsWith(path: readonly Segment[], prefix: readonly Segment[]): boolean {
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}
