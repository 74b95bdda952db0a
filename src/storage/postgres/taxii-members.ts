// Collection memberships read the way TAXII 2.1 serves them (PostgreSQL; SQLite:
// storage/sqlite/taxii-members.ts, which this mirrors): sorted by date_added (§3.3),
// filtered by match[id|type|version|spec_version] and added_after (§3.4), paged by a
// stateless keyset cursor (§3.5, same cursor shape as SQLite's), the object JSON joined as
// stored, never re-serialised.
//
// Query plans:
// - Without match[id] the page walks collection_members_by_date from the cursor with one
//   row comparison `(date_added_key, mseq) > (...)`, an index condition in PostgreSQL (SQLite
//   needs two seeks for the same).
// - With match[id] the ids lead: the objects id index, their versions, their memberships.
// - match[version] first/last compare with the other versions of the object *in this
//   collection*.
import type { CollectionManifestEntry, CollectionObject, CollectionQuery, VersionMatch } from '../../app/ports/taxii.ts';
import { MAX_TAXII_PAGE } from '../../app/ports/taxii.ts';
import type { Page } from '../../app/ports.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { InvalidCursorError } from '../errors.ts';
import { timestampKey, versionKey } from '../version-key.ts';
import type { Sql } from './sql.ts';
import { isTimestampKey, storable } from './text.ts';

const CURSOR_KIND = 'taxii';

interface MemberRow {
  readonly mseq: number;
  readonly date_added: string;
}

interface ObjectRow extends MemberRow {
  readonly json: string;
}

interface ManifestRow extends MemberRow {
  readonly id: string;
  readonly version: string;
  readonly spec_version: string;
}

/** The cid of a collection, or undefined. */
export async function cidOf(sql: Sql, collectionId: string): Promise<number | undefined> {
  if (!storable(collectionId)) return undefined;
  const [row] = await sql.query<{ cid: number }>('SELECT cid FROM collections WHERE id = $1', [collectionId], 'tl_taxii_cid');
  return row?.cid;
}

export function collectionObjects(sql: Sql, collectionId: string, query: CollectionQuery): Promise<Page<CollectionObject>> {
  return page<ObjectRow, CollectionObject>(sql, collectionId, query, true, (row) => ({ dateAdded: row.date_added, json: row.json }));
}

export function collectionManifest(sql: Sql, collectionId: string, query: CollectionQuery): Promise<Page<CollectionManifestEntry>> {
  return page<ManifestRow, CollectionManifestEntry>(sql, collectionId, query, false,
    (row) => ({ id: row.id, version: row.version, specVersion: row.spec_version, dateAdded: row.date_added }));
}

/** mseq of the members of one object that match `versions`, for §5.7 Delete an Object. */
export async function membersOf(sql: Sql, cid: number, objectId: string, versions: VersionMatch): Promise<number[]> {
  if (!storable(objectId)) return [];
  const built = memberQuery({ cid, afterKey: '', afterSeq: 0, limit: null, json: false, ids: [objectId], versions });
  return (await sql.query<MemberRow>(built.text, built.values, built.name)).map((row) => row.mseq);
}

