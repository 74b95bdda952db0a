// The `taxii` facet on PostgreSQL (port: app/ports/taxii.ts; SQLite: storage/sqlite/taxii.ts,
// which this mirrors): TAXII accounts and their per-collection grants, Add Objects status
// resources, polling feeds with their lease, pull checkpoints; and the TAXII reads of
// collection memberships (taxii-members.ts). Reads the core tables; writes only its own
// tables, plus deletes from collection_members for §5.7 Delete an Object.
//
// Timestamps are stored as the Clock writes them (RFC 3339 UTC, milliseconds), byte-collated,
// so text order is time order for the lease and pruning comparisons. A feed's lease is
// claimed inside a write, and writes hold the cluster-wide write lock (index.ts): two nodes
// cannot both claim one feed.
import type { CollectionRecord } from '../../app/ports.ts';
import type {
  CollectionAccess, CollectionGrant, FeedAuth, FeedRunResult, PullCheckpoint, StatusDetail, TaxiiAccount, TaxiiFeed,
  TaxiiReads, TaxiiStatus, TaxiiWrites, VersionMatch,
} from '../../app/ports/taxii.ts';
import { UnknownAccountError } from '../../app/ports/taxii.ts';
import { UnknownCollectionError } from '../errors.ts';
import type { Guard, PgFacet } from './facets.ts';
import type { Sql, TxSql } from './sql.ts';
import { cidOf, collectionManifest, collectionObjects, membersOf } from './taxii-members.ts';
import { requireStorable, storable } from './text.ts';
import { lookup, requireAll, run } from './statement.ts';
import { json, jsonColumns } from './bulk.ts';

const SCHEMA_V1 = `
CREATE TABLE taxii_accounts (
  name        text COLLATE "C" PRIMARY KEY,
  credential  text NOT NULL CHECK (credential IN ('password', 'token')),
  token_id    text COLLATE "C" UNIQUE,
  secret_hash text NOT NULL,
  created_at  text COLLATE "C" NOT NULL
);

CREATE TABLE taxii_grants (
  account       text COLLATE "C" NOT NULL REFERENCES taxii_accounts (name) ON DELETE CASCADE,
  collection_id text COLLATE "C" NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  can_read      boolean NOT NULL,
  can_write     boolean NOT NULL,
  PRIMARY KEY (account, collection_id)
);
CREATE INDEX taxii_grants_by_collection ON taxii_grants (collection_id);

CREATE TABLE taxii_statuses (
  id                text COLLATE "C" PRIMARY KEY,
  collection_id     text NOT NULL,
  account           text NOT NULL,
  request_timestamp text COLLATE "C" NOT NULL,
  status            text NOT NULL CHECK (status IN ('complete', 'pending')),
  total_count       integer NOT NULL,
  success_count     integer NOT NULL,
  failure_count     integer NOT NULL,
  pending_count     integer NOT NULL,
  details           jsonb NOT NULL
);
CREATE INDEX taxii_statuses_by_time ON taxii_statuses (request_timestamp);

CREATE TABLE taxii_feeds (
  name             text COLLATE "C" PRIMARY KEY,
  url              text NOT NULL,
  collection       text,
  into_collection  text,
  auth             jsonb NOT NULL,
  ca_file          text,
  interval_seconds integer NOT NULL CHECK (interval_seconds > 0),
  enabled          boolean NOT NULL,
  created_at       text COLLATE "C" NOT NULL,
  last_started_at  text COLLATE "C",
  last_finished_at text COLLATE "C",
  last_error       text,
  last_stored      integer,
  lease_owner      text,
  lease_until      text COLLATE "C"
);

CREATE TABLE taxii_checkpoints (
  source      text COLLATE "C" PRIMARY KEY,
  added_after text,
  next        text,
  updated_at  text NOT NULL
);
`;

interface AccountRow {
  readonly name: string;
  readonly credential: 'password' | 'token';
  readonly token_id: string | null;
  readonly secret_hash: string;
  readonly created_at: string;
}

