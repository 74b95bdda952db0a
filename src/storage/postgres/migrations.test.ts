// Migrations on PostgreSQL: applied once even when nodes start together, all or nothing,
// and a database migrated by a newer Tearline is refused rather than misread.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { SchemaVersionError } from '../errors.ts';
import { migrate, MIGRATIONS, type Migration } from './migrations.ts';
import { migrateFacets, type PgFacet } from './facets.ts';
import { openPostgresStore } from './index.ts';
import { pgTestSkipReason, testSchema, type TestSchema } from './test-database.ts';

const skip = pgTestSkipReason();

async function withClients<T>(target: TestSchema, count: number, body: (clients: pg.Client[]) => Promise<T>): Promise<T> {
  const clients = Array.from({ length: count }, () => new pg.Client({ connectionString: target.url, options: `-c search_path=${target.schema}` }));
  await Promise.all(clients.map((c) => c.connect()));
  try {
    return await body(clients);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
    await target.drop();
  }
}

function facet(name: string, steps: string[]): PgFacet<unknown, unknown> {
  return {
    name,
    migrations: steps.map((sql, i) => ({ version: i + 1, name: `${name} ${i + 1}`, sql })),
    reads: () => ({}),
    writes: () => ({}),
  };
}

describe('PostgreSQL migrations', { skip: skip ?? false }, () => {
  test('two nodes migrating at once: one applies each step, the other waits and finds it done', async () => {
    const target = await testSchema();
    // Not idempotent on purpose: a second run of the step would fail on the existing table.
    const slow: Migration[] = [{ version: 1, name: 'slow', sql: 'SELECT pg_sleep(0.2); CREATE TABLE once (x int);' }];
    await withClients(target, 2, async ([a, b]) => {
      const results = await Promise.all([
        migrate(a as pg.Client, { schema: target.schema, migrations: slow, facets: {} }),
        migrate(b as pg.Client, { schema: target.schema, migrations: slow, facets: {} }),
      ]);
      assert.deepEqual(results.map((r) => r.applied).sort(), [[], [1]]);
      const ledger = await (a as pg.Client).query('SELECT version FROM schema_migrations');
      assert.deepEqual(ledger.rows, [{ version: 1 }]);
    });
  });

  test('stores opened together on a fresh schema all open on the one migrated schema', async () => {
    const target = await testSchema();
    const stores = await Promise.all([0, 1, 2].map(() => openPostgresStore({ url: target.url, schema: target.schema, maxConnections: 2 })));
    try {
      const ledger = await target.admin<{ version: number }>(`SELECT version FROM ${target.schema}.schema_migrations ORDER BY version`);
      assert.deepEqual(ledger.map((r) => r.version), MIGRATIONS.map((m) => m.version));
      for (const store of stores) assert.equal((await store.stats()).objects, 0);
    } finally {
      for (const store of stores) await store.close();
      await target.drop();
    }
  });

  test('a failing step leaves the schema as it was', async () => {
    const target = await testSchema();
    await withClients(target, 1, async ([client]) => {
      const c = client as pg.Client;
      const steps: Migration[] = [
        { version: 1, name: 'fine', sql: 'CREATE TABLE fine (x int)' },
        { version: 2, name: 'broken', sql: 'CREATE TABLE broken (x no_such_type)' },
      ];
      await assert.rejects(migrate(c, { schema: target.schema, migrations: steps, facets: {} }), /no_such_type/);
      const tables = await c.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [target.schema]);
      assert.deepEqual(tables.rows, []);
      assert.deepEqual((await migrate(c, { schema: target.schema, migrations: steps.slice(0, 1), facets: {} })).applied, [1]);
    });
  });

  test('refuses a database a newer Tearline migrated', async () => {
    const target = await testSchema();
    const store = await openPostgresStore({ url: target.url, schema: target.schema });
    await store.close();
    try {
      await target.admin(`INSERT INTO ${target.schema}.schema_migrations (version, name) VALUES (${MIGRATIONS.length + 1}, 'from the future')`);
      await assert.rejects(openPostgresStore({ url: target.url, schema: target.schema }), (error) =>
        error instanceof SchemaVersionError && error.found === MIGRATIONS.length + 1 && error.supported === MIGRATIONS.length);
    } finally {
      await target.drop();
    }
  });

  test('facet steps run once, in order; a newer facet version and gaps are refused', async () => {
    const target = await testSchema();
    await withClients(target, 1, async ([client]) => {
      const c = client as pg.Client;
      const sql = { query: async <R>(text: string, values?: readonly unknown[]) => (await c.query(text, values as unknown[])).rows as R[] };
      await c.query(`CREATE SCHEMA ${target.schema}`);
      assert.deepEqual(await migrateFacets(sql, { notes: facet('notes', ['CREATE TABLE notes (n text)']) }), ['notes:1']);
      const two = { notes: facet('notes', ['CREATE TABLE notes (n text)', 'ALTER TABLE notes ADD COLUMN m text']) };
      assert.deepEqual(await migrateFacets(sql, two), ['notes:2']);
      assert.deepEqual(await migrateFacets(sql, two), []);
      const columns = await c.query("SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'notes' ORDER BY ordinal_position", [target.schema]);
      assert.deepEqual(columns.rows.map((r: { column_name: string }) => r.column_name), ['n', 'm']);
      await assert.rejects(migrateFacets(sql, { notes: facet('notes', ['CREATE TABLE notes (n text)']) }), /at version 2, this Tearline knows 1/);
      const gap = { other: { ...facet('other', ['SELECT 1']), migrations: [{ version: 2, name: 'gap', sql: 'SELECT 1' }] } };
      await assert.rejects(migrateFacets(sql, gap), /numbered 2, expected 1/);
    });
  });
});
