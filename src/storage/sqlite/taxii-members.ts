// Collection memberships read the way TAXII 2.1 serves them: sorted by date_added (§3.3),
// filtered by match[id|type|version|spec_version] and added_after (§3.4), paged by a
// stateless keyset cursor (§3.5), the object JSON joined as stored, never re-serialised.
//
// Query plans (each shape is prepared once per connection, then cached):
// - Without match[id] the page walks collection_members_by_date from the cursor (CROSS JOIN
//   keeps SQLite from driving the loop from objects_by_type, which would need a sort of a
//   whole type). Like the core reader, the page is the rest of the cursor's date_added, then
//   later ones: two exact index seeks instead of a row-value seek that degrades when a bulk
//   add gives thousands of members one date_added.
// - With match[id] the loop starts from the ids (objects_by_id_hash), then their versions,
//   then their memberships: a handful of rows, sorted.
// - match[version] first/last compare with the other versions of the object *in this
//   collection* (object_versions_by_key, then collection_members_by_version).
import type Database from 'better-sqlite3';
import type { CollectionManifestEntry, CollectionObject, CollectionQuery, VersionMatch } from '../../app/ports/taxii.ts';
import { MAX_TAXII_PAGE } from '../../app/ports/taxii.ts';
import type { Page } from '../../app/ports.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { timestampKey, versionKey } from '../version-key.ts';
import type { Connection } from './connection.ts';
import { idHash } from '../id-hash.ts';
import { limitBy } from './limit.ts';

const CURSOR_KIND = 'taxii';

// Rows come as arrays in the order of memberSql's columns (better-sqlite3's raw mode): a page
// then builds no object with named keys for each of its rows, only the items it returns.
// Measured on the TAXII bench's collection: 12% less CPU per page of 100 than rows as objects.
type MemberRow = readonly [mseq: number, dateAdded: string, ...rest: unknown[]];
type ObjectRow = readonly [mseq: number, dateAdded: string, json: string];
type ManifestRow = readonly [mseq: number, dateAdded: string, id: string, version: string, specVersion: string];

type Phase = 'same-date' | 'later-dates' | 'by-id';

export interface Shape {
  readonly phase: Phase;
  /** What a row holds: the stored JSON (Get Objects) or the manifest columns. */
  readonly json: boolean;
  /** match[type]: one type (an equality) or several. */
  readonly types: 'one' | 'many' | false;
  readonly specVersions: boolean;
  readonly versions: string;
}

/** Prepared member queries of one connection. */
export class MemberQueries {
  readonly #db: Connection;
  readonly #cache = new Map<string, Database.Statement>();
  readonly #cid: Database.Statement;

  constructor(db: Connection) {
    this.#db = db;
    this.#cid = db.prepare('SELECT cid FROM collections WHERE id = ?').pluck();
  }

  cidOf(collectionId: string): number | undefined {
    return this.#cid.get(collectionId) as number | undefined;
  }

  objects(collectionId: string, query: CollectionQuery): Page<CollectionObject> {
    return this.#page<ObjectRow, CollectionObject>(collectionId, query, true, (row) => ({ dateAdded: row[1], json: row[2] }));
  }

