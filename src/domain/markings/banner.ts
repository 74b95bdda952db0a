// Banner lines: `SECRET//REL TO USA, SYR`, `TOP SECRET//SI//ORCON/NOFORN`, `UNCLASSIFIED`.
// Layout follows the US CAPCO register: classification, then `//`-separated categories (SCI
// and other controls, then dissemination controls), controls in one category joined by `/`,
// dissemination controls in register order ORCON, NOFORN, REL TO, RELIDO, DISPLAY ONLY.
// The parser also reads portion marks (`(S//REL TO USA, FVEY)`, `(TS//SI//OC/NF)`, `(U)`) and
// the other common layout `SECRET//NOFORN//ORCON`.
import { expandCountries, orderCountries } from './countries.ts';
import type { Classification, Marking } from './model.ts';
import { marking, sortedUnique } from './model.ts';

/** Display names of the classification levels (configurable per deployment). */
export type ClassificationNames = Readonly<Record<Classification, string>>;

export const DEFAULT_CLASSIFICATION_NAMES: ClassificationNames = {
  U: 'UNCLASSIFIED',
  C: 'CONFIDENTIAL',
  S: 'SECRET',
  TS: 'TOP SECRET',
};

export interface BannerOptions {
  readonly names?: ClassificationNames;
  /** Listed first in REL TO lines; US convention puts USA first. Default 'USA'. */
  readonly ourCountry?: string;
}

/**
 * Renders the classification banner of a marking. TLP and PAP are rendered separately (see
 * tlp.ts); source protection is never rendered (protected material is excluded, not marked).
 */
export function renderBanner(m: Marking, options: BannerOptions = {}): string {
  const names = options.names ?? DEFAULT_CLASSIFICATION_NAMES;
  const first = options.ourCountry ?? 'USA';
  const parts = [names[m.classification ?? 'U']];
  if (m.otherControls.length > 0) parts.push(m.otherControls.join('/'));
  const dissem: string[] = [];
  if (m.orcon) dissem.push('ORCON');
  if (m.noforn) dissem.push('NOFORN');
  // CAPCO: NOFORN and REL TO never appear together; NOFORN wins. An empty REL TO (portions
  // whose lists share no country) is releasable to no foreign partner: it reads as NOFORN
  // (DOMAIN.md §2 rule 3), never as no control at all.
  if (!m.noforn && m.relTo !== undefined) {
    dissem.push(m.relTo.length > 0 ? `REL TO ${orderCountries(m.relTo, first).join(', ')}` : 'NOFORN');
  }
  if (m.relido) dissem.push('RELIDO');
  if (m.displayOnly) {
    const to = m.displayTo ?? [];
    dissem.push(to.length > 0 ? `DISPLAY ONLY ${orderCountries(to, first).join(', ')}` : 'DISPLAY ONLY');
  }
  if (dissem.length > 0) parts.push(dissem.join('/'));
  return parts.join('//');
}

const ABBREVIATIONS: Readonly<Record<string, Classification>> = { U: 'U', C: 'C', S: 'S', TS: 'TS' };

/** Long forms of controls, read as their register abbreviations. */
const CONTROL_LONG_FORMS: Readonly<Record<string, string>> = {
  'LAW ENFORCEMENT SENSITIVE': 'LES',
  'FOR OFFICIAL USE ONLY': 'FOUO',
  'ORIGINATOR CONTROLLED': 'ORCON',
  'NOT RELEASABLE TO FOREIGN NATIONALS': 'NOFORN',
};

function readClassification(token: string, names: ClassificationNames): Classification | undefined {
  const t = token.trim().toUpperCase();
  const abbreviation = ABBREVIATIONS[t];
  if (abbreviation) return abbreviation;
  for (const level of ['U', 'C', 'S', 'TS'] as const) {
    if (names[level].toUpperCase() === t || DEFAULT_CLASSIFICATION_NAMES[level] === t) return level;
  }
  return undefined;
}

/** Country lists in banners: `USA, GBR` or `USA,GBR`; each entry a trigraph or tetragraph. */
function readCountryList(text: string): string[] | undefined {
  const entries = text.split(',').map((e) => e.trim().toUpperCase()).filter((e) => e !== '');
  if (entries.length === 0) return undefined;
  if (!entries.every((e) => /^[A-Z]{3,4}$/.test(e) || e === 'FIVE EYES')) return undefined;
  return expandCountries(entries);
}

/**
 * Reads a banner or portion mark. Returns undefined when the text is not a banner we can read
 * (no classification first, or a malformed REL TO line). Controls we do not interpret are kept
 * in `otherControls`, so a misspelt control never disappears (the policy withholds on it).
 */
export function parseBanner(text: string, names: ClassificationNames = DEFAULT_CLASSIFICATION_NAMES): Marking | undefined {
  let t = text.trim();
  if (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
  if (t === '') return undefined;
  const categories = t.split('//');
  const classification = readClassification(categories[0] ?? '', names);
  if (classification === undefined) return undefined;
  let noforn = false;
  let orcon = false;
  let relido = false;
  let displayOnly = false;
  let relTo: string[] | undefined;
  let displayTo: string[] | undefined;
  const other: string[] = [];
  for (const category of categories.slice(1)) {
    if (category.trim() === '') return undefined;
    for (const raw of category.split('/')) {
      const spelled = raw.trim().toUpperCase().replace(/\s+/g, ' ');
      const control = CONTROL_LONG_FORMS[spelled] ?? spelled;
      if (control === '') return undefined;
      if (control === 'NOFORN' || control === 'NF') noforn = true;
      else if (control === 'ORCON' || control === 'OC') orcon = true;
      else if (control === 'RELIDO') relido = true;
      else if (control.startsWith('REL TO ') || control === 'REL TO') {
        const list = readCountryList(control.slice('REL TO'.length));
        if (list === undefined) return undefined;
        relTo = relTo ? relTo.filter((c) => list.includes(c)) : list;
      } else if (control === 'REL') {
        return undefined;
      } else if (control === 'DISPLAY ONLY' || control.startsWith('DISPLAY ONLY ')) {
        displayOnly = true;
        const rest = control.slice('DISPLAY ONLY'.length).trim();
        if (rest !== '') {
          const list = readCountryList(rest);
          if (list === undefined) return undefined;
          displayTo = sortedUnique([...(displayTo ?? []), ...list]);
        }
      } else other.push(control);
    }
  }
  // REL TO lists with no country in common leave no foreign reader: that is NOFORN
  // (DOMAIN.md §2 rule 3), and is read as such so it renders and reads back the same.
  if (relTo !== undefined && relTo.length === 0) {
    noforn = true;
    relTo = undefined;
  }
  return marking({
    classification,
    noforn,
    orcon,
    relido,
    displayOnly,
    otherControls: other,
    ...(relTo !== undefined ? { relTo } : {}),
    ...(displayTo !== undefined ? { displayTo } : {}),
  });
}
