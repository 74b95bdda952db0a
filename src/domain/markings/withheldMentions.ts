// The drafter's own words are the one part of a warning the tearline engine does not tear:
// the prose for the partner is typed by a person who has seen everything. This finds, in
// that prose, what would expose a source or a collection method the engine withheld from
// this partner: the names and contact details of withheld identities (who told us), the
// values of withheld observables and the quoted values of withheld indicator patterns (the
// handset, the address, the account we watch).
//
// What the threat is (the method, the group, the target) is deliberately not checked: saying
// "car bomb" and "the shrine" is the point of a warning, and choosing how much of that to say
// is the drafter's and the approvers' judgement.
//
// Only strings the partner cannot read anywhere in the released bundle count: a value named
// by both a withheld and a released object is no secret. Matching ignores case and needs a
// boundary on both sides, so "10.0.0.1" does not match inside "10.0.0.12".
import { categoryOf, type StixObject } from '../stix/index.ts';

export interface WithheldMention {
  /** The withheld string as it appears in the object. */
  readonly term: string;
  /** The object it comes from. */
  readonly objectId: string;
  /** Where in that object (a property name). */
  readonly where: string;
}

export interface WithheldMentionsInput {
  /** The package the product was torn from. */
  readonly objects: readonly StixObject[];
  readonly withheld: readonly { readonly id: string }[];
  /** The released bundle's JSON text: what the partner will read anyway. */
  readonly releasedText: string;
  /** Objects whose names are no secret to the partner (the releasing organisation). */
  readonly exempt?: readonly string[];
  /** The drafter's words: the warning text, its summary. */
  readonly texts: readonly string[];
}

/** Shorter strings are too common to tell anything. */
const MIN_TERM = 4;
const MAX_TERM = 500;
/** Who told us: an identity's name and how to reach it. */
const IDENTITY = ['name', 'contact_information'] as const;
/** What we watch: the identifying values of cyber-observables (STIX 2.1 §6). */
const OBSERVABLE = ['value', 'display_name', 'account_login', 'user_id', 'name', 'path', 'hashes', 'number'] as const;

function termsOf(object: StixObject): WithheldMention[] {
  const from = (properties: readonly string[]): WithheldMention[] =>
    properties.flatMap((where) => stringsIn(object[where]).map((term) => ({ term, objectId: object.id, where })));
  if (object.type === 'identity') return from(IDENTITY);
  // Custom observables (a handset, a wallet, a plate) are known by their value.
  const category = categoryOf(object.type);
  if (category === 'sco' || (category === 'custom' && typeof object.value === 'string')) return from(OBSERVABLE);
  if (object.type === 'indicator' && typeof object.pattern === 'string') {
    return patternLiterals(object.pattern).map((term) => ({ term, objectId: object.id, where: 'pattern' }));
  }
  return [];
}

export function withheldMentions(input: WithheldMentionsInput): WithheldMention[] {
  const byId = new Map(input.objects.map((o) => [o.id, o]));
  const exempt = new Set(input.exempt ?? []);
  const candidates: WithheldMention[] = [];
  for (const { id } of input.withheld) {
    const object = byId.get(id);
    if (object !== undefined && !exempt.has(id)) candidates.push(...termsOf(object));
  }
  const released = input.releasedText.toLowerCase();
  const texts = input.texts.map((t) => t.toLowerCase());
  const found = new Map<string, WithheldMention>();
  for (const candidate of candidates) {
    const term = candidate.term.trim();
    const lower = term.toLowerCase();
    if (term.length < MIN_TERM || term.length > MAX_TERM || found.has(lower)) continue;
    if (mentions(released, lower) || mentions(released, JSON.stringify(lower).slice(1, -1))) continue;
    if (texts.some((text) => mentions(text, lower) || mentionsNumber(text, term))) found.set(lower, { ...candidate, term });
  }
  return [...found.values()];
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  // Dictionaries of values (hashes): the values, not the keys.
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

/** The quoted literals of a STIX pattern (§9): `[ipv4-addr:value = '198.51.100.7']` → 198.51.100.7. */
function patternLiterals(pattern: string): string[] {
  const out: string[] = [];
  for (const match of pattern.matchAll(/'((?:[^'\\]|\\.)*)'/g)) out.push((match[1] as string).replace(/\\(.)/g, '$1'));
  return out;
}

const WORD = /[\p{L}\p{N}_]/u;
const NUMBER = /^\+?\d[\d\s.()-]{5,}\d$/;

/**
 * A phone number written another way: "+963944000123" as "+963 944 000 123" or
 * "963-944-000-123". Digits in order with separators between them, and no digit glued on.
 */
function mentionsNumber(text: string, term: string): boolean {
  if (!NUMBER.test(term)) return false;
  const digits = term.replace(/\D/g, '');
  const pattern = new RegExp(`(?<![\\d])\\+?${[...digits].join('[\\s.()-]*')}(?![\\d])`);
  return pattern.test(text);
}

/** Whether `term` stands in `text` with no letter or digit glued to either end. */
function mentions(text: string, term: string): boolean {
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    const before = at === 0 ? '' : (text[at - 1] as string);
    const after = text[at + term.length] ?? '';
    const startsWord = WORD.test(term[0] as string);
    const endsWord = WORD.test(term[term.length - 1] as string);
    if ((!startsWord || !WORD.test(before)) && (!endsWord || !WORD.test(after))) return true;
  }
  return false;
}
