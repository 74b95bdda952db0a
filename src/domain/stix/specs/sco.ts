// STIX Cyber-observable Objects (STIX 2.1 §6): per-type properties, ID contributing
// properties (§3.4), predefined extensions and co-constraints.

import { has, type JsonObject } from '../json.ts';
import { isIPv4Cidr, isIPv6Cidr, isMacAddress } from '../network-values.ts';
import { childPath } from '../validate/issues.ts';
import { ACCOUNT_TYPE_OV, ENCRYPTION_ALGORITHM_ENUM, WINDOWS_REGISTRY_DATATYPE_ENUM } from '../vocabularies.ts';
import { checkAtLeastOne, checkDependency, checkExclusive, checkTimeOrder } from './checks.ts';
import { SCO_COMMON, SCO_REQUIRED } from './common.ts';
import {
  BINARY, BOOLEAN, defineType, dictionary, either, enumOf, HASHES, HEX, INTEGER, LANG, list, NON_NEGATIVE_INTEGER,
  object, ref, refs, STRING, subObject, TIMESTAMP, integer, vocab,
  type Ctx, type ObjectCheck, type ObjectSpec, type PropEntry, type TypeSpec,
} from './kinds.ts';
import { SCO_ONLY, typesTarget } from './ref-targets.ts';
import {
  ARCHIVE_EXT, extensionMap, HTTP_REQUEST_EXT, ICMP_EXT, NTFS_EXT, PDF_EXT, RASTER_IMAGE_EXT, SOCKET_EXT, TCP_EXT,
  UNIX_ACCOUNT_EXT, WINDOWS_PEBINARY_EXT, WINDOWS_PROCESS_EXT, WINDOWS_SERVICE_EXT,
} from './sco-extensions.ts';

interface ScoOptions {
  readonly required?: readonly string[];
  readonly idContributing: readonly string[];
  readonly check?: ObjectCheck;
  readonly atLeastOneOf?: readonly string[];
  readonly extensions?: ReadonlyMap<string, ObjectSpec>;
}

function sco(name: string, section: string, props: Readonly<Record<string, PropEntry>>, options: ScoOptions): TypeSpec {
  return defineType({
    name, section, category: 'sco', common: SCO_COMMON, commonRequired: SCO_REQUIRED, props,
    required: options.required ?? [],
    idContributing: options.idContributing,
    ...(options.check ? { check: options.check } : {}),
    ...(options.atLeastOneOf ? { atLeastOneOf: options.atLeastOneOf } : {}),
    ...(options.extensions ? { predefinedExtensions: options.extensions } : {}),
  });
}

/** A `value` that MUST have a given format (IP addresses, MAC addresses). */
function valueFormat(valid: (value: string) => boolean, code: string, what: string, section: string): ObjectCheck {
  return (observable, base, ctx) => {
    const value = observable['value'];
    if (typeof value === 'string' && !valid(value)) {
      ctx.sink.error(childPath(base, 'value'), code, `"${value}" is not ${what} (§${section})`);
    }
  };
}

const FILE_OR_DIRECTORY = typesTarget('file', 'directory');
const EMAIL_ADDR = typesTarget('email-addr');
const ARTIFACT = typesTarget('artifact');
const USER_ACCOUNT = typesTarget('user-account');
const NETWORK_TRAFFIC = typesTarget('network-traffic');
const ADDRESS = typesTarget('ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name');

export const ARTIFACT_SPEC = sco('artifact', '6.1', {
  mime_type: STRING, payload_bin: BINARY, url: STRING, hashes: HASHES, encryption_algorithm: enumOf(ENCRYPTION_ALGORITHM_ENUM),
  decryption_key: STRING,
}, {
  idContributing: ['hashes', 'payload_bin'],
  check: (artifact, base, ctx) => {
    // §6.1: "One of payload_bin or url MUST be provided"; each MUST NOT be present with the other.
    checkAtLeastOne(artifact, base, ctx, ['payload_bin', 'url'], '6.1');
    checkExclusive(artifact, base, ctx, 'payload_bin', 'url', '6.1.1');
    // §6.1.1: hashes "MUST be present when the url property is present".
    checkDependency(artifact, base, ctx, 'url', 'hashes', '6.1.1');
    // §6.1.1: decryption_key "MUST NOT be present when the encryption_algorithm property is absent".
    checkDependency(artifact, base, ctx, 'decryption_key', 'encryption_algorithm', '6.1.1');
  },
});

