// Observable types, named as MISP names its attribute types (the richest shared vocabulary
// of indicator types), and how each becomes STIX: the comparisons of an indicator pattern
// and, where STIX has one, the SCO form. The MISP and CSV importers both read this table.
import { parsePath, type Comparison, type ObjectPath, renderPath } from './pattern.ts';
import { ipFamily, normalizeValue, type ValueKind } from './values.ts';

export interface ComponentSpec {
  /** Object path in pattern syntax; `{ip}` stands for ipv4-addr or ipv6-addr by the value. */
  readonly path: string;
  readonly kind: ValueKind;
}

export interface ObservableTypeSpec {
  /** One component per `|`-separated part of the value (MISP composite types). */
  readonly components: readonly ComponentSpec[];
  /**
   * The SCO form when it differs from the pattern's paths (an `email-src` pattern looks at
   * the message's sender, its observable is the address), or why there is none.
   */
  readonly observe?: readonly ComponentSpec[] | { readonly none: string };
}

const c = (path: string, kind: ValueKind): ComponentSpec => ({ path, kind });
const one = (path: string, kind: ValueKind, observe?: ObservableTypeSpec['observe']): ObservableTypeSpec =>
  observe === undefined ? { components: [c(path, kind)] } : { components: [c(path, kind)], observe };

// STIX 2.1 §10.7 hash-algorithm-ov names; SHA-224/SHA-384 are outside the vocabulary, which
// is open, and valid dictionary keys (§2.7).
const HASHES: readonly (readonly [string, ValueKind, string])[] = [
  ['md5', 'md5', 'MD5'],
  ['sha1', 'sha1', 'SHA-1'],
  ['sha224', 'sha224', 'SHA-224'],
  ['sha256', 'sha256', 'SHA-256'],
  ['sha384', 'sha384', 'SHA-384'],
  ['sha512', 'sha512', 'SHA-512'],
  ['sha3-256', 'sha3-256', 'SHA3-256'],
  ['sha3-512', 'sha3-512', 'SHA3-512'],
  ['ssdeep', 'ssdeep', 'SSDEEP'],
  ['tlsh', 'tlsh', 'TLSH'],
];

const hashPath = (algorithm: string): string => `file:hashes.'${algorithm}'`;
// §6.7.2: the imphash lives in the PE binary extension, whose pe_type is required and which
// a bare hash does not tell.
const NO_PE_TYPE = { none: 'a STIX windows-pebinary-ext needs pe_type, which an imphash alone does not give' };
const EMAIL_ADDR = [c('email-addr:value', 'email')];

