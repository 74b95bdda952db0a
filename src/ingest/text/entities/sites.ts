// Named sites: entries of our sites list (data/sites.json), and names built like sites — a
// capitalised name before a site word ("Sayyida Zaynab shrine", "Banda Street", "Holy
// Family Minor Basilica"), a site word before a name in French or Spanish style ("Rue de
// la Régence"), optionally with "of <Name>" ("Great Synagogue of Brussels").
import { type Claimed, overlapsAny } from '../mention.ts';
import type { Gazetteer, Place } from './gazetteer.ts';
import { casingFits, type GazetteerHits } from './places.ts';
import type { LineInfo } from './lines.ts';
import type { Token } from './tokens.ts';

export interface SiteHit {
  readonly start: number;
  readonly end: number;
  /** The listed site, or null when the name is built like a site but not in our list. */
  readonly site: Place | null;
  /** Forests and similar are regions, not sites. */
  readonly kind: 'site' | 'region';
}

const HEADS = new Set([
  'shrine', 'mosque', 'masjid', 'church', 'cathedral', 'basilica', 'chapel', 'synagogue', 'temple', 'monastery', 'mausoleum', 'tomb',
  'stadium', 'arena', 'square', 'street', 'avenue', 'road', 'drive', 'boulevard', 'lane', 'highway', 'bridge', 'tower', 'centre', 'center',
  'mall', 'market', 'hotel', 'embassy', 'consulate', 'airport', 'airbase', 'beach', 'site', 'park', 'palace', 'museum', 'hospital', 'university',
  'prison', 'port', 'harbour', 'harbor', 'mine', 'refinery', 'terminal', 'checkpoint', 'compound', 'theatre', 'theater', 'hall', 'field', 'forest',
  'camp', 'base', 'dam', 'plaza', 'station',
]);
/** Heads that must be capitalised to count ("Soldier Field", not "the oil field"). */
const CAPITAL_HEADS = new Set(['field', 'hall', 'base', 'camp', 'station', 'park', 'centre', 'center', 'port', 'tower', 'market', 'dam', 'mine']);
const PREFIX_HEADS = /^(?:Rue|Avenue|Boulevard|Place|Calle|Plaza|Piazza|Via|Avenida|Praça|Rua|Jalan|Sharia|Shari)$/;
const CONNECTORS = new Set(['de', 'la', 'du', 'des', 'del', 'della', 'di', 'do', 'da', 'le', 'les', 'al', 'el', 'e', 'of', 'the']);
/** Capitalised words that do not name a site: holidays, days, months, roles, generic adjectives. */
const NOT_NAMES = new Set([
  'christmas', 'easter', 'ramadan', 'eid', 'ashura', 'arbaeen', 'diwali', 'hanukkah', 'passover', 'friday', 'sunday', 'saturday', 'monday',
  'tuesday', 'wednesday', 'thursday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december', 'the', 'a', 'an', 'this', 'that', 'its', 'their', 'his', 'her', 'our', 'your', 'local',
  'northern', 'southern', 'eastern', 'western', 'in', 'at', 'on', 'near', 'from', 'to', 'and', 'or', 'by',
  'us', 'u', 's', 'un', 'police', 'army', 'military', 'government', 'town', 'village', 'refugee',
]);

export function findSites(
  text: string,
  tokens: readonly Token[],
  gazetteer: Gazetteer,
  found: GazetteerHits,
  lines: LineInfo,
  taken: Claimed,
  isPlaceWord: (word: string) => boolean,
): SiteHit[] {
  const hits: SiteHit[] = [];
  for (const m of found.sites) {
    if (overlapsAny(m, taken) || !casingFits(text.slice(m.start, m.end), lines.isUpper(m.start))) continue;
    hits.push({ start: m.start, end: m.end, site: m.entries[0] ?? null, kind: 'site' });
  }
  for (let j = 0; j < tokens.length; j++) {
    const head = tokens[j] as Token;
    if (lines.isUpper(head.start)) continue;
    const word = text.slice(head.start, head.end);
    const built = HEADS.has(head.folded) ? nameBefore(text, tokens, j, word, isPlaceWord) : PREFIX_HEADS.test(word) ? nameAfterPrefix(text, tokens, j) : null;
    if (built === null || overlapsAny(built, taken)) continue;
    const listed = gazetteer.sites.lookup(text.slice(built.start, built.end))[0];
    hits.push({ ...built, site: listed ?? null, kind: head.folded === 'forest' ? 'region' : 'site' });
  }
  return hits;
}

function nameBefore(text: string, tokens: readonly Token[], j: number, headWord: string, isPlaceWord: (word: string) => boolean): { start: number; end: number } | null {
  const head = tokens[j] as Token;
  const headCapital = /^\p{Lu}/u.test(headWord);
  if (CAPITAL_HEADS.has(head.folded) && !headCapital) return null;
  let i = j;
  const names: string[] = [];
  while (i > 0) {
    const prev = tokens[i - 1] as Token;
    const gap = text.slice(prev.end, (tokens[i] as Token).start);
    if (!/^(?:[ \t]|['’][ \t]?|-)$/.test(gap) && !/^['’]s?[ \t]$/.test(gap)) break;
    const w = text.slice(prev.start, prev.end);
    if (/^\p{Lu}/u.test(w) || /^\p{N}/u.test(w)) {
      if (NOT_NAMES.has(prev.folded)) break;
      names.push(w);
      i--;
      continue;
    }
    // A lower-case link inside a name: "Shah-e Mardan", "Mocímboa da Praia".
    if (CONNECTORS.has(prev.folded) && i - 2 >= 0 && /^\p{Lu}/u.test(text.slice((tokens[i - 2] as Token).start, (tokens[i - 2] as Token).end))) {
      i--;
      continue;
    }
    break;
  }
  if (names.length === 0) return null;
  // "the Karbala road": a place and a common noun, not a site's name.
  if (!headCapital && names.length === 1 && isPlaceWord(names[0] as string)) return null;
  let end = head.end;
  // "Great Synagogue of Brussels".
  const after = /^[ \t]+of[ \t]+((?:\p{Lu}[\p{L}'’-]*)(?:[ \t]+\p{Lu}[\p{L}'’-]*)?)/u.exec(text.slice(head.end, head.end + 60));
  if (after !== null && headCapital) end = head.end + after[0].length;
  return { start: (tokens[i] as Token).start, end };
}

function nameAfterPrefix(text: string, tokens: readonly Token[], j: number): { start: number; end: number } | null {
  let k = j + 1;
  let lastName = -1;
  while (k < tokens.length && k <= j + 6) {
    const tok = tokens[k] as Token;
    const gap = text.slice((tokens[k - 1] as Token).end, tok.start);
    if (!/^(?:[ \t]|['’]|-)$/.test(gap)) break;
    const w = text.slice(tok.start, tok.end);
    if (/^\p{Lu}/u.test(w)) lastName = k;
    else if (!CONNECTORS.has(tok.folded) && !/^(?:l|d)$/.test(tok.folded)) break;
    k++;
  }
  if (lastName < 0) return null;
  return { start: (tokens[j] as Token).start, end: (tokens[lastName] as Token).end };
}
