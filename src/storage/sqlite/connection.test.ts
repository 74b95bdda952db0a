import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openWriterConnection } from './connection.ts';

function inTempDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-connection-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a new database gets 8 KiB pages and a 256 MiB WAL backstop', () => {
  inTempDir((dir) => {
    const db = openWriterConnection(join(dir, 'new.db'));
    db.exec('CREATE TABLE t (x)');
    assert.equal(db.pragma('page_size', { simple: true }), 8192);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 32768);
    db.close();
  });
});

test('an existing database keeps its page size, its rows, and a backstop of the same bytes', () => {
  inTempDir((dir) => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('kept')");
    old.close();
    const db = openWriterConnection(path);
    assert.equal(db.pragma('page_size', { simple: true }), 4096);
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 65536);
    assert.equal(db.prepare('SELECT x FROM t').pluck().get(), 'kept');
    db.close();
  });
});
