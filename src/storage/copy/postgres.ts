// The PostgreSQL end of a store copy, on one client of the adapter's own pool (pool.ts: int8
// as numbers, the store's schema on the search_path).
// Source: one REPEATABLE READ, READ ONLY transaction (one snapshot for every table), read
// through a server-side cursor a batch at a time. Target: the store is opened once (schema
// created and migrated by the adapter), then written in one transaction that first takes the
// cluster-wide write lock every store.write takes (index.ts), so no node writes beside it;
// at the end the sequences behind oid, seq and identity columns move past the copied keys.
import pg from 'pg';
import { SchemaVersionError } from '../errors.ts';
import { createPool } from '../postgres/pool.ts';
import { openPostgresStore } from '../postgres/index.ts';
import { LOCK_CLASS, schemaLockId } from '../postgres/locks.ts';
import { storable } from '../postgres/text.ts';
import { CopyRefusedError, type ColumnKind, type ColumnShape, type CopySource, type CopyTarget, type CopyValue, type RowBatch, type SelectItem, type TableShape } from './shape.ts';

const FETCH_ROWS = 2000;
/** A bulk statement's JSON parameters stay below this many characters in all. */
const STATEMENT_CHARS = 16 * 1024 * 1024;
const CURSOR = 'tl_copy_rows';

export interface PgLocation {
  readonly url: string;
  readonly schema?: string;
}

interface Catalogue {
  readonly tables: readonly TableShape[];
  /** format_type of each column, by `table.column`, for the casts of bulk inserts. */
  readonly types: ReadonlyMap<string, string>;
}

function kindOf(typname: string, table: string, column: string): ColumnKind {
  if (typname === 'bool') return 'boolean';
  if (typname === 'json' || typname === 'jsonb') return 'json';
  if (typname === '_text' || typname === '_varchar') return 'text-array';
  if (typname.startsWith('_') || typname === 'bytea') {
    throw new CopyRefusedError('schema-mismatch', `column ${table}.${column} has type ${typname}, which db copy does not know how to carry`);
  }
  return 'plain';
}

