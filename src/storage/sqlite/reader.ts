// StoreReader over one connection. The store uses it on the reader connection (committed
// data only, thanks to WAL); a write's tx uses it on the writer connection, where it sees
// the write's own changes. Object JSON is returned as stored and never parsed here.
import type {
  CollectionRecord, ListObjectsQuery, MarkingRow, MembershipQuery, MembershipRecord, ObjectRecord, Page,
  RefEdge, ScanQuery, StoreReader, StoreStats,
} from '../../app/ports.ts';
import type { Connection } from './connection.ts';
import type Database from 'better-sqlite3';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { timestampKey, versionKey } from '../version-key.ts';
import { idHash } from './id-hash.ts';

const OBJECTS_CURSOR = 'objects';
const MEMBERS_CURSOR = 'members';
const DEFAULT_SCAN_BATCH = 1000;
const MAX_PAGE = 10_000;

interface VersionRow {
  readonly oid: number;
  readonly id: string;
  readonly type: string;
  readonly spec_version: string;
  readonly version: string;
  readonly created: string | null;
  readonly modified: string | null;
  readonly revoked: number;
  readonly json: string;
}

interface CollectionRow {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly alias: string | null;
  readonly media_types: string;
}

interface MemberRow {
  readonly mseq: number;
  readonly id: string;
  readonly version: string;
  readonly date_added: string;
  readonly date_added_key: string;
}

const VERSION_COLUMNS = 'o.oid, o.id, o.type, v.spec_version, v.version, v.created, v.modified, v.revoked, v.json';
const BY_ID = 'o.id_hash = @hash AND o.id = @id';
const MEMBER_SELECT = `SELECT m.mseq, o.id, v.version, m.date_added, m.date_added_key FROM collection_members m
  JOIN object_versions v ON v.seq = m.version_seq JOIN objects o ON o.oid = v.oid`;

type TypeFilter = 'all' | 'one' | 'many';

/** The latest-view page query for one combination of filters (prepared once, then cached). */
function latestPageSql(types: TypeFilter, since: boolean): string {
  const where = ['o.oid > @after'];
  if (types === 'one') where.push('o.type = @type');
  // Several types: walk objects in oid order and filter ('+' keeps the planner off the type
  // index, whose per-type runs would have to be merged and sorted on every page).
  if (types === 'many') where.push('+o.type IN (SELECT value FROM json_each(@types))');
  if (since) where.push('v.version_key >= @since');
  return `SELECT ${VERSION_COLUMNS} FROM objects o JOIN object_versions v ON v.seq = o.latest_seq
    WHERE ${where.join(' AND ')} ORDER BY o.oid LIMIT @limit`;
}

interface LatestFilter {
  readonly types: TypeFilter;
  readonly params: Record<string, string | number>;
  readonly since: boolean;
}

/** Statements prepared once per connection; every reader on that connection shares them. */
export interface ReadStatements {
  readonly db: Connection;
  readonly pages: Map<string, Database.Statement>;
  readonly versionsOf: Database.Statement;
  readonly latestOf: Database.Statement;
  readonly refsFrom: Database.Statement;
  readonly refsTo: Database.Statement;
  readonly latestMarkings: Database.Statement;
  readonly versionMarkings: Database.Statement;
  readonly counts: Database.Statement;
  readonly typeCounts: Database.Statement;
  readonly collection: Database.Statement;
  readonly collections: Database.Statement;
  readonly collectionCid: Database.Statement;
  readonly membersSameDate: Database.Statement;
  readonly membersLaterDate: Database.Statement;
}

