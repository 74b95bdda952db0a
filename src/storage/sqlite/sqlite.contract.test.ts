// The Store contract against SQLite: a fresh temporary file per test, and ':memory:'.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract } from '../contract/index.ts';
import { openSqliteStore } from './index.ts';

runStoreContract('SQLite store (file)', {
  isolatedReads: true,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'tearline-store-'));
    const path = join(dir, 'store.db');
    return {
      store: openSqliteStore({ path }),
      reopen: async () => openSqliteStore({ path }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

runStoreContract('SQLite store (:memory:)', {
  // One connection serves reads and the write: reads outside a write see it in progress.
  isolatedReads: false,
  async open() {
    return { store: openSqliteStore({ path: ':memory:' }) };
  },
});
