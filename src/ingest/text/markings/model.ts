// Classification markings as plain data, and the roll-up of portions into a banner.
// This is a local stand-in for src/domain/markings (owned elsewhere): it implements only
// what text extraction needs, following design/DOMAIN.md §2 "Combining portions", so the
// domain module can replace `combine` and `render` later without touching the parsers.

export type Classification = 'U' | 'C' | 'S' | 'TS';

export interface ParsedMarking {
  readonly classification: Classification;
  /** Normalised controls other than REL TO: SI, TK, HCS, NOFORN, ORCON, FOUO, LES, RELIDO… */
  readonly controls: readonly string[];
  /** REL TO countries (ISO 3166 alpha-3, USA first, tetragraphs kept as written), or null. */
  readonly relTo: readonly string[] | null;
}

const RANK: Readonly<Record<Classification, number>> = { U: 0, C: 1, S: 2, TS: 3 };
const NAMES: Readonly<Record<Classification, string>> = { U: 'UNCLASSIFIED', C: 'CONFIDENTIAL', S: 'SECRET', TS: 'TOP SECRET' };

/** DOMAIN.md §2: tetragraphs expand to their member countries. */
const TETRAGRAPHS: Readonly<Record<string, readonly string[]>> = {
  FVEY: ['AUS', 'CAN', 'GBR', 'NZL', 'USA'],
  ACGU: ['AUS', 'CAN', 'GBR', 'USA'],
};

/** Controls that carry to the whole from any portion (DOMAIN.md §2 rule 2). */
const CARRIED = ['SI', 'TK', 'HCS', 'NOFORN', 'ORCON', 'FOUO', 'LES', 'PROPIN', 'IMCON'];
const ORDER = ['SI', 'TK', 'HCS', 'NOFORN', 'ORCON', 'IMCON', 'PROPIN', 'RELIDO', 'FOUO', 'LES'];

export function expandRelTo(countries: readonly string[]): string[] {
  return [...new Set(countries.flatMap((c) => TETRAGRAPHS[c] ?? [c]))];
}

/** Orders REL TO as marked: USA first, then the rest alphabetically. */
export function orderRelTo(countries: readonly string[]): string[] {
  return [...new Set(countries)].sort((a, b) => (a === 'USA' ? -1 : b === 'USA' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** DOMAIN.md §2 rules 1-4: highest classification; carried controls; REL TO intersection. */
export function combine(portions: readonly ParsedMarking[]): ParsedMarking {
  if (portions.length === 0) return { classification: 'U', controls: [], relTo: null };
  let classification: Classification = 'U';
  for (const p of portions) if (RANK[p.classification] > RANK[classification]) classification = p.classification;
  const controls = new Set<string>();
  for (const p of portions) for (const c of p.controls) if (CARRIED.includes(c)) controls.add(c);
  // Rule 4: RELIDO on the whole only if on every classified portion.
  const classified = portions.filter((p) => p.classification !== 'U');
  if (classified.length > 0 && classified.every((p) => p.controls.includes('RELIDO'))) controls.add('RELIDO');
  // Rule 3: REL TO only if every classified portion is REL TO; unclassified ones do not narrow it.
  let relTo: string[] | null = null;
  if (classified.length > 0 && classified.every((p) => p.relTo !== null) && !controls.has('NOFORN')) {
    relTo = expandRelTo(classified[0]?.relTo ?? []);
    for (const p of classified.slice(1)) {
      const allowed = new Set(expandRelTo(p.relTo ?? []));
      relTo = relTo.filter((c) => allowed.has(c));
    }
    if (relTo.length === 0) {
      relTo = null;
      controls.add('NOFORN');
    } else {
      relTo = orderRelTo(relTo);
    }
  }
  return { classification, controls: ORDER.filter((c) => controls.has(c)).concat([...controls].filter((c) => !ORDER.includes(c))), relTo };
}

/** The banner line for a marking, e.g. "SECRET//NOFORN" or "TOP SECRET//SI//ORCON/NOFORN". */
export function renderBanner(marking: ParsedMarking): string {
  const sci: string[] = marking.controls.filter((c) => c === 'SI' || c === 'TK' || c === 'HCS');
  const dissem = marking.controls.filter((c) => !sci.includes(c)).map((c) => (c === 'FOUO' ? 'FOR OFFICIAL USE ONLY' : c === 'LES' ? 'LAW ENFORCEMENT SENSITIVE' : c));
  if (marking.relTo !== null) dissem.push(`REL TO ${marking.relTo.join(', ')}`);
  return [NAMES[marking.classification], ...(sci.length > 0 ? [sci.join('/')] : []), ...(dissem.length > 0 ? [dissem.join('/')] : [])].join('//');
}

/** The portion mark, e.g. "S//NF" or "TS//SI//OC/NF". */
export function renderPortion(marking: ParsedMarking): string {
  const abbreviations: Readonly<Record<string, string>> = { NOFORN: 'NF', ORCON: 'OC' };
  const sci: string[] = marking.controls.filter((c) => c === 'SI' || c === 'TK' || c === 'HCS');
  const dissem = marking.controls.filter((c) => !sci.includes(c)).map((c) => abbreviations[c] ?? c);
  if (marking.relTo !== null) dissem.push(`REL TO ${marking.relTo.join(', ')}`);
  return [marking.classification, ...(sci.length > 0 ? [sci.join('/')] : []), ...(dissem.length > 0 ? [dissem.join('/')] : [])].join('//');
}
