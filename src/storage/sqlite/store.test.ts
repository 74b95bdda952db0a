// SQLite-specific behaviour beyond the shared contract: connection settings, read-only
// opens, integrity checks, closing, and scans that read in batches.
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ReadOnlyStoreError, StoreClosedError } from '../errors.ts';
import { at, objectRange, objectWrite, stixId } from '../contract/fixtures.ts';
import { openReaderConnection, openWriterConnection } from './connection.ts';
import { openSqliteStore } from './index.ts';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tearline-sqlite-'));
  path = join(dir, 'store.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('connections', () => {
  test('the writer uses WAL, NORMAL sync, foreign keys and a busy timeout', () => {
    const db = openWriterConnection(path);
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('synchronous', { simple: true }), 1);
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
      assert.ok((db.pragma('busy_timeout', { simple: true }) as number) >= 1000);
    } finally {
      db.close();
    }
  });

  test('the reader cannot write', async () => {
    await openSqliteStore({ path }).close();
    const db = openReaderConnection(path);
    try {
      assert.throws(() => db.exec("INSERT INTO collections (id, title, media_types) VALUES ('x', 'x', '[]')"), /readonly/);
    } finally {
      db.close();
    }
  });
});

describe('read-only store', () => {
  test('reads what was committed and refuses writes', async () => {
    const writable = openSqliteStore({ path });
    await writable.write((tx) => tx.putObjects(objectRange(1, 3)));
    const readonly = openSqliteStore({ path, readonly: true });
    try {
      assert.equal((await readonly.stats()).objects, 3);
      await assert.rejects(readonly.write(async () => undefined), ReadOnlyStoreError);
      // It sees later commits of the writable store (WAL, separate connection).
      await writable.write((tx) => tx.putObjects(objectRange(4, 1)));
      assert.equal((await readonly.stats()).objects, 4);
      assert.deepEqual(await readonly.integrityCheck(), []);
    } finally {
      await readonly.close();
      await writable.close();
    }
  });

  test('needs an existing database and a file', () => {
    assert.throws(() => openSqliteStore({ path: join(dir, 'absent.db'), readonly: true }));
    assert.throws(() => openSqliteStore({ path: ':memory:', readonly: true }), /in-memory/);
  });
});

describe('integrityCheck', () => {
  /** Runs `sql` behind the store's back, then reports what integrityCheck finds. */
  async function problemsAfter(sql: string): Promise<string[]> {
    const db = new Database(path);
    db.exec(sql);
    db.close();
    const store = openSqliteStore({ path });
    try {
      return await store.integrityCheck();
    } finally {
      await store.close();
    }
  }

  test('is empty for a sound database and names a wrong latest pointer or id hash', async () => {
    const store = openSqliteStore({ path });
    await store.write((tx) => tx.putObjects([objectWrite({ n: 1, version: at(1) }), objectWrite({ n: 1, version: at(2) }), ...objectRange(2, 3)]));
    assert.deepEqual(await store.integrityCheck(), []);
    await store.close();
    const one = stixId('indicator', 1);
    assert.deepEqual(await problemsAfter(`UPDATE objects SET latest_seq = (SELECT min(seq) FROM object_versions WHERE oid = objects.oid) WHERE id = '${one}'`),
      [`objects: latest version of ${one} is not its greatest version`]);
    const three = stixId('indicator', 3);
    assert.deepEqual(await problemsAfter(`UPDATE objects SET latest_seq = (SELECT max(seq) FROM object_versions WHERE oid = objects.oid);
      UPDATE objects SET id_hash = id_hash + 1 WHERE id = '${three}'`),
      [`id hash of ${three} is not what id-hash.ts computes`]);
  });
});

describe('closing', () => {
  test('waits for writes already started, then refuses use; closing twice is fine', async () => {
    const store = openSqliteStore({ path });
    const writing = store.write(async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await tx.putObjects(objectRange(1, 2));
    });
    const closing = store.close();
    await assert.rejects(store.write(async () => undefined), StoreClosedError);
    await writing;
    await closing;
    await store.close();
    await assert.rejects(store.stats(), StoreClosedError);
    const reopened = openSqliteStore({ path });
    assert.equal((await reopened.stats()).objects, 2);
    await reopened.close();
  });
});

describe('scanLatestObjects', () => {
  test('reads batch by batch: objects committed mid-scan, past the current batch, are yielded', async () => {
    const store = openSqliteStore({ path });
    try {
      await store.write((tx) => tx.putObjects(objectRange(1, 10)));
      const ids: string[] = [];
      for await (const record of store.scanLatestObjects({ batchSize: 4 })) {
        ids.push(record.id);
        if (ids.length === 1) await store.write((tx) => tx.putObjects(objectRange(11, 3)));
      }
      assert.deepEqual(ids, objectRange(1, 13).map((o) => o.id));
    } finally {
      await store.close();
    }
  });
});
