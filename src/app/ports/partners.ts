// Port of the partners facet (issue 4): the partner profiles releases are decided against,
// every version of each (a release records which version it used), and the release policy
// (a versioned singleton). The store keeps what the application validated; it never parses.
//
// Names. A partner is keyed by its `name`: a short, stable handle chosen when it is first
// added (`syria-gss`), lower case, matching PARTNER_NAME. It is not the profile's display
// name (`"name"` inside the profile JSON), which may change from version to version.
//
// Versions. Each partner's versions are numbered 1, 2, 3… and never rewritten or deleted.
// Putting a profile identical (same JSON text) to the current one writes nothing. The
// release policy's versions are numbered the same way.
//
// Removal is soft: a removed partner keeps its versions (for the record, getPartnerVersion
// still answers) but `getPartner` and `listPartners` no longer return it, so nothing can be
// released to it by mistake. Putting a profile under a removed name restores it (new version).
//
// Identity. Two active partners never share an `identity_ref`: consents in the release policy
// name partners by identity, so a shared one would grant one partner's consents to another.
//
// Timestamps are RFC 3339 UTC with milliseconds (Clock.now()), so text order is time order.

/** A partner handle: 1-64 characters, lower-case letters, digits and inner hyphens. */
export const PARTNER_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function isPartnerName(value: string): boolean {
  return PARTNER_NAME.test(value);
}

/** One stored version of one partner's profile. */
export interface PartnerVersionRecord {
  /** The handle. */
  readonly name: string;
  /** 1, 2, 3… per partner. */
  readonly version: number;
  /**
   * The profile as JSON text, in the form `parsePartnerProfile` accepts (docs/partner-profile.md),
   * validated by the caller before it was stored.
   */
  readonly profileJson: string;
  /** The profile's `identity_ref`, kept apart so the store can enforce uniqueness. */
  readonly identityRef: string;
  readonly recordedAt: string;
  /** Who put this version; 'unknown' until authentication names the caller. */
  readonly actor: string;
}

/** A partner as it stands: its current version plus the partner's own dates. */
export interface PartnerRecord extends PartnerVersionRecord {
  /** When the partner was first added. */
  readonly createdAt: string;
  /** When the current version was put (or the partner removed or restored). */
  readonly updatedAt: string;
  /** Null while the partner is active. */
  readonly removedAt: string | null;
}

export interface PartnerPut {
  readonly name: string;
  readonly profileJson: string;
  readonly identityRef: string;
  readonly at: string;
  readonly actor: string;
}

/**
 * created: a new partner (version 1). updated: a new version of an active partner. restored:
 * a removed partner is active again with a new version. unchanged: the current version has
 * exactly this JSON; nothing was written. identity-taken: another active partner (`by`) has
 * this identity_ref; nothing was written.
 */
export type PutPartnerResult =
  | { readonly outcome: 'created' | 'updated' | 'restored' | 'unchanged'; readonly version: number }
  | { readonly outcome: 'identity-taken'; readonly by: string };

/** One stored version of the release policy (docs/partner-profile.md, "Release policy file"). */
export interface PolicyVersionRecord {
  readonly version: number;
  /** The policy as JSON text, validated by the caller with `parseReleasePolicy`. */
  readonly policyJson: string;
  readonly recordedAt: string;
  readonly actor: string;
}

export interface PolicyPut {
  readonly policyJson: string;
  readonly at: string;
  readonly actor: string;
}

export interface PartnersReads {
  /** The active partner with this handle; null when absent or removed. */
  getPartner(name: string): Promise<PartnerRecord | null>;
  /** The active partner with this identity_ref, or null. */
  findPartnerByIdentity(identityRef: string): Promise<PartnerRecord | null>;
  /**
   * Partners ordered by name. Active ones only unless `includeRemoved`. Deployments have
   * tens of partners, not thousands: no paging.
   */
  listPartners(options?: { readonly includeRemoved?: boolean }): Promise<readonly PartnerRecord[]>;
  /** Any stored version, removed partners included (what a past release used); null if none. */
  getPartnerVersion(name: string, version: number): Promise<PartnerVersionRecord | null>;
  /** Every version of a partner (removed or not), oldest first; empty when never added. */
  partnerHistory(name: string): Promise<readonly PartnerVersionRecord[]>;
  /** The current release policy; null until one is set (the caller then uses the default). */
  getReleasePolicy(): Promise<PolicyVersionRecord | null>;
  getReleasePolicyVersion(version: number): Promise<PolicyVersionRecord | null>;
}

export interface PartnersWrites extends PartnersReads {
  /** Adds, updates or restores a partner; see PutPartnerResult. */
  putPartner(put: PartnerPut): Promise<PutPartnerResult>;
  /** Soft delete. Returns false when there is no active partner with this name. */
  removePartner(name: string, at: string): Promise<boolean>;
  /** Stores a new policy version unless identical to the current one; returns the current version. */
  putReleasePolicy(put: PolicyPut): Promise<{ readonly version: number; readonly changed: boolean }>;
}
