// Phone numbers, normalised to E.164 with libphonenumber's full metadata. A number written
// without its country code takes the country the text ties it to: the caller passes the
// candidate regions for an offset, nearest country cue first ("the Kenyan line 0722 ...").
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { ObservableCandidate } from './types.ts';

const CANDIDATE = /(?<![\w+\-/.:])(?:\+|00)?\(?\d[\d \t().\-]{5,22}\d(?![\w\-/]|\.\d|:\d)/g;
const DATE_LIKE = /^(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4})$/;
const IP_LIKE = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export type RegionHints = (offset: number) => readonly string[];

export function findPhones(text: string, regionsAt: RegionHints): ObservableCandidate[] {
  const found: ObservableCandidate[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const surface = match[0].replace(/[\s.(-]+$/, '');
    const digits = surface.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    if (DATE_LIKE.test(surface) || IP_LIKE.test(surface)) continue;
    const e164 = normalise(surface, regionsAt(match.index));
    if (e164 === null) continue;
    found.push({ start: match.index, end: match.index + surface.length, value: { type: 'phone-number', value: e164 } });
  }
  return found;
}

/** E.164 for a written number, or null when no candidate region makes it a valid number. */
export function normalise(surface: string, regions: readonly string[]): string | null {
  const international = surface.replace(/^00/, '+');
  if (international.startsWith('+')) {
    const parsed = parsePhoneNumberFromString(international);
    return parsed?.isValid() === true ? parsed.number : null;
  }
  for (const region of regions) {
    const parsed = parsePhoneNumberFromString(surface, region.toUpperCase() as CountryCode);
    if (parsed?.isValid() === true) return parsed.number;
  }
  return null;
}
