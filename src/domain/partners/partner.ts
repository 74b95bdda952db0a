// A partner: who a tearline is released to (DOMAIN.md §1-2). The profile carries what the
// release policy needs to decide: country (foreign or not), clearance, communities (TLP:GREEN),
// and the standing agreements recorded with this partner (originator consents for ORCON,
// disclosure decisions for RELIDO, originators' permissions to pass on TLP material).
import type { Classification, TlpLevel } from '../markings/model.ts';

export type ChannelKind = 'taxii' | 'email' | 'webhook' | 'in-person' | 'phone' | 'other';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['taxii', 'email', 'webhook', 'in-person', 'phone', 'other'];

export interface PartnerChannel {
  readonly kind: ChannelKind;
  /** URL, address or number; absent for in-person. */
  readonly address?: string;
  readonly note?: string;
}

export type ConsentType = 'orcon' | 'relido' | 'tlp';
export const CONSENT_TYPES: readonly ConsentType[] = ['orcon', 'relido', 'tlp'];

/**
 * A recorded permission.
 * - `orcon`: the originator consents to further dissemination of its ORCON material;
 * - `relido`: a disclosure officer decided RELIDO material may go to this partner;
 * - `tlp`: the originator permits passing its TLP material on, up to `maxTlp`.
 * `objects` narrows a consent to those object ids; without it the consent covers everything
 * from `originator` (or, for relido, every RELIDO portion).
 */
export interface Consent {
  readonly type: ConsentType;
  /** The originator's STIX identity id (required for orcon and tlp). */
  readonly originator?: string;
  readonly objects?: readonly string[];
  /** tlp only: the most restrictive TLP level the permission covers. */
  readonly maxTlp?: TlpLevel;
  /** Who granted or decided it (required for relido: the disclosure officer). */
  readonly grantedBy?: string;
  readonly grantedAt?: string;
  /** A reference to the record (a file number, a message id). */
  readonly reference?: string;
}

export interface Partner {
  readonly name: string;
  /** The partner's STIX identity id. */
  readonly identityRef: string;
  /** ISO 3166-1 alpha-3. */
  readonly country: string;
  readonly organization: string;
  readonly clearance: Classification;
  /** Communities the partner belongs to (TLP:GREEN is shared within a community). */
  readonly communities: readonly string[];
  readonly channels: readonly PartnerChannel[];
  /** Standing agreements: consents and decisions that hold for every release to this partner. */
  readonly consents: readonly Consent[];
  /** ACS 3.0 further-sharing scopes the partner falls in (e.g. FOREIGNGOV). */
  readonly sharingScopes: readonly string[];
  readonly description?: string;
}