export function prepareReadStatements(db: Connection): ReadStatements {
  return {
    db,
    pages: new Map(),
    versionsOf: db.prepare(`SELECT ${VERSION_COLUMNS} FROM objects o JOIN object_versions v ON v.oid = o.oid
      WHERE ${BY_ID} ORDER BY v.version_key`),
    latestOf: db.prepare(`SELECT ${VERSION_COLUMNS} FROM objects o JOIN object_versions v ON v.seq = o.latest_seq
      WHERE ${BY_ID}`),
    refsFrom: db.prepare(`SELECT r.path, r.target_id FROM objects o JOIN object_refs r ON r.source_seq = o.latest_seq
      WHERE ${BY_ID} ORDER BY r.ord`),
    // Only edges out of a latest version: the version row leads to its object, whose
    // latest_seq must be that same version.
    refsTo: db.prepare(`SELECT o.id, r.path FROM object_refs r
      JOIN object_versions v ON v.seq = r.source_seq
      JOIN objects o ON o.oid = v.oid AND o.latest_seq = v.seq
      WHERE r.target_hash = @hash AND r.target_id = @id ORDER BY o.oid, r.ord`),
    latestMarkings: db.prepare(`SELECT m.marking_ref, m.selectors FROM objects o
      JOIN object_markings m ON m.version_seq = o.latest_seq WHERE ${BY_ID} ORDER BY m.ord`),
    versionMarkings: db.prepare(`SELECT m.marking_ref, m.selectors FROM objects o
      JOIN object_versions v ON v.oid = o.oid AND v.version_key = @key
      JOIN object_markings m ON m.version_seq = v.seq WHERE ${BY_ID} ORDER BY m.ord`),
    counts: db.prepare(`SELECT
      (SELECT count(*) FROM objects) AS objects,
      (SELECT count(*) FROM object_versions) AS versions,
      (SELECT count(*) FROM objects o JOIN object_versions v ON v.seq = o.latest_seq WHERE v.revoked = 1) AS revoked,
      (SELECT count(*) FROM collections) AS collections`),
    typeCounts: db.prepare('SELECT type, count(*) AS n FROM objects GROUP BY type ORDER BY type'),
    collection: db.prepare('SELECT id, title, description, alias, media_types FROM collections WHERE id = ?'),
    collections: db.prepare('SELECT id, title, description, alias, media_types FROM collections ORDER BY cid'),
    collectionCid: db.prepare('SELECT cid FROM collections WHERE id = ?').pluck(),
    // TAXII 2.1 §5.4 orders by date_added; mseq (insertion order) breaks ties stably. A page
    // is the rest of the cursor's date_added, then later ones: two exact index seeks, where a
    // row-value (key, mseq) > (?, ?) seek measured linear in the members sharing one
    // date_added (a bulk ingest gives thousands the same one).
    membersSameDate: db.prepare(`${MEMBER_SELECT}
      WHERE m.cid = @cid AND m.date_added_key = @afterKey AND m.mseq > @afterSeq ORDER BY m.mseq LIMIT @limit`),
    membersLaterDate: db.prepare(`${MEMBER_SELECT}
      WHERE m.cid = @cid AND m.date_added_key > @afterKey ORDER BY m.date_added_key, m.mseq LIMIT @limit`),
  };
}

export class SqliteReader implements StoreReader {
  readonly #s: ReadStatements;
  readonly #assertUsable: () => void;

  /** `assertUsable` throws when the store is closed or the owning write has ended. */
  constructor(statements: ReadStatements, assertUsable: () => void) {
    this.#s = statements;
    this.#assertUsable = assertUsable;
  }

