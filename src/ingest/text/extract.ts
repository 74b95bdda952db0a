// extractFromText: one report text and its publication date in, a STIX bundle and the
// mentions it was built from out. The extractors run in an order that lets each claim its
// spans before the next looks: markings, pattern observables, groups, sites and places,
// phone numbers (which need the text's countries), dates, people; methods stand apart.
import countries from 'i18n-iso-countries';
import type { StixBundle } from '../../domain/stix/object.ts';
import { defaultGazetteer, type Gazetteer, type Place } from './entities/gazetteer.ts';
import { defaultGroupDictionary, findGroupCandidates, resolveGroups, type Group, type GroupDictionary } from './entities/groups.ts';
import { lineInfo } from './entities/lines.ts';
import { findMethods, type MethodId } from './entities/methods.ts';
import { findPeople } from './entities/people.ts';
import { contextCountries, findPlaces, gazetteerHits, type GazetteerHits } from './entities/places.ts';
import { findSites } from './entities/sites.ts';
import { findDates } from './entities/dates.ts';
import { tokenize } from './entities/tokens.ts';
import { combine } from './markings/model.ts';
import type { ParsedMarking } from './markings/model.ts';
import { findBanners, findPortions, findTlp } from './markings/parse.ts';
import { longestNonOverlapping, mention, SpanIndex, type Mention, type Span } from './mention.ts';
import { findPatternObservables, findPhones, type ObservableValue } from './observables/index.ts';
import { buildBundle, type Extraction } from './stix/bundle.ts';

export interface ExtractOptions {
  /** Publication date, YYYY-MM-DD: relative dates resolve against it. */
  readonly published: string;
  /** Where the text came from (a file name, a feed); becomes the report's name if given. */
  readonly sourceName?: string;
  /** ISO timestamp for created/modified; defaults to the current time. */
  readonly now?: string;
}

export interface ExtractResources {
  readonly groups: GroupDictionary;
  readonly gazetteer: Gazetteer;
}

export interface PlaceValue {
  readonly name: string;
  readonly lat: number | null;
  readonly lon: number | null;
  /** ISO 3166 alpha-3, null for a transnational region. */
  readonly country: string | null;
  readonly kind: 'country' | 'region' | 'city' | 'site';
}

export interface MarkingValue {
  readonly scope: 'banner' | 'portion' | 'tlp';
  readonly classification?: ParsedMarking['classification'];
  readonly controls?: readonly string[];
  readonly relTo?: readonly string[] | null;
  readonly tlp?: string;
  /** For a portion mark: the text it covers. */
  readonly covers?: Span;
}

export function extractFromText(text: string, options: ExtractOptions, resources?: ExtractResources): { bundle: StixBundle; mentions: Mention[] } {
  const extraction = extract(text, options, resources ?? { groups: defaultGroupDictionary(), gazetteer: defaultGazetteer() });
  return { bundle: buildBundle(text, options, extraction), mentions: [...extraction.mentions] };
}