export const AUTONOMOUS_SYSTEM = sco('autonomous-system', '6.2', {
  number: INTEGER, name: STRING, rir: STRING,
}, { required: ['number'], idContributing: ['number'] });

export const DIRECTORY = sco('directory', '6.3', {
  path: STRING, path_enc: STRING, ctime: TIMESTAMP, mtime: TIMESTAMP, atime: TIMESTAMP, contains_refs: refs(FILE_OR_DIRECTORY),
}, { required: ['path'], idContributing: ['path'] });

export const DOMAIN_NAME = sco('domain-name', '6.4', {
  value: STRING, resolves_to_refs: refs(typesTarget('ipv4-addr', 'ipv6-addr', 'domain-name')),
}, { required: ['value'], idContributing: ['value'] });

export const EMAIL_ADDR_SPEC = sco('email-addr', '6.5', {
  value: STRING, display_name: STRING, belongs_to_ref: ref(USER_ACCOUNT),
}, { required: ['value'], idContributing: ['value'] });

const EMAIL_MIME_PART = subObject({
  name: 'email-mime-part-type', section: '6.6.2',
  props: { body: STRING, body_raw_ref: ref(typesTarget('artifact', 'file')), content_type: STRING, content_disposition: STRING },
  // §6.6.2: "One of body OR body_raw_ref MUST be included."
  atLeastOneOf: ['body', 'body_raw_ref'],
});

function checkEmailMessage(message: JsonObject, base: string, ctx: Ctx): void {
  // §6.6.1: body "MUST NOT be used if is_multipart is true"; body_multipart "MUST NOT be used if is_multipart is false".
  const multipart = message['is_multipart'];
  if (multipart === true && has(message, 'body')) {
    ctx.sink.error(childPath(base, 'body'), 'multipart-mismatch', 'body MUST NOT be used when is_multipart is true (§6.6.1)');
  }
  if (multipart === false && has(message, 'body_multipart')) {
    ctx.sink.error(childPath(base, 'body_multipart'), 'multipart-mismatch', 'body_multipart MUST NOT be used when is_multipart is false (§6.6.1)');
  }
}

export const EMAIL_MESSAGE = sco('email-message', '6.6', {
  is_multipart: BOOLEAN, date: TIMESTAMP, content_type: STRING, from_ref: ref(EMAIL_ADDR), sender_ref: ref(EMAIL_ADDR),
  to_refs: refs(EMAIL_ADDR), cc_refs: refs(EMAIL_ADDR), bcc_refs: refs(EMAIL_ADDR), message_id: STRING, subject: STRING,
  received_lines: list(STRING), additional_header_fields: dictionary(list(STRING)), body: STRING,
  body_multipart: list(object(EMAIL_MIME_PART)), raw_email_ref: ref(ARTIFACT),
}, { required: ['is_multipart'], idContributing: ['from_ref', 'subject', 'body'], check: checkEmailMessage });

export const FILE = sco('file', '6.7', {
  hashes: HASHES, size: NON_NEGATIVE_INTEGER, name: STRING, name_enc: STRING, magic_number_hex: HEX, mime_type: STRING,
  ctime: TIMESTAMP, mtime: TIMESTAMP, atime: TIMESTAMP, parent_directory_ref: ref(typesTarget('directory')),
  contains_refs: refs(SCO_ONLY), content_ref: ref(ARTIFACT),
}, {
  idContributing: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  // §6.7: "A File object MUST contain at least one of hashes or name."
  atLeastOneOf: ['hashes', 'name'],
  extensions: extensionMap(ARCHIVE_EXT, NTFS_EXT, PDF_EXT, RASTER_IMAGE_EXT, WINDOWS_PEBINARY_EXT),
});

export const IPV4_ADDR = sco('ipv4-addr', '6.8', {
  value: STRING, resolves_to_refs: refs(typesTarget('mac-addr')), belongs_to_refs: refs(typesTarget('autonomous-system')),
}, {
  required: ['value'], idContributing: ['value'],
  check: valueFormat(isIPv4Cidr, 'invalid-ip-address', 'an IPv4 address in CIDR notation', '6.8.1'),
});

export const IPV6_ADDR = sco('ipv6-addr', '6.9', {
  value: STRING, resolves_to_refs: refs(typesTarget('mac-addr')), belongs_to_refs: refs(typesTarget('autonomous-system')),
}, {
  required: ['value'], idContributing: ['value'],
  check: valueFormat(isIPv6Cidr, 'invalid-ip-address', 'an IPv6 address in CIDR notation', '6.9.1'),
});

