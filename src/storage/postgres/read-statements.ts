// The SQL the reader runs. Each fixed statement has a name, so pg prepares it once per
// connection. Object ids are matched on objects.id (unique, byte-collated) directly; ref
// targets on their id hash first (id-hash.ts), then the id.
import type { Statement } from './statement.ts';

export const VERSION_COLUMNS = 'o.oid, o.id, o.type, v.spec_version, v.version, v.created, v.modified, v.revoked, v.json';

const MEMBER_SELECT = `SELECT m.mseq, o.id, v.version, m.date_added, m.date_added_key FROM collection_members m
  JOIN object_versions v ON v.seq = m.version_seq JOIN objects o ON o.oid = v.oid`;

export type TypeFilter = 'all' | 'one' | 'many';

/** The latest-view page query for one combination of filters. $1 after, $2 limit, then type(s), then since. */
export function latestPage(types: TypeFilter, since: boolean): Statement {
  const where = ['o.oid > $1'];
  let next = 3;
  if (types === 'one') where.push(`o.type = $${next++}`);
  // An empty list matches nothing, like an IN () would.
  if (types === 'many') where.push(`o.type = ANY ($${next++}::text[])`);
  // objects.latest_key is the latest version's key: no need to look at the version first.
  if (since) where.push(`o.latest_key >= $${next++}`);
  return {
    name: `tl_latest_${types}${since ? '_since' : ''}`,
    text: `SELECT ${VERSION_COLUMNS} FROM objects o JOIN object_versions v ON v.seq = o.latest_seq
      WHERE ${where.join(' AND ')} ORDER BY o.oid LIMIT $2`,
  };
}

export const READS = {
  versionsOf: {
    name: 'tl_versions_of',
    text: `SELECT ${VERSION_COLUMNS} FROM objects o JOIN object_versions v ON v.oid = o.oid
      WHERE o.id = $1 ORDER BY v.version_key`,
  },
  latestOf: {
    name: 'tl_latest_of',
    text: `SELECT ${VERSION_COLUMNS} FROM objects o JOIN object_versions v ON v.seq = o.latest_seq WHERE o.id = $1`,
  },
  refsFrom: {
    name: 'tl_refs_from',
    text: `SELECT r.path, r.target_id FROM objects o JOIN object_refs r ON r.source_seq = o.latest_seq
      WHERE o.id = $1 ORDER BY r.ord`,
  },
  // Only edges out of a latest version: the version row leads to its object, whose
  // latest_seq must be that same version.
  refsTo: {
    name: 'tl_refs_to',
    text: `SELECT o.id, r.path FROM object_refs r
      JOIN object_versions v ON v.seq = r.source_seq
      JOIN objects o ON o.oid = v.oid AND o.latest_seq = v.seq
      WHERE r.target_hash = $1 AND r.target_id = $2 ORDER BY o.oid, r.ord`,
  },
  latestMarkings: {
    name: 'tl_latest_markings',
    text: `SELECT m.marking_ref, m.selectors FROM objects o
      JOIN object_markings m ON m.version_seq = o.latest_seq WHERE o.id = $1 ORDER BY m.ord`,
  },
  versionMarkings: {
    name: 'tl_version_markings',
    text: `SELECT m.marking_ref, m.selectors FROM objects o
      JOIN object_versions v ON v.oid = o.oid AND v.version_key = $2
      JOIN object_markings m ON m.version_seq = v.seq WHERE o.id = $1 ORDER BY m.ord`,
  },
  ping: { name: 'tl_ping', text: 'SELECT 1' },
  // One statement, so all the counts come from one snapshot.
  stats: {
    name: 'tl_stats',
    text: `SELECT
      (SELECT count(*) FROM objects) AS objects,
      (SELECT count(*) FROM object_versions) AS versions,
      (SELECT count(*) FROM object_versions v JOIN objects o ON o.oid = v.oid
        WHERE v.revoked AND o.latest_seq = v.seq) AS revoked,
      (SELECT count(*) FROM collections) AS collections,
      (SELECT coalesce(json_object_agg(type, n), '{}') FROM (SELECT type, count(*) AS n FROM objects GROUP BY type) t) AS by_type`,
  },
  collection: {
    name: 'tl_collection',
    text: 'SELECT id, title, description, alias, media_types FROM collections WHERE id = $1',
  },
  collections: {
    name: 'tl_collections',
    text: 'SELECT id, title, description, alias, media_types FROM collections ORDER BY cid',
  },
  collectionCid: {
    name: 'tl_collection_cid',
    text: 'SELECT cid FROM collections WHERE id = $1',
  },
  // TAXII 2.1 §5.4 orders by date_added; mseq (insertion order) breaks ties stably. The row
  // comparison is an index condition on (cid, date_added_key, mseq) in PostgreSQL: one seek.
  membersAfter: {
    name: 'tl_members_after',
    text: `${MEMBER_SELECT}
      WHERE m.cid = $1 AND (m.date_added_key, m.mseq) > ($2::text COLLATE "C", $3::bigint)
      ORDER BY m.date_added_key, m.mseq LIMIT $4`,
  },
} as const satisfies Record<string, Statement>;