async function catalogue(client: pg.ClientBase, schema: string): Promise<Catalogue> {
  const { rows } = await client.query<{ table: string; column: string; typname: string; type: string }>(
    `SELECT c.relname AS table, a.attname AS column, t.typname, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
       JOIN pg_type t ON t.oid = a.atttypid
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const references = await client.query<{ table: string; referenced: string }>(
    `SELECT DISTINCT c.relname AS table, r.relname AS referenced
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_class r ON r.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = k.connamespace
      WHERE k.contype = 'f' AND n.nspname = $1`,
    [schema],
  );
  const tables = new Map<string, { columns: ColumnShape[]; references: string[] }>();
  const types = new Map<string, string>();
  for (const row of rows) {
    let table = tables.get(row.table);
    if (table === undefined) tables.set(row.table, (table = { columns: [], references: [] }));
    table.columns.push({ name: row.column, kind: kindOf(row.typname, row.table, row.column) });
    types.set(`${row.table}.${row.column}`, row.type);
  }
  for (const row of references.rows) tables.get(row.table)?.references.push(row.referenced);
  return { tables: [...tables].map(([name, t]) => ({ name, ...t })), types };
}

/** Connects to the store's schema; `migrate` opens the store first (creating and migrating it). */
async function connect(location: PgLocation, role: 'source' | 'target'): Promise<{ pool: pg.Pool; client: pg.PoolClient; schema: string }> {
  let schema = location.schema;
  if (role === 'source') {
    // A source must already be a Tearline store: opening one would create it.
    const probe = createPool({ url: location.url, ...(schema === undefined ? {} : { schema }), maxConnections: 1 });
    try {
      const [row] = (await probe.query<{ schema: string | null; ledger: string | null }>(
        schema === undefined
          ? "SELECT current_schema() AS schema, to_regclass('schema_migrations')::text AS ledger"
          : "SELECT $1::text AS schema, to_regclass(quote_ident($1) || '.schema_migrations')::text AS ledger",
        schema === undefined ? [] : [schema],
      )).rows;
      if (row?.schema === null || row?.schema === undefined || row.ledger === null) {
        throw new CopyRefusedError('source-unusable', `no Tearline store in ${row?.schema === null || row === undefined ? 'the current schema' : `schema ${row.schema}`} of that database`);
      }
      schema = row.schema;
    } finally {
      await probe.end();
    }
  }
  try {
    // Brings the schema up to date (a source too: every node does that when it opens).
    const store = await openPostgresStore({ url: location.url, ...(schema === undefined ? {} : { schema }), maxConnections: 1 });
    schema = store.schema;
    await store.close();
  } catch (error) {
    if (error instanceof SchemaVersionError) throw new CopyRefusedError(role === 'source' ? 'source-unusable' : 'schema-mismatch', `the ${role}: ${error.message}`);
    throw error;
  }
  const pool = createPool({ url: location.url, schema, maxConnections: 1 });
  try {
    return { pool, client: await pool.connect(), schema };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/** A pg value as it travels (SQLite's encoding, shape.ts). */
function travelling(value: unknown, kind: ColumnKind): CopyValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      return value === true ? 1 : 0;
    case 'json':
    case 'text-array':
      return JSON.stringify(value);
    case 'plain':
      if (typeof value === 'string' || typeof value === 'number') return value;
      if (value instanceof Date) return value.toISOString();
      throw new CopyRefusedError('unstorable-value', `a ${typeof value} value, which no Tearline table stores`);
  }
}

export class PgCopySource implements CopySource {
  readonly #pool: pg.Pool;
  readonly #client: pg.PoolClient;
  readonly #schema: string;

  private constructor(pool: pg.Pool, client: pg.PoolClient, schema: string) {
    this.#pool = pool;
    this.#client = client;
    this.#schema = schema;
  }

  static async open(location: PgLocation): Promise<PgCopySource> {
    const { pool, client, schema } = await connect(location, 'source');
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (error) {
      client.release(true);
      await pool.end();
      throw error;
    }
    return new PgCopySource(pool, client, schema);
  }

  async tables(): Promise<readonly TableShape[]> {
    return (await catalogue(this.#client, this.#schema)).tables;
  }

  async *rows(table: string, select: readonly SelectItem[]): AsyncIterable<RowBatch> {
    const list = select.map((item) => ('column' in item ? pg.escapeIdentifier(item.column) : `${item.expression} AS ${pg.escapeIdentifier(item.as)}`));
    const kinds = select.map((item) => ('column' in item ? item.kind : 'plain'));
    await this.#client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT ${list.join(', ')} FROM ${pg.escapeIdentifier(table)}`);
    try {
      for (;;) {
        const { rows } = await this.#client.query<unknown[]>({ text: `FETCH FORWARD ${FETCH_ROWS} FROM ${CURSOR}`, rowMode: 'array' });
        if (rows.length === 0) break;
        yield rows.map((row) => row.map((value, i) => travelling(value, kinds[i] as ColumnKind)));
      }
    } finally {
      await this.#client.query(`CLOSE ${CURSOR}`);
    }
  }

  async close(): Promise<void> {
    let broken: Error | undefined;
    await this.#client.query('COMMIT').catch((error: Error) => {
      broken = error;
    });
    this.#client.release(broken);
    await this.#pool.end();
  }
}

export class PgCopyTarget implements CopyTarget {
  readonly #pool: pg.Pool;
  readonly #client: pg.PoolClient;
  readonly #schema: string;
  #types: ReadonlyMap<string, string> = new Map();
  #inTransaction = false;
  #broken: Error | undefined;

  private constructor(pool: pg.Pool, client: pg.PoolClient, schema: string) {
    this.#pool = pool;
    this.#client = client;
    this.#schema = schema;
    client.on('error', (error) => {
      this.#broken ??= error;
    });
  }

  static async open(location: PgLocation): Promise<PgCopyTarget> {
    const { pool, client, schema } = await connect(location, 'target');
    return new PgCopyTarget(pool, client, schema);
  }

