// Places and named sites in text, geocoded. A gazetteer hit counts as a place only if it
// reads like one: capitalised, not glued to other capitalised words ("Washington Post",
// "Chicago Police Department", "Michael Jordan"), and either notable on its own (a country,
// a capital, a city of a million) or in a country the text is about (from country names,
// demonyms and notable places), so "Palma" in a Mozambique cable is Palma, Mozambique.
import { isCapitalized } from '../fold.ts';
import { type Claimed, overlapsAny } from '../mention.ts';
import type { Gazetteer, Place } from './gazetteer.ts';
import type { PhraseMatch } from './phrase-index.ts';
import type { LineInfo } from './lines.ts';
import type { Token } from './tokens.ts';

export interface PlaceHit {
  readonly start: number;
  readonly end: number;
  readonly place: Place;
}

const PARTICLES = new Set(['de', 'da', 'do', 'du', 'des', 'del', 'della', 'la', 'le', 'les', 'al', 'el', 'ez', 'es', 'ash', 'an', 'as', 'ad', 'of', 'the', 'and', 'sur', 'e', 'i', 'y', 'bin', 'ibn', 'am', 'im', 'an', 'der', 'van', 'von', 'upon', 'on']);
/** Capitalised words that may stand before a place without making it part of a name. */
const FREE_BEFORE = new Set([
  'in', 'on', 'at', 'to', 'from', 'near', 'into', 'across', 'outside', 'inside', 'around', 'of', 'the', 'and', 'or', 'but', 'for', 'by', 'with',
  'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'central', 'northeast', 'northwest', 'southeast', 'southwest',
  'northeastern', 'northwestern', 'southeastern', 'southwestern', 'upper', 'lower', 'greater', 'rural', 'downtown', 'suburban', 'metropolitan',
  'subject', 're', 'from', 'to', 'cc', 'date', 'location', 'place', 'where', 'while', 'when', 'after', 'before', 'since', 'until', 'both', 'all',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'via', 'between', 'than', 'like', 'as', 'if', 'that', 'this',
]);
const REGION_SUFFIX = /^(?:State|Province|Region|District|Governorate|County|Oblast|Prefecture|Department|Territory)$/;
const LOWER_REGION_SUFFIX = /^(?:state|province|region|district|governorate|county|oblast|prefecture|department|territory)$/;
const TITLES = /^(?:Mr|Mrs|Ms|Dr|Prof|Sir|Lord|Colonel|Col|General|Gen|Major|Maj|Captain|Capt|Lieutenant|Lt|Sergeant|Sgt|President|Minister|Governor|Gov|Senator|Sen|Rep|Judge|Sheikh|Imam|Mullah|Mawlawi|Emir|Rev|Father|Bishop|Pope|King|Queen|Prince|Princess|Det|Officer|Agent|Commander|Cmdr|Chief|Ustadh|Hajji|Haji|Abu|Umm|Ibn|Bin)\.?$/;

const NOTABLE_POPULATION = 1_000_000;

export interface PlaceContext {
  readonly countries: ReadonlySet<string>;
}

/** The gazetteer's raw hits in one text, found once and shared by the steps below. */
export interface GazetteerHits {
  readonly places: readonly PhraseMatch<Place>[];
  readonly sites: readonly PhraseMatch<Place>[];
  readonly demonyms: readonly PhraseMatch<string>[];
}

export function gazetteerHits(text: string, tokens: readonly Token[], gazetteer: Gazetteer): GazetteerHits {
  return { places: gazetteer.places.find(text, tokens), sites: gazetteer.sites.find(text, tokens), demonyms: gazetteer.demonyms.find(text, tokens) };
}

/** Country codes the text is about: country names, demonyms, sites and notable cities. */
export function contextCountries(text: string, tokens: readonly Token[], hits: GazetteerHits, lines: LineInfo, taken: Claimed): Set<string> {
  const found = new Set<string>();
  for (const m of hits.demonyms) {
    if (isCapitalized(text.slice(m.start, m.end))) for (const c of m.entries) found.add(c);
  }
  for (const m of hits.sites) for (const p of m.entries) if (p.country !== null) found.add(p.country);
  for (const m of hits.places) {
    if (overlapsAny(m, taken)) continue;
    const surface = text.slice(m.start, m.end);
    if (!casingFits(surface, lines.isUpper(m.start))) continue;
    const countryHit = m.entries.find((p) => p.kind === 'country');
    if (countryHit !== undefined && countryHit.country !== null && !gluedToName(text, tokens, m.firstToken, m.lastToken)) {
      found.add(countryHit.country);
      continue;
    }
    const notable = m.entries.filter((p) => p.kind === 'city' && (p.capital || p.population >= NOTABLE_POPULATION));
    if (notable.length === 1 && !gluedToName(text, tokens, m.firstToken, m.lastToken)) found.add(notable[0]?.country as string);
  }
  return found;
}