export const MAC_ADDR = sco('mac-addr', '6.10', { value: STRING }, {
  required: ['value'], idContributing: ['value'],
  check: valueFormat(isMacAddress, 'invalid-mac-address', 'a colon-delimited, lowercase MAC-48 address', '6.10.1'),
});

export const MUTEX = sco('mutex', '6.11', { name: STRING }, { required: ['name'], idContributing: ['name'] });

function checkNetworkTraffic(traffic: JsonObject, base: string, ctx: Ctx): void {
  checkTimeOrder(traffic, base, ctx, 'start', 'end', false, '6.12.1');
  // §6.12.1: "If the is_active property is true, then the end property MUST NOT be included."
  if (traffic['is_active'] === true && has(traffic, 'end')) {
    ctx.sink.error(childPath(base, 'end'), 'mutually-exclusive', 'end MUST NOT be present when is_active is true (§6.12.1)');
  }
  // §6.12: "MUST contain the protocols property and at least one of the src_ref or dst_ref properties".
  checkAtLeastOne(traffic, base, ctx, ['src_ref', 'dst_ref'], '6.12');
}

const PORT = integer(0, 65535);

export const NETWORK_TRAFFIC_SPEC = sco('network-traffic', '6.12', {
  start: TIMESTAMP, end: TIMESTAMP, is_active: BOOLEAN, src_ref: ref(ADDRESS), dst_ref: ref(ADDRESS), src_port: PORT,
  dst_port: PORT, protocols: list(STRING), src_byte_count: NON_NEGATIVE_INTEGER, dst_byte_count: NON_NEGATIVE_INTEGER,
  src_packets: NON_NEGATIVE_INTEGER, dst_packets: NON_NEGATIVE_INTEGER,
  ipfix: dictionary(either('an integer or a string', INTEGER, STRING)), src_payload_ref: ref(ARTIFACT),
  dst_payload_ref: ref(ARTIFACT), encapsulates_refs: refs(NETWORK_TRAFFIC), encapsulated_by_ref: ref(NETWORK_TRAFFIC),
}, {
  required: ['protocols'],
  idContributing: ['start', 'end', 'src_ref', 'dst_ref', 'src_port', 'dst_port', 'protocols', 'extensions'],
  check: checkNetworkTraffic,
  extensions: extensionMap(HTTP_REQUEST_EXT, ICMP_EXT, SOCKET_EXT, TCP_EXT),
});

const PROCESS_PROPS = {
  is_hidden: BOOLEAN, pid: INTEGER, created_time: TIMESTAMP, cwd: STRING, command_line: STRING,
  environment_variables: dictionary(STRING), opened_connection_refs: refs(NETWORK_TRAFFIC), creator_user_ref: ref(USER_ACCOUNT),
  image_ref: ref(typesTarget('file')), parent_ref: ref(typesTarget('process')), child_refs: refs(typesTarget('process')),
};

export const PROCESS = sco('process', '6.13', PROCESS_PROPS, {
  // §6.13: "Since all properties on this object are optional, please use a UUIDv4".
  idContributing: [],
  // §6.13: "MUST contain at least one property (other than type) from this object (or one of its extensions)".
  atLeastOneOf: [...Object.keys(PROCESS_PROPS), 'extensions'],
  extensions: extensionMap(WINDOWS_PROCESS_EXT, WINDOWS_SERVICE_EXT),
});

export const SOFTWARE = sco('software', '6.14', {
  name: STRING, cpe: STRING, swid: STRING, languages: list(LANG), vendor: STRING, version: STRING,
}, { required: ['name'], idContributing: ['name', 'cpe', 'swid', 'vendor', 'version'] });

export const URL_SPEC = sco('url', '6.15', { value: STRING }, { required: ['value'], idContributing: ['value'] });

const USER_ACCOUNT_PROPS = {
  user_id: STRING, credential: STRING, account_login: STRING, account_type: vocab(ACCOUNT_TYPE_OV), display_name: STRING,
  is_service_account: BOOLEAN, is_privileged: BOOLEAN, can_escalate_privs: BOOLEAN, is_disabled: BOOLEAN,
  account_created: TIMESTAMP, account_expires: TIMESTAMP, credential_last_changed: TIMESTAMP,
  account_first_login: TIMESTAMP, account_last_login: TIMESTAMP,
};

