// What a STIX 2.1 object cannot lose and still be valid: required properties per type
// (STIX 2.1 §4-§6 property tables) and required references. A tearline that would remove
// one of these withholds the object instead.
import type { StixObject } from '../../domain/stix/object.ts';

/** `gone`: top-level keys to treat as absent (what a tearline would remove), so no copy is made. */
type Check = (o: StixObject, gone: readonly string[] | undefined) => string | undefined;

const has = (o: StixObject, k: string, gone: readonly string[] | undefined): boolean => o[k] !== undefined && (gone === undefined || !gone.includes(k));
const all = (...keys: string[]): Check => (o, gone) => keys.find((k) => !has(o, k, gone));
const anyOf = (...keys: string[]): Check => (o, gone) => (keys.some((k) => has(o, k, gone)) ? undefined : keys.join(' or '));
const both = (...checks: Check[]): Check => (o, gone) => {
  for (const c of checks) {
    const missing = c(o, gone);
    if (missing !== undefined) return missing;
  }
  return undefined;
};

/** §3.2 common properties of SDOs and SROs. */
const SDO_COMMON = all('type', 'spec_version', 'id', 'created', 'modified');
/** §6.1 SCOs: only type and id are required of every SCO. */
const SCO_COMMON = all('type', 'id');
/** An SCO type whose every property is optional still needs one besides the common ones. */
const someProperty: Check = (o, gone) => (Object.keys(o).some((k) => (gone === undefined || !gone.includes(k)) && !['type', 'id', 'spec_version', 'object_marking_refs', 'granular_markings', 'defanged', 'extensions'].includes(k)) ? undefined : 'any property');

const SDO: Readonly<Record<string, Check>> = {
  'attack-pattern': all('name'), // §4.1
  campaign: all('name'), // §4.2
  'course-of-action': all('name'), // §4.3
  grouping: all('context', 'object_refs'), // §4.4
  identity: all('name'), // §4.5
  incident: all('name'), // §4.6
  indicator: all('pattern', 'pattern_type', 'valid_from'), // §4.7
  infrastructure: all('name'), // §4.8
  'intrusion-set': all('name'), // §4.9
  // §4.10: region, country, or latitude with longitude.
  location: (o, gone) => (has(o, 'region', gone) || has(o, 'country', gone) || (has(o, 'latitude', gone) && has(o, 'longitude', gone)) ? undefined : 'region, country or latitude/longitude'),
  malware: (o, gone) => (has(o, 'is_family', gone) ? (o['is_family'] === true && !has(o, 'name', gone) ? 'name' : undefined) : 'is_family'), // §4.11
  'malware-analysis': both(all('product'), anyOf('result', 'analysis_sco_refs')), // §4.12
  note: all('content', 'object_refs'), // §4.13
  'observed-data': both(all('first_observed', 'last_observed', 'number_observed'), anyOf('object_refs', 'objects')), // §4.14
  opinion: all('opinion', 'object_refs'), // §4.15
  report: all('name', 'published', 'object_refs'), // §4.16
  'threat-actor': all('name'), // §4.17
  tool: all('name'), // §4.18
  vulnerability: all('name'), // §4.19
  relationship: all('relationship_type', 'source_ref', 'target_ref'), // §5.1
  sighting: all('sighting_of_ref'), // §5.2
};

const SCO: Readonly<Record<string, Check>> = {
  artifact: anyOf('payload_bin', 'url'), // §6.1
  'autonomous-system': all('number'), // §6.2
  directory: all('path'), // §6.3
  'domain-name': all('value'), // §6.4
  'email-addr': all('value'), // §6.5
  'email-message': all('is_multipart'), // §6.6
  file: anyOf('hashes', 'name'), // §6.7
  'ipv4-addr': all('value'), // §6.8
  'ipv6-addr': all('value'), // §6.9
  'mac-addr': all('value'), // §6.10
  mutex: all('name'), // §6.11
  'network-traffic': both(all('protocols'), anyOf('src_ref', 'dst_ref')), // §6.12
  process: someProperty, // §6.13
  software: all('name'), // §6.14
  url: all('value'), // §6.15
  'user-account': someProperty, // §6.16
  'windows-registry-key': someProperty, // §6.17
  'x509-certificate': someProperty, // §6.18
};

