// Identifiers of warning cases and frozen products. A case opened for a threat takes its id
// from the threat's, so a re-run of the intake names the same case (and the store refuses a
// second one). A product id is derived from its case and exact bytes: the same bytes frozen
// twice for one case are one product.
import { createHash } from 'node:crypto';

const UUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

function uuidFromDigest(hex: string): string {
  // Shaped as a UUIDv4-looking value (version and variant bits set) so it reads like STIX ids.
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** `warning--<uuid of the threat>`; case ids have no ':' (deadline keys use it as separator). */
export function caseIdForThreat(threatId: string): string {
  const match = UUID.exec(threatId);
  if (match !== null) return `warning--${match[1] as string}`;
  return `warning--${uuidFromDigest(createHash('sha256').update(`tearline-warning-case\n${threatId}`).digest('hex'))}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function productIdFor(caseId: string, sha256: string): string {
  return `warning-product--${uuidFromDigest(createHash('sha256').update(`tearline-warning-product\n${caseId}\n${sha256}`).digest('hex'))}`;
}
