// The release policy in force at release time (ARCHITECTURE.md "Release: the invariant"): who
// we are, which communities we share TLP:GREEN in, the consents recorded for releases, and
// what counts as internal. Pure data; decide.ts applies it.
import type { ClassificationNames } from '../domain/markings/banner.ts';
import type { Consent } from '../domain/partners/partner.ts';

export type ReleaseMode = 'release' | 'disclosure';

/** A consent recorded for releases to one partner (optionally for one release only). */
export interface PolicyConsent extends Consent {
  /** The partner's STIX identity id. */
  readonly partner: string;
  /** When present, the consent holds only for this release. */
  readonly releaseId?: string;
}

export interface InternalReferences {
  /** External references whose `url` starts with one of these are internal. */
  readonly urlPrefixes: readonly string[];
  /** External references whose `source_name` equals one of these (case-insensitive) are internal. */
  readonly sourceNames: readonly string[];
}

export interface ReleasePolicy {
  /**
   * Our own country (ISO 3166-1 alpha-3). Partners elsewhere are foreign. When absent, every
   * partner is foreign: NOFORN material then never leaves (fail closed).
   */
  readonly ourCountry?: string;
  /** The releasing organisation's STIX identity id: stands in for protected sources. */
  readonly ourIdentityRef: string;
  /** Its name, used when the package does not carry the identity object itself. */
  readonly ourIdentityName?: string;
  readonly classificationNames?: ClassificationNames;
  /** Communities we belong to; TLP:GREEN from others passes to partners sharing one. */
  readonly communities: readonly string[];
  /** release: the partner keeps a copy; disclosure: shown or told, no copy (ICD 403). */
  readonly mode: ReleaseMode;
  readonly consents: readonly PolicyConsent[];
  readonly internalReferences: InternalReferences;
  /**
   * Identities whose objects are public (default: MITRE ATT&CK's). Their objects keep their
   * ids when released unchanged, so partners can correlate them.
   */
  readonly publicIdentityRefs: readonly string[];
  /** Controls we carry without interpreting that do not stop a release (e.g. FOUO). */
  readonly releasableControls: readonly string[];
}

/** MITRE's identity, creator of every ATT&CK object. */
export const MITRE_IDENTITY_REF = 'identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5';

export function releasePolicy(partial: Partial<ReleasePolicy> & Pick<ReleasePolicy, 'ourIdentityRef'>): ReleasePolicy {
  return {
    communities: [],
    mode: 'release',
    consents: [],
    internalReferences: { urlPrefixes: [], sourceNames: [] },
    publicIdentityRefs: [MITRE_IDENTITY_REF],
    releasableControls: [],
    ...partial,
  };
}
