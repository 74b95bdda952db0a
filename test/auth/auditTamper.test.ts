// Issue 8: tampering with the audit log directly in the database — triggers dropped first —
// is found by `tearline audit verify`, which names the position where the chain breaks.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { canonicalJson, sealAuditEntry, type AuditHead } from '../../src/app/ports/audit.ts';
import { runTearline, tempDir } from '../support/cli.ts';

const ENTRIES = 6;

/** A database with a healthy chain of ENTRIES entries; returns its head. */
async function healthyLog(path: string): Promise<AuditHead> {
  const store = openSqliteStore({ path });
  try {
    await store.write(async (tx) => {
      for (let i = 1; i <= ENTRIES; i++) {
        await tx.audit.append({ at: `2025-01-01T00:00:0${i}.000Z`, actor: `user:u${i}`, action: 'auth.login', subject: `user:u${i}`, details: { ip: '10.0.0.1' } });
      }
    });
    return (await store.audit.head()) as AuditHead;
  } finally {
    await store.close();
  }
}

/** Opens the file directly, as an attacker with the file would, and removes the triggers. */
function tamper(path: string, change: (db: Database.Database) => void): void {
  const db = new Database(path);
  try {
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    change(db);
  } finally {
    db.close();
  }
}

async function verify(path: string, ...extra: string[]) {
  return runTearline(['audit', 'verify', '--db', path, ...extra]);
}

describe('tampering found by tearline audit verify', () => {
  const dir = tempDir();
  after(() => dir.cleanup());
  const base = join(dir.path, 'base.db');
  let head: AuditHead;
  let n = 0;
  const copy = (): string => {
    const path = join(dir.path, `copy-${++n}.db`);
    copyFileSync(base, path);
    return path;
  };

  test('an untouched log verifies', async () => {
    head = await healthyLog(base);
    const result = await verify(base);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`intact: ${ENTRIES} entries; head ${ENTRIES}:${head.hash}`));
  });

  const cases: { name: string; position: number; change: (db: Database.Database) => void }[] = [
    { name: 'a changed entry', position: 3, change: (db) => db.exec("UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 3") },
    { name: 'a deleted entry', position: 2, change: (db) => db.exec('DELETE FROM audit_log WHERE seq = 2') },
    {
      name: 'two entries swapped',
      position: 2,
      change: (db) => db.exec('UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = -2;'),
    },
    {
      name: 'an inserted entry, sealed properly onto its predecessor',
      position: 5,
      change: (db) => {
        for (let seq = ENTRIES; seq >= 4; seq--) db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(seq + 1, seq);
        const prev = db.prepare('SELECT hash FROM audit_log WHERE seq = 3').pluck().get() as string;
        const forged = sealAuditEntry({ at: '2025-01-01T00:00:03.500Z', actor: 'user:mallory', action: 'user.create', subject: 'user:mallory', details: { roles: ['administrator'] } }, 4, prev);
        db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(forged.seq, forged.at, forged.actor, forged.action, forged.subject, canonicalJson(forged.details ?? null), forged.prevHash, forged.hash);
      },
    },
  ];

  for (const c of cases) {
    test(`${c.name} breaks the chain at entry ${c.position}`, async () => {
      const path = copy();
      tamper(path, c.change);
      const result = await verify(path);
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stdout, new RegExp(`BROKEN at entry ${c.position}:`));
      const json = await verify(path, '--json');
      assert.equal((JSON.parse(json.stdout) as { break: { position: number } }).break.position, c.position);
    });
  }

  test('entries cut off the end are found against the exported head (the anchor)', async () => {
    const exported = await runTearline(['audit', 'export', '--db', base]);
    assert.equal(exported.code, 0, exported.stderr);
    const lines = exported.stdout.trim().split('\n');
    assert.equal(lines.length, ENTRIES + 2);
    const trailer = JSON.parse(lines.at(-1) as string) as { head: AuditHead; verified: boolean };
    assert.deepEqual(trailer, { head, entries: ENTRIES, verified: true });
    const anchor = `${trailer.head.seq}:${trailer.head.hash}`;
    const path = copy();
    tamper(path, (db) => db.exec(`DELETE FROM audit_log WHERE seq > ${ENTRIES - 2}`));
    assert.equal((await verify(path)).code, 0, 'without an anchor a cut-off tail looks like a shorter log');
    const anchored = await verify(path, '--anchor', anchor);
    assert.equal(anchored.code, 1);
    assert.match(anchored.stdout, new RegExp(`BROKEN at entry ${ENTRIES - 1}:.*removed from the end`));
    assert.equal((await verify(base, '--anchor', anchor)).code, 0);
  });
});
