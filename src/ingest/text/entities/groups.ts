// Groups: the alias dictionary (generated groups.json + curated groups.curated.json, the
// curated file winning on conflicts) and its matcher. A matched alias resolves to one
// canonical group; an alias two groups share is settled by the text's countries and by
// which of the two the text names unambiguously elsewhere.
import { readFileSync } from 'node:fs';
import { isUpperWord } from '../fold.ts';
import { PhraseIndex } from './phrase-index.ts';
import { phraseKey, type Token } from './tokens.ts';

export interface Group {
  readonly name: string;
  readonly kind: 'terrorist' | 'cyber';
  readonly aliases: readonly string[];
  /** ISO 3166 alpha-3 codes where the group operates (curated), used to break ties. */
  readonly countries: readonly string[];
  readonly curated: boolean;
  readonly source: string;
}

interface AliasEntry {
  readonly group: Group;
  readonly alias: string;
  /** primary: the alias names this group first; shared: another group's name it also uses. */
  readonly shared: boolean;
}

interface GeneratedFile {
  readonly groups: readonly { readonly name: string; readonly aliases: readonly string[]; readonly kind: 'terrorist' | 'cyber'; readonly source: string }[];
}

interface CuratedFile {
  readonly groups: readonly {
    readonly name: string;
    readonly sameAs?: readonly string[];
    readonly kind?: 'terrorist' | 'cyber';
    readonly countries?: readonly string[];
    readonly aliases?: readonly string[];
    readonly sharedAliases?: readonly string[];
    readonly removeAliases?: readonly string[];
  }[];
  readonly removeGroups?: readonly string[];
  readonly blockedAliases?: readonly string[];
}

export interface GroupDictionary {
  readonly groups: readonly Group[];
  readonly index: PhraseIndex<AliasEntry>;
}

/** Merges generated and curated data (pure, so tests can feed their own files). */
export function buildGroupDictionary(generated: GeneratedFile, curated: CuratedFile): GroupDictionary {
  const key = (s: string): string => phraseKey(s) ?? s.toLowerCase();
  const blocked = new Set((curated.blockedAliases ?? []).map(key));
  const removedGroups = new Set(curated.removeGroups ?? []);
  const absorbed = new Set(curated.groups.flatMap((g) => g.sameAs ?? []));
  const generatedByName = new Map(generated.groups.map((g) => [g.name, g]));

  const claimed = new Set<string>();
  const groups: Group[] = [];
  const shared: { group: Group; alias: string }[] = [];
  for (const c of curated.groups) {
    const removed = new Set((c.removeAliases ?? []).map(key));
    const inherited = (c.sameAs ?? []).flatMap((name) => {
      const g = generatedByName.get(name);
      return g === undefined ? [] : [g.name, ...g.aliases];
    });
    const own = c.aliases ?? [];
    const aliases = unique([c.name, ...own, ...inherited.filter((a) => !blocked.has(key(a)))]).filter((a) => !removed.has(key(a)) || own.includes(a));
    const group: Group = { name: c.name, kind: c.kind ?? 'terrorist', aliases, countries: c.countries ?? [], curated: true, source: 'groups.curated.json' };
    groups.push(group);
    for (const a of aliases) claimed.add(key(a));
    for (const a of c.sharedAliases ?? []) shared.push({ group, alias: a });
  }
  for (const g of generated.groups) {
    if (absorbed.has(g.name) || removedGroups.has(g.name)) continue;
    // Curated names win: a generated group keeps only aliases no curated group claims.
    const aliases = unique([g.name, ...g.aliases]).filter((a) => !claimed.has(key(a)) && !blocked.has(key(a)) && isUsableAlias(a));
    if (aliases.length === 0) continue;
    groups.push({ name: g.name, kind: g.kind, aliases, countries: [], curated: false, source: g.source });
  }

  const index = new PhraseIndex<AliasEntry>();
  const seenKeys = new Map<string, Group>();
  for (const group of groups) {
    for (const alias of group.aliases) {
      const k = key(alias);
      const owner = seenKeys.get(k);
      // Among generated groups the first owner of an alias keeps it: no silent ambiguity.
      if (owner !== undefined && owner !== group && !(owner.curated && group.curated)) continue;
      if (owner === undefined) seenKeys.set(k, group);
      index.add(alias, { group, alias, shared: false });
    }
  }
  for (const { group, alias } of shared) index.add(alias, { group, alias, shared: true });
  return { groups, index };
}

