// The warning product and its release approvals (DOMAIN.md §1 "Two different people"):
// a release needs the duty-to-warn officer and the foreign-disclosure officer, plus the
// originator when the source is ORCON (DOMAIN.md §2 "ORCON: originator must consent to
// further dissemination"), each a different person and none of them a drafter. Approvals
// are of one product hash: when the product changes, earlier approvals stop counting.
import type { Recipient } from './delivery.ts';

export interface WarningProduct {
  /** SHA-256 (lowercase hex) of the exact text or product to be delivered. */
  readonly productHash: string;
  /** A short description for people; the product itself lives outside the domain. */
  readonly summary: string;
  readonly recipient: Recipient;
  /** End of the threat window: after it, the warning has no further use (DOMAIN.md §1). */
  readonly sunset: string;
  readonly draftedAt: string;
  readonly draftedBy: string;
}

export const RELEASE_APPROVER_ROLES = ['duty_to_warn_officer', 'foreign_disclosure_officer', 'originator'] as const;
export type ReleaseApproverRole = (typeof RELEASE_APPROVER_ROLES)[number];

export interface ReleaseApproval {
  readonly userId: string;
  readonly role: ReleaseApproverRole;
  readonly productHash: string;
  readonly at: string;
}

export function requiredReleaseRoles(orcon: boolean): readonly ReleaseApproverRole[] {
  return orcon ? RELEASE_APPROVER_ROLES : ['duty_to_warn_officer', 'foreign_disclosure_officer'];
}

/** Approvals that count for this product: same hash, not given by anyone who drafted it. */
export function countingApprovals(
  approvals: readonly ReleaseApproval[],
  productHash: string,
  drafters: readonly string[],
): readonly ReleaseApproval[] {
  return approvals.filter((approval) => approval.productHash === productHash && !drafters.includes(approval.userId));
}

/** True when every required role has a counting approval, by as many different people as roles. */
export function releaseCleared(
  approvals: readonly ReleaseApproval[],
  productHash: string,
  drafters: readonly string[],
  orcon: boolean,
): boolean {
  const counting = countingApprovals(approvals, productHash, drafters);
  const required = requiredReleaseRoles(orcon);
  const approvers = new Set<string>();
  for (const role of required) {
    const approval = counting.find((candidate) => candidate.role === role);
    if (approval === undefined) return false;
    approvers.add(approval.userId);
  }
  return approvers.size === required.length;
}
