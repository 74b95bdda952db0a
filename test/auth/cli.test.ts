// tearline user / token / config / audit as the local operator: no sign-in, every change in
// the audit log under `cli:<os user>`, secrets printed once and never stored.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { buildServer } from '../../src/http/server.ts';
import { runTearline, tempDir } from '../support/cli.ts';
import { TEST_AUTH, manualClock } from './support.ts';

const OS_USER = userInfo().username;

describe('tearline user and token', () => {
  const dir = tempDir();
  after(() => dir.cleanup());
  const db = ['--db', dir.db];

  test('user add prints a one-time password once; it signs in and must be changed', async () => {
    const added = await runTearline(['user', 'add', 'Alice', '--role', 'analyst', '--role', 'delivery_officer', '--clearance', 'S', '--compartment', 'si', '--name', 'Alice Analyst', ...db]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^created alice \(Alice Analyst\) roles=analyst,delivery_officer clearance=S compartments=SI \[one-time password\]/);
    const otp = /one-time password .*: (\S+)$/m.exec(added.stdout)?.[1] as string;
    assert.ok(otp !== undefined && otp.length >= 20);
    const store = openSqliteStore({ path: dir.db });
    const app = await buildServer({ store, clock: manualClock(), maxBodyBytes: 1024, version: 'test', auth: TEST_AUTH });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: otp } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((res.json() as { mustChangePassword: boolean }).mustChangePassword, true);
      const entry = (await store.audit.list({ action: 'user.create', limit: 1 })).items[0];
      assert.equal(entry?.actor, `cli:${OS_USER}`);
      assert.ok(!JSON.stringify(await store.audit.list({ limit: 100 })).includes(otp));
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('add with --password-stdin, refusals, list, set, disable and passwd', async () => {
    const withPassword = await runTearline(['user', 'add', 'bob', '--role', 'oversight', '--password-stdin', ...db], { stdin: 'a perfectly good passphrase\n' });
    assert.equal(withPassword.code, 0, withPassword.stderr);
    assert.ok(!withPassword.stdout.includes('one-time'));
    const taken = await runTearline(['user', 'add', 'bob', '--role', 'analyst', ...db]);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /username-taken/);
    const invalid = await runTearline(['user', 'add', 'carol', '--role', 'wizard', '--clearance', 'SECRET', ...db]);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /roles: unknown role "wizard"/);
    assert.match(invalid.stderr, /clearance: clearance must be one of U, C, S, TS/);
    const weak = await runTearline(['user', 'add', 'dave', '--role', 'analyst', '--password-stdin', ...db], { stdin: 'short' });
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /weak-password/);

    const set = await runTearline(['user', 'set', 'bob', '--role', 'oversight', '--role', 'administrator', '--clearance', 'TS', '--reason', 'new duty', ...db]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /bob \(bob\) roles=oversight,administrator clearance=TS/);
    const disabled = await runTearline(['user', 'disable', 'bob', ...db]);
    assert.equal(disabled.code, 1, 'bob is the only administrator');
    assert.match(disabled.stderr, /last-administrator/);
    assert.equal((await runTearline(['user', 'disable', 'alice', ...db])).code, 0);

    const list = await runTearline(['user', 'list', ...db]);
    assert.deepEqual(list.stdout.trim().split('\n').map((l) => l.split(' ')[0]), ['alice', 'bob']);
    assert.match(list.stdout, /alice .*\[disabled, one-time password\]/);
    const json = JSON.parse((await runTearline(['user', 'list', '--json', ...db])).stdout) as { username: string; passwordHash?: string }[];
    assert.ok(json.every((u) => u.passwordHash === undefined), 'no hashes in listings');

    const passwd = await runTearline(['user', 'passwd', 'bob', ...db]);
    assert.equal(passwd.code, 0);
    assert.match(passwd.stdout, /one-time password .*: \S+/);

    const store = openSqliteStore({ path: dir.db });
    try {
      const actions = (await store.audit.list({ actor: `cli:${OS_USER}`, limit: 100 })).items.map((e) => e.action).reverse();
      assert.deepEqual(actions, ['user.create', 'user.create', 'user.update', 'user.disable', 'user.password-reset']);
      const update = (await store.audit.list({ action: 'user.update', limit: 1 })).items[0];
      assert.equal(update?.reason, 'new duty');
      assert.ok(update?.before?.startsWith('sha256:') && update.after?.startsWith('sha256:') && update.before !== update.after);
    } finally {
      await store.close();
    }
  });

  test('token create prints the token once; list and revoke', async () => {
    const refused = await runTearline(['token', 'create', 'bob', '--scope', 'objects.ingest', ...db]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /do not grant: objects.ingest/);
    const created = await runTearline(['token', 'create', 'bob', '--scope', 'audit.read', '--name', 'siem', '--days', '30', ...db]);
    assert.equal(created.code, 0, created.stderr);
    const token = /^(tearline_pat_\S+)$/m.exec(created.stdout)?.[1] as string;
    const id = /^token (\w+) for bob/m.exec(created.stdout)?.[1] as string;
    assert.ok(token !== undefined && id !== undefined);
    const list = await runTearline(['token', 'list', 'bob', ...db]);
    assert.match(list.stdout, new RegExp(`^${id} bob "siem" scopes=audit.read expires `, 'm'));
    assert.ok(!list.stdout.includes(token));
    assert.equal((await runTearline(['token', 'revoke', id, ...db])).code, 0);
    assert.match((await runTearline(['token', 'list', ...db])).stdout, new RegExp(`^${id} .* revoked `, 'm'));
    const again = await runTearline(['token', 'revoke', id, ...db]);
    assert.equal(again.code, 1);
    const verified = await runTearline(['audit', 'verify', ...db]);
    assert.equal(verified.code, 0, verified.stdout);
  });
});