interface GrantRow {
  readonly account: string;
  readonly collection_id: string;
  readonly can_read: boolean;
  readonly can_write: boolean;
}

interface CollectionRow {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly alias: string | null;
  readonly media_types: string[];
}

interface AccessRow extends CollectionRow {
  readonly can_read: boolean;
  readonly can_write: boolean;
}

/** An account row with the requested collection's columns, all null when there is none. */
interface AccountAccessRow extends AccountRow {
  readonly id: string | null;
  readonly title: string | null;
  readonly description: string | null;
  readonly alias: string | null;
  readonly media_types: string[] | null;
  readonly can_read: boolean;
  readonly can_write: boolean;
}

interface StatusRow {
  readonly id: string;
  readonly collection_id: string;
  readonly account: string;
  readonly request_timestamp: string;
  readonly status: 'complete' | 'pending';
  readonly total_count: number;
  readonly success_count: number;
  readonly failure_count: number;
  readonly pending_count: number;
  readonly details: { successes: StatusDetail[]; failures: StatusDetail[]; pendings: StatusDetail[] };
}

interface FeedRow {
  readonly name: string;
  readonly url: string;
  readonly collection: string | null;
  readonly into_collection: string | null;
  readonly auth: FeedAuth;
  readonly ca_file: string | null;
  readonly interval_seconds: number;
  readonly enabled: boolean;
  readonly created_at: string;
  readonly last_started_at: string | null;
  readonly last_finished_at: string | null;
  readonly last_error: string | null;
  readonly last_stored: number | null;
  readonly lease_owner: string | null;
  readonly lease_until: string | null;
}

interface CheckpointRow {
  readonly source: string;
  readonly added_after: string | null;
  readonly next: string | null;
  readonly updated_at: string;
}

const COLLECTION_COLUMNS = 'c.id, c.title, c.description, c.alias, c.media_types';
const ACCOUNT_COLUMNS = 'name, credential, token_id, secret_hash, created_at';
const GRANT_COLUMNS = 'account, collection_id, can_read, can_write';
const STATUS_COLUMNS = `id, collection_id, account, request_timestamp, status, total_count, success_count, failure_count,
  pending_count, details`;
const FEED_COLUMNS = `name, url, collection, into_collection, auth, ca_file, interval_seconds, enabled, created_at,
  last_started_at, last_finished_at, last_error, last_stored, lease_owner, lease_until`;

/** As the SQLite adapter's: the collection found as `access` finds it; $2 null asks for none. */
function accountAccessSql(accountWhere: string): string {
  return `SELECT a.name, a.credential, a.token_id, a.secret_hash, a.created_at, ${COLLECTION_COLUMNS},
      coalesce(g.can_read, false) AS can_read, coalesce(g.can_write, false) AS can_write
    FROM taxii_accounts a
    LEFT JOIN collections c ON c.cid = (SELECT k.cid FROM collections k WHERE k.id = $2::text OR k.alias = $2::text
      ORDER BY k.id = $2::text DESC, k.cid LIMIT 1)
    LEFT JOIN taxii_grants g ON g.collection_id = c.id AND g.account = a.name
    WHERE ${accountWhere}`;
}

