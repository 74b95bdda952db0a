// The `taxii` facet on SQLite: TAXII accounts and their per-collection grants, Add Objects
// status resources, polling feeds with their lease, pull checkpoints; and the TAXII reads
// of collection memberships (taxii-members.ts). Reads the core tables (collections,
// collection_members, object_versions, objects); writes only its own tables, plus deletes
// from collection_members for §5.7 Delete an Object.
//
// Timestamps are stored as the Clock writes them (RFC 3339 UTC, milliseconds), so text
// order is time order for the lease and pruning comparisons.
import type { CollectionRecord } from '../../app/ports.ts';
import type {
  AccountAccess, CollectionAccess, CollectionGrant, FeedAuth, FeedRunResult, PullCheckpoint, StatusDetail, TaxiiAccount, TaxiiFeed,
  TaxiiReads, TaxiiStatus, TaxiiWrites, VersionMatch,
} from '../../app/ports/taxii.ts';
import { UnknownAccountError } from '../../app/ports/taxii.ts';
import { UnknownCollectionError } from '../errors.ts';
import type { Connection } from './connection.ts';
import type { Guard, SqliteFacet } from './facets.ts';
import { idHash } from '../id-hash.ts';
import { MemberQueries } from './taxii-members.ts';

const SCHEMA_V1 = `
CREATE TABLE taxii_accounts (
  name        TEXT PRIMARY KEY,
  credential  TEXT NOT NULL CHECK (credential IN ('password', 'token')),
  token_id    TEXT UNIQUE,
  secret_hash TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE taxii_grants (
  account       TEXT    NOT NULL REFERENCES taxii_accounts (name) ON DELETE CASCADE,
  collection_id TEXT    NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  can_read      INTEGER NOT NULL CHECK (can_read IN (0, 1)),
  can_write     INTEGER NOT NULL CHECK (can_write IN (0, 1)),
  PRIMARY KEY (account, collection_id)
);
CREATE INDEX taxii_grants_by_collection ON taxii_grants (collection_id);

CREATE TABLE taxii_statuses (
  id                TEXT    PRIMARY KEY,
  collection_id     TEXT    NOT NULL,
  account           TEXT    NOT NULL,
  request_timestamp TEXT    NOT NULL,
  status            TEXT    NOT NULL CHECK (status IN ('complete', 'pending')),
  total_count       INTEGER NOT NULL,
  success_count     INTEGER NOT NULL,
  failure_count     INTEGER NOT NULL,
  pending_count     INTEGER NOT NULL,
  details           TEXT    NOT NULL
);
CREATE INDEX taxii_statuses_by_time ON taxii_statuses (request_timestamp);

CREATE TABLE taxii_feeds (
  name             TEXT    PRIMARY KEY,
  url              TEXT    NOT NULL,
  collection       TEXT,
  into_collection  TEXT,
  auth             TEXT    NOT NULL,
  ca_file          TEXT,
  interval_seconds INTEGER NOT NULL CHECK (interval_seconds > 0),
  enabled          INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  created_at       TEXT    NOT NULL,
  last_started_at  TEXT,
  last_finished_at TEXT,
  last_error       TEXT,
  last_stored      INTEGER,
  lease_owner      TEXT,
  lease_until      TEXT
);

CREATE TABLE taxii_checkpoints (
  source      TEXT PRIMARY KEY,
  added_after TEXT,
  next        TEXT,
  updated_at  TEXT NOT NULL
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
  readonly can_read: number;
  readonly can_write: number;
}

interface CollectionRow {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly alias: string | null;
  readonly media_types: string;
}

interface AccessRow extends CollectionRow {
  readonly can_read: number;
  readonly can_write: number;
}

/** An account row with the requested collection's columns, all null when there is none. */
interface AccountAccessRow extends AccountRow {
  readonly id: string | null;
  readonly title: string | null;
  readonly description: string | null;
  readonly alias: string | null;
  readonly media_types: string | null;
  readonly can_read: number;
  readonly can_write: number;
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
  readonly details: string;
}

interface FeedRow {
  readonly name: string;
  readonly url: string;
  readonly collection: string | null;
  readonly into_collection: string | null;
  readonly auth: string;
  readonly ca_file: string | null;
  readonly interval_seconds: number;
  readonly enabled: number;
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

/**
 * The account and the collection a request names, with the account's grant on it: one
 * statement instead of an account lookup and an access lookup on every TAXII request. The
 * collection is found as `access` finds it (the id wins over an alias).
 */
function accountAccessSql(accountWhere: string): string {
  return `SELECT a.name, a.credential, a.token_id, a.secret_hash, a.created_at, ${COLLECTION_COLUMNS},
      coalesce(g.can_read, 0) AS can_read, coalesce(g.can_write, 0) AS can_write
    FROM taxii_accounts a
    LEFT JOIN collections c ON c.cid = (SELECT k.cid FROM collections k WHERE k.id = @key OR k.alias = @key
      ORDER BY k.id = @key DESC, k.cid LIMIT 1)
    LEFT JOIN taxii_grants g ON g.collection_id = c.id AND g.account = a.name
    WHERE ${accountWhere}`;
}

function prepareReads(db: Connection) {
  return {
    members: new MemberQueries(db),
    account: db.prepare('SELECT * FROM taxii_accounts WHERE name = ?'),
    accountByToken: db.prepare('SELECT * FROM taxii_accounts WHERE token_id = ?'),
    accounts: db.prepare('SELECT * FROM taxii_accounts ORDER BY name'),
    grantsOf: db.prepare('SELECT * FROM taxii_grants WHERE account = ? ORDER BY collection_id'),
    grantsOn: db.prepare('SELECT * FROM taxii_grants WHERE collection_id = ? ORDER BY account'),
    // The id wins over an alias that happens to equal another collection's id.
    resolve: db.prepare(`SELECT ${COLLECTION_COLUMNS} FROM collections c WHERE c.id = @key OR c.alias = @key
      ORDER BY c.id = @key DESC, c.cid LIMIT 1`),
    access: db.prepare(`SELECT ${COLLECTION_COLUMNS}, coalesce(g.can_read, 0) AS can_read, coalesce(g.can_write, 0) AS can_write
      FROM collections c LEFT JOIN taxii_grants g ON g.collection_id = c.id AND g.account = @account
      WHERE c.id = @key OR c.alias = @key ORDER BY c.id = @key DESC, c.cid LIMIT 1`),
    accountAccessByName: db.prepare(accountAccessSql('a.name = @name')),
    accountAccessByToken: db.prepare(accountAccessSql('a.token_id = @tokenId')),
    accessible: db.prepare(`SELECT ${COLLECTION_COLUMNS}, g.can_read, g.can_write
      FROM taxii_grants g JOIN collections c ON c.id = g.collection_id
      WHERE g.account = ? AND (g.can_read = 1 OR g.can_write = 1) ORDER BY c.cid`),
    hasObject: db.prepare(`SELECT 1 FROM objects o JOIN object_versions v ON v.oid = o.oid
      JOIN collection_members m ON m.version_seq = v.seq AND m.cid = (SELECT cid FROM collections WHERE id = @collectionId)
      WHERE o.id_hash = @hash AND o.id = @id LIMIT 1`).pluck(),
    status: db.prepare('SELECT * FROM taxii_statuses WHERE id = ?'),
    feed: db.prepare('SELECT * FROM taxii_feeds WHERE name = ?'),
    feeds: db.prepare('SELECT * FROM taxii_feeds ORDER BY name'),
    checkpoint: db.prepare('SELECT * FROM taxii_checkpoints WHERE source = ?'),
  };
}

type ReadStatements = ReturnType<typeof prepareReads>;

function prepareWrites(db: Connection) {
  return {
    putAccount: db.prepare(`INSERT INTO taxii_accounts (name, credential, token_id, secret_hash, created_at)
      VALUES (@name, @credential, @tokenId, @secretHash, @createdAt)
      ON CONFLICT (name) DO UPDATE SET credential = excluded.credential, token_id = excluded.token_id,
        secret_hash = excluded.secret_hash, created_at = excluded.created_at`),
    removeAccount: db.prepare('DELETE FROM taxii_accounts WHERE name = ?'),
    removeGrantsOf: db.prepare('DELETE FROM taxii_grants WHERE account = ?'),
    collectionExists: db.prepare('SELECT 1 FROM collections WHERE id = ?').pluck(),
    accountExists: db.prepare('SELECT 1 FROM taxii_accounts WHERE name = ?').pluck(),
    putGrant: db.prepare(`INSERT INTO taxii_grants (account, collection_id, can_read, can_write) VALUES (?, ?, ?, ?)
      ON CONFLICT (account, collection_id) DO UPDATE SET can_read = excluded.can_read, can_write = excluded.can_write`),
    removeGrant: db.prepare('DELETE FROM taxii_grants WHERE account = ? AND collection_id = ?'),
    putStatus: db.prepare(`INSERT INTO taxii_statuses (id, collection_id, account, request_timestamp, status,
        total_count, success_count, failure_count, pending_count, details)
      VALUES (@id, @collectionId, @account, @requestTimestamp, @status, @totalCount, @successCount, @failureCount, @pendingCount, @details)
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, total_count = excluded.total_count,
        success_count = excluded.success_count, failure_count = excluded.failure_count,
        pending_count = excluded.pending_count, details = excluded.details`),
    pruneStatuses: db.prepare('DELETE FROM taxii_statuses WHERE request_timestamp < ?'),
    removeMembers: db.prepare('DELETE FROM collection_members WHERE mseq IN (SELECT value FROM json_each(?))'),
    // Configuration changes keep the run state (last run, lease).
    putFeed: db.prepare(`INSERT INTO taxii_feeds (name, url, collection, into_collection, auth, ca_file, interval_seconds,
        enabled, created_at, last_started_at, last_finished_at, last_error, last_stored, lease_owner, lease_until)
      VALUES (@name, @url, @collection, @intoCollection, @auth, @caFile, @intervalSeconds, @enabled, @createdAt,
        @lastStartedAt, @lastFinishedAt, @lastError, @lastStored, @leaseOwner, @leaseUntil)
      ON CONFLICT (name) DO UPDATE SET url = excluded.url, collection = excluded.collection,
        into_collection = excluded.into_collection, auth = excluded.auth, ca_file = excluded.ca_file,
        interval_seconds = excluded.interval_seconds, enabled = excluded.enabled`),
    removeFeed: db.prepare('DELETE FROM taxii_feeds WHERE name = ?'),
    claimFeed: db.prepare(`UPDATE taxii_feeds SET lease_owner = @owner, lease_until = @leaseUntil, last_started_at = @now
      WHERE name = @name AND enabled = 1 AND (lease_until IS NULL OR lease_until <= @now)`),
    renewFeed: db.prepare('UPDATE taxii_feeds SET lease_until = @leaseUntil WHERE name = @name AND lease_owner = @owner'),
    finishFeed: db.prepare(`UPDATE taxii_feeds SET lease_owner = NULL, lease_until = NULL, last_finished_at = @finishedAt,
        last_error = @error, last_stored = @stored
      WHERE name = @name AND lease_owner = @owner`),
    putCheckpoint: db.prepare(`INSERT INTO taxii_checkpoints (source, added_after, next, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (source) DO UPDATE SET added_after = excluded.added_after, next = excluded.next, updated_at = excluded.updated_at`),
  };
}

type WriteStatements = ReturnType<typeof prepareWrites>;

function readsOn(s: ReadStatements, guard: Guard): TaxiiReads {
  return {
    async getAccount(name) {
      guard();
      const row = s.account.get(name) as AccountRow | undefined;
      return row === undefined ? null : toAccount(row);
    },
    async getAccountByTokenId(tokenId) {
      guard();
      const row = s.accountByToken.get(tokenId) as AccountRow | undefined;
      return row === undefined ? null : toAccount(row);
    },
    async listAccounts() {
      guard();
      return (s.accounts.all() as AccountRow[]).map(toAccount);
    },
    async grantsOf(account) {
      guard();
      return (s.grantsOf.all(account) as GrantRow[]).map(toGrant);
    },
    async grantsOn(collectionId) {
      guard();
      return (s.grantsOn.all(collectionId) as GrantRow[]).map(toGrant);
    },
    async resolveCollection(idOrAlias) {
      guard();
      const row = s.resolve.get({ key: idOrAlias }) as CollectionRow | undefined;
      return row === undefined ? null : toCollection(row);
    },
    async collectionAccess(account, idOrAlias) {
      guard();
      const row = s.access.get({ account, key: idOrAlias }) as AccessRow | undefined;
      return row === undefined ? null : toAccess(row);
    },
    async accountAccess(key, collection) {
      guard();
      const row = ('name' in key
        ? s.accountAccessByName.get({ name: key.name, key: collection })
        : s.accountAccessByToken.get({ tokenId: key.tokenId, key: collection })) as AccountAccessRow | undefined;
      return row === undefined ? null : toAccountAccess(row);
    },
    async collectionsFor(account) {
      guard();
      return (s.accessible.all(account) as AccessRow[]).map(toAccess);
    },
    async collectionObjects(collectionId, query) {
      guard();
      return s.members.objects(collectionId, query);
    },
    async collectionManifest(collectionId, query) {
      guard();
      return s.members.manifest(collectionId, query);
    },
    async hasObject(collectionId, objectId) {
      guard();
      return s.hasObject.get({ collectionId, hash: idHash(objectId), id: objectId }) !== undefined;
    },
    async getStatus(id) {
      guard();
      const row = s.status.get(id) as StatusRow | undefined;
      return row === undefined ? null : toStatus(row);
    },
    async getFeed(name) {
      guard();
      const row = s.feed.get(name) as FeedRow | undefined;
      return row === undefined ? null : toFeed(row);
    },
    async listFeeds() {
      guard();
      return (s.feeds.all() as FeedRow[]).map(toFeed);
    },
    async getCheckpoint(source) {
      guard();
      const row = s.checkpoint.get(source) as CheckpointRow | undefined;
      return row === undefined ? null : { source: row.source, addedAfter: row.added_after, next: row.next, updatedAt: row.updated_at };
    },
  };
}

/** Synchronous write units, each a SAVEPOINT: all of it or none of it. */
function writeOps(db: Connection, w: WriteStatements, members: MemberQueries) {
  return {
    removeAccount: db.transaction((name: string) => {
      w.removeGrantsOf.run(name);
      return w.removeAccount.run(name).changes > 0;
    }),
    putGrant: db.transaction((grant: CollectionGrant) => {
      if (w.accountExists.get(grant.account) === undefined) throw new UnknownAccountError(grant.account);
      if (w.collectionExists.get(grant.collectionId) === undefined) throw new UnknownCollectionError(grant.collectionId);
      if (!grant.canRead && !grant.canWrite) w.removeGrant.run(grant.account, grant.collectionId);
      else w.putGrant.run(grant.account, grant.collectionId, grant.canRead ? 1 : 0, grant.canWrite ? 1 : 0);
    }),
    removeFromCollection: db.transaction((collectionId: string, objectId: string, versions: VersionMatch) => {
      if (members.cidOf(collectionId) === undefined) throw new UnknownCollectionError(collectionId);
      const doomed = members.membersOf(collectionId, objectId, versions);
      return doomed.length === 0 ? 0 : w.removeMembers.run(JSON.stringify(doomed)).changes;
    }),
  };
}

function writesOn(reads: TaxiiReads, w: WriteStatements, ops: ReturnType<typeof writeOps>, guard: Guard): TaxiiWrites {
  return {
    ...reads,
    async putAccount(account) {
      guard();
      w.putAccount.run(account);
    },
    async removeAccount(name) {
      guard();
      return ops.removeAccount(name);
    },
    async putGrant(grant) {
      guard();
      ops.putGrant(grant);
    },
    async putStatus(status) {
      guard();
      w.putStatus.run({
        id: status.id,
        collectionId: status.collectionId,
        account: status.account,
        requestTimestamp: status.requestTimestamp,
        status: status.status,
        totalCount: status.totalCount,
        successCount: status.successCount,
        failureCount: status.failureCount,
        pendingCount: status.pendingCount,
        details: JSON.stringify({ successes: status.successes, failures: status.failures, pendings: status.pendings }),
      });
    },
    async pruneStatuses(before) {
      guard();
      return w.pruneStatuses.run(before).changes;
    },
    async removeFromCollection(collectionId, objectId, versions) {
      guard();
      return ops.removeFromCollection(collectionId, objectId, versions);
    },
    async putFeed(feed) {
      guard();
      w.putFeed.run({ ...feed, auth: JSON.stringify(feed.auth), enabled: feed.enabled ? 1 : 0 });
    },
    async removeFeed(name) {
      guard();
      return w.removeFeed.run(name).changes > 0;
    },
    async claimFeed(name, owner, now, leaseUntil) {
      guard();
      return w.claimFeed.run({ name, owner, now, leaseUntil }).changes > 0;
    },
    async renewFeed(name, owner, leaseUntil) {
      guard();
      return w.renewFeed.run({ name, owner, leaseUntil }).changes > 0;
    },
    async finishFeed(name, owner, result: FeedRunResult) {
      guard();
      w.finishFeed.run({ name, owner, finishedAt: result.finishedAt, error: result.error, stored: result.stored });
    },
    async putCheckpoint(checkpoint: PullCheckpoint) {
      guard();
      w.putCheckpoint.run(checkpoint.source, checkpoint.addedAfter, checkpoint.next, checkpoint.updatedAt);
    },
  };
}

export const taxiiFacet: SqliteFacet<TaxiiReads, TaxiiWrites> = {
  name: 'taxii',
  migrations: [{ version: 1, name: 'taxii accounts, grants, statuses, feeds, checkpoints', sql: SCHEMA_V1 }],
  prepare(db) {
    const reads = prepareReads(db);
    // Write statements only on a connection that writes (the reader connection is read-only).
    let writes: { statements: WriteStatements; ops: ReturnType<typeof writeOps> } | null = null;
    return {
      reads: (guard) => readsOn(reads, guard),
      writes: (guard) => {
        if (writes === null) {
          const statements = prepareWrites(db);
          writes = { statements, ops: writeOps(db, statements, reads.members) };
        }
        return writesOn(readsOn(reads, guard), writes.statements, writes.ops, guard);
      },
    };
  },
};

function toAccount(row: AccountRow): TaxiiAccount {
  return { name: row.name, credential: row.credential, tokenId: row.token_id, secretHash: row.secret_hash, createdAt: row.created_at };
}

function toGrant(row: GrantRow): CollectionGrant {
  return { account: row.account, collectionId: row.collection_id, canRead: row.can_read === 1, canWrite: row.can_write === 1 };
}

function toCollection(row: CollectionRow): CollectionRecord {
  return { id: row.id, title: row.title, description: row.description, alias: row.alias, mediaTypes: JSON.parse(row.media_types) as string[] };
}

function toAccess(row: AccessRow): CollectionAccess {
  return { collection: toCollection(row), canRead: row.can_read === 1, canWrite: row.can_write === 1 };
}

function toAccountAccess(row: AccountAccessRow): AccountAccess {
  const access = row.id === null ? null : toAccess(row as AccountAccessRow & AccessRow);
  return { account: toAccount(row), access };
}

function toStatus(row: StatusRow): TaxiiStatus {
  const details = JSON.parse(row.details) as { successes: StatusDetail[]; failures: StatusDetail[]; pendings: StatusDetail[] };
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
    successes: details.successes,
    failures: details.failures,
    pendings: details.pendings,
  };
}

function toFeed(row: FeedRow): TaxiiFeed {
  return {
    name: row.name,
    url: row.url,
    collection: row.collection,
    intoCollection: row.into_collection,
    auth: JSON.parse(row.auth) as FeedAuth,
    caFile: row.ca_file,
    intervalSeconds: row.interval_seconds,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    lastStartedAt: row.last_started_at,
    lastFinishedAt: row.last_finished_at,
    lastError: row.last_error,
    lastStored: row.last_stored,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
  };
}
