// Values that correlate with everything and so prove nothing (like MISP's warning lists):
// public DNS resolvers, the most popular domains, and address ranges that are not unique
// on the Internet (private, loopback, link-local, shared, multicast, reserved).
// Deliberately NOT listed: the RFC 5737 documentation ranges 192.0.2.0/24, 198.51.100.0/24,
// 203.0.113.0/24 and IPv6 2001:db8::/32 (RFC 3849). Our test data uses them for real
// indicators, and a real feed never carries them by accident.
import { parseIpv4Octets, parseIpv6Groups } from './ip.ts';
import type { NormalObservable } from './normalise.ts';
import { urlHost } from './url.ts';

export interface WarningList {
  /** Exact canonical IP addresses (public resolvers). */
  readonly addresses: ReadonlyMap<string, string>;
  /** CIDR blocks in canonical text, with the reason shown to the analyst. */
  readonly ranges: readonly { readonly cidr: string; readonly reason: string }[];
  /** Canonical domains; their subdomains are covered too. */
  readonly domains: ReadonlySet<string>;
}

const RESOLVERS: readonly [string, string][] = [
  ['8.8.8.8', 'Google Public DNS'],
  ['8.8.4.4', 'Google Public DNS'],
  ['2001:4860:4860::8888', 'Google Public DNS'],
  ['2001:4860:4860::8844', 'Google Public DNS'],
  ['1.1.1.1', 'Cloudflare DNS'],
  ['1.0.0.1', 'Cloudflare DNS'],
  ['2606:4700:4700::1111', 'Cloudflare DNS'],
  ['2606:4700:4700::1001', 'Cloudflare DNS'],
  ['9.9.9.9', 'Quad9 DNS'],
  ['149.112.112.112', 'Quad9 DNS'],
  ['2620:fe::fe', 'Quad9 DNS'],
  ['2620:fe::9', 'Quad9 DNS'],
  ['208.67.222.222', 'OpenDNS'],
  ['208.67.220.220', 'OpenDNS'],
  ['94.140.14.14', 'AdGuard DNS'],
  ['94.140.15.15', 'AdGuard DNS'],
  ['64.6.64.6', 'Verisign Public DNS'],
  ['64.6.65.6', 'Verisign Public DNS'],
];

const RANGES: readonly { cidr: string; reason: string }[] = [
  { cidr: '0.0.0.0/8', reason: 'this-network range (RFC 791)' },
  { cidr: '10.0.0.0/8', reason: 'private range (RFC 1918)' },
  { cidr: '100.64.0.0/10', reason: 'shared address space (RFC 6598)' },
  { cidr: '127.0.0.0/8', reason: 'loopback (RFC 1122)' },
  { cidr: '169.254.0.0/16', reason: 'link-local (RFC 3927)' },
  { cidr: '172.16.0.0/12', reason: 'private range (RFC 1918)' },
  { cidr: '192.168.0.0/16', reason: 'private range (RFC 1918)' },
  { cidr: '224.0.0.0/4', reason: 'multicast (RFC 5771)' },
  { cidr: '240.0.0.0/4', reason: 'reserved (RFC 1112), incl. broadcast' },
  { cidr: '::/128', reason: 'unspecified address (RFC 4291)' },
  { cidr: '::1/128', reason: 'loopback (RFC 4291)' },
  { cidr: 'fc00::/7', reason: 'unique local range (RFC 4193)' },
  { cidr: 'fe80::/10', reason: 'link-local (RFC 4291)' },
  { cidr: 'ff00::/8', reason: 'multicast (RFC 4291)' },
];