export function findPlaces(
  text: string,
  tokens: readonly Token[],
  hits: GazetteerHits,
  lines: LineInfo,
  taken: Claimed,
  context: PlaceContext,
  personWords: ReadonlySet<string>,
): PlaceHit[] {
  const found: PlaceHit[] = [];
  for (const m of hits.places) {
    if (overlapsAny(m, taken)) continue;
    const surface = text.slice(m.start, m.end);
    const upperLine = lines.isUpper(m.start);
    const dateline = isDateline(text, m.start, m.end, lines);
    if (!dateline && !casingFits(surface, upperLine)) continue;
    if (upperLine && !wholeSegment(text, m.start, m.end, lines)) continue;
    let end = m.end;
    let suffix: 'upper' | 'lower' | null = null;
    const next = tokens[m.lastToken];
    if (next !== undefined && /^[ \t]+$/.test(text.slice(m.end, next.start))) {
      const word = text.slice(next.start, next.end);
      if (REGION_SUFFIX.test(word)) {
        suffix = 'upper';
        end = next.end;
      } else if (LOWER_REGION_SUFFIX.test(word)) suffix = 'lower';
    }
    if (!upperLine && !dateline && suffix !== 'upper' && gluedToName(text, tokens, m.firstToken, m.lastToken)) continue;
    if (!upperLine && precededByTitle(text, tokens, m.firstToken)) continue;
    // "Jordan said": a word the text uses as someone's name is that person, unless "in Jordan".
    if (m.lastToken - m.firstToken === 1 && personWords.has(surface) && !afterLocative(text, tokens, m.firstToken)) continue;
    const place = choose(m.entries, suffix, context);
    if (place === undefined) continue;
    found.push({ start: m.start, end, place });
  }
  return found;
}

function choose(entries: readonly Place[], suffix: 'upper' | 'lower' | null, context: PlaceContext): Place | undefined {
  const inContext = (p: Place): boolean => p.country !== null && context.countries.has(p.country);
  if (suffix !== null) {
    const regions = entries.filter((p) => p.kind === 'region');
    const best = regions.find(inContext) ?? regions[0];
    if (best !== undefined) return best;
  }
  const country = entries.find((p) => p.kind === 'country');
  if (country !== undefined) return country;
  // Transnational regions ("Sahel") need no context.
  const transnational = entries.find((p) => p.country === null);
  if (transnational !== undefined) return transnational;
  const local = entries.filter(inContext);
  if (local.length > 0) {
    // Prefer a city to a same-named region, the curated entry, then the biggest.
    return [...local].sort((a, b) => rank(b) - rank(a))[0];
  }
  const notable = entries.filter((p) => p.kind === 'city' && (p.capital || p.population >= NOTABLE_POPULATION));
  return [...notable].sort((a, b) => b.population - a.population)[0];
}

function rank(p: Place): number {
  return (p.kind === 'city' ? 2e9 : 0) + (p.curated ? 1e9 : 0) + p.population;
}

/** Every significant word capitalised; an all-capitals surface only in an all-capitals line or as an acronym. */
export function casingFits(surface: string, upperLine: boolean): boolean {
  const words = surface.split(/[\s\-‐‑–—]+/).filter((w) => w !== '');
  if (!/\p{Ll}/u.test(surface)) {
    if (upperLine) return true;
    // "USA", "FCT", "DRC": an acronym alias, written as such.
    return words.length === 1 && surface.replace(/[^\p{L}]/gu, '').length <= 4;
  }
  return words.every((w, i) => (i > 0 && PARTICLES.has(w.toLowerCase().replace(/['’]$/, ''))) || /^\p{Lu}/u.test(w) || /^\p{Ll}['’]\p{Lu}/u.test(w));
}

/** A news dateline: a place in capitals opening a line, then a comma ("ABUJA, March 3 —"). */
function isDateline(text: string, start: number, end: number, lines: LineInfo): boolean {
  const surface = text.slice(start, end);
  return /\p{Lu}/u.test(surface) && !/\p{Ll}/u.test(surface) && lines.lineOf(start).start === start && /^,/.test(text.slice(end, end + 1));
}

/** In an all-capitals line, a place must fill a segment between punctuation: "DAMASCUS, July 3". */
function wholeSegment(text: string, start: number, end: number, lines: LineInfo): boolean {
  const line = lines.lineOf(start);
  const before = text.slice(line.start, start);
  const after = text.slice(end, line.end);
  const left = before.replace(/^.*[,;:|/—–()\u2014]\s*/s, '');
  const right = after.replace(/\s*[,;:|/—–()\u2014].*$/s, '');
  return left.trim() === '' && right.trim() === '';
}

/** A capitalised word right before or after (space only) makes the place part of a name. */
export function gluedToName(text: string, tokens: readonly Token[], first: number, last: number): boolean {
  const prev = tokens[first - 1];
  const startTok = tokens[first] as Token;
  if (prev !== undefined && /^[ \t]+$/.test(text.slice(prev.end, startTok.start))) {
    const word = text.slice(prev.start, prev.end);
    if (isCapitalized(word) && !FREE_BEFORE.has(word.toLowerCase()) && !/^\d/.test(word)) return true;
  }
  const next = tokens[last];
  const endTok = tokens[last - 1] as Token;
  if (next !== undefined && /^[ \t]+$/.test(text.slice(endTok.end, next.start))) {
    const word = text.slice(next.start, next.end);
    if (isCapitalized(word) && !FREE_BEFORE.has(word.toLowerCase())) return true;
  }
  return false;
}

function precededByTitle(text: string, tokens: readonly Token[], first: number): boolean {
  const prev = tokens[first - 1];
  if (prev === undefined) return false;
  const gap = text.slice(prev.end, (tokens[first] as Token).start);
  return /^\.?[ \t]+$/.test(gap) && TITLES.test(text.slice(prev.start, prev.end));
}

function afterLocative(text: string, tokens: readonly Token[], first: number): boolean {
  const prev = tokens[first - 1];
  return prev !== undefined && /^(?:in|to|from|into|across|near|of|visited|left|entered|via)$/i.test(text.slice(prev.start, prev.end));
}
