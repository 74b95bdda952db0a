// The object types STIX 2.1 defines, by category (§1.2). Any other valid type name is a
// custom object type (§11.2, deprecated) or one defined through an extension (§7.3).

export type ObjectCategory = 'sdo' | 'sro' | 'sco' | 'meta' | 'custom';

/** §4: the 19 STIX Domain Objects. */
export const SDO_TYPES: ReadonlySet<string> = new Set([
  'attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident', 'indicator',
  'infrastructure', 'intrusion-set', 'location', 'malware', 'malware-analysis', 'note', 'observed-data', 'opinion',
  'report', 'threat-actor', 'tool', 'vulnerability',
]);

/** §5: the STIX Relationship Objects. */
export const SRO_TYPES: ReadonlySet<string> = new Set(['relationship', 'sighting']);

/** §6: the 18 STIX Cyber-observable Objects. */
export const SCO_TYPES: ReadonlySet<string> = new Set([
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file', 'ipv4-addr',
  'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url', 'user-account',
  'windows-registry-key', 'x509-certificate',
]);

/** §7: the STIX Meta Objects. */
export const META_TYPES: ReadonlySet<string> = new Set(['language-content', 'marking-definition', 'extension-definition']);

/** The bundle (§8) is not a STIX Object, but its `type` is reserved. */
export const BUNDLE_TYPE = 'bundle';

export function categoryOf(type: string): ObjectCategory {
  if (SDO_TYPES.has(type)) return 'sdo';
  if (SCO_TYPES.has(type)) return 'sco';
  if (SRO_TYPES.has(type)) return 'sro';
  if (META_TYPES.has(type)) return 'meta';
  return 'custom';
}