function buildTable(): Map<string, ObservableTypeSpec> {
  // Insertion order is the preference order when several types share paths (export).
  const table = new Map<string, ObservableTypeSpec>([
    ['ip-dst', one('{ip}:value', 'ip')],
    ['ip-src', one('{ip}:value', 'ip')],
    ['domain', one('domain-name:value', 'domain')],
    ['hostname', one('domain-name:value', 'domain')],
    ['url', one('url:value', 'url')],
    ['uri', one('url:value', 'url')],
    ['link', one('url:value', 'url')],
    ['email', one('email-addr:value', 'email')],
    ['email-src', one('email-message:from_ref.value', 'email', EMAIL_ADDR)],
    ['email-dst', one('email-message:to_refs[*].value', 'email', EMAIL_ADDR)],
    ['email-reply-to', one("email-message:additional_header_fields.'Reply-To'", 'email', EMAIL_ADDR)],
    ['email-subject', one('email-message:subject', 'text')],
    ['email-body', one('email-message:body', 'text')],
    ['email-x-mailer', one("email-message:additional_header_fields.'X-Mailer'", 'text')],
    ['email-message-id', one("email-message:additional_header_fields.'Message-ID'", 'text')],
    ['email-attachment', one('email-message:body_multipart[*].body_raw_ref.name', 'text', [c('file:name', 'text')])],
    ['filename', one('file:name', 'text')],
    ['attachment', one('file:name', 'text')],
    ['mutex', one('mutex:name', 'text')],
    ['regkey', one('windows-registry-key:key', 'text')],
    ['AS', one('autonomous-system:number', 'asn')],
    ['mac-address', one('mac-addr:value', 'mac')],
    ['imphash', one("file:extensions.'windows-pebinary-ext'.imphash", 'imphash', NO_PE_TYPE)],
    [
      'user-agent',
      one("network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'", 'text', {
        none: 'a STIX http-request-ext needs the request method and value, which a user agent alone does not give',
      }),
    ],
    [
      'port',
      one('network-traffic:dst_port', 'port', { none: 'a STIX network-traffic needs an address, which a port alone does not give' }),
    ],
    ['x509-fingerprint-md5', one("x509-certificate:hashes.'MD5'", 'md5')],
    ['x509-fingerprint-sha1', one("x509-certificate:hashes.'SHA-1'", 'sha1')],
    ['x509-fingerprint-sha256', one("x509-certificate:hashes.'SHA-256'", 'sha256')],
    ['domain|ip', { components: [c('domain-name:value', 'domain'), c('domain-name:resolves_to_refs[*].value', 'ip')] }],
    ['ip-dst|port', { components: [c('network-traffic:dst_ref.value', 'ip'), c('network-traffic:dst_port', 'port')] }],
    ['ip-src|port', { components: [c('network-traffic:src_ref.value', 'ip'), c('network-traffic:src_port', 'port')] }],
    [
      'hostname|port',
      {
        components: [c('network-traffic:dst_ref.value', 'domain'), c('network-traffic:dst_port', 'port')],
        observe: { none: 'a STIX network-traffic needs its protocols, which a host name and port do not give' },
      },
    ],
    ['regkey|value', { components: [c('windows-registry-key:key', 'text'), c('windows-registry-key:values[*].data', 'text')] }],
    ['filename|imphash', { components: [c('file:name', 'text'), c("file:extensions.'windows-pebinary-ext'.imphash", 'imphash')], observe: NO_PE_TYPE }],
  ]);
  for (const [name, kind, algorithm] of HASHES) table.set(name, one(hashPath(algorithm), kind));
  for (const [name, kind, algorithm] of HASHES) {
    table.set(`filename|${name}`, { components: [c('file:name', 'text'), c(hashPath(algorithm), kind)] });
  }
  // MISP's malware-sample is `filename|md5` with the sample attached.
  table.set('malware-sample', { components: [c('file:name', 'text'), c(hashPath('MD5'), 'md5')] });
  return table;
}

const TABLE = buildTable();
const LOWERCASE = new Map([...TABLE.keys()].map((name) => [name.toLowerCase(), name]));

/** Other names people write in a CSV `type` column, mapped to ours. */
const ALIASES: Readonly<Record<string, string>> = {
  ip: 'ip-dst',
  ipv4: 'ip-dst',
  ipv6: 'ip-dst',
  'ipv4-addr': 'ip-dst',
  'ipv6-addr': 'ip-dst',
  'ip-addr': 'ip-dst',
  'ip-address': 'ip-dst',
  ipaddress: 'ip-dst',
  'domain-name': 'domain',
  fqdn: 'domain',
  host: 'hostname',
  'email-addr': 'email',
  'email-address': 'email',
  'e-mail': 'email',
  'sha-1': 'sha1',
  'sha-256': 'sha256',
  'sha-512': 'sha512',
  file: 'filename',
  'file-name': 'filename',
  asn: 'AS',
  'autonomous-system': 'AS',
  mac: 'mac-address',
  'mac-addr': 'mac-address',
  useragent: 'user-agent',
  'registry-key': 'regkey',
  'windows-registry-key': 'regkey',
};

/** Our name for a type name as written (case-insensitive, `_` = `-`), or undefined. */
export function resolveObservableType(name: string): string | undefined {
  const key = name.trim().toLowerCase().replace(/_/g, '-');
  return LOWERCASE.get(key) ?? ALIASES[key];
}

export function observableTypeSpec(name: string): ObservableTypeSpec | undefined {
  return TABLE.get(name);
}

export type ComparisonsResult =
  | { readonly ok: true; readonly comparisons: Comparison[]; readonly kinds: ValueKind[] }
  | { readonly ok: false; readonly code: 'invalid-value' | 'no-observable-form'; readonly message: string };

function splitComposite(raw: string, parts: number): string[] | undefined {
  if (parts === 1) return [raw];
  const bar = raw.indexOf('|');
  // MISP composite values are `left|right`; anything after the first bar is the right part.
  return bar < 0 ? undefined : [raw.slice(0, bar), raw.slice(bar + 1)];
}

