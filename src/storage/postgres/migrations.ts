// Versioned schema migrations for PostgreSQL, applied when a store opens: numbered steps,
// recorded in schema_migrations (then each facet's in facet_migrations), all pending steps
// in one transaction. DDL is transactional in PostgreSQL, so a failing step leaves the
// database as it was.
//
// Several nodes may start at once. The migration transaction first takes a
// transaction-scoped advisory lock (locks.ts) and only then looks at the ledger: the second
// node waits, then reads the first one's committed ledger (READ COMMITTED takes a new
// snapshot per statement, after the wait) and finds nothing left to do.
import pg from 'pg';
import { SchemaVersionError } from '../errors.ts';
import { LOCK_CLASS, schemaLockId } from './locks.ts';
import { SCHEMA_V1 } from './schema-v1.ts';
import { migrateFacets, PG_FACETS, type PgFacet } from './facets.ts';
import type { Sql } from './sql.ts';

export interface Migration {
  /** 1, 2, 3… with no gaps. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

// A released step never changes: a database that already ran it would not get the change.
// The numbering is PostgreSQL's own (SQLite's step 2 is part of step 1 here).
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'objects, versions, refs, markings, collections', sql: SCHEMA_V1 },
];

export interface MigrationResult {
  /** Core versions applied by this call, in order; empty when the schema was already current. */
  readonly applied: readonly number[];
  /** Facet steps applied by this call, as `facet:version`. */
  readonly appliedFacets: readonly string[];
  readonly version: number;
}

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export interface MigrateOptions {
  /** The schema the tables live in; created if missing. */
  readonly schema: string;
  readonly migrations?: readonly Migration[];
  readonly facets?: Readonly<Record<string, PgFacet<unknown, unknown>>>;
}

/** Brings the schema up to date on `client` (one connection, not in a transaction). */
export async function migrate(client: pg.ClientBase, options: MigrateOptions): Promise<MigrationResult> {
  const migrations = options.migrations ?? MIGRATIONS;
  assertNumbered(migrations);
  const latest = migrations.length;
  const sql: Sql = {
    query: async <R>(text: string, values?: readonly unknown[]) => (await client.query(text, values as unknown[] | undefined)).rows as R[],
  };
  await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS.migrate, schemaLockId(options.schema)]);
    // After the lock: two nodes creating the schema at once would otherwise race. Only when
    // missing: CREATE SCHEMA needs a privilege on the database that a deployment whose DBA
    // made the schema need not grant.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [options.schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${pg.escapeIdentifier(options.schema)}`);
    await client.query(CREATE_LEDGER);
    const current = await currentVersion(sql);
    if (current > latest) {
      throw new SchemaVersionError(current, latest, 'the database was written by a newer Tearline; upgrade Tearline to open it');
    }
    const applied: number[] = [];
    for (const step of migrations.slice(current)) {
      await client.query(step.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
      applied.push(step.version);
    }
    // Concept facets (facets.ts) keep their own numbered migrations, after the core schema.
    const appliedFacets = await migrateFacets(sql, options.facets ?? PG_FACETS);
    await client.query('COMMIT');
    return { applied, appliedFacets, version: latest };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function currentVersion(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ version: number }>('SELECT coalesce(max(version), 0)::int AS version FROM schema_migrations');
  return row?.version ?? 0;
}

function assertNumbered(migrations: readonly Migration[]): void {
  migrations.forEach((step, i) => {
    if (step.version !== i + 1) throw new Error(`migration ${step.name} is numbered ${step.version}, expected ${i + 1}`);
  });
}
