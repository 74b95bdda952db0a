// Delivery of a warning (DOMAIN.md §1 "A delivery records who, to whom, when, channel, and
// the exact text delivered (its hash)") and the distinction of DOMAIN.md "Disclosure vs
// release" (after ICD 403): a release leaves the partner a copy, a disclosure is told or
// shown and leaves none. The two are recorded differently because they are accounted for
// differently.
import { isFields, readCountry, readEnum, readText } from './read.ts';
import { accept, refuse, type Checked } from './result.ts';

export const DELIVERY_CHANNELS = ['taxii', 'webhook', 'email', 'in_person_meeting', 'phone_call', 'liaison_meeting'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_KINDS = ['release', 'disclosure'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/**
 * Electronic channels always leave the partner a copy, so they can only carry a release.
 * A meeting or a call can be either: shown and taken back (disclosure) or handed over (release).
 */
export const COPY_LEAVING_CHANNELS: readonly DeliveryChannel[] = ['taxii', 'webhook', 'email'];

/** The intended victim, or those responsible for protecting them (DOMAIN.md §1 "Trigger"). */
export interface Recipient {
  readonly name: string;
  readonly organisation: string | null;
  readonly country: string | null;
}

export interface DeliveryAttempt {
  readonly cycle: number;
  readonly channel: DeliveryChannel;
  readonly recipient: Recipient;
  readonly attemptedAt: string;
  readonly attemptedBy: string;
  readonly failure: string;
}

export interface DeliveryRecord {
  readonly cycle: number;
  readonly channel: DeliveryChannel;
  readonly kind: DeliveryKind;
  readonly recipient: Recipient;
  readonly deliveredAt: string;
  readonly deliveredBy: string;
  /** SHA-256 of the exact text or product delivered: it must be the approved one. */
  readonly productHash: string;
  readonly recordedAt: string;
}

export interface AcknowledgementRecord {
  /** The person on the recipient's side who acknowledged. */
  readonly acknowledgedBy: string;
  readonly channel: DeliveryChannel;
  readonly acknowledgedAt: string;
  readonly recordedBy: string;
  readonly note: string | null;
}

export function readRecipient(value: unknown, field: string): Checked<Recipient> {
  if (!isFields(value)) return refuse('missing-field', `${field} is required`);
  const name = readText(value.name, `${field}.name`);
  if (!name.ok) return name;
  let organisation: string | null = null;
  if (value.organisation !== undefined && value.organisation !== null) {
    const checked = readText(value.organisation, `${field}.organisation`);
    if (!checked.ok) return checked;
    organisation = checked.value;
  }
  let country: string | null = null;
  if (value.country !== undefined && value.country !== null) {
    const checked = readCountry(value.country, `${field}.country`);
    if (!checked.ok) return checked;
    country = checked.value;
  }
  return accept({ name: name.value, organisation, country });
}

/** Channel and kind together: an electronic channel cannot be a disclosure. */
export function readChannelAndKind(channel: unknown, kind: unknown): Checked<{ channel: DeliveryChannel; kind: DeliveryKind }> {
  const checkedChannel = readEnum(channel, DELIVERY_CHANNELS, 'channel');
  if (!checkedChannel.ok) return checkedChannel;
  const checkedKind = readEnum(kind, DELIVERY_KINDS, 'kind');
  if (!checkedKind.ok) return checkedKind;
  if (checkedKind.value === 'disclosure' && COPY_LEAVING_CHANNELS.includes(checkedChannel.value)) {
    return refuse(
      'kind-channel-mismatch',
      `a delivery by ${checkedChannel.value} leaves the partner a copy, so it is a release, not a disclosure (DOMAIN.md "Disclosure vs release")`,
    );
  }
  return accept({ channel: checkedChannel.value, kind: checkedKind.value });
}