export const USER_ACCOUNT_SPEC = sco('user-account', '6.16', USER_ACCOUNT_PROPS, {
  idContributing: ['account_type', 'user_id', 'account_login'],
  // §6.16: "at least one of the properties defined below MUST be included".
  atLeastOneOf: Object.keys(USER_ACCOUNT_PROPS),
  extensions: extensionMap(UNIX_ACCOUNT_EXT),
});

const REGISTRY_VALUE = subObject({
  name: 'windows-registry-value-type', section: '6.17.2',
  props: { name: STRING, data: STRING, data_type: enumOf(WINDOWS_REGISTRY_DATATYPE_ENUM) },
  atLeastOneOf: ['name', 'data', 'data_type'],
});

/** Abbreviated hive names; §6.17.1: "The hive portion of the key MUST be fully expanded and not truncated". */
const ABBREVIATED_HIVES: ReadonlySet<string> = new Set(['hklm', 'hkcu', 'hkcr', 'hku', 'hkcc', 'hkpd', 'hkdd']);

const REGISTRY_KEY_PROPS = {
  key: STRING, values: list(object(REGISTRY_VALUE)), modified_time: TIMESTAMP, creator_user_ref: ref(USER_ACCOUNT),
  number_of_subkeys: INTEGER,
};

export const WINDOWS_REGISTRY_KEY = sco('windows-registry-key', '6.17', REGISTRY_KEY_PROPS, {
  idContributing: ['key', 'values'],
  atLeastOneOf: Object.keys(REGISTRY_KEY_PROPS),
  check: (registryKey, base, ctx) => {
    const key = registryKey['key'];
    if (typeof key !== 'string') return;
    const separator = key.indexOf('\\');
    const hive = (separator < 0 ? key : key.slice(0, separator)).toLowerCase();
    if (ABBREVIATED_HIVES.has(hive)) {
      ctx.sink.error(childPath(base, 'key'), 'invalid-registry-hive', `the hive of "${key}" MUST be fully expanded, e.g. HKEY_LOCAL_MACHINE instead of HKLM (§6.17.1)`);
    }
  },
});

const X509_V3_EXTENSION_PROPS = {
  basic_constraints: STRING, name_constraints: STRING, policy_constraints: STRING, key_usage: STRING,
  extended_key_usage: STRING, subject_key_identifier: STRING, authority_key_identifier: STRING,
  subject_alternative_name: STRING, issuer_alternative_name: STRING, subject_directory_attributes: STRING,
  crl_distribution_points: STRING, inhibit_any_policy: STRING, private_key_usage_period_not_before: TIMESTAMP,
  private_key_usage_period_not_after: TIMESTAMP, certificate_policies: STRING, policy_mappings: STRING,
};

const X509_V3_EXTENSIONS = subObject({
  name: 'x509-v3-extensions-type', section: '6.18.2',
  props: X509_V3_EXTENSION_PROPS,
  atLeastOneOf: Object.keys(X509_V3_EXTENSION_PROPS),
});

const X509_PROPS = {
  is_self_signed: BOOLEAN, hashes: HASHES, version: STRING, serial_number: STRING, signature_algorithm: STRING,
  issuer: STRING, validity_not_before: TIMESTAMP, validity_not_after: TIMESTAMP, subject: STRING,
  subject_public_key_algorithm: STRING, subject_public_key_modulus: STRING, subject_public_key_exponent: INTEGER,
  x509_v3_extensions: object(X509_V3_EXTENSIONS),
};

export const X509_CERTIFICATE = sco('x509-certificate', '6.18', X509_PROPS, {
  idContributing: ['hashes', 'serial_number'],
  // §6.18: "MUST contain at least one object specific property (other than type)".
  atLeastOneOf: Object.keys(X509_PROPS),
});

export const SCO_SPECS: readonly TypeSpec[] = [
  ARTIFACT_SPEC, AUTONOMOUS_SYSTEM, DIRECTORY, DOMAIN_NAME, EMAIL_ADDR_SPEC, EMAIL_MESSAGE, FILE, IPV4_ADDR, IPV6_ADDR,
  MAC_ADDR, MUTEX, NETWORK_TRAFFIC_SPEC, PROCESS, SOFTWARE, URL_SPEC, USER_ACCOUNT_SPEC, WINDOWS_REGISTRY_KEY,
  X509_CERTIFICATE,
];
