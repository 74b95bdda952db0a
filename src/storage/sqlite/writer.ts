// StoreWriter on the writer connection, used only inside one `store.write` transaction.
// Each method runs synchronously inside a SAVEPOINT (better-sqlite3 nests db.transaction
// that way), so a method that throws leaves none of its own rows behind even if `work`
// catches the error and goes on.
import type { CollectionRecord, ObjectWrite, PutResult, StoreWriter } from '../../app/ports.ts';
import type { Connection } from './connection.ts';
import type Database from 'better-sqlite3';
import { UnknownCollectionError, UnknownObjectVersionError } from '../errors.ts';
import { timestampKey, versionKey } from '../version-key.ts';
import { idHash } from '../id-hash.ts';
import { SqliteReader } from './reader.ts';
import type { ReadStatements } from './read-statements.ts';
import type { FacetWrites } from './facets.ts';

interface WriteStatements {
  readonly maxSeq: Database.Statement;
  readonly maxOid: Database.Statement;
  readonly findObject: Database.Statement;
  readonly findVersion: Database.Statement;
  readonly insertObject: Database.Statement;
  readonly insertVersion: Database.Statement;
  readonly raiseLatest: Database.Statement;
  readonly insertRef: Database.Statement;
  readonly insertMarking: Database.Statement;
  readonly upsertCollection: Database.Statement;
  readonly deleteCollection: Database.Statement;
  readonly findCollection: Database.Statement;
  readonly findVersionSeq: Database.Statement;
  readonly insertMember: Database.Statement;
}

type Member = { readonly id: string; readonly version: string };

/** The write operations, each a synchronous SAVEPOINT unit; prepared once per writer connection. */
export interface WriteOps {
  readonly putObjects: (objects: readonly ObjectWrite[]) => PutResult[];
  readonly putCollection: (collection: CollectionRecord) => void;
  readonly removeCollection: (id: string) => boolean;
  readonly addToCollection: (collectionId: string, members: readonly Member[], dateAdded: string) => number;
}

export function prepareWriteOps(db: Connection): WriteOps {
  const s = prepareWriteStatements(db);
  return {
    putObjects: db.transaction((objects: readonly ObjectWrite[]) => putObjects(s, objects)),
    putCollection: db.transaction((collection: CollectionRecord) => {
      s.upsertCollection.run(collection.id, collection.title, collection.description, collection.alias, JSON.stringify(collection.mediaTypes));
    }),
    removeCollection: db.transaction((id: string) => s.deleteCollection.run(id).changes > 0),
    addToCollection: db.transaction((collectionId: string, members: readonly Member[], dateAdded: string) =>
      addToCollection(s, collectionId, members, dateAdded)),
  };
}

function prepareWriteStatements(db: Connection): WriteStatements {
  return {
    maxSeq: db.prepare('SELECT coalesce(max(seq), 0) FROM object_versions').pluck(),
    maxOid: db.prepare('SELECT coalesce(max(oid), 0) FROM objects').pluck(),
    findObject: db.prepare('SELECT oid FROM objects WHERE id_hash = ? AND id = ?').pluck(),
    findVersion: db.prepare('SELECT json FROM object_versions WHERE oid = ? AND version_key = ?').pluck(),
    insertObject: db.prepare('INSERT INTO objects (oid, id_hash, id, type, latest_seq) VALUES (?, ?, ?, ?, ?)'),
    insertVersion: db.prepare(`INSERT INTO object_versions
      (seq, oid, version_key, version, spec_version, created, modified, revoked, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))`),
    // The new version becomes the latest only if its key is greater than the current one's.
    raiseLatest: db.prepare(`UPDATE objects SET latest_seq = ? WHERE oid = ?
      AND ? > (SELECT version_key FROM object_versions WHERE seq = objects.latest_seq)`),
    insertRef: db.prepare('INSERT INTO object_refs (source_seq, ord, path, target_id, target_hash) VALUES (?, ?, ?, ?, ?)'),
    insertMarking: db.prepare('INSERT INTO object_markings (version_seq, ord, marking_ref, selectors) VALUES (?, ?, ?, ?)'),
    upsertCollection: db.prepare(`INSERT INTO collections (id, title, description, alias, media_types) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, description = excluded.description,
        alias = excluded.alias, media_types = excluded.media_types`),
    deleteCollection: db.prepare('DELETE FROM collections WHERE id = ?'),
    findCollection: db.prepare('SELECT cid FROM collections WHERE id = ?').pluck(),
    findVersionSeq: db.prepare(`SELECT v.seq FROM objects o JOIN object_versions v ON v.oid = o.oid AND v.version_key = ?
      WHERE o.id_hash = ? AND o.id = ?`).pluck(),
    // A version already in the collection keeps its first date_added.
    insertMember: db.prepare(`INSERT INTO collection_members (cid, version_seq, date_added, date_added_key) VALUES (?, ?, ?, ?)
      ON CONFLICT (cid, version_seq) DO NOTHING`),
  };
}

