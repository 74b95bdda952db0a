// Schema version 1 for PostgreSQL: the same tables as SQLite's schema-v1.ts (read its notes
// first), with these differences:
// - Keys that are compared or sorted (version keys, date_added keys, ids) are COLLATE "C":
//   byte order, like SQLite's BINARY, whatever the database's default collation. Version
//   keys (version-key.ts) sort as time only in byte order.
// - objects.id is UNIQUE itself. Two nodes may write; the unique index is what makes a
//   duplicate object impossible, whatever the code above it does. (SQLite, a single writer,
//   indexes only the id hash.) object_refs still indexes targets by id-hash.ts's hash: refs
//   are the most numerous rows, and an int8 index is a fraction of a text one.
// - objects.latest_key copies the version key of the latest version, so raising the latest
//   pointer is a condition on the objects row alone (`new key > latest_key`): under READ
//   COMMITTED an UPDATE re-checks that condition on the newest row version after waiting
//   for a concurrent writer, so two writers can never lower it (no lost update). It also
//   lets `since` filter the latest view without touching the versions.
// - oid and seq come from sequences the writer draws from in bulk (it needs the numbers
//   before the rows exist: an object points at its latest version, a version at its object).
// - No foreign keys on the bulk tables (versions -> objects, refs and markings -> versions):
//   the writer creates each row with its parent in the same statement sequence and nothing
//   ever deletes them, and PostgreSQL checks a foreign key with a trigger and a lookup per
//   row, which measured a large share of ingest time. integrity.ts checks these links
//   instead. Collection memberships keep theirs (few rows, and ON DELETE CASCADE).
// - JSON: `json` is TEXT, the object's bytes exactly as received, served as they are. There
//   is no JSONB copy of it: every field a query filters on is a column already, and a JSONB
//   copy would double the stored size and cost its parse on every insert. A later query on
//   a JSON field can index the expression `(json::jsonb ->> 'field')` without storing a
//   copy. Granular marking selectors are JSONB (queryable with `?`), media types text[].
export const SCHEMA_V1 = `
CREATE SEQUENCE object_oid_seq AS bigint;
CREATE TABLE objects (
  oid        bigint PRIMARY KEY,
  id         text COLLATE "C" NOT NULL UNIQUE,
  type       text COLLATE "C" NOT NULL,
  latest_seq bigint NOT NULL,
  latest_key text COLLATE "C" NOT NULL
);
ALTER SEQUENCE object_oid_seq OWNED BY objects.oid;
CREATE INDEX objects_by_type ON objects (type, oid);

CREATE SEQUENCE object_version_seq AS bigint;
CREATE TABLE object_versions (
  seq          bigint PRIMARY KEY,
  oid          bigint NOT NULL,
  version_key  text COLLATE "C" NOT NULL,
  version      text NOT NULL,
  spec_version text NOT NULL,
  created      text,
  modified     text,
  revoked      boolean NOT NULL,
  json         text NOT NULL,
  CONSTRAINT object_versions_by_key UNIQUE (oid, version_key)
);
ALTER SEQUENCE object_version_seq OWNED BY object_versions.seq;
-- Revoked versions are few: stats count revoked objects from here.
CREATE INDEX object_versions_revoked ON object_versions (oid) WHERE revoked;

CREATE TABLE object_refs (
  source_seq  bigint  NOT NULL,
  ord         integer NOT NULL,
  path        text    NOT NULL,
  target_id   text COLLATE "C" NOT NULL,
  target_hash bigint  NOT NULL,
  PRIMARY KEY (source_seq, ord)
);
CREATE INDEX object_refs_by_target ON object_refs (target_hash);

CREATE TABLE object_markings (
  version_seq bigint  NOT NULL,
  ord         integer NOT NULL,
  marking_ref text COLLATE "C" NOT NULL,
  selectors   jsonb,
  PRIMARY KEY (version_seq, ord)
);
CREATE INDEX object_markings_by_ref ON object_markings (marking_ref);

CREATE TABLE collections (
  cid         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          text COLLATE "C" NOT NULL UNIQUE,
  title       text NOT NULL,
  description text,
  alias       text,
  media_types text[] NOT NULL
);

CREATE TABLE collection_members (
  mseq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cid            bigint NOT NULL REFERENCES collections (cid) ON DELETE CASCADE,
  version_seq    bigint NOT NULL REFERENCES object_versions (seq),
  date_added     text NOT NULL,
  date_added_key text COLLATE "C" NOT NULL,
  CONSTRAINT collection_members_by_version UNIQUE (cid, version_seq)
);
CREATE INDEX collection_members_by_date ON collection_members (cid, date_added_key, mseq);
`;
