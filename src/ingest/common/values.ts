// Value kinds of observables and their normalisation. Each normaliser returns the value as
// it goes into a STIX pattern or SCO, or a reason why the raw text is not such a value.
import { isIPv4, isIPv6 } from 'node:net';

export type ValueKind =
  | 'ip'
  | 'domain'
  | 'url'
  | 'email'
  | 'md5'
  | 'sha1'
  | 'sha224'
  | 'sha256'
  | 'sha384'
  | 'sha512'
  | 'sha3-256'
  | 'sha3-512'
  | 'ssdeep'
  | 'tlsh'
  | 'imphash'
  | 'port'
  | 'asn'
  | 'mac'
  | 'size'
  | 'text';

export type NormalizedValue =
  | { readonly ok: true; readonly value: string | number }
  | { readonly ok: false; readonly reason: string };

const HEX_LENGTH: Partial<Record<ValueKind, number>> = {
  md5: 32,
  imphash: 32,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  'sha3-256': 64,
  sha384: 96,
  sha512: 128,
  'sha3-512': 128,
};

export type IpFamily = 4 | 6;

/** 4 or 6 for an IP address with an optional CIDR suffix (STIX 2.1 §6.8, §6.9 allow CIDR), else undefined. */
export function ipFamily(text: string): IpFamily | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefix = slash < 0 ? undefined : text.slice(slash + 1);
  const family: IpFamily | undefined = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (family === undefined) return undefined;
  if (prefix === undefined) return family;
  if (!/^\d{1,3}$/.test(prefix)) return undefined;
  return Number(prefix) <= (family === 4 ? 32 : 128) ? family : undefined;
}

// Labels of letters, digits, hyphen and underscore (seen in real DNS names such as
// `_dmarc`), not starting or ending with a hyphen; internationalised names in Unicode too.
const LABEL = /^(?!-)[\p{L}\p{N}_-]{1,63}(?<!-)$/u;

/** A DNS name of at least two labels whose last label is not all digits (RFC 1123 §2.1). */
function isDomainName(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  const labels = text.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => LABEL.test(label))) return false;
  return !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

const EMAIL = /^[^\s@]+@([^\s@]+)$/u;

function hasControlCharacters(text: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(text);
}

export function normalizeValue(kind: ValueKind, raw: string): NormalizedValue {
  const text = raw.trim();
  if (text.length === 0) return { ok: false, reason: 'empty value' };
  const hexLength = HEX_LENGTH[kind];
  if (hexLength !== undefined) {
    return new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(text)
      ? { ok: true, value: text.toLowerCase() }
      : { ok: false, reason: `not a ${kind} hash (${hexLength} hexadecimal digits)` };
  }
  switch (kind) {
    case 'ip':
      return ipFamily(text) !== undefined
        ? { ok: true, value: text.toLowerCase() }
        : { ok: false, reason: `not an IPv4 or IPv6 address: ${text}` };
    case 'domain': {
      const name = text.toLowerCase().replace(/\.$/, '');
      return isDomainName(name) ? { ok: true, value: name } : { ok: false, reason: `not a domain name: ${text}` };
    }
    case 'url':
      return /\s/.test(text) ? { ok: false, reason: 'a URL has no whitespace' } : { ok: true, value: text };
    case 'email': {
      const domain = EMAIL.exec(text)?.[1];
      return domain !== undefined && (isDomainName(domain.toLowerCase()) || /^\[.+\]$/.test(domain))
        ? { ok: true, value: text }
        : { ok: false, reason: `not an email address: ${text}` };
    }
    case 'ssdeep':
      // ssdeep: blocksize:hash:hash, optionally followed by ,"filename".
      return /^\d+:[0-9A-Za-z/+]+:[0-9A-Za-z/+]+(,.*)?$/.test(text)
        ? { ok: true, value: text }
        : { ok: false, reason: 'not an ssdeep hash (blocksize:hash:hash)' };
    case 'tlsh':
      return /^(T1)?[0-9A-Fa-f]{70}$/.test(text) ? { ok: true, value: text } : { ok: false, reason: 'not a TLSH hash' };
    case 'port': {
      if (!/^\d{1,5}$/.test(text)) return { ok: false, reason: `not a port number: ${text}` };
      const port = Number(text);
      return port <= 65535 ? { ok: true, value: port } : { ok: false, reason: `port out of range: ${text}` };
    }
    case 'asn': {
      const digits = /^(?:AS)?\s*(\d{1,10})$/i.exec(text)?.[1];
      const number = digits === undefined ? NaN : Number(digits);
      return Number.isSafeInteger(number) && number <= 4294967295
        ? { ok: true, value: number }
        : { ok: false, reason: `not an autonomous system number: ${text}` };
    }
    case 'mac': {
      // STIX 2.1 §6.10: colon-delimited, lowercase MAC-48 with leading zeros.
      if (!/^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/.test(text)) return { ok: false, reason: `not a MAC-48 address: ${text}` };
      return { ok: true, value: text.toLowerCase().replace(/-/g, ':') };
    }
    case 'size':
      return /^\d{1,15}$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, reason: `not a size in bytes: ${text}` };
    case 'text':
      return hasControlCharacters(text.replace(/[\r\n\t]/g, ''))
        ? { ok: false, reason: 'control characters in value' }
        : { ok: true, value: text };
    default:
      return { ok: false, reason: `unsupported value kind ${kind}` };
  }
}