const Q = {
  account: { name: 'tl_taxii_account', text: `SELECT ${ACCOUNT_COLUMNS} FROM taxii_accounts WHERE name = $1` },
  accountByToken: { name: 'tl_taxii_account_by_token', text: `SELECT ${ACCOUNT_COLUMNS} FROM taxii_accounts WHERE token_id = $1` },
  accounts: { name: 'tl_taxii_accounts', text: `SELECT ${ACCOUNT_COLUMNS} FROM taxii_accounts ORDER BY name` },
  grantsOf: { name: 'tl_taxii_grants_of', text: `SELECT ${GRANT_COLUMNS} FROM taxii_grants WHERE account = $1 ORDER BY collection_id` },
  grantsOn: { name: 'tl_taxii_grants_on', text: `SELECT ${GRANT_COLUMNS} FROM taxii_grants WHERE collection_id = $1 ORDER BY account` },
  // The id wins over an alias that happens to equal another collection's id.
  resolve: {
    name: 'tl_taxii_resolve',
    text: `SELECT ${COLLECTION_COLUMNS} FROM collections c WHERE c.id = $1 OR c.alias = $1
      ORDER BY c.id = $1 DESC, c.cid LIMIT 1`,
  },
  access: {
    name: 'tl_taxii_access',
    text: `SELECT ${COLLECTION_COLUMNS}, coalesce(g.can_read, false) AS can_read, coalesce(g.can_write, false) AS can_write
      FROM collections c LEFT JOIN taxii_grants g ON g.collection_id = c.id AND g.account = $1
      WHERE c.id = $2 OR c.alias = $2 ORDER BY c.id = $2 DESC, c.cid LIMIT 1`,
  },
  // The account and the collection a request names, with its grant, in one round trip.
  accountAccessByName: { name: 'tl_taxii_account_access_by_name', text: accountAccessSql('a.name = $1') },
  accountAccessByToken: { name: 'tl_taxii_account_access_by_token', text: accountAccessSql('a.token_id = $1') },
  accessible: {
    name: 'tl_taxii_accessible',
    text: `SELECT ${COLLECTION_COLUMNS}, g.can_read, g.can_write
      FROM taxii_grants g JOIN collections c ON c.id = g.collection_id
      WHERE g.account = $1 AND (g.can_read OR g.can_write) ORDER BY c.cid`,
  },
  hasObject: {
    name: 'tl_taxii_has_object',
    text: `SELECT 1 FROM objects o JOIN object_versions v ON v.oid = o.oid
      JOIN collection_members m ON m.version_seq = v.seq AND m.cid = (SELECT cid FROM collections WHERE id = $1)
      WHERE o.id = $2 LIMIT 1`,
  },
  status: { name: 'tl_taxii_status', text: `SELECT ${STATUS_COLUMNS} FROM taxii_statuses WHERE id = $1` },
  feed: { name: 'tl_taxii_feed', text: `SELECT ${FEED_COLUMNS} FROM taxii_feeds WHERE name = $1` },
  feeds: { name: 'tl_taxii_feeds', text: `SELECT ${FEED_COLUMNS} FROM taxii_feeds ORDER BY name` },
  checkpoint: { name: 'tl_taxii_checkpoint', text: 'SELECT source, added_after, next, updated_at FROM taxii_checkpoints WHERE source = $1' },

  putAccount: {
    name: 'tl_taxii_put_account',
    text: `INSERT INTO taxii_accounts (${ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (name) DO UPDATE SET credential = excluded.credential, token_id = excluded.token_id,
        secret_hash = excluded.secret_hash, created_at = excluded.created_at`,
  },
  // Grants go with the account (ON DELETE CASCADE).
  removeAccount: { name: 'tl_taxii_remove_account', text: 'DELETE FROM taxii_accounts WHERE name = $1 RETURNING name' },
  collectionExists: { name: 'tl_taxii_collection_exists', text: 'SELECT 1 FROM collections WHERE id = $1' },
  putGrant: {
    name: 'tl_taxii_put_grant',
    text: `INSERT INTO taxii_grants (${GRANT_COLUMNS}) VALUES ($1, $2, $3, $4)
      ON CONFLICT (account, collection_id) DO UPDATE SET can_read = excluded.can_read, can_write = excluded.can_write`,
  },
  removeGrant: { name: 'tl_taxii_remove_grant', text: 'DELETE FROM taxii_grants WHERE account = $1 AND collection_id = $2' },
  putStatus: {
    name: 'tl_taxii_put_status',
    text: `INSERT INTO taxii_statuses (${STATUS_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, total_count = excluded.total_count,
        success_count = excluded.success_count, failure_count = excluded.failure_count,
        pending_count = excluded.pending_count, details = excluded.details`,
  },
  pruneStatuses: { name: 'tl_taxii_prune_statuses', text: 'DELETE FROM taxii_statuses WHERE request_timestamp < $1 RETURNING id' },
  removeMembers: {
    name: 'tl_taxii_remove_members',
    text: `DELETE FROM collection_members WHERE mseq IN (SELECT seq::bigint FROM ${jsonColumns('u', ['seq'])}) RETURNING mseq`,
  },
  // Configuration changes keep the run state (last run, lease).
  putFeed: {
    name: 'tl_taxii_put_feed',
    text: `INSERT INTO taxii_feeds (${FEED_COLUMNS})
      VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
      ON CONFLICT (name) DO UPDATE SET url = excluded.url, collection = excluded.collection,
        into_collection = excluded.into_collection, auth = excluded.auth, ca_file = excluded.ca_file,
        interval_seconds = excluded.interval_seconds, enabled = excluded.enabled`,
  },
  removeFeed: { name: 'tl_taxii_remove_feed', text: 'DELETE FROM taxii_feeds WHERE name = $1 RETURNING name' },
  claimFeed: {
    name: 'tl_taxii_claim_feed',
    text: `UPDATE taxii_feeds SET lease_owner = $2, lease_until = $4, last_started_at = $3
      WHERE name = $1 AND enabled AND (lease_until IS NULL OR lease_until <= $3) RETURNING name`,
  },
  renewFeed: {
    name: 'tl_taxii_renew_feed',
    text: 'UPDATE taxii_feeds SET lease_until = $3 WHERE name = $1 AND lease_owner = $2 RETURNING name',
  },
  finishFeed: {
    name: 'tl_taxii_finish_feed',
    text: `UPDATE taxii_feeds SET lease_owner = NULL, lease_until = NULL, last_finished_at = $3, last_error = $4, last_stored = $5
      WHERE name = $1 AND lease_owner = $2`,
  },
  putCheckpoint: {
    name: 'tl_taxii_put_checkpoint',
    text: `INSERT INTO taxii_checkpoints (source, added_after, next, updated_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (source) DO UPDATE SET added_after = excluded.added_after, next = excluded.next, updated_at = excluded.updated_at`,
  },
} as const;