  async tables(): Promise<readonly TableShape[]> {
    const found = await catalogue(this.#client, this.#schema);
    this.#types = found.types;
    return found.tables;
  }

  async begin(tables: readonly string[]): Promise<readonly string[]> {
    await this.#client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    this.#inTransaction = true;
    await this.#client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS.write, schemaLockId(this.#schema)]);
    const filled: string[] = [];
    for (const name of tables) {
      const { rows } = await this.#client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${pg.escapeIdentifier(name)}) AS any`);
      if (rows[0]?.any === true) filled.push(name);
    }
    return filled;
  }

  async insert(table: TableShape, columns: readonly ColumnShape[], rows: RowBatch): Promise<number> {
    const casts = columns.map((column, i) => castOf(`u.c${i}`, column, this.#types.get(`${table.name}.${column.name}`) ?? 'text'));
    const functions = columns.map((_, i) => `json_array_elements_text($${i + 1}::json)`);
    // OVERRIDING SYSTEM VALUE: identity columns (GENERATED ALWAYS) keep the copied keys.
    const text = `INSERT INTO ${pg.escapeIdentifier(table.name)} (${columns.map((c) => pg.escapeIdentifier(c.name)).join(', ')}) OVERRIDING SYSTEM VALUE
      SELECT ${casts.join(', ')} FROM ROWS FROM (${functions.join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})`;
    let stored = 0;
    let start = 0;
    while (start < rows.length) {
      // Rows up to the size limit (at least one), column by column.
      const values: CopyValue[][] = columns.map(() => []);
      let chars = 0;
      let end = start;
      while (end < rows.length && (end === start || chars < STATEMENT_CHARS)) {
        const row = rows[end] as readonly CopyValue[];
        columns.forEach((column, i) => {
          const value = row[i] ?? null;
          if (typeof value === 'string') {
            if (!storable(value)) {
              throw new CopyRefusedError('unstorable-value', `${table.name}.${column.name} holds text with U+0000 or an unpaired surrogate, which PostgreSQL cannot store (row ${end + 1} of its batch)`);
            }
            chars += value.length;
          }
          (values[i] as CopyValue[]).push(column.kind === 'boolean' && value !== null ? (value === 1 || value === '1' ? 'true' : 'false') : value);
        });
        end += 1;
      }
      const result = await this.#client.query(text, values.map((column) => JSON.stringify(column)));
      stored += result.rowCount ?? 0;
      start = end;
    }
    return stored;
  }

  async commit(): Promise<void> {
    // Sequences owned by a column (oid, seq) or behind an identity column (cid, mseq).
    const { rows } = await this.#client.query<{ seq: string; table: string; column: string }>(
      `SELECT s.relname AS seq, t.relname AS table, a.attname AS column
         FROM pg_class s
         JOIN pg_namespace n ON n.oid = s.relnamespace
         JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
         JOIN pg_class t ON t.oid = d.refobjid
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
        WHERE s.relkind = 'S' AND n.nspname = $1`,
      [this.#schema],
    );
    for (const row of rows) {
      await this.#client.query(
        `SELECT setval($1::regclass, coalesce((SELECT max(${pg.escapeIdentifier(row.column)}) FROM ${pg.escapeIdentifier(row.table)}), 0) + 1, false)`,
        [`${pg.escapeIdentifier(this.#schema)}.${pg.escapeIdentifier(row.seq)}`],
      );
    }
    await this.#client.query('COMMIT');
    this.#inTransaction = false;
  }

  async rollback(): Promise<void> {
    if (!this.#inTransaction) return;
    this.#inTransaction = false;
    await this.#client.query('ROLLBACK').catch((error: Error) => {
      this.#broken ??= error;
    });
  }

  async close(): Promise<void> {
    await this.rollback();
    this.#client.release(this.#broken);
    await this.#pool.end();
  }
}

/** The SELECT expression turning one travelling column (JSON array text) into the column's type. */
function castOf(ref: string, column: ColumnShape, type: string): string {
  switch (column.kind) {
    case 'boolean':
      return `${ref}::boolean`;
    case 'json':
      return `${ref}::${type}`;
    case 'text-array':
      return `CASE WHEN ${ref} IS NULL THEN NULL ELSE ARRAY(SELECT json_array_elements_text(${ref}::json)) END::${type}`;
    case 'plain':
      return `${ref}::${type}`;
  }
}
