// Port: what TAXII 2.1 needs from the store (the `taxii` facet) and from a remote TAXII
// server (a TaxiiSource, implemented by src/ingest/taxii/).
//
// The facet keeps: TAXII accounts (partner and system accounts, not internal users) with
// their hashed secret and per-collection grants; the status resources of Add Objects
// requests (TAXII 2.1 §4.3.1), so they can be polled after a restart; polling feeds with
// their lease and last outcome; pull checkpoints. It also reads collection memberships the
// way TAXII serves them (§3.3 sorted by date_added, §3.4 filters, §3.5 stateless paging) and
// removes memberships (§5.7 Delete an Object).
//
// Ordering and limits:
// - collectionObjects/collectionManifest: ascending (date_added, insertion order); at most
//   `limit` items (1 to MAX_TAXII_PAGE); `next` present exactly when more items match.
//   `next` is stateless (it holds the last position), survives restarts, and is stable
//   while memberships are added: a new one lands after every position already served.
//   A cursor the store did not issue throws an error whose `code` is 'invalid_cursor'.
// - collectionsFor: collections with a grant for the account, in creation order.
// - listAccounts / listFeeds: by name.
import type { CollectionRecord, Page } from '../ports.ts';

/** The largest page any TAXII read returns (TAXII 2.1 §3.4: a server-imposed limit). */
export const MAX_TAXII_PAGE = 1000;

/** A TAXII account: a partner or system principal that authenticates to the TAXII API. */
export interface TaxiiAccount {
  /** Unique; the HTTP Basic user-id for password accounts (no ':' allowed, RFC 7617 §2). */
  readonly name: string;
  readonly credential: 'password' | 'token';
  /** For token accounts: the public part of the token that finds the account; else null. */
  readonly tokenId: string | null;
  /** Self-describing scrypt hash of the password or token secret (app/taxii/secrets.ts). */
  readonly secretHash: string;
  readonly createdAt: string;
}

/** What one account may do with one collection (TAXII 2.1 §5.2.1 can_read / can_write). */
export interface CollectionGrant {
  readonly account: string;
  readonly collectionId: string;
  readonly canRead: boolean;
  readonly canWrite: boolean;
}

/** A collection as one account sees it. */
export interface CollectionAccess {
  readonly collection: CollectionRecord;
  readonly canRead: boolean;
  readonly canWrite: boolean;
}

/** Who a credential names: an account by name (HTTP Basic) or by token id (bearer token). */
export type AccountKey = { readonly name: string } | { readonly tokenId: string };

/** An account, and the collection a request names as that account sees it. */
export interface AccountAccess {
  readonly account: TaxiiAccount;
  /** As collectionAccess gives it; null when no collection was asked for or there is none. */
  readonly access: CollectionAccess | null;
}

/**
 * match[version] (TAXII 2.1 §3.4.1): every version, or the union of first, last and exact
 * versions. `exact` holds STIX timestamps as the client wrote them.
 */
export type VersionMatch =
  | { readonly kind: 'all' }
  | { readonly kind: 'some'; readonly first: boolean; readonly last: boolean; readonly exact: readonly string[] };

/** The default of match[version]: the latest version in the collection (§3.4.1). */
export const LATEST_VERSION: VersionMatch = { kind: 'some', first: false, last: true, exact: [] };

export interface CollectionQuery {
  /** STIX ids (match[id]); absent: any. */
  readonly ids?: readonly string[];
  /** STIX types (match[type]); absent: any. */
  readonly types?: readonly string[];
  readonly versions: VersionMatch;
  /** match[spec_version]; absent: any (the store holds one spec version per object version). */
  readonly specVersions?: readonly string[];
  /** Only memberships added strictly after this RFC 3339 UTC timestamp (§3.4 added_after). */
  readonly addedAfter?: string;
  /** `next` of the previous page. */
  readonly cursor?: string;
  readonly limit: number;
}