/**
 * SqliteReader typed with the write facets: a facet's writes include its reads, and a
 * property cannot be both (interface merging would need them identical).
 */
const ReaderWithFacetWrites = SqliteReader as unknown as new (reads: ReadStatements, assertUsable: () => void, facets: FacetWrites) =>
  Omit<SqliteReader, keyof FacetWrites> & FacetWrites;

/** The `tx` of one write: cheap to make, refuses use once its write has ended. */
export class SqliteWriter extends ReaderWithFacetWrites implements StoreWriter {
  readonly #ops: WriteOps;
  readonly #assertUsable: () => void;

  constructor(reads: ReadStatements, ops: WriteOps, assertUsable: () => void, facets: FacetWrites) {
    // Facet writes include their reads, so the tx's facets serve both.
    super(reads, assertUsable, facets);
    this.#ops = ops;
    this.#assertUsable = assertUsable;
  }

  async putObjects(objects: readonly ObjectWrite[]): Promise<readonly PutResult[]> {
    this.#assertUsable();
    return this.#ops.putObjects(objects);
  }

  async putCollection(collection: CollectionRecord): Promise<void> {
    this.#assertUsable();
    this.#ops.putCollection(collection);
  }

  async removeCollection(id: string): Promise<boolean> {
    this.#assertUsable();
    return this.#ops.removeCollection(id);
  }

  async addToCollection(collectionId: string, members: readonly Member[], dateAdded: string): Promise<number> {
    this.#assertUsable();
    return this.#ops.addToCollection(collectionId, members, dateAdded);
  }
}

function putObjects(s: WriteStatements, objects: readonly ObjectWrite[]): PutResult[] {
  // The writer is the only one inserting, so the next rowids are known up front; that
  // lets a new object point at its first version before that row exists.
  let nextSeq = (s.maxSeq.get() as number) + 1;
  let nextOid = (s.maxOid.get() as number) + 1;
  const results: PutResult[] = [];
  for (const object of objects) {
    const key = versionKey(object.version);
    const hash = idHash(object.id);
    const seq = nextSeq;
    const known = s.findObject.get(hash, object.id) as number | undefined;
    if (known !== undefined) {
      const stored = s.findVersion.get(known, key) as string | undefined;
      if (stored !== undefined) {
        // Same (id, version): identical JSON is an idempotent re-ingest; anything else is
        // a conflict and the stored version stays as it is.
        results.push({ id: object.id, version: object.version, outcome: sameJson(stored, object.json) ? 'unchanged' : 'conflict' });
        continue;
      }
    }
    const oid = known ?? nextOid++;
    if (known === undefined) s.insertObject.run(oid, hash, object.id, object.type, seq);
    s.insertVersion.run(seq, oid, key, object.version, object.specVersion, object.created, object.modified, object.revoked ? 1 : 0, object.json);
    if (known !== undefined) s.raiseLatest.run(seq, oid, key);
    object.refs.forEach((ref, ord) => s.insertRef.run(seq, ord, ref.path, ref.targetId, idHash(ref.targetId)));
    object.markings.forEach((marking, ord) =>
      s.insertMarking.run(seq, ord, marking.markingRef, marking.selectors === null ? null : JSON.stringify(marking.selectors)));
    nextSeq++;
    results.push({ id: object.id, version: object.version, outcome: 'stored' });
  }
  return results;
}

function addToCollection(s: WriteStatements, collectionId: string, members: readonly Member[], dateAdded: string): number {
  const dateAddedKey = timestampKey(dateAdded);
  if (dateAddedKey === null) throw new RangeError(`dateAdded must be an RFC 3339 UTC timestamp, got ${JSON.stringify(dateAdded)}`);
  const cid = s.findCollection.get(collectionId) as number | undefined;
  if (cid === undefined) throw new UnknownCollectionError(collectionId);
  let added = 0;
  for (const member of members) {
    const seq = s.findVersionSeq.get(versionKey(member.version), idHash(member.id), member.id) as number | undefined;
    if (seq === undefined) throw new UnknownObjectVersionError(member.id, member.version);
    added += s.insertMember.run(cid, seq, dateAdded, dateAddedKey).changes;
  }
  return added;
}

/** Whether a stored JSON text and a row's JSON (text or UTF-8 bytes) are the same. */
function sameJson(stored: string, json: string | Uint8Array): boolean {
  return typeof json === 'string' ? stored === json : Buffer.from(stored, 'utf8').equals(json);
}
