// Ports: what the application needs from the outside world. Adapters (storage/sqlite,
// storage/postgres, mail, clock) implement these; only main.ts and tests construct them.
//
// The Store is asynchronous because one of its adapters (PostgreSQL) is. Every write goes
// through `store.write(fn)`: the function's work commits together or not at all, and no
// other write interleaves with it. Reads outside a write see only committed data.
import type { UsersReads, UsersWrites } from './ports/users.ts';
import type { AuditReads, AuditWrites } from './ports/audit.ts';
import type { ThreatsReads, ThreatsWrites } from './ports/threats.ts';
import type { TaxiiReads, TaxiiWrites } from './ports/taxii.ts';
import type { PartnersReads, PartnersWrites } from './ports/partners.ts';
import type { DeliveriesReads, DeliveriesWrites } from './ports/deliveries.ts';
import type { WarningsReads, WarningsWrites } from './ports/warnings.ts';

/** One stored version of a STIX object. `json` is the object's JSON text exactly as stored. */
export interface ObjectRecord {
  readonly id: string;
  readonly type: string;
  readonly specVersion: string;
  /** `modified`, else `created`, else '' (see domain/stix/object.ts versionOf). */
  readonly version: string;
  readonly created: string | null;
  readonly modified: string | null;
  readonly revoked: boolean;
  readonly json: string;
}

/** A reference from one object to another: `path` is the property path, e.g. `object_refs[3]`. */
export interface RefEdge {
  readonly path: string;
  readonly targetId: string;
}

/** A marking applied to an object (selectors null) or to some of its properties. */
export interface MarkingRow {
  readonly markingRef: string;
  readonly selectors: readonly string[] | null;
}

/**
 * Everything the store keeps about one object version; derived rows come from domain code.
 * `json` may arrive as UTF-8 bytes: a judge thread hands rows over that way so that the
 * writing thread never builds a string for text it only passes on to the store
 * (app/ingest/judgedWire.ts). `jsonText` reads either form.
 */
export interface ObjectWrite extends Omit<ObjectRecord, 'json'> {
  readonly json: string | Uint8Array;
  readonly refs: readonly RefEdge[];
  readonly markings: readonly MarkingRow[];
}

/**
 * stored: a new version was written. unchanged: the same (id, version) with the same JSON
 * was already there (idempotent re-ingest). conflict: the same (id, version) exists with
 * different content; nothing was written for it.
 */
export type PutOutcome = 'stored' | 'unchanged' | 'conflict';

/** An ObjectWrite whose JSON is text, for stores that need it so. */
export type TextObjectWrite = ObjectWrite & { readonly json: string };

/** The row with its JSON as text, whichever form it came in. */
export function withJsonText(object: ObjectWrite): TextObjectWrite {
  return typeof object.json === 'string' ? (object as TextObjectWrite) : { ...object, json: jsonText(object.json) };
}

/** The text of a row's JSON, whichever form it came in. */
export function jsonText(json: string | Uint8Array): string {
  return typeof json === 'string' ? json : Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8');
}

export interface PutResult {
  readonly id: string;
  readonly version: string;
  readonly outcome: PutOutcome;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque, stateless cursor for the next page; absent when there is no more. */
  readonly next?: string;
}

export interface ListObjectsQuery {
  readonly types?: readonly string[];
  readonly limit: number;
  readonly cursor?: string;
}

export interface ScanQuery {
  readonly types?: readonly string[];
  /** Only versions whose `modified` (or `created`) is at or after this timestamp. */
  readonly since?: string;
  /** Rows fetched per round trip while scanning. */
  readonly batchSize?: number;
}

export interface StoreStats {
  /** Distinct object ids. */
  readonly objects: number;
  /** Stored versions, all ids. */
  readonly versions: number;
  /** Distinct ids per type, latest versions. */
  readonly byType: Readonly<Record<string, number>>;
  readonly revoked: number;
  readonly collections: number;
}

export interface CollectionRecord {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly alias: string | null;
  readonly mediaTypes: readonly string[];
}

/** One object version's membership in a TAXII collection (TAXII 2.1 §5.4: date_added). */
export interface MembershipRecord {
  readonly collectionId: string;
  readonly id: string;
  readonly version: string;
  /** When this version entered this collection: never the object's `modified`. */
  readonly dateAdded: string;
}

export interface MembershipQuery {
  readonly limit: number;
  readonly cursor?: string;
  readonly addedAfter?: string;
}

/** Reads: available on the store and inside a write (where they see the write's own changes). */
export interface StoreReader {
  getObjectVersions(id: string): Promise<readonly ObjectRecord[]>;
  getLatestObject(id: string): Promise<ObjectRecord | null>;
  /** Latest versions, keyset-paged in a stable order that survives restarts. */
  listLatestObjects(query: ListObjectsQuery): Promise<Page<ObjectRecord>>;
  /** Every matching latest version, streamed in batches so memory stays flat. */
  scanLatestObjects(query: ScanQuery): AsyncIterable<ObjectRecord>;
  /** References out of the latest version of `id`. */
  refsFrom(id: string): Promise<readonly RefEdge[]>;
  /** Objects whose latest version references `id`. */
  refsTo(id: string): Promise<readonly { readonly sourceId: string; readonly path: string }[]>;
  /** Markings on one stored version (latest when version is omitted). */
  markingsOf(id: string, version?: string): Promise<readonly MarkingRow[]>;
  stats(): Promise<StoreStats>;
  /** One trivial round trip to the database: resolves when it answers, whatever it holds. */
  ping(): Promise<void>;
  getCollection(id: string): Promise<CollectionRecord | null>;
  listCollections(): Promise<readonly CollectionRecord[]>;
  /** Memberships ordered by (dateAdded, insertion order). */
  listMemberships(collectionId: string, query: MembershipQuery): Promise<Page<MembershipRecord>>;
  readonly users: UsersReads;
  readonly audit: AuditReads;
  readonly threats: ThreatsReads;
  readonly taxii: TaxiiReads;
  readonly partners: PartnersReads;
  readonly deliveries: DeliveriesReads;
  readonly warnings: WarningsReads;
}

/** Writes, only inside `store.write`. */
export interface StoreWriter extends StoreReader {
  /**
   * Writes object versions. The outcome of each is reported in input order. Within one
   * call, a later duplicate of an earlier (id, version) is reported as unchanged/conflict
   * against the earlier one.
   */
  putObjects(objects: readonly ObjectWrite[]): Promise<readonly PutResult[]>;
  putCollection(collection: CollectionRecord): Promise<void>;
  /** Removes a collection and its memberships (not the objects). Returns whether it existed. */
  removeCollection(id: string): Promise<boolean>;
  /**
   * Adds object versions to a collection. A version already in the collection keeps its
   * original dateAdded. Returns how many memberships were new.
   */
  addToCollection(collectionId: string, members: readonly { readonly id: string; readonly version: string }[], dateAdded: string): Promise<number>;
  readonly users: UsersWrites;
  readonly audit: AuditWrites;
  readonly threats: ThreatsWrites;
  readonly taxii: TaxiiWrites;
  readonly partners: PartnersWrites;
  readonly deliveries: DeliveriesWrites;
  readonly warnings: WarningsWrites;
}

export interface Store extends StoreReader {
  /** Runs `work` as one atomic unit: it commits if `work` resolves, rolls back if it throws. */
  write<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface Clock {
  /** Current time as an RFC 3339 UTC timestamp with millisecond precision. */
  now(): string;
}
