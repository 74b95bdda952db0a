// People: capitalised name sequences that no other extractor claimed and that read like a
// person's name — after a title or role ("Colonel", "spokesman", "Det."), before "said" or
// an age, with Arabic name particles ("Abu Hamza al-Ansari"), or as initials ("Emir K.").
// Aliases after "aka", "alias" or "also known as" join the person before them, and a
// surname alone later ("al-Hamwi told reporters") refers back to the full name.
import { type Claimed, overlapsAny, SpanIndex } from '../mention.ts';
import type { LineInfo } from './lines.ts';
import type { Token } from './tokens.ts';

export interface PersonHit {
  readonly start: number;
  readonly end: number;
  /** The fullest form of the person's name in the text. */
  readonly person: string;
}

const TITLES = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sir', 'lord', 'colonel', 'col', 'general', 'gen', 'major', 'maj', 'captain', 'capt', 'lieutenant', 'lt',
  'sergeant', 'sgt', 'president', 'minister', 'governor', 'gov', 'senator', 'sen', 'rep', 'judge', 'sheikh', 'shaykh', 'imam', 'mullah',
  'mawlawi', 'maulvi', 'emir', 'amir', 'rev', 'reverend', 'father', 'bishop', 'pope', 'king', 'queen', 'prince', 'princess', 'det', 'detective',
  'officer', 'agent', 'commander', 'cmdr', 'chief', 'ustadh', 'hajji', 'haji', 'mufti', 'qari', 'hafiz', 'brigadier', 'admiral', 'inspector',
  'superintendent', 'constable', 'pc', 'supt', 'insp', 'cpl', 'corporal', 'pastor', 'rabbi', 'deacon', 'cardinal', 'ambassador', 'mayor', 'coach',
]);
const ROLE_BEFORE = /(?:spokes(?:man|woman|person)|commissioner|commander|leader|chief|officer|minister|director|secretary|coordinator|official|deputy|envoy|keeper|member|driver|suspect|operator|handler|facilitator|named|identified as|known as|aka|a\.k\.a\.|alias|nicknamed|called|by|led by|headed by|commanded by|according to|cleric|preacher|judge|prosecutor|lawyer|journalist|reporter|analyst|resident|witness|father|mother|brother|sister|son|daughter|wife|husband)[,:]?\s+$/i;
const CUE_AFTER = /^(?:,?\s+(?:said|says|told|added|stated|claimed|warned|wrote|explained|noted|confirmed|denied|who|whose|remains|was|is|has|had|lives|based|aged|a\s|an\s|the\s)|\s*\(\d{1,3}\)|,\s+\d{1,3},|\s+\p{Ll}{3,}ed\b|,\s+(?:secretary|head|director|chairman|chairwoman|chair|president|spokesman|spokeswoman|spokesperson|leader|commander|founder|member|chief|deputy|editor|owner|coordinator|minister|governor|mayor|professor|researcher|analyst|father|mother|son|daughter|brother|sister|wife|husband)\b)/u;
const ALIAS_BEFORE = /(?:aka|a\.k\.a\.|alias|also known as|known as|known only as|nicknamed|nom de guerre|called himself|calls himself|called herself|who called himself|under the name)[,:]?\s+["“']?$/i;
/** Surname look-ups scan the text once each: bounded, so a huge text stays linear. */
const MAX_SURNAMES = 200;
const PARTICLES = new Set(['al', 'el', 'bin', 'ibn', 'bint', 'abu', 'umm', 'de', 'da', 'van', 'von', 'der', 'le', 'la', 'du', 'ould', 'ag', 'e']);
const NOT_PERSON = new Set([
  'police', 'department', 'ministry', 'service', 'services', 'office', 'agency', 'forces', 'force', 'army', 'command', 'section', 'network', 'council',
  'committee', 'centre', 'center', 'university', 'church', 'mosque', 'street', 'state', 'province', 'news', 'post', 'times', 'group', 'brigade',
  'brigades', 'front', 'movement', 'party', 'company', 'inc', 'ltd', 'bank', 'airlines', 'day', 'radio', 'tv', 'television', 'media', 'agency',
  'court', 'prison', 'hospital', 'school', 'college', 'institute', 'foundation', 'association', 'union', 'federation', 'organisation',
  'organization', 'international', 'national', 'federal', 'republic', 'kingdom', 'government', 'parliament', 'assembly', 'senate', 'congress',
  'summary', 'report', 'assessment', 'comment', 'subject', 'source', 'date', 'from', 'to', 'ref', 'note', 'bulletin', 'notice', 'threat',
  'recommended', 'measures', 'issued', 'collected', 'platform', 'original', 'language', 'separately', 'markets', 'checks', 'witnesses',
  'investigators', 'soldiers', 'security', 'intelligence', 'operations', 'joint', 'counterterrorism', 'interior', 'defense', 'defence',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'june', 'july',
  'august', 'september', 'october', 'november', 'december', 'christmas', 'easter', 'ramadan', 'islamic', 'christian', 'muslim', 'jewish', 'shia',
  'sunni', 'open', 'interfaith', 'guided', 'tea', 'stewards', 'visitors', 'groups', 'parking', 'faith', 'city', 'the', 'a', 'an', 'in', 'on',
  'at', 'of', 'and', 'or', 'but', 'with', 'for', 'by', 'his', 'her', 'their', 'its', 'this', 'that', 'these', 'those', 'no', 'not', 'when',
  'after', 'before', 'while', 'as', 'if', 'it', 'he', 'she', 'they', 'we', 'i', 'you', 'there', 'here', 'one', 'two', 'three', 'four', 'five',
  'toyota', 'honda', 'volkswagen', 'nissan', 'ford', 'hyundai', 'mercedes', 'bmw', 'kia', 'chevrolet', 'audi', 'renault', 'peugeot', 'suzuki',
  'mitsubishi', 'mazda', 'isuzu', 'land', 'range', 'hilux', 'corolla', 'civic', 'golf', 'telegram', 'whatsapp', 'signal', 'facebook',
  'instagram', 'twitter', 'tiktok', 'youtube', 'google', 'microsoft', 'apple', 'amazon', 'bitcoin', 'allah', 'god', 'prophet', 'quran',
]);

export function findPeople(text: string, tokens: readonly Token[], lines: LineInfo, taken: Claimed): PersonHit[] {
  const found: { start: number; end: number; name: string; aliasOf?: string }[] = [];
  let i = 0;
  while (i < tokens.length) {
    const seq = nameSequence(text, tokens, i);
    if (seq === null) {
      i++;
      continue;
    }
    i = seq.next;
    if (seq.names === 0) continue; // a run too long to be a name
    const span = { start: (tokens[seq.first] as Token).start, end: seq.end };
    if (lines.isUpper(span.start) || overlapsAny(span, taken)) continue;
    const name = text.slice(span.start, span.end);
    const before = text.slice(Math.max(0, span.start - 40), span.start);
    const after = text.slice(span.end, span.end + 20);
    const quoted = /["“]$/.test(before) && /^["”]/.test(after);
    const aliasCue = ALIAS_BEFORE.test(before);
    if (quoted && !aliasCue) continue;
    const words = seq.names;
    const initials = /^\p{Lu}\p{Ll}+ \p{Lu}\.$/u.test(name);
    const particle = /(?:^|\s)(?:Abu|Umm|Ibn|Bin)\s|\b(?:al|el|bin|ibn)-\p{Lu}/u.test(name);
    const cued = seq.titled || ROLE_BEFORE.test(before) || CUE_AFTER.test(after) || aliasCue;
    const isPerson = initials || (words >= 2 && (cued || particle || midSentence(text, span.start))) || (words === 1 && (seq.titled || aliasCue));
    if (!isPerson) continue;
    found.push({ ...span, name, ...(aliasCue ? { aliasOf: '' } : {}) });
  }
  return linkPeople(text, found, taken);
}

/** Links aliases to the person named just before, and finds later surname-only mentions. */
function linkPeople(text: string, found: readonly { start: number; end: number; name: string; aliasOf?: string }[], taken: Claimed): PersonHit[] {
  const hits: PersonHit[] = [];
  const canonical = new Map<string, string>();
  let previous: string | undefined;
  const bySurname = new Map<string, string>();
  for (const f of found) {
    const owner =
      f.aliasOf !== undefined && previous !== undefined && f.start - (hits[hits.length - 1]?.end ?? 0) < 40
        ? previous
        : (canonical.get(f.name) ?? bySurname.get(f.name.toLowerCase()) ?? f.name);
    const parts = owner.split(/\s+/);
    // Surnames compare without case: "al-Rawi" later opens a sentence as "Al-Rawi".
    if (parts.length >= 2 && owner === f.name) bySurname.set((parts[parts.length - 1] as string).toLowerCase(), owner);
    canonical.set(f.name, owner);
    hits.push({ start: f.start, end: f.end, person: owner });
    if (f.aliasOf === undefined) previous = owner;
  }
  // Surnames of multi-word names, found alone later: "Hollins said", "al-Hamwi told reporters".
  const surnames = new Map<string, string>();
  for (const h of hits) {
    const parts = h.person.split(/\s+/);
    if (parts.length < 2) continue;
    const last = parts[parts.length - 1] as string;
    if (/^\p{Lu}\.$/u.test(last) || last.length < 3) continue;
    surnames.set(last, h.person);
  }
  const named = new SpanIndex(hits);
  for (const [surname, person] of [...surnames].slice(0, MAX_SURNAMES)) {
    const first = surname.charAt(0);
    const re = new RegExp(`(?<![\\p{L}\\p{N}-])[${escape(first.toLowerCase())}${escape(first.toUpperCase())}]${escape(surname.slice(1))}(?![\\p{L}\\p{N}-])`, 'gu');
    for (const m of text.matchAll(re)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (named.overlaps(span) || overlapsAny(span, taken)) continue;
      hits.push({ ...span, person });
      named.add(span);
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** A capitalised sequence not at a sentence start: at a start "Witnesses Said" is not a name. */
function midSentence(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 3), start);
  return !(start === 0 || /(?:[.!?:]\s+|\n\s*|^\s*)$/.test(before));
}

interface Sequence {
  readonly first: number;
  readonly last: number;
  readonly end: number;
  readonly next: number;
  readonly titled: boolean;
  /** Capitalised name words (particles and titles not counted); 0 for a run too long to be a name. */
  readonly names: number;
}

/** The capitalised name starting at token i (titles stripped), or null. */
function nameSequence(text: string, tokens: readonly Token[], i: number): Sequence | null {
  let j = i;
  let titled = false;
  // Titles before the name: "Colonel", "Det.", "Rev.".
  while (j < tokens.length && TITLES.has((tokens[j] as Token).folded) && isTitleCase(text, tokens[j] as Token)) {
    const next = tokens[j + 1];
    // "Emir K." is a name with an initial, not the title Emir.
    if (next === undefined || !/^\.?[ \t]+$/.test(text.slice((tokens[j] as Token).end, next.start)) || !isTitleCase(text, next)) break;
    titled = true;
    j++;
  }
  const first = j;
  let k = j;
  let names = 0;
  while (k < tokens.length) {
    const tok = tokens[k] as Token;
    const word = text.slice(tok.start, tok.end);
    if (k > first) {
      const gap = text.slice((tokens[k - 1] as Token).end, tok.start);
      if (!/^(?:[ \t]|-)$/.test(gap)) break;
    }
    if (isTitleCase(text, tok) && !NOT_PERSON.has(tok.folded)) {
      names++;
      k++;
      continue;
    }
    // A lower-case particle inside a name ("Abu Hamza al-Ansari", "Shah-e"), then a capital.
    const next = tokens[k + 1];
    if (PARTICLES.has(tok.folded) && next !== undefined && /^(?:[ \t]|-)$/.test(text.slice(tok.end, next.start)) && isTitleCase(text, next)) {
      k++;
      continue;
    }
    // An initial: "Emir K."
    if (/^\p{Lu}$/u.test(word) && text[tok.end] === '.' && names >= 1) {
      names++;
      k++;
      return { first, last: k, end: tok.end + 1, next: k, titled, names };
    }
    break;
  }
  // Leading lower-case particle is allowed only for surnames found later ("al-Hamwi").
  if (names === 0) return null;
  // More capitalised words in a row than a name has (a headline, an organisation): no name
  // starts inside the run either. Searching again from each of its words made a long run
  // cost its length squared (fuzzing: 64 KB of "State Sahel Pr" repeated took 15 s).
  if (k - first > 6) return { first, last: k, end: (tokens[k - 1] as Token).end, next: k, titled, names: 0 };
  return { first, last: k, end: (tokens[k - 1] as Token).end, next: Math.max(k, i + 1), titled, names };
}

function isTitleCase(text: string, tok: Token): boolean {
  const word = text.slice(tok.start, tok.end);
  return /^\p{Lu}\p{Ll}/u.test(word);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
