// What each end of a store copy says about its tables, and how values travel between them.
//
// Rows travel in SQLite's encoding, the plainer of the two: numbers, strings and null only.
// A PostgreSQL end converts at its edge by its column's kind: booleans to and from 1/0,
// JSONB to and from JSON text, text[] to and from a JSON array text (the forms the SQLite
// adapter stores). Everything else (text, integers, floats) is the same value on both sides.

/** How a column's values differ from the travelling (SQLite) encoding. */
export type ColumnKind = 'plain' | 'boolean' | 'json' | 'text-array';

export interface ColumnShape {
  readonly name: string;
  readonly kind: ColumnKind;
}

export interface TableShape {
  readonly name: string;
  /** In the table's declared order. */
  readonly columns: readonly ColumnShape[];
  /** Tables this one has foreign keys to (rows there must exist first). */
  readonly references: readonly string[];
}

/** A travelling value. */
export type CopyValue = number | string | null;

/** A batch of rows, each in the column order the reader was asked for. */
export type RowBatch = readonly (readonly CopyValue[])[];

/** One item of a source SELECT: a column, or a SQL expression both adapters evaluate. */
export type SelectItem = { readonly column: string; readonly kind: ColumnKind } | { readonly expression: string; readonly as: string };

export interface CopySource {
  tables(): Promise<readonly TableShape[]>;
  /** The table's rows in batches, from one consistent snapshot of the whole store. */
  rows(table: string, select: readonly SelectItem[]): AsyncIterable<RowBatch>;
  close(): Promise<void>;
}

export interface CopyTarget {
  tables(): Promise<readonly TableShape[]>;
  /** Starts the one transaction the copy writes in; answers the tables that hold rows. */
  begin(tables: readonly string[]): Promise<readonly string[]>;
  /** Writes rows (in `columns` order) inside the transaction; answers how many it stored. */
  insert(table: TableShape, columns: readonly ColumnShape[], rows: RowBatch): Promise<number>;
  /** Sequences and counters catch up with the copied keys, then everything commits. */
  commit(): Promise<void>;
  /** Rolls back whatever was written; safe to call at any point, also after a failure. */
  rollback(): Promise<void>;
  close(): Promise<void>;
}

/** A refusal with a reason the CLI shows as it is. */
export class CopyRefusedError extends Error {
  constructor(
    readonly code: 'target-not-empty' | 'schema-mismatch' | 'unstorable-value' | 'source-unusable',
    message: string,
  ) {
    super(message);
    this.name = 'CopyRefusedError';
  }
}
