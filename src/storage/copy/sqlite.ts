// The SQLite end of a store copy, on raw connections of the adapter's own kind.
// Source: a read-only connection inside one read transaction (WAL keeps its snapshot while a
// server goes on writing). Target: the store is opened once (created and migrated by the
// adapter), then written on a writer connection in one IMMEDIATE transaction with foreign
// keys checked at COMMIT.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { SchemaVersionError } from '../errors.ts';
import { openReaderConnection, openWriterConnection, type Connection } from '../sqlite/connection.ts';
import { assertCurrent } from '../sqlite/migrations.ts';
import { openSqliteStore } from '../sqlite/index.ts';
import { CopyRefusedError, type ColumnShape, type CopySource, type CopyTarget, type CopyValue, type RowBatch, type SelectItem, type TableShape } from './shape.ts';

const BATCH_ROWS = 2000;

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function tableShapes(db: Connection): TableShape[] {
  const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[];
  return names.map((name) => {
    const columns = (db.prepare(`SELECT name, hidden FROM pragma_table_xinfo(?)`).all(name) as { name: string; hidden: number }[])
      // Generated columns (hidden 2, 3) are computed by the target itself.
      .filter((c) => c.hidden === 0)
      .map((c): ColumnShape => ({ name: c.name, kind: 'plain' }));
    const references = (db.prepare('SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)').pluck().all(name) as string[]);
    return { name, columns, references };
  });
}

function selectList(select: readonly SelectItem[]): string {
  return select.map((item) => ('column' in item ? quote(item.column) : `${item.expression} AS ${quote(item.as)}`)).join(', ');
}

function travelling(value: unknown, table: string): CopyValue {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint' && Number.isSafeInteger(Number(value))) return Number(value);
  throw new CopyRefusedError('unstorable-value', `table ${table} holds a ${Buffer.isBuffer(value) ? 'BLOB' : typeof value} value, which no Tearline table stores`);
}

export class SqliteCopySource implements CopySource {
  readonly #db: Connection;

  private constructor(db: Connection) {
    this.#db = db;
  }

  static open(path: string): SqliteCopySource {
    if (!existsSync(path)) throw new CopyRefusedError('source-unusable', `no SQLite store at ${path}`);
    let db: Connection;
    try {
      db = openReaderConnection(path);
    } catch (error) {
      throw new CopyRefusedError('source-unusable', `cannot open ${path} as SQLite: ${(error as Error).message}`);
    }
    try {
      assertCurrent(db);
      // One read transaction for the whole copy: every table from the same snapshot.
      db.exec('BEGIN');
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (error) {
      db.close();
      if (error instanceof SchemaVersionError) throw new CopyRefusedError('source-unusable', `${path}: ${error.message}`);
      throw new CopyRefusedError('source-unusable', `${path} is not a Tearline store: ${(error as Error).message}`);
    }
    return new SqliteCopySource(db);
  }

  async tables(): Promise<readonly TableShape[]> {
    return tableShapes(this.#db);
  }

  async *rows(table: string, select: readonly SelectItem[]): AsyncIterable<RowBatch> {
    const statement = this.#db.prepare(`SELECT ${selectList(select)} FROM ${quote(table)}`).raw(true);
    let batch: CopyValue[][] = [];
    // The iterator keeps this connection busy until it ends; nothing else runs on it meanwhile.
    for (const row of statement.iterate() as IterableIterator<unknown[]>) {
      batch.push(row.map((value) => travelling(value, table)));
      if (batch.length === BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async close(): Promise<void> {
    if (this.#db.inTransaction) this.#db.exec('COMMIT');
    this.#db.close();
  }
}

export class SqliteCopyTarget implements CopyTarget {
  readonly #db: Connection;
  readonly #inserts = new Map<string, Database.Statement>();

  private constructor(db: Connection) {
    this.#db = db;
  }

  static async open(path: string): Promise<SqliteCopyTarget> {
    // Creates the file if needed and brings its schema up to date, the adapter's own way.
    mkdirSync(dirname(path), { recursive: true });
    await openSqliteStore({ path }).close();
    return new SqliteCopyTarget(openWriterConnection(path));
  }

  async tables(): Promise<readonly TableShape[]> {
    return tableShapes(this.#db);
  }

  async begin(tables: readonly string[]): Promise<readonly string[]> {
    this.#db.exec('BEGIN IMMEDIATE');
    // Rows arrive table by table; their references are checked once, at COMMIT.
    this.#db.pragma('defer_foreign_keys = ON');
    return tables.filter((name) => this.#db.prepare(`SELECT 1 FROM ${quote(name)} LIMIT 1`).get() !== undefined);
  }

  async insert(table: TableShape, columns: readonly ColumnShape[], rows: RowBatch): Promise<number> {
    let insert = this.#inserts.get(table.name);
    if (insert === undefined) {
      const names = columns.map((c) => quote(c.name)).join(', ');
      insert = this.#db.prepare(`INSERT INTO ${quote(table.name)} (${names}) VALUES (${columns.map(() => '?').join(', ')})`);
      this.#inserts.set(table.name, insert);
    }
    let stored = 0;
    for (const row of rows) stored += insert.run(...row).changes;
    return stored;
  }

  async commit(): Promise<void> {
    this.#db.exec('COMMIT');
  }

  async rollback(): Promise<void> {
    if (this.#db.open && this.#db.inTransaction) this.#db.exec('ROLLBACK');
  }

  async close(): Promise<void> {
    await this.rollback();
    this.#db.close();
  }
}
