import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Checkpointer } from './checkpointer.ts';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tearline-checkpoint-'));
  path = join(dir, 'store.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Rows visible in the database file alone, as if the WAL had been lost. */
function rowsWithoutWal(): number {
  const copy = join(dir, 'copy.db');
  copyFileSync(path, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM t').pluck().get() as number;
  } finally {
    db.close();
  }
}

test('copies committed WAL pages into the database file from a worker', async () => {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (x)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 1000; i++) insert.run(i);
  })();
  assert.equal(rowsWithoutWal(), 0, 'the rows are only in the WAL');
  const checkpointer = new Checkpointer(path);
  try {
    checkpointer.request();
    checkpointer.request();
    await checkpointer.whenIdle();
    assert.equal(checkpointer.lastError, null);
    assert.equal(rowsWithoutWal(), 1000);
  } finally {
    await checkpointer.close();
    db.close();
  }
});

test('a worker that cannot open the database reports the error and settles', async () => {
  const checkpointer = new Checkpointer(join(dir, 'absent.db'));
  checkpointer.request();
  await checkpointer.whenIdle();
  assert.match(checkpointer.lastError ?? '', /unable to open/i);
  await checkpointer.close();
});
