// MISP galaxy clusters as STIX SDOs. Clusters are shared knowledge (the MISP galaxy
// project), not the event's own content, so their ids derive from the galaxy tag alone and
// the same cluster in two events is the same object.
//
// Decision: threat actor clusters become `intrusion-set`, not `threat-actor`. MISP threat
// actor entries are tracking names for activity sets (APT28, Sofacy, Fancy Bear are one
// entry with synonyms), which is what STIX 2.1 §4.8 calls an intrusion set; ATT&CK groups
// (mitre-intrusion-set) are modelled the same way, so both land on one type.
import type { StixObject } from '../../domain/stix/object.ts';
import { derivedId } from '../common/ids.ts';
import { asArray, asObject, asString, type Json } from './input.ts';
import type { GalaxyTag } from './tags.ts';

type SdoType = 'intrusion-set' | 'malware' | 'tool' | 'attack-pattern';

const GALAXY_TYPES: Readonly<Record<string, SdoType>> = {
  'threat-actor': 'intrusion-set',
  'mitre-intrusion-set': 'intrusion-set',
  'mitre-enterprise-attack-intrusion-set': 'intrusion-set',
  'mitre-mobile-attack-intrusion-set': 'intrusion-set',
  'mitre-pre-attack-intrusion-set': 'intrusion-set',
  'microsoft-activity-group': 'intrusion-set',
  'mitre-malware': 'malware',
  'mitre-enterprise-attack-malware': 'malware',
  'mitre-mobile-attack-malware': 'malware',
  malpedia: 'malware',
  ransomware: 'malware',
  rat: 'malware',
  botnet: 'malware',
  backdoor: 'malware',
  banker: 'malware',
  stealer: 'malware',
  android: 'malware',
  'exploit-kit': 'malware',
  tool: 'tool',
  'mitre-tool': 'tool',
  'mitre-enterprise-attack-tool': 'tool',
  'mitre-mobile-attack-tool': 'tool',
  'mitre-attack-pattern': 'attack-pattern',
  'mitre-enterprise-attack-attack-pattern': 'attack-pattern',
  'mitre-mobile-attack-attack-pattern': 'attack-pattern',
  'mitre-pre-attack-attack-pattern': 'attack-pattern',
};

/** STIX 2.1 §10.12 malware-type-ov terms implied by the galaxy. */
const MALWARE_TYPES: Readonly<Record<string, string>> = {
  ransomware: 'ransomware',
  rat: 'remote-access-trojan',
  botnet: 'bot',
  backdoor: 'backdoor',
  'exploit-kit': 'exploit-kit',
  stealer: 'spyware',
};

export type GalaxyResult =
  | { readonly ok: true; readonly object: StixObject }
  | { readonly ok: false; readonly reason: string };

function strings(value: unknown): string[] {
  return asArray(value).map(asString).filter((s): s is string => s !== undefined && s.trim().length > 0);
}

/** "APT1 - G0006" -> name APT1 and ATT&CK id G0006, as MISP names ATT&CK clusters. */
function splitAttackId(value: string, meta: Json | undefined): { readonly name: string; readonly attackId?: string } {
  const match = /^(.*\S)\s+-\s+([GSTMC]\d{4}(?:\.\d{3})?)$/.exec(value);
  const external = strings(meta?.['external_id'])[0];
  if (match !== null) return { name: match[1] ?? value, attackId: match[2] };
  return external !== undefined ? { name: value, attackId: external } : { name: value };
}

/** The SDO for a galaxy cluster named by its tag, with the cluster's data when the event carries it. */
export function galaxyObject(tag: GalaxyTag, cluster: Json | undefined, timestamp: string): GalaxyResult {
  const type = GALAXY_TYPES[tag.type];
  if (type === undefined) return { ok: false, reason: `galaxy ${tag.type} has no STIX object type here; kept as a label` };
  const meta = asObject(cluster?.['meta']);
  const { name, attackId } = splitAttackId(tag.value, meta);
  const aliases = [...new Set(strings(meta?.['synonyms']))].filter((alias) => alias !== name && alias !== tag.value);
  const references: Json[] = [];
  if (attackId !== undefined) references.push({ source_name: 'mitre-attack', external_id: attackId });
  const clusterUuid = asString(cluster?.['uuid']);
  if (clusterUuid !== undefined) references.push({ source_name: 'misp-galaxy-cluster', external_id: clusterUuid });
  for (const url of strings(meta?.['refs'])) references.push({ source_name: 'misp-galaxy-ref', url });
  const description = asString(cluster?.['description'])?.trim();
  const object: Record<string, unknown> = {
    type,
    spec_version: '2.1',
    id: derivedId(type, tag.tag),
    created: timestamp,
    modified: timestamp,
    name,
  };
  if (description) object['description'] = description;
  // §4.4 attack-pattern, §4.8 intrusion-set, §4.11 malware and §4.19 tool all have aliases.
  if (aliases.length > 0) object['aliases'] = aliases;
  if (type === 'malware') {
    object['is_family'] = true; // §4.11: required; a galaxy cluster names a family
    const malwareType = MALWARE_TYPES[tag.type];
    if (malwareType !== undefined) object['malware_types'] = [malwareType];
  }
  object['labels'] = [tag.tag];
  if (references.length > 0) object['external_references'] = references;
  return { ok: true, object: object as StixObject };
}

/** The clusters of a `Galaxy` list (event or attribute level), with the tag naming each. */
export function readGalaxyList(value: unknown): { readonly tags: GalaxyTag[]; readonly clusters: Map<string, Json> } {
  const tags: GalaxyTag[] = [];
  const clusters = new Map<string, Json>();
  for (const galaxy of asArray(value)) {
    const galaxyType = asString(asObject(galaxy)?.['type']);
    for (const entry of asArray(asObject(galaxy)?.['GalaxyCluster'])) {
      const cluster = asObject(entry);
      const type = asString(cluster?.['type']) ?? galaxyType;
      const value = asString(cluster?.['value']);
      if (cluster === undefined || type === undefined || value === undefined) continue;
      const tag = asString(cluster['tag_name']) ?? `misp-galaxy:${type}="${value}"`;
      if (!clusters.has(tag)) tags.push({ type, value, tag });
      clusters.set(tag, cluster);
    }
  }
  return { tags, clusters };
}

/** Tags from both sources, each once, in first-seen order. */
export function mergeGalaxyTags(...lists: readonly (readonly GalaxyTag[])[]): GalaxyTag[] {
  const seen = new Map<string, GalaxyTag>();
  for (const tag of lists.flat()) if (!seen.has(tag.tag)) seen.set(tag.tag, tag);
  return [...seen.values()];
}
