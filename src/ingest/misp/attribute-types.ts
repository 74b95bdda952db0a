// Every MISP attribute type we know (MISP describeTypes.json, plus types added in later MISP
// releases) and what it becomes in STIX. A type outside this list is rejected as unknown;
// a known type without a STIX form is kept as a note and reported as unmapped.
import { observableTypeSpec } from '../common/observable-types.ts';

export type AttributeMapping =
  /** An indicator (to_ids) or an SCO, through the shared observable table. */
  | { readonly kind: 'observable' }
  /** A reference to a web page: the report's external_references (an indicator with to_ids). */
  | { readonly kind: 'link' }
  /** Prose: a note. */
  | { readonly kind: 'note' }
  | { readonly kind: 'vulnerability' }
  | { readonly kind: 'intrusion-set' }
  | { readonly kind: 'campaign' }
  /** A detection rule in another language: an indicator with that pattern_type (§10.14 pattern-type-ov). */
  | { readonly kind: 'pattern'; readonly patternType: string }
  | { readonly kind: 'unmapped'; readonly reason: string };

const PATTERN_TYPES: Readonly<Record<string, string>> = { yara: 'yara', snort: 'snort', sigma: 'sigma', 'stix2-pattern': 'stix' };

const REASONS: Readonly<Record<string, string>> = {
  btc: 'STIX 2.1 has no cryptocurrency wallet object',
  xmr: 'STIX 2.1 has no cryptocurrency wallet object',
  pdb: 'STIX 2.1 has no property for a PDB path',
  bro: 'Zeek/Bro is not in the STIX pattern-type vocabulary (§10.14)',
  zeek: 'Zeek/Bro is not in the STIX pattern-type vocabulary (§10.14)',
  'pattern-in-file': 'a byte pattern is not a STIX pattern',
  'pattern-in-memory': 'a byte pattern is not a STIX pattern',
  'pattern-in-traffic': 'a byte pattern is not a STIX pattern',
  'sha512/224': 'STIX hash names (§2.7 dictionary keys) cannot contain "/"',
  'sha512/256': 'STIX hash names (§2.7 dictionary keys) cannot contain "/"',
  'filename|sha512/224': 'STIX hash names (§2.7 dictionary keys) cannot contain "/"',
  'filename|sha512/256': 'STIX hash names (§2.7 dictionary keys) cannot contain "/"',
  pehash: 'STIX 2.1 has no pehash hash or property',
  'filename|pehash': 'STIX 2.1 has no pehash hash or property',
  impfuzzy: 'STIX 2.1 has no impfuzzy hash or property',
  'filename|impfuzzy': 'STIX 2.1 has no impfuzzy hash or property',
  authentihash: 'STIX 2.1 has no authentihash hash or property',
  'filename|authentihash': 'STIX 2.1 has no authentihash hash or property',
};

// Known MISP types without a STIX form here (describeTypes.json and later releases).
const OTHER_KNOWN = `aba-rtn anonymised authentihash bank-account-nr bic bin boolean bro btc cc-number
chrome-extension-id community-id cookie cortex counter country-of-residence cpe date-of-birth datetime
dkim dkim-signature dns-soa-email email-dst-display-name email-header email-mime-boundary
email-src-display-name email-thread-index eppn favicon-mmh3 filename-pattern filename|authentihash
filename|impfuzzy filename|pehash filename|sha512/224 filename|sha512/256 filename|vhash first-name float
frequent-flyer-number full-name gender gene git-commit-id github-organisation github-repository
github-username hassh-md5 hasshserver-md5 hex hostname|port http-method iban identity-card-number impfuzzy
integer issue-date-of-the-visa ja3-fingerprint-md5 ja3s-fingerprint-md5 jarm-fingerprint jabber-id
kusto-query last-name mac-eui-64 malware-type middle-name mime-type mobile-application-id
nationality passenger-name-record-locator-number passport-country passport-expiration passport-number
pattern-in-file pattern-in-memory pattern-in-traffic payment-details pdb pehash pgp-private-key
pgp-public-key phone-number place-of-birth place-port-of-clearance place-port-of-onward-foreign-destination
place-port-of-original-embarkation primary-residence process-state prtn redress-number sha512/224
sha512/256 size-in-bytes special-service-request ssh-fingerprint target-email target-external
target-location target-machine target-org target-user telfhash travel-details twitter-id vhash
visa-number weakness whois-creation-date whois-registrant-email whois-registrant-name
whois-registrant-org whois-registrant-phone whois-registrar windows-scheduled-task
windows-service-displayname windows-service-name xmr zeek azure-application-id cdhash dom-hash
onion-address`
  .split(/\s+/)
  .concat(['named pipe']);
const KNOWN_UNMAPPED = new Set(OTHER_KNOWN);

const SPECIAL: Readonly<Record<string, AttributeMapping>> = {
  link: { kind: 'link' },
  text: { kind: 'note' },
  comment: { kind: 'note' },
  other: { kind: 'note' },
  vulnerability: { kind: 'vulnerability' },
  'threat-actor': { kind: 'intrusion-set' },
  'campaign-name': { kind: 'campaign' },
};

/** What a MISP attribute type becomes; undefined for a type MISP does not have. */
export function attributeMapping(type: string): AttributeMapping | undefined {
  const special = SPECIAL[type];
  if (special !== undefined) return special;
  const patternType = PATTERN_TYPES[type];
  if (patternType !== undefined) return { kind: 'pattern', patternType };
  // hostname|port has a pattern but no observable form; the table says so per value.
  if (observableTypeSpec(type) !== undefined) return { kind: 'observable' };
  if (KNOWN_UNMAPPED.has(type)) return { kind: 'unmapped', reason: REASONS[type] ?? `MISP type ${type} has no STIX 2.1 equivalent here` };
  return undefined;
}

/** MISP's default category per type (describeTypes.json sane_defaults), for export. */
const DEFAULT_CATEGORY: Readonly<Record<string, string>> = {
  'ip-dst': 'Network activity',
  'ip-src': 'Network activity',
  'ip-dst|port': 'Network activity',
  'ip-src|port': 'Network activity',
  'hostname|port': 'Network activity',
  domain: 'Network activity',
  'domain|ip': 'Network activity',
  hostname: 'Network activity',
  url: 'Network activity',
  uri: 'Network activity',
  AS: 'Network activity',
  'mac-address': 'Network activity',
  'user-agent': 'Network activity',
  port: 'Network activity',
  snort: 'Network activity',
  'x509-fingerprint-md5': 'Network activity',
  'x509-fingerprint-sha1': 'Network activity',
  'x509-fingerprint-sha256': 'Network activity',
  link: 'External analysis',
  vulnerability: 'External analysis',
  attachment: 'External analysis',
  mutex: 'Artifacts dropped',
  pdb: 'Artifacts dropped',
  regkey: 'Persistence mechanism',
  'regkey|value': 'Persistence mechanism',
  yara: 'Payload installation',
  sigma: 'Payload installation',
  'stix2-pattern': 'Payload installation',
  text: 'Other',
  comment: 'Other',
  other: 'Other',
  'threat-actor': 'Attribution',
  'campaign-name': 'Attribution',
  btc: 'Financial fraud',
  xmr: 'Financial fraud',
};

export function defaultCategory(type: string): string {
  // Hashes, file names, email fields and the rest default to Payload delivery in MISP.
  return DEFAULT_CATEGORY[type] ?? 'Payload delivery';
}
