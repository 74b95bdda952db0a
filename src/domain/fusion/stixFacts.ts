// One STIX object -> one fact. Objects are untrusted JSON: every property is checked.
// Tearline's own hints travel as custom properties (STIX 2.1 §11.1), all optional:
//   x_tearline_actor_kind   on intrusion-set / threat-actor / identity: group | cell | individual
//   x_tearline_place_kind   on location: site | city | region | country
//   x_tearline_site_key     on location: a gazetteer key shared by every source naming the site
//   x_tearline_target_role  on identity: target | victim
//   x_tearline_harm         on attack-pattern: killing | serious-bodily-injury | kidnapping | property
import type { StixObject } from '../stix/object.ts';
import type { ActorFact, ActorKind, Harm, MethodFact, ObservableFact, PlaceFact, PlaceKind, TargetFact } from './facts.ts';
import { isValidLatLon } from './geo.ts';
import { methodKindOf } from './methods.ts';
import { nameKey } from './names.ts';

const ACTOR_KINDS: readonly ActorKind[] = ['group', 'cell', 'individual'];
const PLACE_KINDS: readonly PlaceKind[] = ['site', 'city', 'region', 'country'];
const HARMS: readonly Harm[] = ['killing', 'serious-bodily-injury', 'kidnapping', 'property'];

const SITE_WORDS = /\b(?:shrine|mosque|church|cathedral|chapel|synagogue|temple|mausoleum|tomb|cemetery|stadium|arena|square|street|road|avenue|highway|bridge|crossing|checkpoint|airport|airbase|base|barracks|camp|embassy|consulate|hotel|market|bazaar|mall|school|university|college|hospital|station|port|harbour|harbor|mine|facility|plant|refinery|palace|ministry|parliament|museum|monument|park|theatre|theater|club|restaurant|cafe|office|headquarters|compound|prison)\b/i;

const PEOPLE_WORDS = /\b(?:people|pilgrims|worshippers|worshipers|faithful|congregation|fans|spectators|crowds?|civilians|tourists|visitors|shoppers|travell?ers|passengers|drivers|children|pupils|students|teachers|women|men|families|residents|villagers|workers|employees|staff|journalists|aid workers|officials|officers|police|soldiers|troops|personnel|diplomats|nationals|foreigners|expatriates|christians|muslims|jews|minorit(?:y|ies)|community|members|hostages)\b/i;

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

export function actorFact(object: StixObject): ActorFact | null {
  const name = text(object.name);
  const names = [...(name === undefined ? [] : [name]), ...strings(object.aliases)];
  if (names.length === 0) return null;
  return { id: object.id, names: [...new Set(names)], kind: actorKind(object) };
}

function actorKind(object: StixObject): ActorKind {
  const hinted = object.x_tearline_actor_kind;
  if (typeof hinted === 'string' && (ACTOR_KINDS as readonly string[]).includes(hinted)) return hinted as ActorKind;
  if (object.type === 'identity') return object.identity_class === 'individual' ? 'individual' : 'group';
  if (object.type === 'threat-actor') {
    if (object.resource_level === 'individual' || strings(object.threat_actor_types).includes('lone-wolf')) return 'individual';
    if (/\bcell\b/i.test(text(object.name) ?? '')) return 'cell';
  }
  return 'group';
}

export function placeFact(object: StixObject): PlaceFact {
  const city = text(object.city);
  const country = text(object.country);
  const area = text(object.administrative_area) ?? text(object.region);
  const name = text(object.name) ?? city ?? area ?? country ?? object.id;
  const lat = object.latitude;
  const lon = object.longitude;
  const coordinates = isValidLatLon(lat, lon) ? { lat: lat as number, lon: lon as number } : {};
  const siteKey = text(object.x_tearline_site_key);
  return {
    id: object.id,
    name,
    kind: placeKind(object, name, city, area, country, 'lat' in coordinates),
    ...coordinates,
    ...(country === undefined ? {} : { country }),
    ...(city === undefined ? {} : { city }),
    ...(siteKey === undefined ? {} : { siteKey }),
  };
}