function readsOn(sql: Sql, guard: Guard): TaxiiReads {
  return {
    async getAccount(name) {
      guard();
      const [row] = await lookup<AccountRow>(sql, Q.account, [name]);
      return row === undefined ? null : toAccount(row);
    },
    async getAccountByTokenId(tokenId) {
      guard();
      const [row] = await lookup<AccountRow>(sql, Q.accountByToken, [tokenId]);
      return row === undefined ? null : toAccount(row);
    },
    async listAccounts() {
      guard();
      return (await run<AccountRow>(sql, Q.accounts, [])).map(toAccount);
    },
    async grantsOf(account) {
      guard();
      return (await lookup<GrantRow>(sql, Q.grantsOf, [account])).map(toGrant);
    },
    async grantsOn(collectionId) {
      guard();
      return (await lookup<GrantRow>(sql, Q.grantsOn, [collectionId])).map(toGrant);
    },
    async resolveCollection(idOrAlias) {
      guard();
      const [row] = await lookup<CollectionRow>(sql, Q.resolve, [idOrAlias]);
      return row === undefined ? null : toCollection(row);
    },
    async collectionAccess(account, idOrAlias) {
      guard();
      const [row] = await lookup<AccessRow>(sql, Q.access, [account, idOrAlias]);
      return row === undefined ? null : toAccess(row);
    },
    async accountAccess(key, collection) {
      guard();
      const [row] = 'name' in key
        ? await lookup<AccountAccessRow>(sql, Q.accountAccessByName, [key.name, collection])
        : await lookup<AccountAccessRow>(sql, Q.accountAccessByToken, [key.tokenId, collection]);
      if (row === undefined) return null;
      return { account: toAccount(row), access: row.id === null ? null : toAccess(row as AccountAccessRow & AccessRow) };
    },
    async collectionsFor(account) {
      guard();
      return (await lookup<AccessRow>(sql, Q.accessible, [account])).map(toAccess);
    },
    async collectionObjects(collectionId, query) {
      guard();
      return collectionObjects(sql, collectionId, query);
    },
    async collectionManifest(collectionId, query) {
      guard();
      return collectionManifest(sql, collectionId, query);
    },
    async hasObject(collectionId, objectId) {
      guard();
      return (await lookup(sql, Q.hasObject, [collectionId, objectId])).length > 0;
    },
    async getStatus(id) {
      guard();
      const [row] = await lookup<StatusRow>(sql, Q.status, [id]);
      return row === undefined ? null : toStatus(row);
    },
    async getFeed(name) {
      guard();
      const [row] = await lookup<FeedRow>(sql, Q.feed, [name]);
      return row === undefined ? null : toFeed(row);
    },
    async listFeeds() {
      guard();
      return (await run<FeedRow>(sql, Q.feeds, [])).map(toFeed);
    },
    async getCheckpoint(source) {
      guard();
      const [row] = await lookup<CheckpointRow>(sql, Q.checkpoint, [source]);
      return row === undefined ? null : { source: row.source, addedAfter: row.added_after, next: row.next, updatedAt: row.updated_at };
    },
  };
}

