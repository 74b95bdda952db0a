// StoreWriter on the client of one `store.write` transaction.
//
// Each method checks everything that can be wrong before it writes (unknown collection,
// unknown version, text PostgreSQL cannot store), so a method that throws an expected
// error has written nothing and the write can go on, as the contract asks. Past the checks,
// only the database can fail, and an error there dooms the whole write (sql.ts): nothing
// partial can commit. So no method needs a SAVEPOINT, whose subtransactions a long ingest
// would pile up by the hundred.
//
// Each method runs as one serial section (sql.ts): its reads and inserts never interleave
// with another call of the same write.
import { withJsonText, type CollectionRecord, type ObjectWrite, type PutResult, type StoreWriter, type TextObjectWrite } from '../../app/ports.ts';
import { UnknownCollectionError, UnknownObjectVersionError } from '../errors.ts';
import { timestampKey, versionKey } from '../version-key.ts';
import { PgReader } from './reader.ts';
import { putObjects } from './put-objects.ts';
import type { TxSql } from './sql.ts';
import type { PgFacetWrites } from './facets.ts';
import { requireStorable, storable } from './text.ts';
import { json, jsonColumns } from './bulk.ts';

type Member = { readonly id: string; readonly version: string };

const WRITES = {
  upsertCollection: {
    name: 'tl_upsert_collection',
    text: `INSERT INTO collections (id, title, description, alias, media_types) VALUES ($1, $2, $3, $4, $5::text[])
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, description = excluded.description,
        alias = excluded.alias, media_types = excluded.media_types`,
  },
  deleteCollection: {
    name: 'tl_delete_collection',
    text: 'DELETE FROM collections WHERE id = $1 RETURNING cid',
  },
  collectionCid: {
    name: 'tl_writer_collection_cid',
    text: 'SELECT cid FROM collections WHERE id = $1',
  },
  memberSeqs: {
    name: 'tl_member_seqs',
    text: `SELECT k.ord, v.seq FROM ${jsonColumns('k', ['id', 'key'], { ordinality: 'ord' })}
      JOIN objects o ON o.id = k.id JOIN object_versions v ON v.oid = o.oid AND v.version_key = k.key`,
  },
  // A version already in the collection keeps its first date_added. Rows go in input
  // order, so mseq (the tie-break between equal date_added) is the order they were given.
  insertMembers: {
    name: 'tl_insert_members',
    text: `INSERT INTO collection_members (cid, version_seq, date_added, date_added_key)
      SELECT $1, u.seq::bigint, $2, $3 FROM ${jsonColumns('u', ['seq'], { first: 4, ordinality: 'ord' })} ORDER BY u.ord
      ON CONFLICT (cid, version_seq) DO NOTHING RETURNING mseq`,
  },
} as const;

/**
 * PgReader typed with the write facets: a facet's writes include its reads, and a property
 * cannot be both (interface merging would need them identical).
 */
const ReaderWithFacetWrites = PgReader as unknown as new (sql: TxSql, assertUsable: () => void, facets: PgFacetWrites) =>
  Omit<PgReader, keyof PgFacetWrites> & PgFacetWrites;

/** The `tx` of one write: cheap to make, refuses use once its write has ended. */
export class PgWriter extends ReaderWithFacetWrites implements StoreWriter {
  readonly #tx: TxSql;
  readonly #assertUsable: () => void;

  constructor(tx: TxSql, assertUsable: () => void, facets: PgFacetWrites) {
    // Facet writes include their reads, so the tx's facets serve both.
    super(tx, assertUsable, facets);
    this.#tx = tx;
    this.#assertUsable = assertUsable;
  }

  async putObjects(objects: readonly ObjectWrite[]): Promise<readonly PutResult[]> {
    this.#assertUsable();
    // PostgreSQL takes text: JSON handed over as UTF-8 bytes (judgedWire.ts) is decoded here.
    const rows = objects.map(withJsonText);
    rows.forEach(requireStorableObject);
    if (rows.length === 0) return [];
    return this.#tx.serial(() => putObjects(this.#tx, rows));
  }

