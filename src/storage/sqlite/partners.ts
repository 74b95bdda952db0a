// SQLite facet `partners`: partner profiles with every version kept, and the versioned release
// policy (port: app/ports/partners.ts). Profiles and the policy are stored as the JSON text
// the application validated; the store never parses them.
//
// `partners` holds one row per handle: the current version, its identity_ref (a partial
// unique index keeps active identities distinct, behind the port's own check) and the dates.
// `partner_versions` and `release_policy_versions` only ever grow.
import type Database from 'better-sqlite3';
import type {
  PartnerPut, PartnerRecord, PartnerVersionRecord, PartnersReads, PartnersWrites, PolicyPut, PolicyVersionRecord, PutPartnerResult,
} from '../../app/ports/partners.ts';
import type { Connection } from './connection.ts';
import type { Guard, SqliteFacet } from './facets.ts';

const SCHEMA_V1 = `
CREATE TABLE partners (
  name            TEXT    PRIMARY KEY,
  current_version INTEGER NOT NULL,
  identity_ref    TEXT    NOT NULL,
  created_at      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL,
  removed_at      TEXT
);
CREATE UNIQUE INDEX partners_active_identity ON partners (identity_ref) WHERE removed_at IS NULL;
CREATE TABLE partner_versions (
  name         TEXT    NOT NULL REFERENCES partners (name),
  version      INTEGER NOT NULL,
  profile_json TEXT    NOT NULL,
  identity_ref TEXT    NOT NULL,
  recorded_at  TEXT    NOT NULL,
  actor        TEXT    NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE TABLE release_policy_versions (
  version     INTEGER PRIMARY KEY,
  policy_json TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  actor       TEXT    NOT NULL
);
`;

interface VersionRow {
  readonly name: string;
  readonly version: number;
  readonly profile_json: string;
  readonly identity_ref: string;
  readonly recorded_at: string;
  readonly actor: string;
}

interface PartnerRow extends VersionRow {
  readonly created_at: string;
  readonly updated_at: string;
  readonly removed_at: string | null;
}

interface PolicyRow {
  readonly version: number;
  readonly policy_json: string;
  readonly recorded_at: string;
  readonly actor: string;
}

const PARTNER_SELECT = `SELECT p.name, v.version, v.profile_json, v.identity_ref, v.recorded_at, v.actor, p.created_at, p.updated_at, p.removed_at
  FROM partners p JOIN partner_versions v ON v.name = p.name AND v.version = p.current_version`;
const VERSION_COLUMNS = 'name, version, profile_json, identity_ref, recorded_at, actor';
const POLICY_COLUMNS = 'version, policy_json, recorded_at, actor';

interface Statements {
  readonly getActive: Database.Statement;
  readonly getAny: Database.Statement;
  readonly byIdentity: Database.Statement;
  readonly listActive: Database.Statement;
  readonly listAll: Database.Statement;
  readonly version: Database.Statement;
  readonly history: Database.Statement;
  readonly policyCurrent: Database.Statement;
  readonly policyVersion: Database.Statement;
  readonly insertPartner: Database.Statement;
  readonly updatePartner: Database.Statement;
  readonly insertVersion: Database.Statement;
  readonly remove: Database.Statement;
  readonly insertPolicy: Database.Statement;
}

function toVersion(row: VersionRow): PartnerVersionRecord {
  return { name: row.name, version: row.version, profileJson: row.profile_json, identityRef: row.identity_ref, recordedAt: row.recorded_at, actor: row.actor };
}

function toPartner(row: PartnerRow): PartnerRecord {
  return { ...toVersion(row), createdAt: row.created_at, updatedAt: row.updated_at, removedAt: row.removed_at };
}

function toPolicy(row: PolicyRow): PolicyVersionRecord {
  return { version: row.version, policyJson: row.policy_json, recordedAt: row.recorded_at, actor: row.actor };
}

function reads(s: Statements, guard: Guard): PartnersReads {
  return {
    async getPartner(name) {
      guard();
      const row = s.getActive.get(name) as PartnerRow | undefined;
      return row === undefined ? null : toPartner(row);
    },
    async findPartnerByIdentity(identityRef) {
      guard();
      const row = s.byIdentity.get(identityRef) as PartnerRow | undefined;
      return row === undefined ? null : toPartner(row);
    },
    async listPartners(options = {}) {
      guard();
      const rows = (options.includeRemoved === true ? s.listAll : s.listActive).all() as PartnerRow[];
      return rows.map(toPartner);
    },
    async getPartnerVersion(name, version) {
      guard();
      const row = s.version.get(name, version) as VersionRow | undefined;
      return row === undefined ? null : toVersion(row);
    },
    async partnerHistory(name) {
      guard();
      return (s.history.all(name) as VersionRow[]).map(toVersion);
    },
    async getReleasePolicy() {
      guard();
      const row = s.policyCurrent.get() as PolicyRow | undefined;
      return row === undefined ? null : toPolicy(row);
    },
    async getReleasePolicyVersion(version) {
      guard();
      const row = s.policyVersion.get(version) as PolicyRow | undefined;
      return row === undefined ? null : toPolicy(row);
    },
  };
}

