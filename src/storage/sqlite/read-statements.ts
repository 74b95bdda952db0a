// The SQL the reader runs, prepared once per connection. Every lookup by id matches the
// indexed id hash first, then the id itself (see id-hash.ts).
import type Database from 'better-sqlite3';
import type { Connection } from './connection.ts';
import { limitBy } from './limit.ts';

const VERSION_COLUMNS = 'o.oid, o.id, o.type, v.spec_version, v.version, v.created, v.modified, v.revoked, v.json';
const BY_ID = 'o.id_hash = @hash AND o.id = @id';
const MEMBER_SELECT = `SELECT m.mseq, o.id, v.version, m.date_added, m.date_added_key FROM collection_members m
  JOIN object_versions v ON v.seq = m.version_seq JOIN objects o ON o.oid = v.oid`;

export type TypeFilter = 'all' | 'one' | 'many';

/** The latest-view page query for one combination of filters (prepared once, then cached). */
export function latestPageSql(types: TypeFilter, since: boolean): string {
  const where = ['o.oid > @after'];
  if (types === 'one') where.push('o.type = @type');
  // Several types: walk objects in oid order and filter ('+' keeps the planner off the type
  // index, whose per-type runs would have to be merged and sorted on every page).
  if (types === 'many') where.push('+o.type IN (SELECT value FROM json_each(@types))');
  if (since) where.push('v.version_key >= @since');
  return `SELECT ${VERSION_COLUMNS} FROM objects o JOIN object_versions v ON v.seq = o.latest_seq
    WHERE ${where.join(' AND ')} ORDER BY o.oid ${limitBy('@limit')}`;
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
  readonly ping: Database.Statement;
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
    ping: db.prepare('SELECT 1'),
    counts: db.prepare(`SELECT
      (SELECT count(*) FROM objects) AS objects,
      (SELECT count(*) FROM object_versions) AS versions,
      (SELECT count(*) FROM object_versions v INDEXED BY object_versions_revoked JOIN objects o ON o.oid = v.oid
        WHERE v.revoked = 1 AND o.latest_seq = v.seq) AS revoked,
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
      WHERE m.cid = @cid AND m.date_added_key = @afterKey AND m.mseq > @afterSeq ORDER BY m.mseq ${limitBy('@limit')}`),
    membersLaterDate: db.prepare(`${MEMBER_SELECT}
      WHERE m.cid = @cid AND m.date_added_key > @afterKey ORDER BY m.date_added_key, m.mseq ${limitBy('@limit')}`),
  };
}

