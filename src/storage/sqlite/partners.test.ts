// The partners facet's contract against SQLite alone (the full contract runs it too, in
// sqlite.contract.test.ts), plus what only SQLite can show: the database itself refuses a
// second active partner with the same identity even past the port's own check.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { storeTestFor } from '../contract/harness.ts';
import { partnersContract } from '../contract/partners.ts';
import { openSqliteStore } from './index.ts';

describe('SQLite partners facet', () => {
  partnersContract(
    storeTestFor({
      isolatedReads: true,
      async open() {
        const dir = mkdtempSync(join(tmpdir(), 'tearline-partners-'));
        const path = join(dir, 'store.db');
        return { store: openSqliteStore({ path }), reopen: async () => openSqliteStore({ path }), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    }),
  );

  test('the partial unique index keeps active identities distinct', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tearline-partners-'));
    const path = join(dir, 'store.db');
    try {
      const store = openSqliteStore({ path });
      await store.write((tx) => tx.partners.putPartner({ name: 'a', identityRef: 'identity--x', profileJson: '{}', at: '2025-01-01T00:00:00.000Z', actor: 't' }));
      await store.close();
      const db = new Database(path);
      try {
        assert.throws(
          () => db.prepare("INSERT INTO partners (name, current_version, identity_ref, created_at, updated_at) VALUES ('b', 1, 'identity--x', 't', 't')").run(),
          /UNIQUE/,
        );
        // A removed partner's identity is free.
        db.prepare("INSERT INTO partners (name, current_version, identity_ref, created_at, updated_at, removed_at) VALUES ('c', 1, 'identity--x', 't', 't', 't')").run();
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
