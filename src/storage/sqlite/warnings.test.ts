// SQLite-only guarantees of the warnings facet: history and frozen products are refused
// UPDATE and DELETE by the database itself (triggers), so no code path and no hand-typed SQL
// can rewrite what was approved, fired or recorded (issue 7 "immutable (no update path)").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openCase } from '../../domain/warning/index.ts';
import { openSqliteStore } from './index.ts';

test('the database refuses to change or delete frozen products, versions, events and fired deadlines', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-warnings-'));
  const path = join(dir, 'store.db');
  try {
    const store = openSqliteStore({ path });
    const opened = openCase({ id: 'case-a', summary: 'Plot against the shrine' }, { kind: 'system', systemId: 'test' }, '2025-07-01T00:00:00.000Z');
    assert.ok(opened.ok);
    const bundleJson = '{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000001"}';
    const sha256 = createHash('sha256').update(bundleJson, 'utf8').digest('hex');
    await store.write(async (tx) => {
      await tx.warnings.createCase(opened.case, opened.events, null);
      await tx.warnings.recordFiredDeadline({ key: 'case-a:screen:x', caseId: 'case-a', firedAt: '2025-07-01T01:00:00.000Z', action: 'escalated' });
      await tx.warnings.putProduct({
        productId: 'warning-product--1', caseId: 'case-a', sha256, bundleJson, banner: 'UNCLASSIFIED', warningText: 'text',
        partnerName: 'syria-gss', channels: ['taxii'], mediaType: 'application/stix+json;version=2.1', frozenAt: '2025-07-01T00:05:00.000Z', frozenBy: 'user:olga',
      });
    });
    await store.close();

    const db = new Database(path);
    try {
      const refused: [string, RegExp][] = [
        ["UPDATE warning_products SET bundle_json = '{}'", /immutable/],
        ['DELETE FROM warning_products', /immutable/],
        ["UPDATE warning_case_versions SET case_json = '{}'", /history/],
        ['DELETE FROM warning_case_versions', /history/],
        ["UPDATE warning_events SET event_json = '{}'", /append-only/],
        ['DELETE FROM warning_events', /append-only/],
        ["UPDATE warning_fired_deadlines SET action = 'none'", /stays fired/],
        ['DELETE FROM warning_fired_deadlines', /stays fired/],
      ];
      for (const [sql, message] of refused) assert.throws(() => db.exec(sql), message, sql);
      assert.equal((db.prepare('SELECT bundle_json FROM warning_products').pluck().get() as string), bundleJson);
      // A second fired row for the same key is refused by the primary key.
      assert.throws(() => db.exec("INSERT INTO warning_fired_deadlines (key, case_id, fired_at, action) VALUES ('case-a:screen:x', 'case-a', 'x', 'escalated')"), /UNIQUE|PRIMARY/);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
