// Domain names compare case-insensitively, without the root's trailing dot, and in their
// ASCII (IDNA/punycode) form so "bücher.example" and "xn--bcher-kva.example" are one value
// (RFC 4343 case; RFC 5891 IDNA; STIX 2.1 §6.4 domain-name `value`).
import { domainToASCII } from 'node:url';

/** The canonical ASCII form, or null when the text is not a valid host name. */
export function canonicalDomain(input: string): string | null {
  let text = input.trim().toLowerCase();
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text === '' || text.includes('..') || /[\s/@:]/.test(text)) return null;
  const ascii = domainToASCII(text);
  if (ascii === '') return null;
  return ascii;
}