/** One object version in a collection, without its content (§5.3.1 manifest-record). */
export interface CollectionManifestEntry {
  readonly id: string;
  /** `modified`, else `created`, else '' (an SCO without timestamps). */
  readonly version: string;
  readonly specVersion: string;
  /** When this version entered this collection (RFC 3339 UTC, as stored): never `modified`. */
  readonly dateAdded: string;
}

/**
 * One object version in a collection: its JSON exactly as stored, and when it was added.
 * Nothing else, on purpose: a page of these is what a Get Objects response is made of, and
 * every extra column read per row measurably slows the busiest TAXII endpoint.
 */
export interface CollectionObject {
  readonly dateAdded: string;
  readonly json: string;
}

/** status-details (§4.3.1). */
export interface StatusDetail {
  readonly id: string;
  readonly version: string;
  readonly message?: string;
}

/** A status resource (§4.3.1) with who asked for it. */
export interface TaxiiStatus {
  /** identifier: a UUIDv4. */
  readonly id: string;
  readonly collectionId: string;
  /** The account that made the request; only it may read the status. */
  readonly account: string;
  /** RFC 3339 UTC. */
  readonly requestTimestamp: string;
  readonly status: 'complete' | 'pending';
  readonly totalCount: number;
  readonly successCount: number;
  readonly failureCount: number;
  readonly pendingCount: number;
  readonly successes: readonly StatusDetail[];
  readonly failures: readonly StatusDetail[];
  readonly pendings: readonly StatusDetail[];
}

/** How a feed authenticates to its server. A secret is stored, or named by an environment variable. */
export type FeedAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly user: string; readonly password?: string; readonly passwordEnv?: string }
  | { readonly kind: 'token'; readonly token?: string; readonly tokenEnv?: string };

/** A remote TAXII collection that the server polls on an interval. */
export interface TaxiiFeed {
  readonly name: string;
  /** Discovery, API root or collection URL. */
  readonly url: string;
  /** The remote collection (id, alias or title) when `url` is not a collection URL. */
  readonly collection: string | null;
  /** A local collection the pulled objects join, or null. */
  readonly intoCollection: string | null;
  readonly auth: FeedAuth;
  /** PEM file of extra trusted certificate authorities, or null for the system's. */
  readonly caFile: string | null;
  readonly intervalSeconds: number;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly lastStartedAt: string | null;
  readonly lastFinishedAt: string | null;
  /** Why the last run failed; null after a successful run. */
  readonly lastError: string | null;
  /** Objects newly stored by the last run. */
  readonly lastStored: number | null;
  /** Who runs it now (a scheduler id) and until when the claim holds; null when idle. */
  readonly leaseOwner: string | null;
  readonly leaseUntil: string | null;
}

/** Where a pull of one source (collection URL and principal) resumes. */
export interface PullCheckpoint {
  readonly source: string;
  /** added_after for the next run: every object added up to it has been received. */
  readonly addedAfter: string | null;
  /** The remote server's `next` inside an unfinished run, tried before addedAfter. */
  readonly next: string | null;
  readonly updatedAt: string;
}

export interface FeedRunResult {
  readonly finishedAt: string;
  readonly error: string | null;
  readonly stored: number | null;
}

export interface TaxiiReads {
  getAccount(name: string): Promise<TaxiiAccount | null>;
  getAccountByTokenId(tokenId: string): Promise<TaxiiAccount | null>;
  listAccounts(): Promise<readonly TaxiiAccount[]>;
  grantsOf(account: string): Promise<readonly CollectionGrant[]>;
  grantsOn(collectionId: string): Promise<readonly CollectionGrant[]>;
  /** A collection by id or alias (id first), or null. */
  resolveCollection(idOrAlias: string): Promise<CollectionRecord | null>;
  /** A collection by id or alias with the account's rights (false/false without a grant). */
  collectionAccess(account: string, idOrAlias: string): Promise<CollectionAccess | null>;
  /**
   * The account (by name or token id) and, when `collection` (an id or alias) is given, that
   * collection with the account's rights, as getAccount and collectionAccess would give them,
   * in one read: what every TAXII request needs first. Null when there is no such account.
   */
  accountAccess(key: AccountKey, collection: string | null): Promise<AccountAccess | null>;
  /** Collections the account may read or write. */
  collectionsFor(account: string): Promise<readonly CollectionAccess[]>;
  collectionObjects(collectionId: string, query: CollectionQuery): Promise<Page<CollectionObject>>;
  collectionManifest(collectionId: string, query: CollectionQuery): Promise<Page<CollectionManifestEntry>>;
  /** Whether any version of the object is in the collection. */
  hasObject(collectionId: string, objectId: string): Promise<boolean>;
  getStatus(id: string): Promise<TaxiiStatus | null>;
  getFeed(name: string): Promise<TaxiiFeed | null>;
  listFeeds(): Promise<readonly TaxiiFeed[]>;
  getCheckpoint(source: string): Promise<PullCheckpoint | null>;
}

