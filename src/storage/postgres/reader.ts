// StoreReader over an Sql: the pool (committed data only) for the store, the write's client
// for a tx (where it sees the write's own changes). Object JSON is returned as stored and
// never parsed here. Cursors have the same shape as SQLite's (cursor.ts): ['objects', oid]
// and ['members', date_added key, mseq].
import type {
  CollectionRecord, ListObjectsQuery, MarkingRow, MembershipQuery, MembershipRecord, ObjectRecord, Page,
  RefEdge, ScanQuery, StoreReader, StoreStats,
} from '../../app/ports.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { InvalidCursorError } from '../errors.ts';
import { timestampKey, versionKey } from '../version-key.ts';
import { idHash } from '../id-hash.ts';
import { latestPage, READS, type TypeFilter } from './read-statements.ts';
import type { Statement } from './statement.ts';
import type { Sql } from './sql.ts';
import type { PgFacetReads } from './facets.ts';
import { isTimestampKey, storable } from './text.ts';

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
  readonly revoked: boolean;
  readonly json: string;
}

interface CollectionRow {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly alias: string | null;
  readonly media_types: string[];
}

interface MemberRow {
  readonly mseq: number;
  readonly id: string;
  readonly version: string;
  readonly date_added: string;
  readonly date_added_key: string;
}

interface StatsRow {
  readonly objects: number;
  readonly versions: number;
  readonly revoked: number;
  readonly collections: number;
  readonly by_type: Record<string, number>;
}

interface LatestFilter {
  readonly statement: Statement;
  readonly params: readonly (string | readonly string[])[];
}

// The facets (facets.ts) are attached by name in the constructor; this merge gives them types.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface PgReader extends PgFacetReads {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PgReader implements StoreReader {
  readonly #sql: Sql;
  readonly #assertUsable: () => void;

  /** `assertUsable` throws when the store is closed or the owning write has ended. */
  constructor(sql: Sql, assertUsable: () => void, facets: PgFacetReads) {
    this.#sql = sql;
    this.#assertUsable = assertUsable;
    Object.assign(this, facets);
  }

  async getObjectVersions(id: string): Promise<readonly ObjectRecord[]> {
    this.#assertUsable();
    if (!storable(id)) return [];
    return (await this.#run<VersionRow>(READS.versionsOf, [id])).map(toRecord);
  }

  async getLatestObject(id: string): Promise<ObjectRecord | null> {
    this.#assertUsable();
    if (!storable(id)) return null;
    const [row] = await this.#run<VersionRow>(READS.latestOf, [id]);
    return row === undefined ? null : toRecord(row);
  }

  async listLatestObjects(query: ListObjectsQuery): Promise<Page<ObjectRecord>> {
    this.#assertUsable();
    const limit = pageLimit(query.limit);
    const after = query.cursor === undefined ? 0 : decodeCursor(OBJECTS_CURSOR, query.cursor, ['integer'])[0];
    // One row more than asked tells whether another page exists.
    const rows = await this.#latestPage(latestFilter(query.types, undefined), after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const page: Page<ObjectRecord> = { items: items.map(toRecord) };
    return rows.length > limit && last !== undefined ? { ...page, next: encodeCursor(OBJECTS_CURSOR, [last.oid]) } : page;
  }

  async *scanLatestObjects(query: ScanQuery): AsyncIterable<ObjectRecord> {
    const batchSize = query.batchSize ?? DEFAULT_SCAN_BATCH;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    const filter = latestFilter(query.types, query.since);
    // Keyset paging on oid: each batch is one short statement (no cursor held open across
    // awaits, no connection pinned) and sees the latest committed data; an object that
    // exists for the whole scan is yielded exactly once.
    let after = 0;
    for (;;) {
      this.#assertUsable();
      const rows = await this.#latestPage(filter, after, batchSize);
      for (const row of rows) yield toRecord(row);
      const last = rows[rows.length - 1];
      if (rows.length < batchSize || last === undefined) return;
      after = last.oid;
    }
  }

  async refsFrom(id: string): Promise<readonly RefEdge[]> {
    this.#assertUsable();
    if (!storable(id)) return [];
    const rows = await this.#run<{ path: string; target_id: string }>(READS.refsFrom, [id]);
    return rows.map((row) => ({ path: row.path, targetId: row.target_id }));
  }

  async refsTo(id: string): Promise<readonly { readonly sourceId: string; readonly path: string }[]> {
    this.#assertUsable();
    if (!storable(id)) return [];
    const rows = await this.#run<{ id: string; path: string }>(READS.refsTo, [idHash(id), id]);
    return rows.map((row) => ({ sourceId: row.id, path: row.path }));
  }

  async markingsOf(id: string, version?: string): Promise<readonly MarkingRow[]> {
    this.#assertUsable();
    if (!storable(id) || (version !== undefined && !storable(version))) return [];
    const rows = version === undefined
      ? await this.#run<{ marking_ref: string; selectors: string[] | null }>(READS.latestMarkings, [id])
      : await this.#run<{ marking_ref: string; selectors: string[] | null }>(READS.versionMarkings, [id, versionKey(version)]);
    return rows.map((row) => ({ markingRef: row.marking_ref, selectors: row.selectors }));
  }

  async ping(): Promise<void> {
    this.#assertUsable();
    await this.#run(READS.ping, []);
  }

  async stats(): Promise<StoreStats> {
    this.#assertUsable();
    const [row] = await this.#run<StatsRow>(READS.stats, []);
    if (row === undefined) throw new Error('stats returned no row');
    return { objects: row.objects, versions: row.versions, byType: row.by_type, revoked: row.revoked, collections: row.collections };
  }

  async getCollection(id: string): Promise<CollectionRecord | null> {
    this.#assertUsable();
    if (!storable(id)) return null;
    const [row] = await this.#run<CollectionRow>(READS.collection, [id]);
    return row === undefined ? null : toCollection(row);
  }

  async listCollections(): Promise<readonly CollectionRecord[]> {
    this.#assertUsable();
    return (await this.#run<CollectionRow>(READS.collections, [])).map(toCollection);
  }

  async listMemberships(collectionId: string, query: MembershipQuery): Promise<Page<MembershipRecord>> {
    this.#assertUsable();
    const limit = pageLimit(query.limit);
    const [afterKey, afterSeq] = membersAfter(query);
    if (!storable(collectionId)) return { items: [] };
    const [collection] = await this.#run<{ cid: number }>(READS.collectionCid, [collectionId]);
    if (collection === undefined) return { items: [] };
    const rows = await this.#run<MemberRow>(READS.membersAfter, [collection.cid, afterKey, afterSeq, limit + 1]);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const page: Page<MembershipRecord> = {
      items: items.map((row) => ({ collectionId, id: row.id, version: row.version, dateAdded: row.date_added })),
    };
    return rows.length > limit && last !== undefined
      ? { ...page, next: encodeCursor(MEMBERS_CURSOR, [last.date_added_key, last.mseq]) }
      : page;
  }

  #run<R>(statement: Statement, values: readonly unknown[]): Promise<R[]> {
    return this.#sql.query<R>(statement.text, values, statement.name);
  }

  #latestPage(filter: LatestFilter, after: number, limit: number): Promise<VersionRow[]> {
    return this.#run<VersionRow>(filter.statement, [after, limit, ...filter.params]);
  }
}

