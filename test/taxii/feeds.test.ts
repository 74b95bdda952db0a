// Polling feeds: configured with `tearline feed add`, pulled by the server's scheduler,
// never two pulls of one feed at once (even from two processes on one database).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from '../../src/app/ports.ts';
import type { RemoteEnvelope, RemoteResult, TaxiiSource } from '../../src/app/ports/taxii.ts';
import { FeedScheduler, isDue } from '../../src/app/taxii/feedScheduler.ts';
import { addFeed } from '../../src/app/taxii/manageFeeds.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { tempDir } from '../support/cli.ts';
import { expectCli, startInstance, type Instance } from './instance.ts';
import { indicator } from './support.ts';

const PASSWORD = 'feed partner passphrase';
let a: Instance;

before(async () => {
  a = await startInstance('feed-source');
  await expectCli(a.cli(['collection', 'add', '--title', 'Shared', '--alias', 'shared']));
  await expectCli(a.cli(['account', 'add', 'partner', '--password-stdin', '--read', 'shared', '--write', 'shared'], { stdin: PASSWORD }));
  const file = a.file('three.json', JSON.stringify({ type: 'bundle', id: 'bundle--6ba7b810-9dad-41d1-80b4-00000000bbbb', objects: [indicator(1), indicator(2), indicator(3)] }));
  await expectCli(a.cli(['taxii', 'push', `${a.url}/taxii2/root/collections/shared/`, file, '--user', 'partner', '--password-env', 'P'], { env: { P: PASSWORD } }));
});
after(() => a.close());

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('TAXII feeds', () => {
  test('a feed added with the CLI is pulled by the server on its own, and its outcome is recorded', async () => {
    // Added before the server starts: its scheduler's first look (at start) finds it due.
    const b = await startInstance('feed-sink', {}, async (cli) => {
      await expectCli(cli(['feed', 'add', 'a-shared', `${a.url}/taxii2/`, '--collection', 'shared', '--user', 'partner', '--password-stdin', '--interval', '10'], { stdin: PASSWORD }));
    });
    try {
      const feed = await until('the feed to run', async () => {
        const f = await b.store.taxii.getFeed('a-shared');
        return f?.lastFinishedAt === null ? undefined : f;
      });
      assert.deepEqual([feed?.lastError, feed?.lastStored, feed?.leaseOwner], [null, 3, null]);
      assert.equal((await b.store.stats()).objects, 3);
      const listed = await expectCli(b.cli(['feed', 'list', '--json']));
      const [entry] = JSON.parse(listed.stdout) as { auth: Record<string, unknown>; lastStored: number }[];
      assert.deepEqual(entry?.auth, { kind: 'basic', user: 'partner' }, 'the stored password is never listed');
      assert.equal((await expectCli(b.cli(['feed', 'remove', 'a-shared']))).code, 0);
      assert.equal(await b.store.taxii.getFeed('a-shared'), null);
    } finally {
      await b.close();
    }
  });

  test('feed add refuses plain http beyond loopback, short intervals and secrets on the command line', async () => {
    const dir = tempDir();
    try {
      const env = { env: { TEARLINE_DB: dir.db } };
      const b = { cli: (argv: string[]) => import('../support/cli.ts').then((m) => m.runTearline(argv, { ...env, cwd: dir.path })) };
      assert.equal((await b.cli(['feed', 'add', 'x', 'http://taxii.example/taxii2/'])).code, 1);
      assert.equal((await b.cli(['feed', 'add', 'x', 'https://taxii.example/taxii2/', '--interval', '1'])).code, 1);
      assert.equal((await b.cli(['feed', 'add', 'x', 'https://taxii.example/taxii2/', '--token', 'secret'])).code, 2);
    } finally {
      dir.cleanup();
    }
  });

  test('never two pulls of one feed at once: two schedulers on one database, one run', async () => {
    const dir = tempDir();
    const first = openSqliteStore({ path: dir.db });
    const second = openSqliteStore({ path: dir.db });
    try {
      let t = Date.UTC(2025, 0, 1);
      const clock: Clock = { now: () => new Date(t).toISOString() };
      const added = await addFeed({ name: 'slow', url: 'https://taxii.example/taxii2/', auth: { kind: 'none' }, intervalSeconds: 60 }, { store: first, clock, actor: 'cli:test' });
      assert.equal(added.ok, true);
      let running = 0;
      let most = 0;
      const source: TaxiiSource = {
        url: 'https://taxii.example/taxii2/root/collections/c/',
        principal: 'anonymous',
        async getObjects(): Promise<RemoteResult<RemoteEnvelope>> {
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 200));
          running--;
          return { ok: true, value: { objects: [], more: false } };
        },
      };
      const scheduler = (store: typeof first, owner: string): FeedScheduler =>
        new FeedScheduler({ store, clock, owner, ingest: ingestObjects, openSource: async () => ({ ok: true, value: source }) });
      // Node A's run is under way (its claim committed) when node B looks: B finds the lease
      // taken. (Two stores in one thread must not both write at once: better-sqlite3 waits
      // for a lock synchronously, so that would stall the thread, not test the lease.)
      const tickA = scheduler(first, 'node-a').tick();
      await until('node a to start pulling', async () => (running > 0 ? true : undefined));
      assert.deepEqual(await scheduler(second, 'node-b').tick(), [], 'node b does not run a feed leased to node a');
      assert.deepEqual(await tickA, ['slow']);
      assert.equal(most, 1);
      const feed = await first.taxii.getFeed('slow');
      assert.equal(feed?.leaseOwner, null, 'the lease is released');
      assert.equal(isDue(feed as NonNullable<typeof feed>, clock.now()), false, 'not due again before its interval');
      t += 61_000;
      assert.deepEqual(await scheduler(second, 'node-b').tick(), ['slow'], 'due again after the interval');
    } finally {
      await first.close();
      await second.close();
      dir.cleanup();
    }
  });

  test('a failed run records why, and releases the feed for the next interval', async () => {
    const dir = tempDir();
    const store = openSqliteStore({ path: dir.db });
    try {
      const clock: Clock = { now: () => '2025-01-01T00:00:00.000Z' };
      await addFeed({ name: 'down', url: 'https://taxii.example/taxii2/', auth: { kind: 'none' }, intervalSeconds: 60 }, { store, clock, actor: 'cli:test' });
      const lines: string[] = [];
      const scheduler = new FeedScheduler({
        store, clock, ingest: ingestObjects, log: (line) => lines.push(line),
        openSource: async () => ({ ok: false, error: { kind: 'network', message: 'connection refused' } }),
      });
      assert.deepEqual(await scheduler.tick(), ['down']);
      const feed = await store.taxii.getFeed('down');
      assert.deepEqual([feed?.lastError, feed?.leaseOwner], ['connection refused', null]);
      assert.ok(lines.some((line) => line.includes('connection refused')));
      await scheduler.stop();
      assert.deepEqual(await scheduler.tick(), [], 'a stopped scheduler starts nothing');
    } finally {
      await store.close();
      dir.cleanup();
    }
  });
});