  manifest(collectionId: string, query: CollectionQuery): Page<CollectionManifestEntry> {
    return this.#page<ManifestRow, CollectionManifestEntry>(collectionId, query, false,
      (row) => ({ id: row[2], version: row[3], specVersion: row[4], dateAdded: row[1] }));
  }

  /** mseq of the members of one object that match `versions`, for §5.7 Delete an Object. */
  membersOf(collectionId: string, objectId: string, versions: VersionMatch): number[] {
    const shape: Shape = { phase: 'by-id', json: false, types: false, specVersions: false, versions: versionShape(versions) };
    const params = { collection: collectionId, ...idParams([objectId]), ...versionParams(versions), afterKey: '', afterSeq: 0, limit: -1 };
    return (this.#statement(shape).all(params) as MemberRow[]).map((row) => row[0]);
  }

  #page<R extends MemberRow, T>(collectionId: string, query: CollectionQuery, json: boolean, map: (row: R) => T): Page<T> {
    const limit = query.limit;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_TAXII_PAGE) {
      throw new RangeError(`limit must be an integer from 1 to ${MAX_TAXII_PAGE}, got ${limit}`);
    }
    // An empty list of ids or types matches nothing, like an IN () would.
    if (query.ids?.length === 0 || query.types?.length === 0 || query.specVersions?.length === 0) return { items: [] };
    const [afterKey, afterSeq] = startAfter(query);
    const base = {
      json,
      types: query.types === undefined ? false as const : query.types.length === 1 ? 'one' as const : 'many' as const,
      specVersions: query.specVersions !== undefined,
      versions: versionShape(query.versions),
    };
    // The collection is looked up inside the page's statements, not by a statement of its own,
    // which would take the WAL read lock once more (measured on the TAXII bench's file: 5-10 µs
    // of a page's 250 µs of CPU). An unknown collection has no members, so its page is empty.
    const params: Record<string, string | number> = {
      collection: collectionId,
      afterKey,
      afterSeq,
      limit: limit + 1,
      ...versionParams(query.versions),
      ...(query.types === undefined ? {} : query.types.length === 1 ? { type: query.types[0] as string } : { types: JSON.stringify(query.types) }),
      ...(query.specVersions === undefined ? {} : { specVersions: JSON.stringify(query.specVersions) }),
    };
    let rows: R[];
    if (query.ids !== undefined) {
      rows = this.#rows<R>({ ...base, phase: 'by-id' }, { ...params, ...idParams(query.ids) });
    } else {
      // One row more than asked tells whether another page exists.
      rows = this.#rows<R>({ ...base, phase: 'same-date' }, params);
      if (rows.length <= limit) {
        rows.push(...this.#rows<R>({ ...base, phase: 'later-dates' }, { ...params, limit: limit + 1 - rows.length }));
      }
    }
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    const page: Page<T> = { items: rows.map(map) };
    // The key is derived from the last row only, rather than read for every row.
    return more && last !== undefined ? { ...page, next: encodeCursor(CURSOR_KIND, [timestampKey(last[1]) as string, last[0]]) } : page;
  }

  /** The rows of one statement, as arrays in memberSql's column order. */
  #rows<R extends MemberRow>(shape: Shape, params: Record<string, string | number>): R[] {
    const rows = this.#statement(shape).all(params);
    return (shape.json ? (rows as string[]).map(splitObjectRow) : rows) as R[];
  }

  #statement(shape: Shape): Database.Statement {
    const key = JSON.stringify(shape);
    let statement = this.#cache.get(key);
    if (statement === undefined) {
      const prepared = this.#db.prepare(memberSql(shape));
      statement = shape.json ? prepared.pluck() : prepared.raw();
      this.#cache.set(key, statement);
    }
    return statement;
  }
}

const SPACE = 0x20;
const DIGIT_ZERO = 0x30;

/**
 * An object row comes from SQLite as one text, "mseq date_added json" (memberSql): one value per
 * row rather than an array of three. better-sqlite3 builds each row array through V8's API, an
 * element at a time, and on the TAXII bench that building was 28% of the instructions a page
 * cost the server. Neither the number nor the timestamp holds a space; the JSON is the rest,
 * a substring of the text (V8 shares it rather than copying).
 */
function splitObjectRow(text: string): ObjectRow {
  // The digits are read where they stand: Number() of a slice would copy them and hash the copy.
  let mseq = 0;
  let afterSeq = 0;
  for (let c = text.charCodeAt(0); c !== SPACE; c = text.charCodeAt(++afterSeq)) mseq = mseq * 10 + (c - DIGIT_ZERO);
  const afterDate = text.indexOf(' ', afterSeq + 1);
  return [mseq, text.slice(afterSeq + 1, afterDate), text.slice(afterDate + 1)];
}

/** The (date_added key, mseq) a page starts after: the cursor or added_after, whichever is later. */
function startAfter(query: CollectionQuery): [string, number] {
  const cursor: [string, number] = query.cursor === undefined ? ['', 0] : decodeCursor(CURSOR_KIND, query.cursor, ['string', 'integer']);
  if (query.addedAfter === undefined) return cursor;
  const key = timestampKey(query.addedAfter);
  if (key === null) throw new RangeError(`addedAfter must be an RFC 3339 UTC timestamp, got ${JSON.stringify(query.addedAfter)}`);
  // §3.4 added_after is strictly after: past every member added at that instant.
  return cursor[0] > key ? cursor : [key, Number.MAX_SAFE_INTEGER];
}

