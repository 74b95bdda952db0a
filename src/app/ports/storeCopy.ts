// Port: copying a whole store from one adapter to another (issue 10, `tearline db copy`):
// every table of every facet, rows as stored (object versions, collection memberships with
// their date_added, the audit chain with its hashes), into an empty target, all or nothing.
// The composition root implements it with the storage adapters; the CLI only calls it.

export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  /** `schema` absent: the server's current schema for that URL (its search_path). */
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

export interface CopiedTable {
  readonly table: string;
  readonly rows: number;
}

export type StoreCopyRefusal =
  /** The target already holds rows: copying into it would mix two stores. */
  | 'target-not-empty'
  /** The two adapters' tables or columns differ in a way the copy does not know how to map. */
  | 'schema-mismatch'
  /** A value the target cannot hold (PostgreSQL text refuses U+0000 and unpaired surrogates). */
  | 'unstorable-value'
  /** The source cannot be opened as a current Tearline store (missing, older or newer schema). */
  | 'source-unusable';

export type StoreCopyOutcome =
  | { readonly ok: true; readonly tables: readonly CopiedTable[]; readonly rows: number }
  | { readonly ok: false; readonly code: StoreCopyRefusal; readonly message: string };

export interface StoreCopyOptions {
  /** Called after each table is written to the target (still inside its transaction). */
  readonly onTable?: (copied: CopiedTable) => void;
}

export type CopyStore = (from: StoreLocation, to: StoreLocation, options?: StoreCopyOptions) => Promise<StoreCopyOutcome>;
