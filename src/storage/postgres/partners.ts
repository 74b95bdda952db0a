// PostgreSQL facet `partners`: partner profiles with every version kept, and the versioned
// release policy (port: app/ports/partners.ts; SQLite: storage/sqlite/partners.ts, which this
// mirrors). Profiles and the policy are stored as the JSON text the application validated
// (TEXT, byte-exact); the store never parses them.
//
// `partners` holds one row per handle: the current version, its identity_ref (a partial
// unique index keeps active identities distinct, behind the port's own check) and the dates.
// `partner_versions` and `release_policy_versions` only ever grow. Puts read, decide, then
// write, as one serial section of the write (which holds the cluster-wide write lock).
import type {
  PartnerPut, PartnerRecord, PartnerVersionRecord, PartnersReads, PartnersWrites, PolicyPut, PolicyVersionRecord, PutPartnerResult,
} from '../../app/ports/partners.ts';
import type { Guard, PgFacet } from './facets.ts';
import type { Sql, TxSql } from './sql.ts';
import { lookup, requireAll, run } from './statement.ts';

const SCHEMA_V1 = `
CREATE TABLE partners (
  name            text COLLATE "C" PRIMARY KEY,
  current_version integer NOT NULL,
  identity_ref    text COLLATE "C" NOT NULL,
  created_at      text COLLATE "C" NOT NULL,
  updated_at      text COLLATE "C" NOT NULL,
  removed_at      text COLLATE "C"
);
CREATE UNIQUE INDEX partners_active_identity ON partners (identity_ref) WHERE removed_at IS NULL;
CREATE TABLE partner_versions (
  name         text COLLATE "C" NOT NULL REFERENCES partners (name),
  version      integer NOT NULL,
  profile_json text NOT NULL,
  identity_ref text COLLATE "C" NOT NULL,
  recorded_at  text COLLATE "C" NOT NULL,
  actor        text NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE TABLE release_policy_versions (
  version     integer PRIMARY KEY,
  policy_json text NOT NULL,
  recorded_at text COLLATE "C" NOT NULL,
  actor       text NOT NULL
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

const Q = {
  getActive: { name: 'tl_partners_get_active', text: `${PARTNER_SELECT} WHERE p.name = $1 AND p.removed_at IS NULL` },
  getAny: { name: 'tl_partners_get_any', text: `${PARTNER_SELECT} WHERE p.name = $1` },
  byIdentity: { name: 'tl_partners_by_identity', text: `${PARTNER_SELECT} WHERE p.identity_ref = $1 AND p.removed_at IS NULL` },
  listActive: { name: 'tl_partners_list_active', text: `${PARTNER_SELECT} WHERE p.removed_at IS NULL ORDER BY p.name` },
  listAll: { name: 'tl_partners_list_all', text: `${PARTNER_SELECT} ORDER BY p.name` },
  version: { name: 'tl_partners_version', text: `SELECT ${VERSION_COLUMNS} FROM partner_versions WHERE name = $1 AND version = $2` },
  history: { name: 'tl_partners_history', text: `SELECT ${VERSION_COLUMNS} FROM partner_versions WHERE name = $1 ORDER BY version` },
  policyCurrent: {
    name: 'tl_partners_policy_current',
    text: `SELECT ${POLICY_COLUMNS} FROM release_policy_versions ORDER BY version DESC LIMIT 1`,
  },
  policyVersion: { name: 'tl_partners_policy_version', text: `SELECT ${POLICY_COLUMNS} FROM release_policy_versions WHERE version = $1` },
  insertPartner: {
    name: 'tl_partners_insert',
    text: 'INSERT INTO partners (name, current_version, identity_ref, created_at, updated_at, removed_at) VALUES ($1, $2, $3, $4, $5, NULL)',
  },
  updatePartner: {
    name: 'tl_partners_update',
    text: 'UPDATE partners SET current_version = $1, identity_ref = $2, updated_at = $3, removed_at = NULL WHERE name = $4',
  },
  insertVersion: { name: 'tl_partners_insert_version', text: `INSERT INTO partner_versions (${VERSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)` },
  remove: {
    name: 'tl_partners_remove',
    text: 'UPDATE partners SET removed_at = $1, updated_at = $1 WHERE name = $2 AND removed_at IS NULL RETURNING name',
  },
  insertPolicy: { name: 'tl_partners_insert_policy', text: `INSERT INTO release_policy_versions (${POLICY_COLUMNS}) VALUES ($1, $2, $3, $4)` },
} as const;

function toVersion(row: VersionRow): PartnerVersionRecord {
  return { name: row.name, version: row.version, profileJson: row.profile_json, identityRef: row.identity_ref, recordedAt: row.recorded_at, actor: row.actor };
}

function toPartner(row: PartnerRow): PartnerRecord {
  return { ...toVersion(row), createdAt: row.created_at, updatedAt: row.updated_at, removedAt: row.removed_at };
}

function toPolicy(row: PolicyRow): PolicyVersionRecord {
  return { version: row.version, policyJson: row.policy_json, recordedAt: row.recorded_at, actor: row.actor };
}

/** A version number PostgreSQL's integer column can hold; any other matches nothing. */
function isVersion(version: number): boolean {
  return Number.isSafeInteger(version) && version >= -2147483648 && version <= 2147483647;
}

function reads(sql: Sql, guard: Guard): PartnersReads {
  return {
    async getPartner(name) {
      guard();
      const [row] = await lookup<PartnerRow>(sql, Q.getActive, [name]);
      return row === undefined ? null : toPartner(row);
    },
    async findPartnerByIdentity(identityRef) {
      guard();
      const [row] = await lookup<PartnerRow>(sql, Q.byIdentity, [identityRef]);
      return row === undefined ? null : toPartner(row);
    },
    async listPartners(options = {}) {
      guard();
      return (await run<PartnerRow>(sql, options.includeRemoved === true ? Q.listAll : Q.listActive)).map(toPartner);
    },
    async getPartnerVersion(name, version) {
      guard();
      if (!isVersion(version)) return null;
      const [row] = await lookup<VersionRow>(sql, Q.version, [name, version]);
      return row === undefined ? null : toVersion(row);
    },
    async partnerHistory(name) {
      guard();
      return (await lookup<VersionRow>(sql, Q.history, [name])).map(toVersion);
    },
    async getReleasePolicy() {
      guard();
      const [row] = await run<PolicyRow>(sql, Q.policyCurrent);
      return row === undefined ? null : toPolicy(row);
    },
    async getReleasePolicyVersion(version) {
      guard();
      if (!isVersion(version)) return null;
      const [row] = await run<PolicyRow>(sql, Q.policyVersion, [version]);
      return row === undefined ? null : toPolicy(row);
    },
  };
}

function writes(tx: TxSql, guard: Guard): PartnersWrites {
  return {
    ...reads(tx, guard),
    async putPartner(p: PartnerPut): Promise<PutPartnerResult> {
      guard();
      requireAll('partner', [p.name, p.profileJson, p.identityRef, p.at, p.actor]);
      // Decide first, write last: the version row and the partner row change together.
      return tx.serial(async () => {
        const [holder] = await run<PartnerRow>(tx, Q.byIdentity, [p.identityRef]);
        if (holder !== undefined && holder.name !== p.name) return { outcome: 'identity-taken', by: holder.name };
        const [existing] = await run<PartnerRow>(tx, Q.getAny, [p.name]);
        if (existing === undefined) {
          await run(tx, Q.insertPartner, [p.name, 1, p.identityRef, p.at, p.at]);
          await run(tx, Q.insertVersion, [p.name, 1, p.profileJson, p.identityRef, p.at, p.actor]);
          return { outcome: 'created', version: 1 };
        }
        const removed = existing.removed_at !== null;
        if (!removed && existing.profile_json === p.profileJson) return { outcome: 'unchanged', version: existing.version };
        // The current version is always the latest: versions are only ever appended.
        const version = existing.version + 1;
        await run(tx, Q.insertVersion, [p.name, version, p.profileJson, p.identityRef, p.at, p.actor]);
        await run(tx, Q.updatePartner, [version, p.identityRef, p.at, p.name]);
        return { outcome: removed ? 'restored' : 'updated', version };
      });
    },
    async removePartner(name, at) {
      guard();
      requireAll('removal time', [at]);
      return (await lookup(tx, Q.remove, [at, name])).length > 0;
    },
    async putReleasePolicy(p: PolicyPut) {
      guard();
      requireAll('release policy', [p.policyJson, p.at, p.actor]);
      return tx.serial(async () => {
        const [current] = await run<PolicyRow>(tx, Q.policyCurrent);
        if (current !== undefined && current.policy_json === p.policyJson) return { version: current.version, changed: false };
        const version = (current?.version ?? 0) + 1;
        await run(tx, Q.insertPolicy, [version, p.policyJson, p.at, p.actor]);
        return { version, changed: true };
      });
    },
  };
}

export const partnersFacet: PgFacet<PartnersReads, PartnersWrites> = {
  name: 'partners',
  migrations: [{ version: 1, name: 'partner profiles with versions, release policy versions', sql: SCHEMA_V1 }],
  reads,
  writes,
};