function writes(db: Connection, s: Statements, guard: Guard): PartnersWrites {
  // All-or-nothing: the version row and the partner row change together.
  const put = db.transaction((p: PartnerPut): PutPartnerResult => {
    const holder = s.byIdentity.get(p.identityRef) as PartnerRow | undefined;
    if (holder !== undefined && holder.name !== p.name) return { outcome: 'identity-taken', by: holder.name };
    const existing = s.getAny.get(p.name) as PartnerRow | undefined;
    if (existing === undefined) {
      s.insertPartner.run(p.name, 1, p.identityRef, p.at, p.at);
      s.insertVersion.run(p.name, 1, p.profileJson, p.identityRef, p.at, p.actor);
      return { outcome: 'created', version: 1 };
    }
    const removed = existing.removed_at !== null;
    if (!removed && existing.profile_json === p.profileJson) return { outcome: 'unchanged', version: existing.version };
    // The current version is always the latest: versions are only ever appended.
    const version = existing.version + 1;
    s.insertVersion.run(p.name, version, p.profileJson, p.identityRef, p.at, p.actor);
    s.updatePartner.run(version, p.identityRef, p.at, p.name);
    return { outcome: removed ? 'restored' : 'updated', version };
  });
  const putPolicy = db.transaction((p: PolicyPut): { version: number; changed: boolean } => {
    const current = s.policyCurrent.get() as PolicyRow | undefined;
    if (current !== undefined && current.policy_json === p.policyJson) return { version: current.version, changed: false };
    const version = (current?.version ?? 0) + 1;
    s.insertPolicy.run(version, p.policyJson, p.at, p.actor);
    return { version, changed: true };
  });
  return {
    ...reads(s, guard),
    async putPartner(p) {
      guard();
      return put(p);
    },
    async removePartner(name, at) {
      guard();
      return s.remove.run(at, at, name).changes > 0;
    },
    async putReleasePolicy(p) {
      guard();
      return putPolicy(p);
    },
  };
}

export const partnersFacet: SqliteFacet<PartnersReads, PartnersWrites> = {
  name: 'partners',
  migrations: [{ version: 1, name: 'partner profiles with versions, release policy versions', sql: SCHEMA_V1 }],
  prepare(db) {
    const s: Statements = {
      getActive: db.prepare(`${PARTNER_SELECT} WHERE p.name = ? AND p.removed_at IS NULL`),
      getAny: db.prepare(`${PARTNER_SELECT} WHERE p.name = ?`),
      byIdentity: db.prepare(`${PARTNER_SELECT} WHERE p.identity_ref = ? AND p.removed_at IS NULL`),
      listActive: db.prepare(`${PARTNER_SELECT} WHERE p.removed_at IS NULL ORDER BY p.name`),
      listAll: db.prepare(`${PARTNER_SELECT} ORDER BY p.name`),
      version: db.prepare(`SELECT ${VERSION_COLUMNS} FROM partner_versions WHERE name = ? AND version = ?`),
      history: db.prepare(`SELECT ${VERSION_COLUMNS} FROM partner_versions WHERE name = ? ORDER BY version`),
      policyCurrent: db.prepare(`SELECT ${POLICY_COLUMNS} FROM release_policy_versions ORDER BY version DESC LIMIT 1`),
      policyVersion: db.prepare(`SELECT ${POLICY_COLUMNS} FROM release_policy_versions WHERE version = ?`),
      insertPartner: db.prepare('INSERT INTO partners (name, current_version, identity_ref, created_at, updated_at, removed_at) VALUES (?, ?, ?, ?, ?, NULL)'),
      updatePartner: db.prepare('UPDATE partners SET current_version = ?, identity_ref = ?, updated_at = ?, removed_at = NULL WHERE name = ?'),
      insertVersion: db.prepare(`INSERT INTO partner_versions (${VERSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`),
      remove: db.prepare('UPDATE partners SET removed_at = ?, updated_at = ? WHERE name = ? AND removed_at IS NULL'),
      insertPolicy: db.prepare(`INSERT INTO release_policy_versions (${POLICY_COLUMNS}) VALUES (?, ?, ?, ?)`),
    };
    return { reads: (guard) => reads(s, guard), writes: (guard) => writes(db, s, guard) };
  },
};
