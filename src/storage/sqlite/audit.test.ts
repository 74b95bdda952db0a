// The audit table refuses UPDATE and DELETE in the database itself, whoever connects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from './index.ts';

test('UPDATE and DELETE on audit_log are refused by triggers; INSERT of a sealed entry goes through the store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-audit-'));
  const path = join(dir, 'store.db');
  try {
    const store = openSqliteStore({ path });
    await store.write((tx) => tx.audit.append({ at: '2025-01-01T00:00:00.000Z', actor: 'user:a', action: 'auth.login', subject: 'user:a' }));
    await store.close();
    const db = new Database(path);
    try {
      assert.throws(() => db.prepare("UPDATE audit_log SET actor = 'user:mallory'").run(), /append-only/);
      assert.throws(() => db.prepare('DELETE FROM audit_log').run(), /append-only/);
      assert.equal(db.prepare('SELECT actor FROM audit_log').pluck().get(), 'user:a');
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a session cannot point at a user that does not exist', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    await assert.rejects(store.write((tx) => tx.users.createSession({ tokenHash: 'x', userId: 'nobody', createdAt: '2025-01-01T00:00:00.000Z', expiresAt: '2025-01-02T00:00:00.000Z' })), /FOREIGN KEY/);
  } finally {
    await store.close();
  }
});
