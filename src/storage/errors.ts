// Errors a Store adapter reports. Each carries a stable `code` so outer layers can map it
// (to an HTTP status or a TAXII error) by value: http/ may not import storage/.

/** A paging cursor that this store did not issue, or one issued for another kind of list. */
export class InvalidCursorError extends Error {
  readonly code = 'invalid_cursor';
  constructor(readonly cursor: string, readonly reason: string) {
    super(`invalid cursor: ${reason}`);
    this.name = 'InvalidCursorError';
  }
}

/** The database schema is not the one this code knows: newer (refuse) or older (read-only open). */
export class SchemaVersionError extends Error {
  readonly code = 'schema_version';
  constructor(readonly found: number, readonly supported: number, detail: string) {
    super(`database schema version ${found}, this Tearline supports ${supported}: ${detail}`);
    this.name = 'SchemaVersionError';
  }
}

/** A write on a store opened read-only. */
export class ReadOnlyStoreError extends Error {
  readonly code = 'read_only_store';
  constructor() {
    super('store was opened read-only');
    this.name = 'ReadOnlyStoreError';
  }
}

/** Any use of a store after close(), or of a write's `tx` after that write ended. */
export class StoreClosedError extends Error {
  readonly code = 'store_closed';
  constructor(what: string) {
    super(`${what} is closed`);
    this.name = 'StoreClosedError';
  }
}

/**
 * `store.write` called from inside another write's work on the same store: it could only
 * wait for itself (the outer write holds the single writer), so it is refused.
 */
export class NestedWriteError extends Error {
  readonly code = 'nested_write';
  constructor() {
    super('store.write called inside another write on the same store; use the tx you were given');
    this.name = 'NestedWriteError';
  }
}

export class UnknownCollectionError extends Error {
  readonly code = 'unknown_collection';
  constructor(readonly collectionId: string) {
    super(`no collection ${collectionId}`);
    this.name = 'UnknownCollectionError';
  }
}

/** A collection membership for an object version the store does not hold. */
export class UnknownObjectVersionError extends Error {
  readonly code = 'unknown_object_version';
  constructor(readonly id: string, readonly version: string) {
    super(`no stored version ${JSON.stringify(version)} of ${id}`);
    this.name = 'UnknownObjectVersionError';
  }
}
