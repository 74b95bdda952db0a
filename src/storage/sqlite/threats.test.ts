// SQLite specifics of the threats facet; its behaviour is in the contract (contract/threats.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from './index.ts';

test('migrates once, and a read-only store reads threats without preparing writes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-threats-'));
  try {
    const path = join(dir, 'store.db');
    const store = openSqliteStore({ path });
    await store.write((tx) => tx.threats.putThreat({ id: 'grouping--1', status: 'active', mergedInto: null, name: 'T', createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z', reportCount: 0, summary: null, signature: null, nextCheckAt: null, stixVersion: null }));
    await store.close();
    const readonly = openSqliteStore({ path, readonly: true });
    assert.equal((await readonly.threats.get('grouping--1'))?.name, 'T');
    await readonly.close();
    const db = new Database(path, { readonly: true });
    assert.deepEqual(db.prepare("SELECT version FROM facet_migrations WHERE facet = 'threats' ORDER BY version").pluck().all(), [1, 2]);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('candidate look-ups use the key index, never a scan of every key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-threats-'));
  try {
    const path = join(dir, 'store.db');
    const store = openSqliteStore({ path });
    await store.close();
    const db = new Database(path, { readonly: true });
    const plan = (sql: string): string => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('["k"]', 1, 10) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const counts = plan("SELECT key, count(*) AS n FROM threat_keys WHERE key IN (SELECT value FROM json_each(?)) AND ? > 0 AND ? > 0 GROUP BY key");
    assert.match(counts, /SEARCH threat_keys USING (COVERING |PRIMARY )?(INDEX|KEY)/, counts);
    assert.doesNotMatch(counts, /SCAN threat_keys/, counts);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the next arrival number comes from an index, not a scan of every member', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-threats-'));
  try {
    const path = join(dir, 'store.db');
    await openSqliteStore({ path }).close();
    const db = new Database(path, { readonly: true });
    const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT coalesce(max(arrival), 0) FROM threat_members').all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    assert.match(plan, /threat_members_arrival/, plan);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
