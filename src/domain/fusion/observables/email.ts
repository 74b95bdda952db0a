// Email addresses: the domain part compares as a domain name (case, IDNA; RFC 5321 §2.4).
// RFC 5321 lets the local part be case-sensitive, but no mail provider we know of treats it
// so, and the text extractor lower-cases it: we fold it too, so the same mailbox written
// "John@" and "john@" correlates.
import { canonicalDomain } from './domain.ts';

export function canonicalEmail(input: string): string | null {
  const text = input.trim().replace(/^mailto:/i, '');
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return null;
  const local = text.slice(0, at);
  if (/\s/.test(local)) return null;
  const domain = canonicalDomain(text.slice(at + 1));
  if (domain === null) return null;
  return `${local.toLowerCase()}@${domain}`;
}
