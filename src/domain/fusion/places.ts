// When two places are "the same place" for fusion (issue 6 correlation rules):
// - `place`: the same named site (same site key), or two site-level places within
//   `nearKm` of each other (haversine, default 5 km);
// - `area`: the same city or town, or a site and a city/town (or two cities) within `areaKm`
//   (default 25 km): "a shrine south of Damascus" and "Sayyida Zaynab shrine";
// - nothing for regions or countries: the same country alone is NOT the same place.
// Coordinates, when both sides have them, overrule names: two "Grand Mosque"s 400 km
// apart are different sites. Without coordinates, country codes that differ veto a match.
import type { PlaceFact } from './facts.ts';
import { haversineKm, isValidLatLon } from './geo.ts';
import { nameKey } from './names.ts';

export type PlaceRule = 'place' | 'area';

export interface PlaceMatch {
  readonly rule: PlaceRule;
  /** What the analyst reads: "Sayyida Zaynab shrine ≈ Sayyida Zaynab shrine (0.4 km)". */
  readonly value: string;
}

export interface PlaceDistances {
  readonly nearKm: number;
  readonly areaKm: number;
}

type Precision = 'site' | 'city' | 'none';

/** The key two reports share when they name the same site; undefined for non-sites. */
export function siteKeyOf(place: PlaceFact): string | undefined {
  if (place.siteKey !== undefined && place.siteKey !== '') return place.siteKey;
  if (place.kind !== 'site') return undefined;
  const key = nameKey(place.name);
  return key === '' ? undefined : key;
}

/** The city or town a place is or lies in, as a name key. */
export function cityKeyOf(place: PlaceFact): string | undefined {
  const name = place.kind === 'city' ? place.name : place.city;
  if (name === undefined) return undefined;
  const key = nameKey(name);
  return key === '' ? undefined : key;
}

export function hasCoordinates(place: PlaceFact): place is PlaceFact & { lat: number; lon: number } {
  return isValidLatLon(place.lat, place.lon);
}

export function matchPlaces(a: PlaceFact, b: PlaceFact, distances: PlaceDistances): PlaceMatch | null {
  const pa = precisionOf(a);
  const pb = precisionOf(b);
  if (pa === 'none' || pb === 'none') return null;
  const km = hasCoordinates(a) && hasCoordinates(b) ? haversineKm(a, b) : undefined;
  const label = (rule: PlaceRule): PlaceMatch => ({
    rule,
    value: `${a.name} ≈ ${b.name}${km === undefined ? '' : ` (${km.toFixed(1)} km)`}`,
  });
  if (km === undefined && countriesConflict(a, b)) return null;
  if (pa === 'site' && pb === 'site') {
    const sameKey = a.id === b.id || (siteKeyOf(a) !== undefined && siteKeyOf(a) === siteKeyOf(b));
    if (sameKey && (km === undefined || km <= distances.nearKm)) return label('place');
    if (km !== undefined && km <= distances.nearKm) return label('place');
  }
  const cityA = cityKeyOf(a);
  if (a.id === b.id || (cityA !== undefined && cityA === cityKeyOf(b) && (km === undefined || km <= distances.areaKm))) {
    return label('area');
  }
  if (km !== undefined && km <= distances.areaKm) return label('area');
  return null;
}

/** Sites are site-level; cities, and points we cannot place more precisely, are city-level. */
function precisionOf(place: PlaceFact): Precision {
  if (place.kind === 'site') return 'site';
  if (place.kind === 'city') return 'city';
  if (place.kind === 'unknown' && hasCoordinates(place)) return 'city';
  return 'none';
}

/** Both give a country in the same code system and the codes differ ("SY" vs "IQ"); "SY" vs "SYR" cannot be compared here. */
function countriesConflict(a: PlaceFact, b: PlaceFact): boolean {
  if (a.country === undefined || b.country === undefined) return false;
  const ca = a.country.trim().toUpperCase();
  const cb = b.country.trim().toUpperCase();
  return ca.length === cb.length && ca !== cb;
}