  async putCollection(collection: CollectionRecord): Promise<void> {
    this.#assertUsable();
    requireStorable('collection id', collection.id);
    requireStorable('collection title', collection.title);
    requireStorable('collection description', collection.description);
    requireStorable('collection alias', collection.alias);
    for (const mediaType of collection.mediaTypes) requireStorable('collection media type', mediaType);
    await run(this.#tx, WRITES.upsertCollection, [collection.id, collection.title, collection.description, collection.alias, collection.mediaTypes]);
  }

  async removeCollection(id: string): Promise<boolean> {
    this.#assertUsable();
    if (!storable(id)) return false;
    // Memberships go with it (ON DELETE CASCADE); the objects stay.
    return (await run(this.#tx, WRITES.deleteCollection, [id])).length > 0;
  }

  async addToCollection(collectionId: string, members: readonly Member[], dateAdded: string): Promise<number> {
    this.#assertUsable();
    return this.#tx.serial(() => addToCollection(this.#tx, collectionId, members, dateAdded));
  }
}

function run<R>(tx: TxSql, statement: { readonly name: string; readonly text: string }, values: readonly unknown[]): Promise<R[]> {
  return tx.query<R>(statement.text, values, statement.name);
}

function requireStorableObject(object: TextObjectWrite): void {
  // The common case first, without building the messages (allocating them for every field
  // of every object measured the largest share of a bulk write's garbage).
  if (objectStorable(object)) return;
  requireStorable('object id', object.id);
  requireStorable(`type of ${object.id}`, object.type);
  requireStorable(`version of ${object.id}`, object.version);
  requireStorable(`spec_version of ${object.id}`, object.specVersion);
  requireStorable(`created of ${object.id}`, object.created);
  requireStorable(`modified of ${object.id}`, object.modified);
  requireStorable(`JSON of ${object.id}`, object.json);
  for (const ref of object.refs) {
    requireStorable(`reference path of ${object.id}`, ref.path);
    requireStorable(`reference of ${object.id}`, ref.targetId);
  }
  for (const marking of object.markings) {
    requireStorable(`marking of ${object.id}`, marking.markingRef);
    for (const selector of marking.selectors ?? []) requireStorable(`marking selector of ${object.id}`, selector);
  }
}

function objectStorable(object: TextObjectWrite): boolean {
  return storable(object.id) && storable(object.type) && storable(object.version) && storable(object.specVersion)
    && (object.created === null || storable(object.created)) && (object.modified === null || storable(object.modified))
    && storable(object.json)
    && object.refs.every((ref) => storable(ref.path) && storable(ref.targetId))
    && object.markings.every((marking) => storable(marking.markingRef) && (marking.selectors ?? []).every(storable));
}

async function addToCollection(tx: TxSql, collectionId: string, members: readonly Member[], dateAdded: string): Promise<number> {
  const dateAddedKey = timestampKey(dateAdded);
  if (dateAddedKey === null) throw new RangeError(`dateAdded must be an RFC 3339 UTC timestamp, got ${JSON.stringify(dateAdded)}`);
  const [collection] = storable(collectionId) ? await run<{ cid: number }>(tx, WRITES.collectionCid, [collectionId]) : [];
  if (collection === undefined) throw new UnknownCollectionError(collectionId);
  if (members.length === 0) return 0;
  // Resolve every member before inserting any: an unknown one fails the call with nothing written.
  // Text PostgreSQL cannot store is sent as NULL, which matches nothing: such a version cannot exist.
  const rows = await run<{ ord: number; seq: number }>(tx, WRITES.memberSeqs, [
    json(members.map((m) => (storable(m.id) ? m.id : null))),
    json(members.map((m) => (storable(m.version) ? versionKey(m.version) : null))),
  ]);
  const seqs: (number | undefined)[] = new Array<number | undefined>(members.length);
  for (const row of rows) seqs[row.ord - 1] = row.seq;
  const missing = members.findIndex((_, i) => seqs[i] === undefined);
  if (missing >= 0) {
    const member = members[missing] as Member;
    throw new UnknownObjectVersionError(member.id, member.version);
  }
  const added = await run(tx, WRITES.insertMembers, [collection.cid, dateAdded, dateAddedKey, json(seqs)]);
  return added.length;
}
