// URL query parameters of the TAXII 2.1 endpoints (§3.4 Filtering, §3.4.1 Supported Fields
// for Match). A malformed parameter is a 400 (§3.4: "MUST return an HTTP 400"); parameters
// an endpoint does not define are ignored (§3.4: servers MAY ignore fields they do not
// understand).
import { isIdentifier, isTimestamp, isValidTypeName } from '../../domain/stix/index.ts';
import { isUtcTimestamp } from '../../app/taxii/timestamps.ts';
import { UNVERSIONED } from '../../app/taxii/statusResource.ts';
import { LATEST_VERSION, MAX_TAXII_PAGE, type CollectionQuery, type VersionMatch } from '../../app/ports/taxii.ts';
import { TaxiiError } from './errors.ts';

/** Values one match field may list; more is refused rather than turned into a huge query. */
export const MAX_MATCH_VALUES = 1000;
const MAX_NEXT_CHARS = 2048;

export type Endpoint = 'objects' | 'manifest' | 'object' | 'versions' | 'delete';

const PAGED = ['added_after', 'limit', 'next'];
const ALLOWED: Readonly<Record<Endpoint, readonly string[]>> = {
  // §5.3 and §5.4.
  objects: [...PAGED, 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]'],
  manifest: [...PAGED, 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]'],
  // §5.6: "The only valid match parameter is version" (the table adds spec_version).
  object: [...PAGED, 'match[version]', 'match[spec_version]'],
  // §5.8.
  versions: [...PAGED, 'match[spec_version]'],
  // §5.7.
  delete: ['match[version]', 'match[spec_version]'],
};

type RawQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

function bad(description: string): TaxiiError {
  return new TaxiiError(400, 'invalid-parameter', description);
}

/** The single value of a parameter; §3.4: added_after, limit, next and each match field at most once. */
function single(raw: RawQuery, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(`${name} may be given only once (§3.4)`);
  if (value === '') throw bad(`${name} is empty`);
  return value;
}

/** §3.4: several values separated by commas, no spaces, ORed. */
function list(raw: RawQuery, name: string, valid: (value: string) => boolean, what: string): string[] | undefined {
  const value = single(raw, name);
  if (value === undefined) return undefined;
  const values = value.split(',');
  if (values.length > MAX_MATCH_VALUES) throw bad(`${name} lists ${values.length} values; at most ${MAX_MATCH_VALUES} are accepted`);
  for (const item of values) if (!valid(item)) throw bad(`${name}: '${item.slice(0, 100)}' is not ${what}`);
  return [...new Set(values)];
}

/** §3.4.1 match[version]: first, last, all, or STIX timestamps; no duplicates; all alone. */
function versions(raw: RawQuery, fallback: VersionMatch): VersionMatch {
  const value = single(raw, 'match[version]');
  if (value === undefined) return fallback;
  const values = value.split(',');
  if (values.length > MAX_MATCH_VALUES) throw bad(`match[version] lists ${values.length} values; at most ${MAX_MATCH_VALUES} are accepted`);
  if (new Set(values).size !== values.length) throw bad('match[version] MUST NOT repeat a value (§3.4.1)');
  if (values.includes('all')) {
    if (values.length > 1) throw bad("match[version]: 'all' MUST NOT be used with any other version (§3.4.1)");
    return { kind: 'all' };
  }
  const exact: string[] = [];
  for (const item of values) {
    if (item === 'first' || item === 'last') continue;
    if (!isTimestamp(item)) throw bad(`match[version]: '${item.slice(0, 100)}' is not first, last, all or a STIX timestamp`);
    exact.push(item);
    // The version shown for objects without one (an SCO) finds them too.
    if (item === UNVERSIONED) exact.push('');
  }
  return { kind: 'some', first: values.includes('first'), last: values.includes('last'), exact };
}

function limit(raw: RawQuery): number {
  const value = single(raw, 'limit');
  if (value === undefined) return MAX_TAXII_PAGE;
  // §3.4: "a positive integer greater than zero".
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1) throw bad(`limit must be a positive integer, got '${value.slice(0, 100)}'`);
  // A server-imposed limit: fewer than asked, with more: true (§3.4).
  return Math.min(Number(value), MAX_TAXII_PAGE);
}

export type FilterQuery = Omit<CollectionQuery, 'ids'> & { readonly ids?: readonly string[] };

/** The filters of one endpoint; throws a 400 TaxiiError for a malformed one. */
export function parseFilters(raw: RawQuery, endpoint: Endpoint): FilterQuery {
  const allowed = ALLOWED[endpoint];
  const has = (name: string): boolean => allowed.includes(name);
  const addedAfter = has('added_after') ? single(raw, 'added_after') : undefined;
  if (addedAfter !== undefined && !isUtcTimestamp(addedAfter)) {
    throw bad(`added_after must be a timestamp like 2021-06-10T12:00:00.000000Z (§3.4), got '${addedAfter.slice(0, 100)}'`);
  }
  const next = has('next') ? single(raw, 'next') : undefined;
  if (next !== undefined && next.length > MAX_NEXT_CHARS) throw new TaxiiError(400, 'invalid-next', 'the next parameter is not one this server issued (§3.4)');
  const ids = has('match[id]') ? list(raw, 'match[id]', isIdentifier, 'a STIX identifier') : undefined;
  const types = has('match[type]') ? list(raw, 'match[type]', isValidTypeName, 'a STIX type name') : undefined;
  const specVersions = has('match[spec_version]') ? list(raw, 'match[spec_version]', (v) => /^\d{1,3}\.\d{1,3}$/.test(v), 'a specification version like 2.1') : undefined;
  // §5.8 lists every version; §5.7 removes every version unless told otherwise; else §3.4.1's default, last.
  const fallback: VersionMatch = endpoint === 'versions' || endpoint === 'delete' ? { kind: 'all' } : LATEST_VERSION;
  const versionMatch = has('match[version]') ? versions(raw, fallback) : fallback;
  return {
    versions: versionMatch,
    limit: has('limit') ? limit(raw) : MAX_TAXII_PAGE,
    ...(addedAfter === undefined ? {} : { addedAfter }),
    ...(next === undefined ? {} : { cursor: next }),
    ...(ids === undefined ? {} : { ids }),
    ...(types === undefined ? {} : { types }),
    ...(specVersions === undefined ? {} : { specVersions }),
  };
}