function writesOn(tx: TxSql, guard: Guard): TaxiiWrites {
  return {
    ...readsOn(tx, guard),
    async putAccount(account) {
      guard();
      requireAll('TAXII account', [account.name, account.tokenId, account.secretHash, account.createdAt]);
      // A token id another account holds is refused by its unique index: that call fails alone.
      await tx.atomic(() => run(tx, Q.putAccount, [account.name, account.credential, account.tokenId, account.secretHash, account.createdAt]));
    },
    async removeAccount(name) {
      guard();
      return (await lookup(tx, Q.removeAccount, [name])).length > 0;
    },
    async putGrant(grant: CollectionGrant) {
      guard();
      await tx.serial(async () => {
        if ((await lookup(tx, Q.account, [grant.account])).length === 0) throw new UnknownAccountError(grant.account);
        if ((await lookup(tx, Q.collectionExists, [grant.collectionId])).length === 0) throw new UnknownCollectionError(grant.collectionId);
        if (!grant.canRead && !grant.canWrite) await run(tx, Q.removeGrant, [grant.account, grant.collectionId]);
        else await run(tx, Q.putGrant, [grant.account, grant.collectionId, grant.canRead, grant.canWrite]);
      });
    },
    async putStatus(status) {
      guard();
      requireAll('TAXII status', [status.id, status.collectionId, status.account, status.requestTimestamp]);
      await run(tx, Q.putStatus, [
        status.id, status.collectionId, status.account, status.requestTimestamp, status.status,
        status.totalCount, status.successCount, status.failureCount, status.pendingCount,
        // JSONB refuses \u0000 in strings: the messages are ours, the ids validated STIX.
        JSON.stringify({ successes: status.successes, failures: status.failures, pendings: status.pendings }),
      ]);
    },
    async pruneStatuses(before) {
      guard();
      requireStorable('before', before);
      return (await run(tx, Q.pruneStatuses, [before])).length;
    },
    async removeFromCollection(collectionId: string, objectId: string, versions: VersionMatch) {
      guard();
      return tx.serial(async () => {
        const cid = await cidOf(tx, collectionId);
        if (cid === undefined) throw new UnknownCollectionError(collectionId);
        const doomed = await membersOf(tx, cid, objectId, versions);
        return doomed.length === 0 ? 0 : (await run(tx, Q.removeMembers, [json(doomed)])).length;
      });
    },
    async putFeed(feed) {
      guard();
      requireAll('TAXII feed', [feed.name, feed.url, feed.collection, feed.intoCollection, feed.caFile, feed.createdAt,
        feed.lastStartedAt, feed.lastFinishedAt, feed.lastError, feed.leaseOwner, feed.leaseUntil]);
      await run(tx, Q.putFeed, [
        feed.name, feed.url, feed.collection, feed.intoCollection, JSON.stringify(feed.auth), feed.caFile, feed.intervalSeconds,
        feed.enabled, feed.createdAt, feed.lastStartedAt, feed.lastFinishedAt, feed.lastError, feed.lastStored, feed.leaseOwner, feed.leaseUntil,
      ]);
    },
    async removeFeed(name) {
      guard();
      return (await lookup(tx, Q.removeFeed, [name])).length > 0;
    },
    async claimFeed(name, owner, now, leaseUntil) {
      guard();
      requireAll('feed claim', [owner, now, leaseUntil]);
      return (await lookup(tx, Q.claimFeed, [name, owner, now, leaseUntil])).length > 0;
    },
    async renewFeed(name, owner, leaseUntil) {
      guard();
      requireStorable('leaseUntil', leaseUntil);
      return (await lookup(tx, Q.renewFeed, [name, owner, leaseUntil])).length > 0;
    },
    async finishFeed(name, owner, result: FeedRunResult) {
      guard();
      requireAll('feed result', [result.finishedAt, result.error]);
      if (storable(name) && storable(owner)) await run(tx, Q.finishFeed, [name, owner, result.finishedAt, result.error, result.stored]);
    },
    async putCheckpoint(checkpoint: PullCheckpoint) {
      guard();
      requireAll('pull checkpoint', [checkpoint.source, checkpoint.addedAfter, checkpoint.next, checkpoint.updatedAt]);
      await run(tx, Q.putCheckpoint, [checkpoint.source, checkpoint.addedAfter, checkpoint.next, checkpoint.updatedAt]);
    },
  };
}

