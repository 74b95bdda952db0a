// Identifiers for imported objects. SCOs get the deterministic identifiers of STIX 2.1 §2.9;
// everything else gets a UUIDv5 derived from the source system's own identifier, so that
// importing the same source twice yields the same ids (idempotent store re-ingest).
import { canonicalJson } from './canonical-json.ts';
import { uuidv5 } from './uuid5.ts';

/** STIX 2.1 §2.9: the namespace of deterministic SCO identifiers. */
const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/**
 * Tearline's namespace for ids derived from other systems' identifiers (MISP uuids, CSV
 * rows). §2.9 asks producers that do not use UUIDv4 for SDOs/SROs to pick a namespace of
 * their own, never the SCO one.
 */
export const TEARLINE_NAMESPACE = '0a28cc4d-c3fe-4f67-a13c-572ff1d47e76';

/**
 * `type--uuidv5(Tearline namespace, "type:seed")`. The type is part of the name because
 * §2.9 forbids reusing a UUID across object types.
 */
export function derivedId(type: string, seed: string): string {
  return `${type}--${uuidv5(TEARLINE_NAMESPACE, `${type}:${seed}`)}`;
}

/** ID contributing properties per SCO type (STIX 2.1 §6, each object's "ID Contributing Properties"). */
const CONTRIBUTING: Readonly<Record<string, readonly string[]>> = {
  artifact: ['hashes', 'payload_bin'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['from_ref', 'subject', 'body'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': ['start', 'end', 'src_ref', 'dst_ref', 'src_port', 'dst_port', 'protocols', 'extensions'],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  url: ['value'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
};

/**
 * §2.9: when `hashes` contributes, only one hash is used. The order (MD5, SHA-1, SHA-256,
 * SHA-512, else the first) is the one of the OASIS reference implementation (python-stix2).
 */
function chooseOneHash(hashes: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  for (const key of ['MD5', 'SHA-1', 'SHA-256', 'SHA-512']) {
    if (hashes[key] !== undefined) return { [key]: hashes[key] };
  }
  const first = Object.keys(hashes)[0];
  return first === undefined ? undefined : { [first]: hashes[first] };
}

/**
 * The deterministic identifier of an SCO (§2.9): UUIDv5 in the SCO namespace of the RFC 8785
 * text of its ID contributing properties. Undefined when the type has none or none is set
 * (§2.9 then asks for a UUIDv4, which an importer that must be deterministic cannot use).
 */
export function scoId(sco: Readonly<Record<string, unknown>> & { readonly type: string }): string | undefined {
  const properties = CONTRIBUTING[sco.type];
  if (properties === undefined) return undefined;
  const contributing: Record<string, unknown> = {};
  for (const key of properties) {
    const value = sco[key];
    if (value === undefined) continue;
    if (key === 'hashes' && typeof value === 'object' && value !== null) {
      const one = chooseOneHash(value as Record<string, unknown>);
      if (one !== undefined) contributing[key] = one;
    } else {
      contributing[key] = value;
    }
  }
  if (Object.keys(contributing).length === 0) return undefined;
  return `${sco.type}--${uuidv5(SCO_NAMESPACE, canonicalJson(contributing))}`;
}