/**
 * How precise a STIX location is. STIX has no "kind" property, so we read it from what the
 * source filled in: a street address or a site word in the name ("... shrine") is a site; a
 * name other than the city it lies in is a site in that city; a city alone is a city; a name
 * with only a country code is the country.
 * A bare point is `unknown` (treated as city precision): only sources know a point is a site.
 */
function placeKind(object: StixObject, name: string, city?: string, area?: string, country?: string, hasPoint = false): PlaceKind {
  const hinted = object.x_tearline_place_kind;
  if (typeof hinted === 'string' && (PLACE_KINDS as readonly string[]).includes(hinted)) return hinted as PlaceKind;
  if (text(object.street_address) !== undefined || SITE_WORDS.test(name)) return 'site';
  const key = nameKey(name);
  if (city !== undefined) return nameKey(city) === key ? 'city' : 'site';
  if (hasPoint && typeof object.precision === 'number' && object.precision <= 1000) return 'site';
  if (area !== undefined && (text(object.name) === undefined || nameKey(area) === key)) return 'region';
  // A name and a country code and nothing finer: STIX producers fill `city` for towns, so
  // this is the country itself ("Syria", country "SY").
  if (country !== undefined && (text(object.name) === undefined || nameKey(country) === key || (!hasPoint && area === undefined))) return 'country';
  return 'unknown';
}

export function methodFact(object: StixObject): MethodFact {
  const name = text(object.name) ?? object.id;
  const externalIds = Array.isArray(object.external_references)
    ? object.external_references.flatMap((ref: unknown) => (typeof ref === 'object' && ref !== null && typeof (ref as { external_id?: unknown }).external_id === 'string' ? [(ref as { external_id: string }).external_id] : []))
    : [];
  const names = [name, ...strings(object.aliases)];
  const kind = names.map((n) => methodKindOf(n, externalIds)).find((k) => k !== 'generic') ?? 'generic';
  const harm = object.x_tearline_harm;
  return {
    id: object.id,
    name,
    kind,
    ...(typeof harm === 'string' && (HARMS as readonly string[]).includes(harm) ? { harm: harm as Harm } : {}),
  };
}

/**
 * An identity named as target or victim. Individuals and groups of people are victims; a
 * class is a victim category when it names people ("pilgrims") and no place ("a Shia shrine").
 */
export function targetFact(object: StixObject): TargetFact | null {
  const name = text(object.name);
  if (name === undefined) return null;
  const identityClass = text(object.identity_class) ?? 'unknown';
  const hinted = object.x_tearline_target_role;
  const role =
    hinted === 'target' || hinted === 'victim'
      ? hinted
      : identityClass === 'individual' || identityClass === 'group' || (identityClass === 'class' && PEOPLE_WORDS.test(name) && !SITE_WORDS.test(name))
        ? 'victim'
        : 'target';
  return { id: object.id, name, role, specific: identityClass !== 'class' };
}

/** The observable values an SCO carries (a file may carry several hashes). */
export function scoObservables(object: StixObject): ObservableFact[] {
  if (object.type === 'file') {
    const hashes = object.hashes;
    if (typeof hashes !== 'object' || hashes === null) return [];
    return Object.values(hashes as Record<string, unknown>).flatMap((h) => (typeof h === 'string' ? [{ type: 'file', value: h }] : []));
  }
  if (object.type === 'user-account') {
    const login = text(object.account_login) ?? text(object.user_id);
    return login === undefined ? [] : [{ type: 'user-account', value: `${text(object.account_type) ?? ''}:${login}` }];
  }
  if (object.type === 'autonomous-system' && typeof object.number === 'number') return [{ type: 'autonomous-system', value: String(object.number) }];
  const value = text(object.value) ?? text(object.number);
  return value === undefined ? [] : [{ type: object.type, value }];
}
