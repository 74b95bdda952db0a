// The relationship types STIX 2.1 defines between object types: each SDO's and SCO's
// "Relationships" table (§4.x.2, §6.x.2) plus the common ones of §3.7. §5.1: a
// relationship_type "SHOULD be an exact value listed in the relationships for the source and
// target SDO, but MAY be any string".

import { SCO_TYPES } from './object-types.ts';

/** Marks a target list as "any SCO" (§4.8.2 infrastructure consists-of). */
const ALL_SCOS = '<sco>';

/** source type -> relationship type -> target types. */
const SPEC_RELATIONSHIPS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'attack-pattern': { // §4.1.2
    delivers: ['malware'], targets: ['identity', 'location', 'vulnerability'], uses: ['malware', 'tool'],
  },
  campaign: { // §4.2.2
    'attributed-to': ['intrusion-set', 'threat-actor'], compromises: ['infrastructure'], 'originates-from': ['location'],
    targets: ['identity', 'location', 'vulnerability'], uses: ['attack-pattern', 'infrastructure', 'malware', 'tool'],
  },
  'course-of-action': { // §4.3.2
    investigates: ['indicator'], mitigates: ['attack-pattern', 'indicator', 'malware', 'tool', 'vulnerability'],
    remediates: ['malware', 'vulnerability'],
  },
  identity: { 'located-at': ['location'] }, // §4.5.2
  indicator: { // §4.7.2
    indicates: ['attack-pattern', 'campaign', 'infrastructure', 'intrusion-set', 'malware', 'threat-actor', 'tool'],
    'based-on': ['observed-data'],
  },
  infrastructure: { // §4.8.2
    'communicates-with': ['infrastructure', 'ipv4-addr', 'ipv6-addr', 'domain-name', 'url'],
    'consists-of': ['infrastructure', 'observed-data', ALL_SCOS], controls: ['infrastructure', 'malware'],
    delivers: ['malware'], has: ['vulnerability'], hosts: ['tool', 'malware'], 'located-at': ['location'],
    uses: ['infrastructure'],
  },
  'intrusion-set': { // §4.9.2
    'attributed-to': ['threat-actor'], compromises: ['infrastructure'], hosts: ['infrastructure'], owns: ['infrastructure'],
    'originates-from': ['location'], targets: ['identity', 'location', 'vulnerability'],
    uses: ['attack-pattern', 'infrastructure', 'malware', 'tool'],
  },
  malware: { // §4.11.2
    'authored-by': ['threat-actor', 'intrusion-set'], 'beacons-to': ['infrastructure'], 'exfiltrates-to': ['infrastructure'],
    'communicates-with': ['ipv4-addr', 'ipv6-addr', 'domain-name', 'url'], controls: ['malware'],
    downloads: ['malware', 'tool', 'file'], drops: ['malware', 'tool', 'file'], exploits: ['vulnerability'],
    'originates-from': ['location'], targets: ['identity', 'infrastructure', 'location', 'vulnerability'],
    uses: ['attack-pattern', 'infrastructure', 'malware', 'tool'], 'variant-of': ['malware'],
  },
  'malware-analysis': { // §4.12.2
    characterizes: ['malware'], 'av-analysis-of': ['malware'], 'static-analysis-of': ['malware'],
    'dynamic-analysis-of': ['malware'],
  },
  'threat-actor': { // §4.17.2
    'attributed-to': ['identity'], compromises: ['infrastructure'], hosts: ['infrastructure'], owns: ['infrastructure'],
    impersonates: ['identity'], 'located-at': ['location'], targets: ['identity', 'location', 'vulnerability'],
    uses: ['attack-pattern', 'infrastructure', 'malware', 'tool'],
  },
  tool: { // §4.18.2
    delivers: ['malware'], drops: ['malware'], has: ['vulnerability'],
    targets: ['identity', 'infrastructure', 'location', 'vulnerability'], uses: ['infrastructure'],
  },
  'domain-name': { 'resolves-to': ['domain-name', 'ipv4-addr', 'ipv6-addr'] }, // §6.4.2
  'ipv4-addr': { 'resolves-to': ['mac-addr'], 'belongs-to': ['autonomous-system'] }, // §6.8.2
  'ipv6-addr': { 'resolves-to': ['mac-addr'], 'belongs-to': ['autonomous-system'] }, // §6.9.2
};

/** §3.7: defined for all SDOs and SCOs; derived-from and duplicate-of join objects of one type. */
const SAME_TYPE_RELATIONSHIPS: ReadonlySet<string> = new Set(['derived-from', 'duplicate-of']);
const ANY_TYPE_RELATIONSHIP = 'related-to';

/** True when the specification lists `relationshipType` from `sourceType` to `targetType`. */
export function isSpecRelationship(sourceType: string, relationshipType: string, targetType: string): boolean {
  if (relationshipType === ANY_TYPE_RELATIONSHIP) return true;
  if (SAME_TYPE_RELATIONSHIPS.has(relationshipType)) return sourceType === targetType;
  const targets = SPEC_RELATIONSHIPS[sourceType]?.[relationshipType];
  if (!targets) return false;
  return targets.includes(targetType) || (targets.includes(ALL_SCOS) && SCO_TYPES.has(targetType));
}
