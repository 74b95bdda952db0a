// For tests: schemas in the database TEARLINE_TEST_PG_URL names (CI creates one per run, see
// .ci/run). A schema is much cheaper than a database, and advisory locks are keyed by schema
// (locks.ts), so test files running in parallel never wait on each other. Migrating a new
// schema (a few dozen tables and indexes) still costs a few hundred milliseconds, so a
// suite of many short tests reuses one (reusableSchema): emptied between tests, dropped at
// the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Why PostgreSQL tests are skipped, or null when they can run. */
export function pgTestSkipReason(): string | null {
  return testUrl() === undefined
    ? 'TEARLINE_TEST_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/tearline_test): PostgreSQL tests skipped'
    : null;
}

export function testUrl(): string | undefined {
  const url = process.env.TEARLINE_TEST_PG_URL;
  return url === undefined || url === '' ? undefined : url;
}

export interface TestSchema {
  readonly url: string;
  readonly schema: string;
  /** Runs one statement as the admin connection (outside the schema). */
  admin<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** A unique, not yet existing schema name; the store creates it when it opens. */
export async function testSchema(prefix = 'tl_test'): Promise<TestSchema> {
  const url = testUrl();
  if (url === undefined) throw new Error('TEARLINE_TEST_PG_URL is not set');
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    url,
    schema,
    admin,
    drop: async () => {
      await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

export interface ReusableSchema {
  readonly url: string;
  readonly schema: string;
  /** Empties every table (migration ledgers excepted), so the next test starts from a fresh store. */
  reset(): Promise<void>;
  drop(): Promise<void>;
}

/**
 * One schema for many tests run one after another. Emptying uses
 * session_replication_role = replica, which switches off triggers (foreign keys, the audit
 * log's refusals) for that session only; it needs a superuser, as the test URL's user is.
 */
export async function reusableSchema(prefix = 'tl_test'): Promise<ReusableSchema> {
  const target = await testSchema(prefix);
  return {
    url: target.url,
    schema: target.schema,
    reset: async () => {
      const tables = await target.admin<{ name: string }>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND tablename NOT IN ('schema_migrations', 'facet_migrations')`,
        [target.schema],
      );
      if (tables.length === 0) return;
      await target.admin(`SET session_replication_role = replica; ${tables.map((t) => `DELETE FROM ${target.schema}.${pg.escapeIdentifier(t.name)};`).join(' ')}`);
    },
    drop: target.drop,
  };
}
