// StoreReader over one connection. The store uses it on the reader connection (committed
// data only, thanks to WAL); a write's tx uses it on the writer connection, where it sees
// the write's own changes. Object JSON is returned as stored and never parsed here.
import type {
  CollectionRecord, ListObjectsQuery, MarkingRow, MembershipQuery, MembershipRecord, ObjectRecord, Page,
  RefEdge, ScanQuery, StoreReader, StoreStats,
} from '../../app/ports.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { timestampKey, versionKey } from '../version-key.ts';
import { idHash } from '../id-hash.ts';
import { latestPageSql, type ReadStatements, type TypeFilter } from './read-statements.ts';
import type { FacetReads } from './facets.ts';

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

interface LatestFilter {
  readonly types: TypeFilter;
  readonly params: Record<string, string | number>;
  readonly since: boolean;
}

// The facets (facets.ts) are attached by name in the constructor; this merge gives them types.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface SqliteReader extends FacetReads {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class SqliteReader implements StoreReader {
  readonly #s: ReadStatements;
  readonly #assertUsable: () => void;

  /** `assertUsable` throws when the store is closed or the owning write has ended. */
  constructor(statements: ReadStatements, assertUsable: () => void, facets: FacetReads) {
    this.#s = statements;
    this.#assertUsable = assertUsable;
    Object.assign(this, facets);
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

  async ping(): Promise<void> {
    this.#assertUsable();
    this.#s.ping.get();
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