describe('tearline ingest as the local operator', () => {
  test('needs no sign-in and is audited as cli:<os user>', async () => {
    const dir = tempDir();
    try {
      const identity = { type: 'identity', spec_version: '2.1', id: 'identity--4f1c3a52-5d6e-4f70-8a91-b2c3d4e5f601', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: 'Example Org', identity_class: 'organization' };
      const run = await runTearline(['ingest', '-', '--db', dir.db], { stdin: JSON.stringify(identity) });
      assert.equal(run.code, 0, run.stderr);
      const store = openSqliteStore({ path: dir.db });
      try {
        const [entry] = (await store.audit.list({ action: 'objects.ingest', limit: 1 })).items;
        assert.equal(entry?.actor, `cli:${OS_USER}`);
      } finally {
        await store.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});

describe('tearline config check', () => {
  test('prints the effective configuration without secrets', async () => {
    const result = await runTearline(['config', 'check', '--json'], { env: { TEARLINE_DATABASE_URL: 'postgres://tearline:hunter2secret@db.internal:5432/tearline', TEARLINE_SESSION_MINUTES: '60' } });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stdout.includes('hunter2secret'));
    const config = JSON.parse(result.stdout) as { databaseUrl: string; auth: { sessionTtlMinutes: number; firstAdmin: string } };
    assert.equal(config.databaseUrl, 'postgres://tearline:***@db.internal:5432/tearline');
    assert.equal(config.auth.sessionTtlMinutes, 60);
    assert.equal(config.auth.firstAdmin, 'admin');
    const text = await runTearline(['config', 'check']);
    assert.match(text.stdout, /^configuration is valid\n/);
    assert.match(text.stdout, /auth\.secureCookies\s+"auto"/);
  });

  test('exits 2 with one clear line per problem', async () => {
    const result = await runTearline(['config', 'check'], { env: { TEARLINE_PORT: 'eighty', TEARLINE_SECURE_COOKIES: 'sometimes', TEARLINE_FIRST_ADMIN_CLEARANCE: 'SECRET', TEARLINE_DATABASE_URL: 'mysql://u:pw-not-shown@h/db' } });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trim().split('\n');
    assert.deepEqual(lines.map((l) => l.split(':')[2]?.trim()), ['port', 'TEARLINE_DATABASE_URL', 'TEARLINE_SECURE_COOKIES', 'TEARLINE_FIRST_ADMIN_CLEARANCE']);
    assert.ok(!result.stderr.includes('pw-not-shown'));
  });
});
