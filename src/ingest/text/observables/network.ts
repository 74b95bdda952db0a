// Network observables by pattern: URLs, email addresses, domains, IPv4 and IPv6 addresses,
// plain or defanged. Values are refanged and normalised as the STIX SCO types expect
// (STIX 2.1 §6.4 domain-name, §6.5 email-addr, §6.6 ipv4-addr, §6.7 ipv6-addr, §6.12 url).
import { isIPv6 } from 'node:net';
import { AT, DOT, SCHEME, refang } from './defang.ts';
import { TLDS } from './tlds.ts';
import type { ObservableCandidate } from './types.ts';

const LABEL = String.raw`[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?`;
const HOST = String.raw`${LABEL}(?:${DOT}${LABEL})*${DOT}[A-Za-z]{2,24}`;
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = String.raw`${OCTET}(?:${DOT}${OCTET}){3}`;

const URL_RE = new RegExp(String.raw`${SCHEME}(?:${HOST}|${IPV4}|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:[/?#][^\s<>"'\u201c\u201d]*)?`, 'g');
const EMAIL_RE = new RegExp(String.raw`(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}${AT}${HOST}`, 'g');
const DOMAIN_RE = new RegExp(String.raw`(?<![\w@.\-/\]\)])${HOST}(?![\w-]|${DOT}[A-Za-z0-9])`, 'g');
const IPV4_RE = new RegExp(String.raw`(?<![\w.\-])${IPV4}(?![\w\-]|\.\d)`, 'g');
const IPV6_RE = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}(?::|\[:\])){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g;

const VERSION_CONTEXT = /\b(?:v|ver|version|build|release|firmware|update|patch)\.?\s*$/i;

export function findUrls(text: string): ObservableCandidate[] {
  const found: ObservableCandidate[] = [];
  for (const match of text.matchAll(URL_RE)) {
    const surface = trimTrailingPunctuation(match[0]);
    const start = match.index;
    found.push({ start, end: start + surface.length, value: { type: 'url', value: refangUrl(surface) } });
  }
  return found;
}

export function findEmails(text: string): ObservableCandidate[] {
  const found: ObservableCandidate[] = [];
  for (const match of text.matchAll(EMAIL_RE)) {
    const surface = trimTrailingPunctuation(match[0]);
    const value = refang(surface).replace(/\s/g, '').toLowerCase();
    if (!hasKnownTld(value)) continue;
    found.push({ start: match.index, end: match.index + surface.length, value: { type: 'email-addr', value } });
  }
  return found;
}

export function findDomains(text: string): ObservableCandidate[] {
  const found: ObservableCandidate[] = [];
  for (const match of text.matchAll(DOMAIN_RE)) {
    const surface = match[0];
    const value = refang(surface).replace(/\s/g, '');
    const labels = value.split('.');
    const tld = labels[labels.length - 1] ?? '';
    // A sentence run together ("Kabul.It") has a capitalised last label; real domains in
    // prose are written lower case, or all upper case in headers.
    if (tld !== tld.toLowerCase() && value !== value.toUpperCase()) continue;
    if (!TLDS.has(tld.toLowerCase())) continue;
    if (/^\d+$/.test(labels[0] ?? '')) continue;
    if (labels.length === 2 && /^(?:e|i|u|a|p|no|vs|etc|al|st|mr|dr|approx)$/i.test(labels[0] ?? '')) continue;
    found.push({ start: match.index, end: match.index + surface.length, value: { type: 'domain-name', value: value.toLowerCase() } });
  }
  return found;
}

export function findIpv4(text: string): ObservableCandidate[] {
  const found: ObservableCandidate[] = [];
  for (const match of text.matchAll(IPV4_RE)) {
    // Version strings ("version 1.2.0.4") look like addresses; the word before tells them apart.
    if (VERSION_CONTEXT.test(text.slice(Math.max(0, match.index - 16), match.index))) continue;
    found.push({ start: match.index, end: match.index + match[0].length, value: { type: 'ipv4-addr', value: refang(match[0]).replace(/\s/g, '') } });
  }
  return found;
}

export function findIpv6(text: string): ObservableCandidate[] {
  const found: ObservableCandidate[] = [];
  for (const match of text.matchAll(IPV6_RE)) {
    const value = match[0].replace(/\[:\]/g, ':');
    const groups = value.split(':').filter((g) => g !== '');
    // "12:30:45" is a time, "::" alone says nothing: want hex letters or many groups.
    if (groups.length < 3 || !isIPv6(value)) continue;
    if (groups.every((g) => /^\d{1,2}$/.test(g))) continue;
    found.push({ start: match.index, end: match.index + match[0].length, value: { type: 'ipv6-addr', value: value.toLowerCase() } });
  }
  return found;
}

function refangUrl(surface: string): string {
  const refanged = refang(surface);
  // Scheme and host are case-insensitive (RFC 3986 §6.2.2.1); the path is not.
  const match = /^([a-z]+:\/\/)([^/?#]*)(.*)$/i.exec(refanged);
  if (match === null) return refanged;
  return `${(match[1] ?? '').toLowerCase()}${(match[2] ?? '').toLowerCase()}${match[3] ?? ''}`;
}

function hasKnownTld(value: string): boolean {
  const tld = value.slice(value.lastIndexOf('.') + 1);
  return TLDS.has(tld);
}

function trimTrailingPunctuation(surface: string): string {
  let end = surface.length;
  while (end > 0 && /[.,;:!?)\]}'"]/.test(surface[end - 1] ?? '')) {
    const ch = surface[end - 1];
    // Keep a closing bracket that closes one opened inside the match, and defang brackets.
    if (ch === ')' && count(surface.slice(0, end), '(') >= count(surface.slice(0, end), ')')) break;
    if (ch === ']' && surface.slice(0, end).endsWith('[.]')) break;
    end--;
  }
  return surface.slice(0, end);
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}
