// Versioned schema migrations, applied when a store opens. Each migration is a numbered SQL
// step; schema_migrations records which ran. All pending steps run in one IMMEDIATE
// transaction, so two processes opening the same file cannot both migrate, and a failing
// step leaves the database as it was.
import type { Connection } from './connection.ts';
import { SchemaVersionError } from '../errors.ts';
import { SCHEMA_V1 } from './schema-v1.ts';
import { migrateFacets } from './facets.ts';

export interface Migration {
  /** 1, 2, 3… with no gaps. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

// A released step never changes: a database that already ran it would not get the change.
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'objects, versions, refs, markings, collections', sql: SCHEMA_V1 },
  {
    version: 2,
    name: 'index revoked versions',
    // Revoked versions are few: stats count revoked objects from here, not from every object.
    sql: 'CREATE INDEX object_versions_revoked ON object_versions (oid) WHERE revoked = 1;',
  },
];

export interface MigrationResult {
  /** Versions applied by this call, in order; empty when the schema was already current. */
  readonly applied: readonly number[];
  readonly version: number;
}

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/** Brings the schema up to the last of `migrations`; refuses a database newer than that. */
export function migrate(db: Connection, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  assertNumbered(migrations);
  const latest = migrations.length;
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(CREATE_LEDGER);
    const current = currentVersion(db);
    if (current > latest) {
      throw new SchemaVersionError(current, latest, 'the database was written by a newer Tearline; upgrade Tearline to open it');
    }
    const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    const applied: number[] = [];
    for (const step of migrations.slice(current)) {
      db.exec(step.sql);
      record.run(step.version, step.name);
      applied.push(step.version);
    }
    // Concept facets (facets.ts) keep their own numbered migrations, after the core schema.
    migrateFacets(db);
    db.exec('COMMIT');
    return { applied, version: latest };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** For a read-only open: the schema must be exactly the one this code knows. */
export function assertCurrent(db: Connection, migrations: readonly Migration[] = MIGRATIONS): void {
  const latest = migrations.length;
  const hasLedger = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const current = hasLedger ? currentVersion(db) : 0;
  if (current > latest) {
    throw new SchemaVersionError(current, latest, 'the database was written by a newer Tearline; upgrade Tearline to open it');
  }
  if (current < latest) {
    throw new SchemaVersionError(current, latest, 'the database needs migrating; open it read-write once');
  }
}

function currentVersion(db: Connection): number {
  const row = db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations').get() as { version: number };
  return row.version;
}

function assertNumbered(migrations: readonly Migration[]): void {
  migrations.forEach((step, i) => {
    if (step.version !== i + 1) throw new Error(`migration ${step.name} is numbered ${step.version}, expected ${i + 1}`);
  });
}
