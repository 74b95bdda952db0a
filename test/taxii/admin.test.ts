// Administration from the CLI: tearline collection add|list|remove and tearline account
// add|grant|list|remove, the three commands that stand up a TAXII endpoint, and the audit
// entries they leave.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runTearline, tempDir } from '../support/cli.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { buildServer } from '../../src/http/server.ts';
import { TAXII, basic, call, json } from './support.ts';

const dir = tempDir('tearline-admin-');
const env = { TEARLINE_DB: dir.db, TEARLINE_DEMO: '0' };
const tearline = (argv: string[], stdin?: string) => runTearline(argv, { env, cwd: dir.path, ...(stdin === undefined ? {} : { stdin }) });
const PASSWORD = 'a partner passphrase';
let collectionId: string;

before(async () => {
  const added = await tearline(['collection', 'add', '--title', 'Partner feed', '--alias', 'partner-feed', '--description', 'Released indicators']);
  assert.equal(added.code, 0, added.stderr);
  collectionId = added.stdout.split('\n')[0] as string;
});
after(() => dir.cleanup());

describe('tearline collection and tearline account', () => {
  test('three commands stand up a working TAXII endpoint: collection add, account add, serve', async () => {
    assert.match(collectionId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const account = await tearline(['account', 'add', 'partner', '--password-stdin', '--read', 'partner-feed'], `${PASSWORD}\n`);
    assert.equal(account.code, 0, account.stderr);
    assert.match(account.stdout, new RegExp(`${collectionId} read`));
    // What `serve` builds, on the same database.
    const store = openSqliteStore({ path: dir.db });
    const app = await buildServer({ store, clock: { now: () => new Date().toISOString() }, maxBodyBytes: 1 << 20, version: 'test' });
    try {
      const listed = await call(app, '/taxii2/root/collections/', { auth: basic('partner', PASSWORD) });
      assert.equal(listed.statusCode, 200);
      assert.equal(listed.headers['content-type'], TAXII);
      assert.deepEqual(json<{ collections: { id: string; can_read: boolean; can_write: boolean; description: string }[] }>(listed).collections,
        [{ id: collectionId, title: 'Partner feed', description: 'Released indicators', alias: 'partner-feed', can_read: true, can_write: false, media_types: ['application/stix+json;version=2.1'] }]);
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('a token account: the token is shown once and only its hash is stored', async () => {
    const added = await tearline(['account', 'add', 'system-x', '--token', '--write', collectionId, '--json']);
    assert.equal(added.code, 0, added.stderr);
    const { token } = JSON.parse(added.stdout) as { token: string };
    assert.match(token, /^tlt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const store = openSqliteStore({ path: dir.db });
    try {
      const account = await store.taxii.getAccount('system-x');
      assert.equal(account?.credential, 'token');
      assert.ok(account !== null && !account.secretHash.includes(token.split('_')[2] as string));
      assert.match(account?.secretHash ?? '', /^scrypt\$/);
    } finally {
      await store.close();
    }
  });

  test('account grant adds and revokes rights; list shows them; refusals exit 1 with the reason', async () => {
    const granted = await tearline(['account', 'grant', 'partner', '--write', 'partner-feed']);
    assert.equal(granted.code, 0, granted.stderr);
    assert.match(granted.stdout, /read\+write/);
    const listed = JSON.parse((await tearline(['account', 'list', '--json'])).stdout) as { name: string; grants: { canRead: boolean; canWrite: boolean }[] }[];
    assert.deepEqual(listed.map((a) => [a.name, a.grants.map((g) => [g.canRead, g.canWrite])]), [['partner', [[true, true]]], ['system-x', [[false, true]]]]);
    assert.equal((await tearline(['account', 'grant', 'partner', '--revoke', collectionId])).code, 0);
    const collections = JSON.parse((await tearline(['collection', 'list', '--json'])).stdout) as { readers: string[]; writers: string[] }[];
    assert.deepEqual([collections[0]?.readers, collections[0]?.writers], [[], ['system-x']]);

    const weak = await tearline(['account', 'add', 'weakling', '--password-stdin'], 'short\n');
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /at least 12 characters/);
    assert.equal((await tearline(['account', 'add', 'partner', '--token'])).code, 1, 'exists');
    assert.equal((await tearline(['account', 'add', 'bad:name', '--token'])).code, 1);
    assert.equal((await tearline(['account', 'add', 'x', '--token', '--read', 'no-such-collection'])).code, 1);
    assert.equal((await tearline(['account', 'add', 'y'])).code, 2, 'neither a password nor a token');
    assert.equal((await tearline(['collection', 'add', '--title', 'Dup', '--alias', 'partner-feed'])).code, 1, 'alias taken');
    assert.equal((await tearline(['collection', 'add', '--title', 'Bad', '--id', 'not-a-uuid'])).code, 1);
  });

  test('remove: collections and accounts, with their grants; every change is in the audit log', async () => {
    assert.equal((await tearline(['collection', 'remove', 'partner-feed'])).code, 0);
    assert.equal((await tearline(['collection', 'remove', 'partner-feed'])).code, 1);
    assert.equal((await tearline(['account', 'remove', 'partner'])).code, 0);
    assert.equal((await tearline(['account', 'remove', 'partner'])).code, 1);
    const store = openSqliteStore({ path: dir.db });
    try {
      assert.deepEqual(await store.taxii.grantsOf('system-x'), []);
      const actions = (await store.audit.list({ limit: 100 })).items.map((e) => e.action).reverse();
      assert.deepEqual(actions, [
        'taxii.collection-add', 'taxii.account-add', 'taxii.account-add', 'taxii.account-grant', 'taxii.account-grant',
        'taxii.collection-remove', 'taxii.account-remove',
      ]);
    } finally {
      await store.close();
    }
  });
});