export function isScoType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(SCO, type);
}

/** Whether we know the type's required properties (custom types: we do not). */
export function isKnownType(type: string): boolean {
  return isScoType(type) || Object.prototype.hasOwnProperty.call(SDO, type);
}

/**
 * The first required property missing from `o` (or that would be, without the top-level keys
 * in `without`), or undefined when it is complete.
 */
export function missingRequired(o: StixObject, without?: readonly string[]): string | undefined {
  const sco = SCO[o.type];
  if (sco) return SCO_COMMON(o, without) ?? sco(o, without);
  const sdo = SDO[o.type];
  if (sdo) return SDO_COMMON(o, without) ?? sdo(o, without);
  return undefined;
}

/** Top-level keys whose loss may make an object of `type` incomplete (all of them for types we
 *  only know as "at least one property"). */
const REQUIRED_KEYS: Readonly<Record<string, ReadonlySet<string> | 'any'>> = {
  'attack-pattern': new Set(['name']),
  campaign: new Set(['name']),
  'course-of-action': new Set(['name']),
  grouping: new Set(['context', 'object_refs']),
  identity: new Set(['name']),
  incident: new Set(['name']),
  indicator: new Set(['pattern', 'pattern_type', 'valid_from']),
  infrastructure: new Set(['name']),
  'intrusion-set': new Set(['name']),
  location: new Set(['region', 'country', 'latitude', 'longitude']),
  malware: new Set(['is_family', 'name']),
  'malware-analysis': new Set(['product', 'result', 'analysis_sco_refs']),
  note: new Set(['content', 'object_refs']),
  'observed-data': new Set(['first_observed', 'last_observed', 'number_observed', 'object_refs', 'objects']),
  opinion: new Set(['opinion', 'object_refs']),
  report: new Set(['name', 'published', 'object_refs']),
  'threat-actor': new Set(['name']),
  tool: new Set(['name']),
  vulnerability: new Set(['name']),
  relationship: new Set(['relationship_type', 'source_ref', 'target_ref']),
  sighting: new Set(['sighting_of_ref']),
  artifact: new Set(['payload_bin', 'url']),
  'autonomous-system': new Set(['number']),
  directory: new Set(['path']),
  'domain-name': new Set(['value']),
  'email-addr': new Set(['value']),
  'email-message': new Set(['is_multipart']),
  file: new Set(['hashes', 'name']),
  'ipv4-addr': new Set(['value']),
  'ipv6-addr': new Set(['value']),
  'mac-addr': new Set(['value']),
  mutex: new Set(['name']),
  'network-traffic': new Set(['protocols', 'src_ref', 'dst_ref']),
  process: 'any',
  software: new Set(['name']),
  url: new Set(['value']),
  'user-account': 'any',
  'windows-registry-key': 'any',
  'x509-certificate': 'any',
};
const COMMON_KEYS = new Set(['type', 'spec_version', 'id', 'created', 'modified']);

/** Whether removing top-level `key` can leave an object of `type` incomplete. */
export function requiredKey(type: string, key: string): boolean {
  const keys = REQUIRED_KEYS[type];
  return keys === undefined || keys === 'any' || keys.has(key) || COMMON_KEYS.has(key);
}

/** Single references whose loss makes the object meaningless (and invalid). */
const REQUIRED_SINGLE_REFS: Readonly<Record<string, readonly string[]>> = {
  relationship: ['source_ref', 'target_ref'], // §5.1
  sighting: ['sighting_of_ref'], // §5.2
};

export function isRequiredSingleRef(type: string, property: string): boolean {
  return REQUIRED_SINGLE_REFS[type]?.includes(property) ?? false;
}