export function extract(text: string, options: ExtractOptions, resources: ExtractResources): Extraction {
  const { groups: dictionary, gazetteer } = resources;
  const tokens = tokenize(text);
  const lines = lineInfo(text);
  const mentions: Mention[] = [];

  // Markings (banners, portion marks, TLP) first: their country codes are not places.
  const banners = findBanners(text);
  const portions = findPortions(text);
  const tlps = findTlp(text);
  for (const b of banners) mentions.push(mention('marking', text, b.start, b.end, { scope: 'banner', ...b.marking } satisfies MarkingValue));
  for (const p of portions) mentions.push(mention('marking', text, p.start, p.end, { scope: 'portion', ...p.marking, covers: p.covers } satisfies MarkingValue));
  for (const t of tlps) mentions.push(mention('marking', text, t.start, t.end, { scope: 'tlp', tlp: t.level } satisfies MarkingValue));
  const taken = new SpanIndex([...banners, ...portions, ...tlps]);

  const patternObservables = findPatternObservables(text).filter((o) => !taken.overlaps(o));
  taken.addAll(patternObservables);

  const groupCandidates = findGroupCandidates(text, tokens, dictionary, lines.isUpper).filter((g) => !taken.overlaps(g));
  const groupSpans = longestNonOverlapping(groupCandidates);
  taken.addAll(groupSpans);

  const hits = gazetteerHits(text, tokens, gazetteer);
  const context = contextCountries(text, tokens, hits, lines, taken);
  const isPlaceWord = (word: string): boolean => gazetteer.places.lookup(word).some((p) => p.kind === 'country' || p.capital || p.population >= 100_000);
  const sites = findSites(text, tokens, gazetteer, hits, lines, taken, isPlaceWord);
  const rawPlaces = findPlaces(text, tokens, hits, lines, taken, { countries: context }, new Set());
  const spatial = longestNonOverlapping<Span & { site?: (typeof sites)[number]; place?: (typeof rawPlaces)[number] }>([
    ...sites.map((s) => ({ start: s.start, end: s.end, site: s })),
    ...rawPlaces.map((p) => ({ start: p.start, end: p.end, place: p })),
  ]);

  // People need the places' spans; a place word the text also uses as a surname is a person.
  const firstPeople = findPeople(text, tokens, lines, new SpanIndex([...spatial]).addAll(groupSpans).addAll(patternObservables).addAll([...banners, ...portions, ...tlps]));
  const surnames = new Set(firstPeople.map((p) => p.person.split(/\s+/).pop() as string).filter((s) => s.length >= 3));
  const places = findPlaces(text, tokens, hits, lines, taken, { countries: context }, surnames);
  const kept = new Set(places.map((p) => `${p.start}:${p.end}`));
  const spatialFinal = spatial.filter((s) => s.site !== undefined || kept.has(`${s.start}:${s.end}`));
  taken.addAll(spatialFinal);

  const placeCountries = new Set(context);
  for (const s of spatialFinal) {
    const c = s.place?.place.country ?? s.site?.site?.country ?? null;
    if (c !== null) placeCountries.add(c);
  }
  const groupsResolved = resolveGroups(groupSpans, placeCountries);

  // Phone numbers: a local number takes the country the text ties it to.
  const cues = countryCues(text, hits, spatialFinal);
  const frequent = byFrequency(cues);
  const phones = findPhones(text, (offset) => regionsAt(text, offset, cues, frequent)).filter((p) => !taken.overlaps(p));
  taken.addAll(phones);
  const observables = [...patternObservables, ...phones].sort((a, b) => a.start - b.start);

  const dates = findDates(text, { published: options.published }, taken);
  taken.addAll(dates);
  const people = findPeople(text, tokens, lines, taken);
  const methods = findMethods(text);

  // Mentions, in text order per kind.
  const groupOf = new Map<string, Group>();
  for (const g of groupsResolved) {
    mentions.push(mention('group', text, g.start, g.end, g.group.name));
    groupOf.set(g.group.name, g.group);
  }
  for (const s of spatialFinal) {
    if (s.site !== undefined) {
      const site = s.site;
      const country = site.site?.country ?? nearestCountry(s.start, spatialFinal);
      const value: PlaceValue = site.site !== null
        ? { name: site.site.name, lat: site.site.lat, lon: site.site.lon, country: site.site.country, kind: 'site' }
        : { name: text.slice(s.start, s.end), lat: null, lon: null, country, kind: site.kind === 'region' ? 'region' : 'site' };
      mentions.push(mention(site.kind === 'region' ? 'place' : 'site', text, s.start, s.end, value));
    } else if (s.place !== undefined) {
      const p = s.place.place;
      mentions.push(mention('place', text, s.start, s.end, placeValue(p)));
    }
  }
  for (const d of dates) mentions.push(mention('date', text, d.start, d.end, d.value));
  for (const o of observables) mentions.push(mention('observable', text, o.start, o.end, o.value satisfies ObservableValue));
  for (const p of people) mentions.push(mention('person', text, p.start, p.end, p.person));
  for (const m of methods) mentions.push(mention('method', text, m.start, m.end, m.method satisfies MethodId));
  mentions.sort((a, b) => a.start - b.start || a.end - b.end);

  const reportMarking = portions.length > 0 ? combine(portions.map((p) => p.marking)) : (banners[0]?.marking ?? null);
  return { mentions, groups: groupOf, portions, reportMarking, tlp: tlps[0]?.level ?? null };
}

function placeValue(p: Place): PlaceValue {
  return { name: p.name, lat: p.lat, lon: p.lon, country: p.country, kind: p.kind };
}

function nearestCountry(offset: number, spatial: readonly (Span & { place?: { place: Place } })[]): string | null {
  let best: string | null = null;
  let distance = Infinity;
  for (const s of spatial) {
    const c = s.place?.place.country ?? null;
    if (c === null) continue;
    const d = Math.abs(s.start - offset);
    if (d < distance) {
      best = c;
      distance = d;
    }
  }
  return best;
}

interface CountryCue {
  readonly offset: number;
  readonly alpha2: string;
}

function countryCues(text: string, hits: GazetteerHits, spatial: readonly (Span & { place?: { place: Place }; site?: { site: Place | null } })[]): CountryCue[] {
  const cues: CountryCue[] = [];
  const add = (offset: number, alpha3: string | null | undefined): void => {
    if (alpha3 === null || alpha3 === undefined) return;
    const alpha2 = countries.alpha3ToAlpha2(alpha3);
    if (alpha2 !== undefined) cues.push({ offset, alpha2 });
  };
  for (const s of spatial) add(s.start, s.place?.place.country ?? s.site?.site?.country);
  for (const m of hits.demonyms) if (/^\p{Lu}/u.test(text.slice(m.start, m.end))) add(m.start, m.entries[0]);
  return cues.sort((a, b) => a.offset - b.offset);
}

/** Regions to try for a local number: cues in its sentence (nearest first), then the text's by frequency. */
function regionsAt(text: string, offset: number, cues: readonly CountryCue[], frequent: readonly string[]): string[] {
  const from = Math.max(0, offset - 300);
  const window = text.slice(from, offset);
  const sentenceStart = from + Math.max(window.lastIndexOf('. '), window.lastIndexOf('\n\n'), 0);
  const near: string[] = [];
  for (let i = lastCueBefore(cues, offset); i >= 0 && (cues[i] as CountryCue).offset >= sentenceStart; i--) near.push((cues[i] as CountryCue).alpha2);
  return [...new Set([...near, ...frequent])];
}

function lastCueBefore(cues: readonly CountryCue[], offset: number): number {
  let lo = 0;
  let hi = cues.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((cues[mid] as CountryCue).offset < offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function byFrequency(cues: readonly CountryCue[]): string[] {
  const counts = new Map<string, number>();
  for (const c of cues) counts.set(c.alpha2, (counts.get(c.alpha2) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
}