const POPULAR_DOMAINS: readonly string[] = [
  'google.com', 'googleapis.com', 'gstatic.com', 'youtube.com', 'gmail.com', 'dns.google',
  'microsoft.com', 'windows.com', 'windowsupdate.com', 'office.com', 'office365.com', 'live.com',
  'outlook.com', 'hotmail.com', 'bing.com', 'msn.com', 'azure.com', 'apple.com', 'icloud.com',
  'amazon.com', 'amazonaws.com', 'cloudfront.net', 'facebook.com', 'fbcdn.net', 'instagram.com',
  'whatsapp.com', 'whatsapp.net', 'twitter.com', 'x.com', 't.co', 'linkedin.com', 'wikipedia.org',
  'yahoo.com', 'cloudflare.com', 'akamai.net', 'akamaiedge.net', 'github.com', 'telegram.org',
  't.me', 'tiktok.com', 'baidu.com', 'yandex.ru', 'mozilla.org', 'localhost',
];

export const DEFAULT_WARNING_LIST: WarningList = {
  addresses: new Map(RESOLVERS),
  ranges: RANGES,
  domains: new Set(POPULAR_DOMAINS),
};

/**
 * Why a value must not create links, or null when it may. A URL is suppressed only when it
 * is the bare root of a popular site: a path there ("docs.google.com/d/…") is specific.
 * Email addresses are never suppressed: a mailbox at gmail.com is one person's.
 */
export function warningListReason(observable: NormalObservable, list: WarningList = DEFAULT_WARNING_LIST): string | null {
  switch (observable.kind) {
    case 'ipv4-addr':
    case 'ipv6-addr': {
      const exact = list.addresses.get(observable.value);
      if (exact !== undefined) return `public DNS resolver (${exact})`;
      for (const range of list.ranges) if (ipInCidr(observable.value, range.cidr)) return range.reason;
      return null;
    }
    case 'domain-name': {
      const parent = listedParent(observable.value, list.domains);
      return parent === null ? null : `popular domain (${parent})`;
    }
    case 'url': {
      const bareRoot = /^[a-z]+:\/\/[^/]+\/$/.test(observable.value);
      const parent = bareRoot ? listedParent(urlHost(observable.value), list.domains) : null;
      return parent === null ? null : `root of a popular domain (${parent})`;
    }
    default:
      return null;
  }
}

/** Whether a canonical address or block lies inside a CIDR block of the same family. */
export function ipInCidr(address: string, cidr: string): boolean {
  const [network, prefixText] = cidr.split('/');
  const [host] = address.split('/');
  if (network === undefined || host === undefined) return false;
  const prefix = Number(prefixText ?? (network.includes(':') ? 128 : 32));
  const a = ipBits(host);
  const b = ipBits(network);
  if (a === null || b === null || a.length !== b.length) return false;
  return a.slice(0, prefix) === b.slice(0, prefix);
}

/** The listed domain that `domain` is or lies under: one set look-up per label, not a scan. */
function listedParent(domain: string, listed: ReadonlySet<string>): string | null {
  const labels = domain.split('.');
  for (let i = 0; i < labels.length; i++) {
    const suffix = labels.slice(i).join('.');
    if (listed.has(suffix)) return suffix;
  }
  return null;
}

// ipInCidr runs for every address against every listed range; parsing each address once
// instead of once per range was ~40% of fusion time. Bounded so hostile input cannot grow it.
const BITS_CACHE_LIMIT = 10_000;
const bitsCache = new Map<string, string | null>();

function ipBits(text: string): string | null {
  const cached = bitsCache.get(text);
  if (cached !== undefined) return cached;
  const bits = parseIpBits(text);
  if (bitsCache.size >= BITS_CACHE_LIMIT) bitsCache.clear();
  bitsCache.set(text, bits);
  return bits;
}

function parseIpBits(text: string): string | null {
  if (text.includes(':')) {
    const groups = parseIpv6Groups(text);
    return groups === null ? null : groups.map((g) => g.toString(2).padStart(16, '0')).join('');
  }
  const octets = parseIpv4Octets(text);
  return octets === null ? null : octets.map((o) => o.toString(2).padStart(8, '0')).join('');
}