export interface TaxiiWrites extends TaxiiReads {
  /** Creates or replaces an account (by name); its grants stay. */
  putAccount(account: TaxiiAccount): Promise<void>;
  /** Removes an account and its grants. Returns whether it existed. */
  removeAccount(name: string): Promise<boolean>;
  /**
   * Sets one account's rights on one collection; both false removes the grant. The account
   * and the collection must exist (UnknownCollectionError / UnknownAccountError otherwise).
   */
  putGrant(grant: CollectionGrant): Promise<void>;
  putStatus(status: TaxiiStatus): Promise<void>;
  /** Removes statuses requested before `before`; returns how many. */
  pruneStatuses(before: string): Promise<number>;
  /** Removes the matching versions of an object from a collection (not from the store); returns how many. */
  removeFromCollection(collectionId: string, objectId: string, versions: VersionMatch): Promise<number>;
  putFeed(feed: TaxiiFeed): Promise<void>;
  removeFeed(name: string): Promise<boolean>;
  /**
   * Takes the feed's lease for `owner` until `leaseUntil` if nobody holds an unexpired one
   * at `now`; marks the run started. Returns whether the claim succeeded.
   */
  claimFeed(name: string, owner: string, now: string, leaseUntil: string): Promise<boolean>;
  /** Extends the lease while a long run goes on; false when `owner` no longer holds it. */
  renewFeed(name: string, owner: string, leaseUntil: string): Promise<boolean>;
  /** Records a run's outcome and releases the lease, if `owner` still holds it. */
  finishFeed(name: string, owner: string, result: FeedRunResult): Promise<void>;
  putCheckpoint(checkpoint: PullCheckpoint): Promise<void>;
}

/** putGrant / CLI for an account that does not exist. */
export class UnknownAccountError extends Error {
  readonly code = 'unknown_account';
  constructor(readonly account: string) {
    super(`no TAXII account ${account}`);
    this.name = 'UnknownAccountError';
  }
}

// ---- The remote side: a TAXII collection read over HTTP (src/ingest/taxii/ implements it).

/** A page of a remote collection's objects (§3.7 envelope plus §3.2 headers). */
export interface RemoteEnvelope {
  readonly objects: readonly unknown[];
  readonly more: boolean;
  readonly next?: string;
  /** X-TAXII-Date-Added-Last of the response, when the server sent it. */
  readonly dateAddedLast?: string;
}

export interface RemoteError {
  /** http: the server answered with an error status; network, tls: no answer; protocol: an answer that is not TAXII. */
  readonly kind: 'http' | 'network' | 'tls' | 'protocol';
  readonly status?: number;
  readonly message: string;
}

export type RemoteResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RemoteError };

export interface RemoteObjectsQuery {
  readonly addedAfter?: string;
  readonly next?: string;
  readonly limit?: number;
}

/** One remote collection, reachable and authenticated. */
export interface TaxiiSource {
  /** The collection URL (ends in '/'). */
  readonly url: string;
  /** Who we are there, for checkpoint keys: 'basic:<user>', 'token:<digest>' or 'anonymous'. */
  readonly principal: string;
  getObjects(query: RemoteObjectsQuery): Promise<RemoteResult<RemoteEnvelope>>;
}
