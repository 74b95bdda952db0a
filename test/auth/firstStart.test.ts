// The quick start: `tearline start` on an empty database prints the URL and the first
// administrator's one-time password, once; that password signs in and must be changed.
// Runs the real CLI in a child process, on an ephemeral port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../support/cli.ts';
import { loadConfig } from '../../src/config/config.ts';
import { defaultDeps } from '../../src/main.ts';
import { firstLoginLines } from '../../src/cli/commands/user.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';

const BIN = fileURLToPath(new URL('../../bin/tearline.mjs', import.meta.url));

/** Starts `tearline start`, waits for "Press Ctrl+C", returns what it printed and stops it. */
async function startOnce(db: string): Promise<{ output: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'start', '--db', db, '--port', '0'], { env: { ...process.env, TEARLINE_DEMO: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stderr.on('data', (c: Buffer) => (errors += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up banner in time:\n${output}\n${errors}`)), 60_000);
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}\n${errors}`)));
  });
  return {
    output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

test('first start prints the URL and the first login once; the password signs in', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  try {
    const first = await startOnce(dir.db);
    try {
      const url = /listening on (http:\/\/\S+)/.exec(first.output)?.[1];
      const login = /first login: (\S+) \/ (\S+)/.exec(first.output);
      assert.ok(url !== undefined, first.output);
      assert.ok(login !== null, first.output);
      assert.ok(first.output.indexOf('first login') > first.output.indexOf('listening on'), 'next to the URL');
      const [, username, password] = login;
      assert.equal(username, 'admin');
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { mustChangePassword: boolean; user: { roles: string[] } };
      assert.equal(body.mustChangePassword, true);
      assert.deepEqual(body.user.roles, ['administrator']);
    } finally {
      await first.stop();
    }
    // A later start finds the administrator and prints no password (checked in-process: the
    // same function serve.ts calls, without a second child process).
    const config = loadConfig({ TEARLINE_DB: dir.db });
    assert.ok(config.ok);
    const store = openSqliteStore({ path: dir.db });
    try {
      assert.equal(await firstLoginLines(store, config.config, defaultDeps()), undefined, 'shown only on first start');
      assert.equal(await store.users.countUsers(), 1);
    } finally {
      await store.close();
    }
  } finally {
    dir.cleanup();
  }
});