function resolvePath(path: string, value: string | number): ObjectPath {
  if (!path.startsWith('{ip}')) return parsePath(path);
  const family = typeof value === 'string' ? ipFamily(value) : undefined;
  return parsePath(path.replace('{ip}', family === 6 ? 'ipv6-addr' : 'ipv4-addr'));
}

/**
 * The comparisons for a value of a type: `pattern` gives an indicator's, `observe` the
 * SCO's. Each part of the value is normalised and checked for its kind.
 */
export function observableComparisons(type: string, raw: string, mode: 'pattern' | 'observe'): ComparisonsResult {
  const spec = TABLE.get(type);
  if (spec === undefined) return { ok: false, code: 'invalid-value', message: `no observable type ${type}` };
  const parts = splitComposite(raw, spec.components.length);
  if (parts === undefined) return { ok: false, code: 'invalid-value', message: `a ${type} value has ${spec.components.length} parts separated by |` };
  let components = spec.components;
  if (mode === 'observe' && spec.observe !== undefined) {
    if ('none' in spec.observe) return { ok: false, code: 'no-observable-form', message: spec.observe.none };
    components = spec.observe;
  }
  const comparisons: Comparison[] = [];
  const kinds: ValueKind[] = [];
  for (const [i, component] of components.entries()) {
    const normalized = normalizeValue(component.kind, parts[i] ?? '');
    if (!normalized.ok) return { ok: false, code: 'invalid-value', message: normalized.reason };
    comparisons.push({ path: resolvePath(component.path, normalized.value), value: normalized.value });
    kinds.push(component.kind);
  }
  return { ok: true, comparisons, kinds };
}

/**
 * The type (and `|`-joined value) whose components are exactly these comparisons, the
 * preferred type first; undefined when no single type fits. Used to export STIX to MISP.
 */
export function matchObservableType(
  comparisons: readonly Comparison[],
  mode: 'pattern' | 'observe',
  preferred?: string,
): { readonly type: string; readonly value: string } | undefined {
  const candidates = preferred !== undefined && TABLE.has(preferred) ? [preferred, ...TABLE.keys()] : [...TABLE.keys()];
  for (const type of candidates) {
    const spec = TABLE.get(type);
    if (spec === undefined) continue;
    const components = mode === 'observe' && spec.observe !== undefined ? spec.observe : spec.components;
    if ('none' in components || components.length !== comparisons.length) continue;
    const used = new Set<number>();
    const values: string[] = [];
    for (const component of components) {
      const index = comparisons.findIndex(
        (comparison, i) =>
          !used.has(i) &&
          renderPath(comparison.path) === renderPath(resolvePath(component.path, comparison.value)) &&
          normalizeValue(component.kind, String(comparison.value)).ok,
      );
      if (index < 0) break;
      used.add(index);
      values.push(String(comparisons[index]?.value));
    }
    if (values.length === components.length) return { type, value: values.join('|') };
  }
  return undefined;
}

const HEX = /^[0-9a-fA-F]+$/;
const HASH_BY_LENGTH: Readonly<Record<number, string>> = { 32: 'md5', 40: 'sha1', 56: 'sha224', 64: 'sha256', 96: 'sha384', 128: 'sha512' };

/**
 * The type of a bare value: URL (has a scheme), IP address, email address, hash (by its
 * hexadecimal length) or domain name; undefined when it is none of these.
 */
export function inferObservableType(raw: string): string | undefined {
  const value = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value)) return 'url';
  if (ipFamily(value) !== undefined) return 'ip-dst';
  if (normalizeValue('email', value).ok) return 'email';
  if (HEX.test(value)) return HASH_BY_LENGTH[value.length];
  if (normalizeValue('domain', value).ok) return 'domain';
  return undefined;
}

/** Undoes the usual defanging of indicators: hxxp, [.], (.), [:], [@], [dot]. */
export function refang(text: string): string {
  return text
    .replace(/^hxxp(s?):\/\//i, 'http$1://')
    .replace(/^fxp:\/\//i, 'ftp://')
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)/gi, '.')
    .replace(/\[:\]/g, ':')
    .replace(/\[@\]|\(at\)|\[at\]/gi, '@');
}