function latestFilter(types: readonly string[] | undefined, since: string | undefined): LatestFilter {
  const params: (string | readonly string[])[] = [];
  let typeFilter: TypeFilter = 'all';
  // A type PostgreSQL cannot store matches nothing; dropping it keeps the query valid.
  const kept = types?.filter(storable);
  if (kept !== undefined && kept.length === 1) {
    typeFilter = 'one';
    params.push(kept[0] ?? '');
  } else if (kept !== undefined) {
    typeFilter = 'many';
    params.push(kept);
  }
  if (since !== undefined) params.push(requireTimestampKey('since', since));
  return { statement: latestPage(typeFilter, since !== undefined), params };
}

/**
 * The (date_added key, mseq) position a membership page starts after: the cursor, or past
 * every membership added at or before addedAfter (TAXII 2.1 §3.4.1: strictly after),
 * whichever is later.
 */
function membersAfter(query: MembershipQuery): [string, number] {
  const cursor: [string, number] = query.cursor === undefined ? ['', 0] : decodeCursor(MEMBERS_CURSOR, query.cursor, ['string', 'integer']);
  // Only timestamp keys are ever issued; anything else (a NUL would even fail in the
  // database and doom a write the read runs in) was not issued by a store.
  if (query.cursor !== undefined && !isTimestampKey(cursor[0])) throw new InvalidCursorError(query.cursor, 'malformed key');
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
    revoked: row.revoked,
    json: row.json,
  };
}

function toCollection(row: CollectionRow): CollectionRecord {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    alias: row.alias,
    mediaTypes: row.media_types,
  };
}