  async getObjectVersions(id: string): Promise<readonly ObjectRecord[]> {
    this.#assertUsable();
    return (this.#s.versionsOf.all({ hash: idHash(id), id }) as VersionRow[]).map(toRecord);
  }

  async getLatestObject(id: string): Promise<ObjectRecord | null> {
    this.#assertUsable();
    const row = this.#s.latestOf.get({ hash: idHash(id), id }) as VersionRow | undefined;
    return row === undefined ? null : toRecord(row);
  }

  async listLatestObjects(query: ListObjectsQuery): Promise<Page<ObjectRecord>> {
    this.#assertUsable();
    const limit = pageLimit(query.limit);
    const after = query.cursor === undefined ? 0 : decodeCursor(OBJECTS_CURSOR, query.cursor, ['integer'])[0];
    // One row more than asked tells whether another page exists.
    const rows = this.#latestPage(latestFilter(query.types, undefined), after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const page: Page<ObjectRecord> = { items: items.map(toRecord) };
    return rows.length > limit && last !== undefined ? { ...page, next: encodeCursor(OBJECTS_CURSOR, [last.oid]) } : page;
  }

  async *scanLatestObjects(query: ScanQuery): AsyncIterable<ObjectRecord> {
    const batchSize = query.batchSize ?? DEFAULT_SCAN_BATCH;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    const filter = latestFilter(query.types, query.since);
    // Keyset paging on oid: each batch is a short query (no statement stays open across
    // awaits) and sees the latest committed data; an object that exists for the whole scan
    // is yielded exactly once.
    let after = 0;
    for (;;) {
      this.#assertUsable();
      const rows = this.#latestPage(filter, after, batchSize);
      for (const row of rows) yield toRecord(row);
      const last = rows[rows.length - 1];
      if (rows.length < batchSize || last === undefined) return;
      after = last.oid;
    }
  }

  async refsFrom(id: string): Promise<readonly RefEdge[]> {
    this.#assertUsable();
    const rows = this.#s.refsFrom.all({ hash: idHash(id), id }) as { path: string; target_id: string }[];
    return rows.map((row) => ({ path: row.path, targetId: row.target_id }));
  }

  async refsTo(id: string): Promise<readonly { readonly sourceId: string; readonly path: string }[]> {
    this.#assertUsable();
    const rows = this.#s.refsTo.all({ hash: idHash(id), id }) as { id: string; path: string }[];
    return rows.map((row) => ({ sourceId: row.id, path: row.path }));
  }

  async markingsOf(id: string, version?: string): Promise<readonly MarkingRow[]> {
    this.#assertUsable();
    const rows = (version === undefined
      ? this.#s.latestMarkings.all({ hash: idHash(id), id })
      : this.#s.versionMarkings.all({ hash: idHash(id), id, key: versionKey(version) })) as { marking_ref: string; selectors: string | null }[];
    return rows.map((row) => ({
      markingRef: row.marking_ref,
      selectors: row.selectors === null ? null : (JSON.parse(row.selectors) as string[]),
    }));
  }

  async stats(): Promise<StoreStats> {
    this.#assertUsable();
    const counts = this.#s.counts.get() as { objects: number; versions: number; revoked: number; collections: number };
    const byType: Record<string, number> = {};
    for (const row of this.#s.typeCounts.all() as { type: string; n: number }[]) byType[row.type] = row.n;
    return { ...counts, byType };
  }

  async getCollection(id: string): Promise<CollectionRecord | null> {
    this.#assertUsable();
    const row = this.#s.collection.get(id) as CollectionRow | undefined;
    return row === undefined ? null : toCollection(row);
  }

  async listCollections(): Promise<readonly CollectionRecord[]> {
    this.#assertUsable();
    return (this.#s.collections.all() as CollectionRow[]).map(toCollection);
  }

  async listMemberships(collectionId: string, query: MembershipQuery): Promise<Page<MembershipRecord>> {
    this.#assertUsable();
    const limit = pageLimit(query.limit);
    const cid = this.#s.collectionCid.get(collectionId) as number | undefined;
    if (cid === undefined) return { items: [] };
    const [afterKey, afterSeq] = membersAfter(query);
    const rows = this.#s.membersSameDate.all({ cid, afterKey, afterSeq, limit: limit + 1 }) as MemberRow[];
    if (rows.length <= limit) rows.push(...(this.#s.membersLaterDate.all({ cid, afterKey, limit: limit + 1 - rows.length }) as MemberRow[]));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const page: Page<MembershipRecord> = {
      items: items.map((row) => ({ collectionId, id: row.id, version: row.version, dateAdded: row.date_added })),
    };
    return rows.length > limit && last !== undefined
      ? { ...page, next: encodeCursor(MEMBERS_CURSOR, [last.date_added_key, last.mseq]) }
      : page;
  }

  #latestPage(filter: LatestFilter, after: number, limit: number): VersionRow[] {
    const key = `${filter.types}/${filter.since}`;
    let statement = this.#s.pages.get(key);
    if (statement === undefined) {
      statement = this.#s.db.prepare(latestPageSql(filter.types, filter.since));
      this.#s.pages.set(key, statement);
    }
    return statement.all({ ...filter.params, after, limit }) as VersionRow[];
  }
}

function latestFilter(types: readonly string[] | undefined, since: string | undefined): LatestFilter {
  const params: Record<string, string | number> = {};
  let typeFilter: TypeFilter = 'all';
  if (types !== undefined && types.length === 1) {
    typeFilter = 'one';
    params.type = types[0] ?? '';
  } else if (types !== undefined) {
    // An empty list matches nothing, like an IN () would.
    typeFilter = 'many';
    params.types = JSON.stringify(types);
  }
  if (since !== undefined) params.since = requireTimestampKey('since', since);
  return { types: typeFilter, params, since: since !== undefined };
}

/**
 * The (date_added key, mseq) position a membership page starts after: the cursor, or past
 * every membership added at or before addedAfter (TAXII 2.1 §3.4.1: strictly after),
 * whichever is later.
 */
function membersAfter(query: MembershipQuery): [string, number] {
  const cursor: [string, number] = query.cursor === undefined ? ['', 0] : decodeCursor(MEMBERS_CURSOR, query.cursor, ['string', 'integer']);
  if (query.addedAfter === undefined) return cursor;
  const addedAfter = requireTimestampKey('addedAfter', query.addedAfter);
  return cursor[0] > addedAfter ? cursor : [addedAfter, Number.MAX_SAFE_INTEGER];
}

function requireTimestampKey(name: string, value: string): string {
  const key = timestampKey(value);
  if (key === null) throw new RangeError(`${name} must be an RFC 3339 UTC timestamp, got ${JSON.stringify(value)}`);
  return key;
}

function pageLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE}, got ${limit}`);
  }
  return limit;
}

function toRecord(row: VersionRow): ObjectRecord {
  return {
    id: row.id,
    type: row.type,
    specVersion: row.spec_version,
    version: row.version,
    created: row.created,
    modified: row.modified,
    revoked: row.revoked === 1,
    json: row.json,
  };
}

function toCollection(row: CollectionRow): CollectionRecord {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    alias: row.alias,
    mediaTypes: JSON.parse(row.media_types) as string[],
  };
}
