// The object types STIX 2.1 defines (§4 SDOs, §5 SROs, §6 SCOs, §7 meta objects): the
// suggestions of the objects browser's type filter. Custom types can still be typed in.
export const STIX_TYPES: readonly string[] = [
  'attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident', 'indicator',
  'infrastructure', 'intrusion-set', 'location', 'malware', 'malware-analysis', 'note', 'observed-data',
  'opinion', 'report', 'threat-actor', 'tool', 'vulnerability',
  'relationship', 'sighting',
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file',
  'ipv4-addr', 'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url',
  'user-account', 'windows-registry-key', 'x509-certificate',
  'language-content', 'marking-definition', 'extension-definition',
];

/** The server's rule for a type name (src/http/api/objects.ts), checked before asking it. */
const TYPE_NAME = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;

export type TypeFilter = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

/** `Indicator, malware ` -> `indicator,malware`; '' means every type. */
export function parseTypeFilter(input: string): TypeFilter {
  const types = input.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  const bad = types.find((t) => !TYPE_NAME.test(t));
  if (bad !== undefined) return { ok: false, message: `“${bad}” is not a STIX type name (lowercase letters, digits and hyphens).` };
  return { ok: true, value: types.join(',') };
}
