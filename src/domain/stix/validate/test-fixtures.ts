// Minimal valid objects of every STIX 2.1 type, for tests: each rule test takes one, breaks
// one thing and expects exactly one issue. Deterministic ids keep failures readable.

import type { JsonObject } from '../json.ts';
import type { ValidationIssue } from './issues.ts';

/** A valid UUIDv4 (variant 10xx) whose last digits are `n`. */
export function uuid4(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A valid UUIDv5 whose last digits are `n`. */
export function uuid5(n: number): string {
  return `00000000-0000-5000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const T0 = '2020-01-01T00:00:00.000Z';
export const T1 = '2020-06-01T00:00:00.000Z';
export const TLP_GREEN = 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da';
export const IDENTITY_REF = `identity--${uuid4(1)}`;
export const MALWARE_REF = `malware--${uuid4(2)}`;
export const INDICATOR_REF = `indicator--${uuid4(3)}`;
export const FILE_REF = `file--${uuid5(4)}`;
export const IPV4_REF = `ipv4-addr--${uuid5(5)}`;
export const SOFTWARE_REF = `software--${uuid5(6)}`;

let counter = 100;

/** An SDO/SRO/meta object with the common required properties. */
export function versioned(type: string, props: JsonObject = {}): JsonObject {
  return { type, spec_version: '2.1', id: `${type}--${uuid4(counter++)}`, created: T0, modified: T0, ...props };
}

/** An SCO; `v5` ids for types whose ID contributing properties are present. */
export function observable(type: string, props: JsonObject, v5 = true): JsonObject {
  return { type, spec_version: '2.1', id: `${type}--${v5 ? uuid5(counter++) : uuid4(counter++)}`, ...props };
}

/** One valid object of every type STIX 2.1 defines. */
export function validObjects(): Record<string, JsonObject> {
  const { modified: _modified, ...marking } = versioned('marking-definition', {
    definition_type: 'statement', definition: { statement: 'Copyright Example' },
  });
  return {
    'attack-pattern': versioned('attack-pattern', { name: 'Spear Phishing', kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'initial-access' }] }),
    campaign: versioned('campaign', { name: 'Green Group', first_seen: T0, last_seen: T1 }),
    'course-of-action': versioned('course-of-action', { name: 'Block port 80' }),
    grouping: versioned('grouping', { context: 'suspicious-activity', object_refs: [INDICATOR_REF] }),
    identity: versioned('identity', { name: 'ACME', identity_class: 'organization', sectors: ['technology'] }),
    incident: versioned('incident', { name: 'Incident 43' }),
    indicator: versioned('indicator', { pattern: "[ipv4-addr:value = '198.51.100.1']", pattern_type: 'stix', valid_from: T0, valid_until: T1 }),
    infrastructure: versioned('infrastructure', { name: 'C2', infrastructure_types: ['command-and-control'] }),
    'intrusion-set': versioned('intrusion-set', { name: 'Bobcat', resource_level: 'team', primary_motivation: 'ideology' }),
    location: versioned('location', { latitude: 48.8566, longitude: 2.3522, precision: 100, country: 'fr' }),
    malware: versioned('malware', { name: 'Poison Ivy', is_family: true, malware_types: ['remote-access-trojan'] }),
    'malware-analysis': versioned('malware-analysis', { product: 'microsoft', result: 'malicious', sample_ref: FILE_REF }),
    note: versioned('note', { content: 'Seen on a forum', object_refs: [MALWARE_REF] }),
    'observed-data': versioned('observed-data', { first_observed: T0, last_observed: T1, number_observed: 1, object_refs: [IPV4_REF] }),
    opinion: versioned('opinion', { opinion: 'agree', object_refs: [MALWARE_REF] }),
    report: versioned('report', { name: 'Report', published: T0, object_refs: [MALWARE_REF] }),
    'threat-actor': versioned('threat-actor', { name: 'Evil Org', threat_actor_types: ['crime-syndicate'], sophistication: 'advanced' }),
    tool: versioned('tool', { name: 'VNC', tool_types: ['remote-access'] }),
    vulnerability: versioned('vulnerability', { name: 'CVE-2016-1234', external_references: [{ source_name: 'cve', external_id: 'CVE-2016-1234' }] }),
    relationship: versioned('relationship', { relationship_type: 'indicates', source_ref: INDICATOR_REF, target_ref: MALWARE_REF }),
    sighting: versioned('sighting', { sighting_of_ref: INDICATOR_REF, count: 1, where_sighted_refs: [IDENTITY_REF] }),
    artifact: observable('artifact', { mime_type: 'image/png', payload_bin: 'aGVsbG8=' }),
    'autonomous-system': observable('autonomous-system', { number: 15139 }),
    directory: observable('directory', { path: 'C:\\Windows' }),
    'domain-name': observable('domain-name', { value: 'example.com', resolves_to_refs: [IPV4_REF] }),
    'email-addr': observable('email-addr', { value: 'jdoe@example.com' }),
    'email-message': observable('email-message', { is_multipart: false, subject: 'Hello', body: 'Hi' }),
    file: observable('file', { name: 'foo.dll', hashes: { 'SHA-256': 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db' } }),
    'ipv4-addr': observable('ipv4-addr', { value: '198.51.100.3' }),
    'ipv6-addr': observable('ipv6-addr', { value: '2001:0db8::/96' }),
    'mac-addr': observable('mac-addr', { value: 'd2:fb:49:24:37:18' }),
    mutex: observable('mutex', { name: '__CLEANSWEEP__' }),
    'network-traffic': observable('network-traffic', { dst_ref: IPV4_REF, protocols: ['ipv4', 'tcp'], dst_port: 443 }),
    process: observable('process', { pid: 1221, command_line: './gedit-bin' }, false),
    software: observable('software', { name: 'Word', vendor: 'Microsoft', languages: ['en'] }),
    url: observable('url', { value: 'https://example.com/' }),
    'user-account': observable('user-account', { user_id: '1001', account_type: 'unix' }),
    'windows-registry-key': observable('windows-registry-key', { key: 'HKEY_LOCAL_MACHINE\\System\\Foo', values: [{ name: 'Foo', data: 'x', data_type: 'REG_SZ' }] }),
    'x509-certificate': observable('x509-certificate', { serial_number: '36:f7:d4', x509_v3_extensions: { key_usage: 'keyCertSign' } }),
    'marking-definition': marking,
    'language-content': versioned('language-content', { object_ref: MALWARE_REF, object_modified: T0, contents: { de: { name: 'Giftefeu' } } }),
    'extension-definition': versioned('extension-definition', {
      created_by_ref: IDENTITY_REF, name: 'Ext', schema: 'https://example.com/schema', version: '1.0.0', extension_types: ['property-extension'],
    }),
  };
}

/** A valid object of one type (fresh copy). */
export function valid(type: string): JsonObject {
  const object = validObjects()[type];
  if (!object) throw new Error(`no fixture for ${type}`);
  return structuredClone(object);
}

/** `[code, path]` pairs, for exact comparisons in tests. */
export function codes(issues: readonly ValidationIssue[]): [string, string][] {
  return issues.map((issue) => [issue.code, issue.path]);
}