async function page<R extends MemberRow, T>(sql: Sql, collectionId: string, query: CollectionQuery, json: boolean, map: (row: R) => T): Promise<Page<T>> {
  const limit = query.limit;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_TAXII_PAGE) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_TAXII_PAGE}, got ${limit}`);
  }
  const [afterKey, afterSeq] = startAfter(query);
  const cid = await cidOf(sql, collectionId);
  if (cid === undefined) return { items: [] };
  // Values PostgreSQL cannot store match nothing; an empty list matches nothing, like IN ().
  const ids = query.ids?.filter(storable);
  const types = query.types?.filter(storable);
  const specVersions = query.specVersions?.filter(storable);
  if (ids?.length === 0 || types?.length === 0 || specVersions?.length === 0) return { items: [] };
  // One row more than asked tells whether another page exists.
  const built = memberQuery({ cid, afterKey, afterSeq, limit: limit + 1, json, ids, types, specVersions, versions: query.versions });
  const rows = await sql.query<R>(built.text, built.values, built.name);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const result: Page<T> = { items: items.map(map) };
  // The key is derived from the last row only, rather than read for every row.
  return rows.length > limit && last !== undefined
    ? { ...result, next: encodeCursor(CURSOR_KIND, [timestampKey(last.date_added) as string, last.mseq]) }
    : result;
}

/** The (date_added key, mseq) a page starts after: the cursor or added_after, whichever is later. */
function startAfter(query: CollectionQuery): [string, number] {
  const cursor: [string, number] = query.cursor === undefined ? ['', 0] : decodeCursor(CURSOR_KIND, query.cursor, ['string', 'integer']);
  if (query.cursor !== undefined && !isTimestampKey(cursor[0])) throw new InvalidCursorError(query.cursor, 'malformed key');
  if (query.addedAfter === undefined) return cursor;
  const key = timestampKey(query.addedAfter);
  if (key === null) throw new RangeError(`addedAfter must be an RFC 3339 UTC timestamp, got ${JSON.stringify(query.addedAfter)}`);
  // §3.4 added_after is strictly after: past every member added at that instant.
  return cursor[0] > key ? cursor : [key, Number.MAX_SAFE_INTEGER];
}

interface MemberQuery {
  readonly cid: number;
  readonly afterKey: string;
  readonly afterSeq: number;
  /** null: every matching member. */
  readonly limit: number | null;
  readonly json: boolean;
  readonly ids?: readonly string[];
  readonly types?: readonly string[];
  readonly specVersions?: readonly string[];
  readonly versions: VersionMatch;
}

/**
 * Another version of the same object in the same collection, newer ('>') or older ('<').
 */
function otherVersion(direction: '>' | '<'): string {
  return `EXISTS (SELECT 1 FROM object_versions v2 JOIN collection_members m2 ON m2.version_seq = v2.seq AND m2.cid = m.cid
    WHERE v2.oid = v.oid AND v2.version_key ${direction} v.version_key)`;
}

function memberQuery(q: MemberQuery): { text: string; values: unknown[]; name: string } {
  const values: unknown[] = [q.cid, q.afterKey, q.afterSeq];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const list = (items: readonly string[]): string => `(SELECT json_array_elements_text(${param(JSON.stringify(items))}::json))`;
  // Get Objects reads the JSON and nothing else it does not need; a manifest, no JSON.
  const columns = q.json ? 'm.mseq, m.date_added, v.json' : 'm.mseq, m.date_added, o.id, v.version, v.spec_version';
  const where = ['m.cid = $1', '(m.date_added_key, m.mseq) > ($2::text COLLATE "C", $3::bigint)'];
  let shape = q.json ? 'j' : 'm';
  if (q.ids !== undefined) {
    where.push(`o.id IN ${list(q.ids)}`);
    shape += 'i';
  }
  if (q.types !== undefined) {
    where.push(`o.type IN ${list(q.types)}`);
    shape += 't';
  }
  if (q.specVersions !== undefined) {
    where.push(`v.spec_version IN ${list(q.specVersions)}`);
    shape += 's';
  }
  if (q.versions.kind === 'some') {
    const any: string[] = [];
    if (q.versions.first) any.push(`NOT ${otherVersion('<')}`);
    // The store's latest version of the object is the latest in any collection holding it:
    // for most rows that settles it without looking at the other versions.
    if (q.versions.last) any.push(`(v.seq = o.latest_seq OR NOT ${otherVersion('>')})`);
    const exact = q.versions.exact.filter(storable).map(versionKey);
    if (exact.length > 0) any.push(`v.version_key IN ${list(exact)}`);
    // No keyword and no version: nothing matches (the caller never asks for that).
    where.push(any.length === 0 ? 'false' : `(${any.join(' OR ')})`);
    shape += `v${q.versions.first ? 'f' : ''}${q.versions.last ? 'l' : ''}${exact.length > 0 ? 'e' : ''}`;
  }
  const limit = q.limit === null ? '' : ` LIMIT ${param(q.limit)}`;
  if (q.limit === null) shape += 'u';
  return {
    text: `SELECT ${columns} FROM collection_members m JOIN object_versions v ON v.seq = m.version_seq JOIN objects o ON o.oid = v.oid
      WHERE ${where.join(' AND ')} ORDER BY m.date_added_key, m.mseq${limit}`,
    values,
    name: `tl_taxii_members_${shape}`,
  };
}
