// The recipient of a warning as the release engine needs it: the stored partner profile
// (partners facet, parsed again on every use so a stored profile is never trusted blindly)
// and the current release policy, or the fail-closed default when none was set.
import { TEARLINE_IDENTITY_ID } from '../../domain/markings/extension.ts';
import { parsePartnerProfile, type Partner } from '../../domain/partners/index.ts';
import type { Recipient } from '../../domain/warning/index.ts';
import { parseReleasePolicy, releasePolicy, type ReleasePolicy } from '../../policy/index.ts';
import type { StoreReader } from '../ports.ts';
import type { ProductChannel } from '../ports/warnings.ts';

export interface LoadedRecipient {
  readonly partnerName: string;
  readonly partnerVersion: number;
  readonly partner: Partner;
  readonly policy: ReleasePolicy;
  /** The partner's electronic channels, in profile order: where a release can be sent. */
  readonly channels: readonly ProductChannel[];
}

export type RecipientResult =
  | { readonly ok: true; readonly value: LoadedRecipient }
  | { readonly ok: false; readonly code: 'partner-not-found' | 'partner-invalid' | 'policy-invalid'; readonly message: string };

const ELECTRONIC: readonly ProductChannel[] = ['taxii', 'webhook', 'email'];

export async function loadRecipient(reader: StoreReader, partnerName: string): Promise<RecipientResult> {
  const record = await reader.partners.getPartner(partnerName);
  if (record === null) return { ok: false, code: 'partner-not-found', message: `no partner ${partnerName}` };
  const parsed = parsePartnerProfile(JSON.parse(record.profileJson) as unknown);
  if (!parsed.ok) return { ok: false, code: 'partner-invalid', message: `the stored profile of ${partnerName} does not parse: ${parsed.errors.map((e) => e.message).join('; ')}` };
  const stored = await reader.partners.getReleasePolicy();
  let policy = releasePolicy({ ourIdentityRef: TEARLINE_IDENTITY_ID });
  if (stored !== null) {
    const parsedPolicy = parseReleasePolicy(JSON.parse(stored.policyJson) as unknown);
    if (!parsedPolicy.ok) return { ok: false, code: 'policy-invalid', message: `the stored release policy does not parse: ${parsedPolicy.errors.map((e) => e.message).join('; ')}` };
    policy = parsedPolicy.policy;
  }
  const channels: ProductChannel[] = [];
  for (const channel of parsed.partner.channels) {
    const kind = ELECTRONIC.find((candidate) => candidate === channel.kind);
    if (kind !== undefined && !channels.includes(kind)) channels.push(kind);
  }
  return { ok: true, value: { partnerName, partnerVersion: record.version, partner: parsed.partner, policy, channels } };
}

/** The warning's recipient as the workflow records it (DOMAIN.md §1 "to whom"). */
export function recipientOf(loaded: LoadedRecipient): Recipient {
  return { name: loaded.partner.name, organisation: loaded.partner.organization, country: loaded.partner.country };
}