/** Generated aliases need letters, and two-letter ones are too ambiguous without curation. */
function isUsableAlias(alias: string): boolean {
  const letters = alias.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 || (letters.length >= 2 && /\d/.test(alias));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}

let cached: GroupDictionary | undefined;

export function defaultGroupDictionary(): GroupDictionary {
  if (cached === undefined) {
    const read = (file: string): unknown => JSON.parse(readFileSync(new URL(`../data/${file}`, import.meta.url), 'utf8'));
    cached = buildGroupDictionary(read('groups.json') as GeneratedFile, read('groups.curated.json') as CuratedFile);
  }
  return cached;
}

export interface GroupCandidate {
  readonly start: number;
  readonly end: number;
  readonly candidates: readonly AliasEntry[];
}

/** Alias matches whose letter case fits the alias (see `caseFits`). */
export function findGroupCandidates(text: string, tokens: readonly Token[], dictionary: GroupDictionary, upperLine: (offset: number) => boolean): GroupCandidate[] {
  const out: GroupCandidate[] = [];
  for (const match of dictionary.index.find(text, tokens)) {
    const surface = text.slice(match.start, match.end);
    const fitting = match.entries.filter((e) => caseFits(surface, e.alias, upperLine(match.start)));
    if (fitting.length > 0) out.push({ start: match.start, end: match.end, candidates: fitting });
  }
  return out;
}

/**
 * Acronyms match only in capitals ("IS", not "is"), and two-letter ones not inside an
 * all-capitals line ("THIS IS"). A one-word name must be capitalised ("Hamas", not
 * "hamas"); in a longer name every capitalised word of the alias must be capitalised.
 */
export function caseFits(surface: string, alias: string, inUpperLine: boolean): boolean {
  const aliasLetters = alias.replace(/[^\p{L}]/gu, '');
  if (!/\p{Ll}/u.test(alias)) {
    if (/\p{Ll}/u.test(surface)) return false;
    return !(inUpperLine && aliasLetters.length <= 2);
  }
  if (isUpperWord(surface)) return inUpperLine ? aliasLetters.length >= 5 : aliasLetters.length >= 4;
  const aliasWords = alias.split(/[\s\-‐‑–—]+/);
  const surfaceWords = surface.split(/[\s\-‐‑–—]+/);
  if (aliasWords.length === 1) return /^\p{Lu}/u.test(surface) && (!/^\p{Lu}+$/u.test(alias.slice(0, 2)) || surface.slice(0, 2) === alias.slice(0, 2));
  return aliasWords.every((w, i) => {
    const s = surfaceWords[i];
    if (s === undefined) return true;
    return !/^\p{Lu}/u.test(w) || /^\p{Lu}/u.test(s);
  });
}

/** Picks one group per candidate: unambiguous mentions elsewhere, then countries, then primary. */
export function resolveGroups(candidates: readonly GroupCandidate[], contextCountries: ReadonlySet<string>): { start: number; end: number; group: Group }[] {
  const certain = new Set<Group>();
  for (const c of candidates) {
    const groups = new Set(c.candidates.map((e) => e.group));
    if (groups.size === 1) certain.add(c.candidates[0]?.group as Group);
  }
  return candidates.map((c) => {
    let best: AliasEntry | undefined;
    let bestScore = -Infinity;
    for (const e of c.candidates) {
      let score = e.shared ? 0 : 1;
      if (c.candidates.length > 1 && certain.has(e.group)) score += 3;
      score += 2 * e.group.countries.filter((code) => contextCountries.has(code)).length;
      if (e.group.curated) score += 0.5;
      if (score > bestScore) {
        best = e;
        bestScore = score;
      }
    }
    return { start: c.start, end: c.end, group: (best as AliasEntry).group };
  });
}
