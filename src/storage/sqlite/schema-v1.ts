// Schema version 1: objects and their versions, reference edges, markings, TAXII collections.
// Design notes (ARCHITECTURE.md "Data model"):
// - objects: one row per STIX id, in first-seen order (oid). It points at the latest version
//   (latest_seq), so the latest view is one rowid join and paging by oid is stable: new ids
//   go to the end, a new version of a known id keeps its place.
//   latest_seq has no FOREIGN KEY: objects and versions reference each other, and the
//   writer sets both in one statement pair.
// - object_versions: every version, append-only, keyed by an INTEGER rowid (seq) so inserts
//   append; (oid, version_key) is unique. version_key is version-key.ts's normalised,
//   sortable form; `version` keeps the text as it came.
// - object_refs / object_markings: derived rows per stored version, clustered by that
//   version (WITHOUT ROWID) and indexed by target / marking for "what links here" and
//   marking filters in SQL. Ids are indexed by their id-hash.ts hash (objects.id_hash,
//   object_refs.target_hash): small integer keys instead of random ~45-byte strings.
// - collection_members: one row per (collection, object version), with its own date_added
//   (TAXII 2.1 §3.4.1: added_after filters on it, never on `modified`) and mseq, the
//   insertion order that breaks ties between equal date_added values when paging.
export const SCHEMA_V1 = `
CREATE TABLE objects (
  oid        INTEGER PRIMARY KEY,
  id_hash    INTEGER NOT NULL,
  id         TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  latest_seq INTEGER NOT NULL
);
CREATE INDEX objects_by_id_hash ON objects (id_hash);
CREATE INDEX objects_by_type ON objects (type);

CREATE TABLE object_versions (
  seq          INTEGER PRIMARY KEY,
  oid          INTEGER NOT NULL REFERENCES objects (oid),
  version_key  TEXT    NOT NULL,
  version      TEXT    NOT NULL,
  spec_version TEXT    NOT NULL,
  created      TEXT,
  modified     TEXT,
  revoked      INTEGER NOT NULL CHECK (revoked IN (0, 1)),
  json         TEXT    NOT NULL
);
CREATE UNIQUE INDEX object_versions_by_key ON object_versions (oid, version_key);

CREATE TABLE object_refs (
  source_seq  INTEGER NOT NULL REFERENCES object_versions (seq),
  ord         INTEGER NOT NULL,
  path        TEXT    NOT NULL,
  target_id   TEXT    NOT NULL,
  target_hash INTEGER NOT NULL,
  PRIMARY KEY (source_seq, ord)
) WITHOUT ROWID;
CREATE INDEX object_refs_by_target ON object_refs (target_hash);

CREATE TABLE object_markings (
  version_seq INTEGER NOT NULL REFERENCES object_versions (seq),
  ord         INTEGER NOT NULL,
  marking_ref TEXT    NOT NULL,
  selectors   TEXT,
  PRIMARY KEY (version_seq, ord)
) WITHOUT ROWID;
CREATE INDEX object_markings_by_ref ON object_markings (marking_ref);

CREATE TABLE collections (
  cid         INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE,
  title       TEXT    NOT NULL,
  description TEXT,
  alias       TEXT,
  media_types TEXT    NOT NULL
);

CREATE TABLE collection_members (
  mseq           INTEGER PRIMARY KEY,
  cid            INTEGER NOT NULL REFERENCES collections (cid) ON DELETE CASCADE,
  version_seq    INTEGER NOT NULL REFERENCES object_versions (seq),
  date_added     TEXT    NOT NULL,
  date_added_key TEXT    NOT NULL
);
CREATE UNIQUE INDEX collection_members_by_version ON collection_members (cid, version_seq);
CREATE INDEX collection_members_by_date ON collection_members (cid, date_added_key, mseq);
`;
