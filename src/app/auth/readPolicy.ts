// Who may read what inside (issue 8 "Authorisation"; ARCHITECTURE.md: policy/ decides "who
// may see what inside"). An internal reader sees a portion when their clearance is at least
// its classification and they are read into every control on it that Tearline does not
// interpret itself (SCI systems, compartments, caveats: need to know). Everything else about
// the object is decided by the same policy code that computes tearlines (policy.decideObject):
// an unknown marking hides the whole object (fail closed), a portion the reader may not see
// is redacted (topmost only), and an object whose marking forbids tearing parts out is
// hidden whole rather than shown in part.
//
// Release rules (NOFORN, REL TO, ORCON, TLP, source protection) govern what leaves the
// organisation and do not apply to a cleared member of it.
//
// decideObject takes a release context for partner decisions; an internal read has none, so
// a fixed context stands in and the reader decider below never looks at it. When policy/
// exports a reader-aware entry point, this file is the one place to switch to it.
import { TEARLINE_IDENTITY_ID } from '../../domain/markings/extension.ts';
import type { Marking } from '../../domain/markings/model.ts';
import { classificationRank } from '../../domain/markings/model.ts';
import type { ObjectPortions } from '../../domain/markings/portions.ts';
import type { Partner } from '../../domain/partners/partner.ts';
import type { Clearance } from '../../domain/people/user.ts';
import { decideObject, reason, releaseContext, releasePolicy, type ObjectDecision, type PortionDecider, type PortionDecision, type Reason } from '../../policy/index.ts';

/** What a reader's access depends on. */
export interface Reader {
  readonly clearance: Clearance;
  /** Upper case, as markings normalise controls. */
  readonly compartments: readonly string[];
}

const INTERNAL: Partner = {
  name: 'internal reader',
  identityRef: TEARLINE_IDENTITY_ID,
  country: 'ZZZ',
  organization: 'internal',
  clearance: 'U',
  communities: [],
  channels: [],
  consents: [],
  sharingScopes: [],
};
const INTERNAL_CONTEXT = releaseContext(releasePolicy({ ourIdentityRef: TEARLINE_IDENTITY_ID }), INTERNAL, 'internal-read');

/** The portion rule for an internal reader. */
export function readerPortionDecision(m: Marking, reader: Reader): PortionDecision {
  const reasons: Reason[] = [];
  if (classificationRank(m.classification) > classificationRank(reader.clearance)) {
    reasons.push(reason('above-clearance', `${m.classification ?? 'U'} is above the reader's clearance (${reader.clearance})`));
  }
  const missing = m.otherControls.filter((c) => !reader.compartments.includes(c));
  if (missing.length > 0) reasons.push(reason('unknown-control', `the reader is not read into ${missing.join(', ')}`));
  return { release: reasons.length === 0, reasons, effective: m };
}

function deciderFor(reader: Reader): PortionDecider {
  return (m) => readerPortionDecision(m, reader);
}

/** release: show as stored; redact: show without `redactions`; withhold: as if it did not exist. */
export function decideRead(portions: ObjectPortions, objectId: string, reader: Reader): ObjectDecision {
  return decideObject(portions, { objectId }, INTERNAL_CONTEXT, deciderFor(reader));
}

/** Whether what a reader was shown needed a clearance or compartment: such reads are audited. */
export function isProtected(decision: ObjectDecision): boolean {
  return decision.portions.some((p) => classificationRank(p.marking.classification) > 0 || p.marking.otherControls.length > 0);
}