export const taxiiFacet: PgFacet<TaxiiReads, TaxiiWrites> = {
  name: 'taxii',
  migrations: [{ version: 1, name: 'taxii accounts, grants, statuses, feeds, checkpoints', sql: SCHEMA_V1 }],
  reads: readsOn,
  writes: writesOn,
};

function toAccount(row: AccountRow): TaxiiAccount {
  return { name: row.name, credential: row.credential, tokenId: row.token_id, secretHash: row.secret_hash, createdAt: row.created_at };
}

function toGrant(row: GrantRow): CollectionGrant {
  return { account: row.account, collectionId: row.collection_id, canRead: row.can_read, canWrite: row.can_write };
}

function toCollection(row: CollectionRow): CollectionRecord {
  return { id: row.id, title: row.title, description: row.description, alias: row.alias, mediaTypes: row.media_types };
}

function toAccess(row: AccessRow): CollectionAccess {
  return { collection: toCollection(row), canRead: row.can_read, canWrite: row.can_write };
}

function toStatus(row: StatusRow): TaxiiStatus {
  return {
    id: row.id,
    collectionId: row.collection_id,
    account: row.account,
    requestTimestamp: row.request_timestamp,
    status: row.status,
    totalCount: row.total_count,
    successCount: row.success_count,
    failureCount: row.failure_count,
    pendingCount: row.pending_count,
    successes: row.details.successes,
    failures: row.details.failures,
    pendings: row.details.pendings,
  };
}

function toFeed(row: FeedRow): TaxiiFeed {
  return {
    name: row.name,
    url: row.url,
    collection: row.collection,
    intoCollection: row.into_collection,
    auth: row.auth,
    caFile: row.ca_file,
    intervalSeconds: row.interval_seconds,
    enabled: row.enabled,
    createdAt: row.created_at,
    lastStartedAt: row.last_started_at,
    lastFinishedAt: row.last_finished_at,
    lastError: row.last_error,
    lastStored: row.last_stored,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
  };
}
