// Value formats of the network SCOs: IPv4/IPv6 addresses in CIDR notation (§6.8, §6.9) and
// MAC-48 addresses (§6.10). Parsed by hand, no regular expressions.

function parseDecimal(text: string, start: number, end: number, max: number): number {
  if (end <= start || end - start > 3) return -1;
  // No leading zeros ("01"): they are ambiguous (octal in some parsers).
  if (end - start > 1 && text.charCodeAt(start) === 48) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value <= max ? value : -1;
}

function isDottedQuad(text: string, start: number, end: number): boolean {
  let octets = 0;
  let octetStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 46) continue;
    if (parseDecimal(text, octetStart, i, 255) < 0) return false;
    octets++;
    octetStart = i + 1;
  }
  return octets === 4;
}

/** The index of '/' or the text length; -1 when the prefix length is not 0..maxPrefix. */
function addressEnd(text: string, maxPrefix: number): number {
  const slash = text.indexOf('/');
  if (slash < 0) return text.length;
  return parseDecimal(text, slash + 1, text.length, maxPrefix) < 0 ? -1 : slash;
}

/** An IPv4 address with an optional CIDR prefix length, e.g. `10.2.4.5/24` (§6.8). */
export function isIPv4Cidr(text: string): boolean {
  const end = addressEnd(text, 32);
  return end > 0 && isDottedQuad(text, 0, end);
}

function isHexGroup(text: string, start: number, end: number): boolean {
  if (end <= start || end - start > 4) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/**
 * Counts the 16-bit groups in `text[start..end)`, colon-separated and non-empty; an embedded
 * dotted IPv4 address may end the range (RFC 4291 §2.2 form 3) and counts as two. -1 if invalid.
 */
function countGroups(text: string, start: number, end: number, ipv4Last: boolean): number {
  if (start === end) return 0;
  let groups = 0;
  let groupStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 58) continue;
    if (isHexGroup(text, groupStart, i)) {
      groups++;
    } else if (ipv4Last && i === end && isDottedQuad(text, groupStart, end)) {
      groups += 2;
    } else {
      return -1;
    }
    groupStart = i + 1;
  }
  return groups;
}

/** An IPv6 address (RFC 4291 §2.2 text forms) with an optional CIDR prefix length (§6.9). */
export function isIPv6Cidr(text: string): boolean {
  const end = addressEnd(text, 128);
  if (end <= 0) return false;
  const gap = text.indexOf('::');
  if (gap < 0 || gap >= end) return countGroups(text, 0, end, true) === 8;
  if (text.indexOf('::', gap + 1) >= 0 && text.indexOf('::', gap + 1) < end) return false;
  const head = countGroups(text, 0, gap, false);
  const tail = countGroups(text, gap + 2, end, true);
  return head >= 0 && tail >= 0 && head + tail <= 7;
}

/** A colon-delimited, lowercase MAC-48 address with leading zeros, e.g. `00:00:ab:cd:ef:01` (§6.10). */
export function isMacAddress(text: string): boolean {
  if (text.length !== 17) return false;
  for (let i = 0; i < 17; i++) {
    const c = text.charCodeAt(i);
    if (i % 3 === 2) {
      if (c !== 58) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) {
      return false;
    }
  }
  return true;
}
