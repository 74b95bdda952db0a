// Where a delivery goes: the partner's channels from its stored profile (issue 4's partners
// facet, docs/partner-profile.md `channels`). The profile names addresses only; webhook
// secrets never live in a profile (it is shown and versioned), they come from the server's
// secrets (DispatchContext.webhookSecrets).
import { parsePartnerProfile, type Partner } from '../../domain/partners/index.ts';
import type { Recipient } from '../../domain/warning/index.ts';
import type { StoreReader } from '../ports.ts';
import type { OutboxChannel } from '../ports/deliveries.ts';

export interface PartnerRoute {
  readonly partner: Partner;
  /** As the warning case records it (DOMAIN.md §1 "to whom"). */
  readonly recipient: Recipient;
  /** Webhook: the URL; email: every address; taxii: empty (the collection is ours). */
  readonly addresses: readonly string[];
}

export type RouteResult = { readonly ok: true; readonly route: PartnerRoute } | { readonly ok: false; readonly error: string };

export function recipientOf(partner: Partner): Recipient {
  return { name: partner.name, organisation: partner.organization, country: partner.country };
}

/** A partner known only by its handle (its profile is gone or unreadable). */
export function bareRecipient(partnerName: string): Recipient {
  return { name: partnerName, organisation: null, country: null };
}

export async function loadPartner(store: StoreReader, partnerName: string): Promise<{ ok: true; partner: Partner } | { ok: false; error: string }> {
  const record = await store.partners.getPartner(partnerName);
  if (record === null) return { ok: false, error: `no active partner ${partnerName}` };
  let json: unknown;
  try {
    json = JSON.parse(record.profileJson);
  } catch {
    return { ok: false, error: `the stored profile of ${partnerName} is not JSON` };
  }
  const parsed = parsePartnerProfile(json);
  if (!parsed.ok) return { ok: false, error: `the stored profile of ${partnerName} does not parse: ${parsed.errors.map((e) => `${e.path} ${e.message}`).join('; ')}` };
  return { ok: true, partner: parsed.partner };
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

function webhookUrl(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** The addresses of one channel; a failure here is a configuration problem, not a network one. */
export function routeOf(partner: Partner, channel: OutboxChannel): RouteResult {
  const recipient = recipientOf(partner);
  const listed = partner.channels.filter((c) => c.kind === channel).map((c) => (c.address ?? '').trim()).filter((a) => a !== '');
  if (channel === 'taxii') return { ok: true, route: { partner, recipient, addresses: [] } };
  if (channel === 'webhook') {
    const url = listed.map(webhookUrl).find((u): u is string => u !== null);
    if (url === undefined) return { ok: false, error: `partner ${partner.name} has no webhook channel with an http(s) URL` };
    return { ok: true, route: { partner, recipient, addresses: [url] } };
  }
  const addresses = listed.flatMap((a) => a.split(',')).map((a) => a.trim()).filter((a) => EMAIL.test(a));
  if (addresses.length === 0) return { ok: false, error: `partner ${partner.name} has no email channel with an address` };
  return { ok: true, route: { partner, recipient, addresses: [...new Set(addresses)] } };
}
