import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { limitBy } from './limit.ts';

test('limitBy limits as LIMIT does: a count, none, or no limit at -1', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);');
  const positional = db.prepare(`SELECT x FROM t ORDER BY x ${limitBy('?')}`).pluck();
  const named = db.prepare(`SELECT x FROM t ORDER BY x ${limitBy('@limit')}`).pluck();
  assert.deepEqual(positional.all(2), [1, 2]);
  assert.deepEqual(positional.all(0), []);
  assert.deepEqual(positional.all(-1), [1, 2, 3]);
  assert.deepEqual(named.all({ limit: 1 }), [1]);
  assert.deepEqual(named.all({ limit: 5 }), [1, 2, 3]);
  db.close();
});

test('no statement of the SQLite adapter binds a bare LIMIT parameter (each run would plan it again)', () => {
  const dir = dirname(fileURLToPath(import.meta.url));
  const sources = readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  assert.ok(sources.length > 10, 'the adapter sources are found');
  const bare = /LIMIT\s+(\?|[@:$][A-Za-z_]\w*)/;
  const offenders = sources.flatMap((name) =>
    readFileSync(join(dir, name), 'utf8').split('\n')
      .map((line, index) => ({ at: `${name}:${index + 1}`, line }))
      .filter(({ line }) => bare.test(line) && !line.trimStart().startsWith('//')));
  assert.deepEqual(offenders, [], 'write these LIMITs with limitBy() (limit.ts says why)');
});