function idParams(ids: readonly string[]): Record<string, string> {
  return { ids: JSON.stringify(ids), hashes: JSON.stringify(ids.map(idHash)) };
}

function versionShape(versions: VersionMatch): string {
  if (versions.kind === 'all') return 'all';
  return [versions.first ? 'first' : '', versions.last ? 'last' : '', versions.exact.length > 0 ? 'exact' : ''].join('/');
}

function versionParams(versions: VersionMatch): Record<string, string> {
  if (versions.kind === 'all' || versions.exact.length === 0) return {};
  return { versionKeys: JSON.stringify(versions.exact.map(versionKey)) };
}

/**
 * Another version of the same object in the same collection, newer ('>') or older ('<').
 * It names o.oid, not v.oid, so SQLite checks it after the cheaper type filter on `o`.
 */
function otherVersion(direction: '>' | '<'): string {
  return `EXISTS (SELECT 1 FROM object_versions v2 JOIN collection_members m2 ON m2.version_seq = v2.seq AND m2.cid = m.cid
    WHERE v2.oid = o.oid AND v2.version_key ${direction} v.version_key)`;
}

function versionCondition(shape: string): string | null {
  if (shape === 'all') return null;
  const [first, last, exact] = shape.split('/');
  const any: string[] = [];
  if (first === 'first') any.push(`NOT ${otherVersion('<')}`);
  // The store's latest version of the object is the latest in any collection holding it:
  // for most rows that settles it without looking at the other versions.
  if (last === 'last') any.push(`(v.seq = o.latest_seq OR NOT ${otherVersion('>')})`);
  if (exact === 'exact') any.push('v.version_key IN (SELECT value FROM json_each(@versionKeys))');
  // No keyword and no version: nothing matches (the caller never asks for that).
  return any.length === 0 ? '0' : `(${any.join(' OR ')})`;
}

/** The collection's cid, from its id: an uncorrelated subquery, evaluated once per statement. */
const CID = '(SELECT cid FROM collections WHERE id = @collection)';

/** The SQL of one query shape (exported for the query-plan test); its columns are the row types' order. */
export function memberSql(shape: Shape): string {
  // Object rows are one text (splitObjectRow says why); manifest rows stay columns.
  const columns = shape.json ? "m.mseq || ' ' || m.date_added || ' ' || v.json" : 'm.mseq, m.date_added, o.id, v.version, v.spec_version';
  const where: string[] = [];
  let from: string;
  let order: string;
  if (shape.phase === 'by-id') {
    from = `objects o CROSS JOIN object_versions v ON v.oid = o.oid
      CROSS JOIN collection_members m ON m.cid = ${CID} AND m.version_seq = v.seq`;
    where.push('o.id_hash IN (SELECT value FROM json_each(@hashes))', 'o.id IN (SELECT value FROM json_each(@ids))');
    where.push('(m.date_added_key > @afterKey OR (m.date_added_key = @afterKey AND m.mseq > @afterSeq))');
    order = 'm.date_added_key, m.mseq';
  } else {
    from = `collection_members m INDEXED BY collection_members_by_date
      CROSS JOIN object_versions v ON v.seq = m.version_seq CROSS JOIN objects o ON o.oid = v.oid`;
    where.push(`m.cid = ${CID}`);
    if (shape.phase === 'same-date') {
      where.push('m.date_added_key = @afterKey', 'm.mseq > @afterSeq');
      order = 'm.mseq';
    } else {
      where.push('m.date_added_key > @afterKey');
      order = 'm.date_added_key, m.mseq';
    }
  }
  // '+' keeps the planner off objects_by_type: the walk must stay in date_added order.
  if (shape.types === 'one') where.push('+o.type = @type');
  if (shape.types === 'many') where.push('+o.type IN (SELECT value FROM json_each(@types))');
  if (shape.specVersions) where.push('v.spec_version IN (SELECT value FROM json_each(@specVersions))');
  const versions = versionCondition(shape.versions);
  if (versions !== null) where.push(versions);
  return `SELECT ${columns} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} ${limitBy('@limit')}`;
}
