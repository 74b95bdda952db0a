// The Store contract against PostgreSQL, in the database TEARLINE_TEST_PG_URL names; skipped,
// saying so, when it is not set. The tests share one migrated schema, emptied before each
// (migrating a fresh one per test would dominate the run), and dropped at the end.
import { after, test } from 'node:test';
import { runStoreContract } from '../contract/index.ts';
import { openPostgresStore } from './index.ts';
import { pgTestSkipReason, reusableSchema, type ReusableSchema } from './test-database.ts';

const skip = pgTestSkipReason();
if (skip !== null) {
  test('PostgreSQL store contract', (t) => {
    t.skip(skip);
  });
} else {
  let shared: Promise<ReusableSchema> | undefined;
  after(async () => {
    if (shared !== undefined) await (await shared).drop();
  });
  runStoreContract('PostgreSQL store', {
    isolatedReads: true,
    async open() {
      shared ??= reusableSchema();
      const target = await shared;
      await target.reset();
      const open = () => openPostgresStore({ url: target.url, schema: target.schema, maxConnections: 4 });
      return { store: await open(), reopen: open };
    },
  });
}
