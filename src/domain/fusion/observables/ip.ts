// Canonical text for IP addresses, so that one address written two ways correlates:
// IPv4 without leading zeros, IPv6 in the RFC 5952 form, IPv4-mapped IPv6 as plain IPv4.
// STIX 2.1 §6.6/§6.7 allow CIDR blocks in `value`; blocks are kept as network/prefix.

export type IpVersion = 4 | 6;

export interface CanonicalIp {
  readonly version: IpVersion;
  /** Dotted quad or RFC 5952 text, with `/prefix` for a block other than a single host. */
  readonly text: string;
}

/** Parses an IPv4 address or block; null when it is not one. */
export function canonicalIpv4(input: string): CanonicalIp | null {
  const [address, prefixText, extra] = input.trim().split('/');
  if (address === undefined || extra !== undefined) return null;
  const octets = parseIpv4Octets(address);
  if (octets === null) return null;
  const prefix = parsePrefix(prefixText, 32);
  if (prefix === null) return null;
  const masked = maskBytes(octets, prefix);
  const text = masked.join('.');
  return { version: 4, text: prefix === 32 ? text : `${text}/${prefix}` };
}

/** Parses an IPv6 address or block (brackets and zone ids tolerated); null when it is not one. */
export function canonicalIpv6(input: string): CanonicalIp | null {
  let body = input.trim();
  if (body.startsWith('[')) {
    const close = body.indexOf(']');
    if (close < 0) return null;
    body = body.slice(1, close) + body.slice(close + 1);
  }
  const [withZone, prefixText, extra] = body.split('/');
  if (withZone === undefined || extra !== undefined) return null;
  // A zone id (`%eth0`) names an interface on the sender's host, not part of the address.
  const address = withZone.split('%')[0] ?? '';
  const groups = parseIpv6Groups(address);
  if (groups === null) return null;
  const prefix = parsePrefix(prefixText, 128);
  if (prefix === null) return null;
  if (isIpv4Mapped(groups) && (prefix === 128 || prefix >= 96)) {
    // ::ffff:a.b.c.d is the IPv4 host a.b.c.d seen through a dual-stack socket (RFC 4291 §2.5.5.2).
    const octets = [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff];
    return canonicalIpv4(prefix === 128 ? octets.join('.') : `${octets.join('.')}/${prefix - 96}`);
  }
  const masked = maskGroups(groups, prefix);
  const text = formatIpv6(masked);
  return { version: 6, text: prefix === 128 ? text : `${text}/${prefix}` };
}

/** Either family: tries IPv4 first, then IPv6. */
export function canonicalIp(input: string): CanonicalIp | null {
  return canonicalIpv4(input) ?? canonicalIpv6(input);
}

/** The 4 bytes of a dotted quad; leading zeros are read as decimal padding ("010" = 10), as feeds mean it. */
export function parseIpv4Octets(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    octets.push(value);
  }
  return octets;
}

/** The 8 16-bit groups of an IPv6 address, with `::` expanded and a dotted IPv4 tail folded in. */
export function parseIpv6Groups(text: string): number[] | null {
  if (text === '' || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  let head = text;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const octets = parseIpv4Octets(text.slice(lastColon + 1));
    if (octets === null) return null;
    tail.push((octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!);
    head = text.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::", "64:ff9b::1.2.3.4" leaves "64:ff9b::"; a single trailing colon is not allowed.
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const parseSide = (side: string): number[] | null => {
    if (side === '') return [];
    const out: number[] = [];
    for (const group of side.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
      out.push(parseInt(group, 16));
    }
    return out;
  };
  const left = parseSide(halves[0] ?? '');
  const right = halves.length === 2 ? parseSide(halves[1] ?? '') : [];
  if (left === null || right === null) return null;
  const explicit = left.length + right.length + tail.length;
  if (halves.length === 2) {
    if (explicit > 7) return null;
    return [...left, ...new Array<number>(8 - explicit).fill(0), ...right, ...tail];
  }
  return explicit === 8 ? [...left, ...tail] : null;
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run (>= 2) of zero groups as `::`, first on ties. */
export function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}

function isIpv4Mapped(groups: readonly number[]): boolean {
  return groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
}

function parsePrefix(text: string | undefined, max: number): number | null {
  if (text === undefined) return max;
  if (!/^\d{1,3}$/.test(text)) return null;
  const prefix = Number(text);
  return prefix <= max ? prefix : null;
}

function maskBytes(bytes: readonly number[], prefix: number): number[] {
  return bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
}

function maskGroups(groups: readonly number[], prefix: number): number[] {
  return groups.map((group, i) => {
    const keep = Math.max(0, Math.min(16, prefix - i * 16));
    return group & ((0xffff << (16 - keep)) & 0xffff);
  });
}
