// Contract: the `taxii` facet — accounts and grants, TAXII reads of collection memberships
// (TAXII 2.1 §3.3 sorting, §3.4 filtering, §3.5 paging), §5.7 removal, statuses (§4.3.1),
// feeds with their lease, pull checkpoints.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../app/ports.ts';
import {
  LATEST_VERSION, type CollectionQuery, type TaxiiAccount, type TaxiiFeed, type TaxiiStatus,
} from '../../app/ports/taxii.ts';
import type { StoreTest } from './harness.ts';
import { at, collection, objectRange, objectWrite, stixId } from './fixtures.ts';

const T0 = '2025-01-01T00:00:00.000Z';

function account(name: string, overrides: Partial<TaxiiAccount> = {}): TaxiiAccount {
  return { name, credential: 'password', tokenId: null, secretHash: `scrypt$hash-of-${name}`, createdAt: T0, ...overrides };
}

function feed(name: string, overrides: Partial<TaxiiFeed> = {}): TaxiiFeed {
  return {
    name,
    url: `https://taxii.example/${name}/collections/c/`,
    collection: null,
    intoCollection: null,
    auth: { kind: 'basic', user: 'me', passwordEnv: 'FEED_PASSWORD' },
    caFile: null,
    intervalSeconds: 300,
    enabled: true,
    createdAt: T0,
    lastStartedAt: null,
    lastFinishedAt: null,
    lastError: null,
    lastStored: null,
    leaseOwner: null,
    leaseUntil: null,
    ...overrides,
  };
}

function status(id: string, requestTimestamp: string): TaxiiStatus {
  return {
    id,
    collectionId: collection(1).id,
    account: 'partner',
    requestTimestamp,
    status: 'complete',
    totalCount: 2,
    successCount: 1,
    failureCount: 1,
    pendingCount: 0,
    successes: [{ id: stixId('indicator', 1), version: at(0), message: 'stored' }],
    failures: [{ id: stixId('indicator', 2), version: at(0), message: 'version-conflict: changed without a new modified' }],
    pendings: [],
  };
}

/**
 * Every page of a query, following `next`, as `id@version`; the objects and the manifest
 * walks must agree page by page (same members, same cursors).
 */
async function allIds(store: Store, collectionId: string, query: CollectionQuery): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const at = { ...query, ...(cursor === undefined ? {} : { cursor }) };
    const manifest = await store.taxii.collectionManifest(collectionId, at);
    const objects = await store.taxii.collectionObjects(collectionId, at);
    assert.ok(manifest.items.length <= query.limit);
    assert.equal(objects.next, manifest.next);
    assert.deepEqual(objects.items.map((o) => {
      const parsed = JSON.parse(o.json) as { id: string; modified?: string };
      return `${parsed.id}@${parsed.modified ?? ''}|${o.dateAdded}`;
    }), manifest.items.map((m) => `${m.id}@${m.version}|${m.dateAdded}`));
    out.push(...manifest.items.map((item) => `${item.id}@${item.version}`));
    cursor = manifest.next;
    if (cursor === undefined) return out;
  }
  throw new Error('paging did not end');
}

const key = (n: number, version = at(0), type = 'indicator'): string => `${stixId(type, n)}@${version}`;

export function taxiiContract(storeTest: StoreTest): void {
  describe('taxii facet', () => {
    storeTest('accounts: create, find by name and token id, replace, list, remove', async ({ store }) => {
      await store.write(async (tx) => {
        await tx.taxii.putAccount(account('beta'));
        await tx.taxii.putAccount(account('alpha', { credential: 'token', tokenId: 'tok-a' }));
      });
      assert.deepEqual(await store.taxii.getAccount('beta'), account('beta'));
      assert.deepEqual(await store.taxii.getAccountByTokenId('tok-a'), account('alpha', { credential: 'token', tokenId: 'tok-a' }));
      assert.equal(await store.taxii.getAccountByTokenId('tok-b'), null);
      assert.deepEqual((await store.taxii.listAccounts()).map((a) => a.name), ['alpha', 'beta']);
      await store.write((tx) => tx.taxii.putAccount(account('beta', { secretHash: 'scrypt$new' })));
      assert.equal((await store.taxii.getAccount('beta'))?.secretHash, 'scrypt$new');
      assert.equal(await store.write((tx) => tx.taxii.removeAccount('beta')), true);
      assert.equal(await store.write((tx) => tx.taxii.removeAccount('beta')), false);
      assert.equal(await store.taxii.getAccount('beta'), null);
    });

    storeTest('accountAccess: the account by name or token id, with the named collection as collectionAccess sees it', async ({ store }) => {
      const [c1, c2] = [collection(1), collection(2)];
      const robot = account('robot', { credential: 'token', tokenId: 'tok-r' });
      await store.write(async (tx) => {
        for (const c of [c1, c2]) await tx.putCollection(c);
        await tx.taxii.putAccount(account('partner'));
        await tx.taxii.putAccount(robot);
        await tx.taxii.putGrant({ account: 'partner', collectionId: c1.id, canRead: true, canWrite: false });
        await tx.taxii.putGrant({ account: 'robot', collectionId: c2.id, canRead: false, canWrite: true });
      });
      assert.deepEqual(await store.taxii.accountAccess({ name: 'partner' }, null), { account: account('partner'), access: null });
      assert.deepEqual(await store.taxii.accountAccess({ name: 'partner' }, c1.id), { account: account('partner'), access: { collection: c1, canRead: true, canWrite: false } });
      assert.deepEqual(await store.taxii.accountAccess({ name: 'partner' }, 'alias-1'), { account: account('partner'), access: { collection: c1, canRead: true, canWrite: false } }, 'by alias');
      assert.deepEqual(await store.taxii.accountAccess({ name: 'partner' }, c2.id), { account: account('partner'), access: { collection: c2, canRead: false, canWrite: false } }, 'no grant');
      assert.deepEqual(await store.taxii.accountAccess({ name: 'partner' }, collection(9).id), { account: account('partner'), access: null }, 'no such collection');
      assert.deepEqual(await store.taxii.accountAccess({ tokenId: 'tok-r' }, c2.id), { account: robot, access: { collection: c2, canRead: false, canWrite: true } });
      assert.equal(await store.taxii.accountAccess({ tokenId: 'tok-x' }, c2.id), null);
      assert.equal(await store.taxii.accountAccess({ name: 'nobody' }, c1.id), null);
      assert.equal(await store.taxii.accountAccess({ name: 'tok-r' }, null), null, 'a token id is not a name');
      // The same answers as the two lookups it stands for.
      for (const key of [c1.id, 'alias-1', c2.id, collection(9).id]) {
        assert.deepEqual((await store.taxii.accountAccess({ name: 'partner' }, key))?.access, await store.taxii.collectionAccess('partner', key), key);
      }
    });

    storeTest('grants: rights per collection, by id or alias; removed with the account or the collection', async ({ store }) => {
      const [c1, c2, c3] = [collection(1), collection(2), collection(3)];
      await store.write(async (tx) => {
        for (const c of [c1, c2, c3]) await tx.putCollection(c);
        await tx.taxii.putAccount(account('partner'));
        await tx.taxii.putAccount(account('other'));
        await tx.taxii.putGrant({ account: 'partner', collectionId: c1.id, canRead: true, canWrite: false });
        await tx.taxii.putGrant({ account: 'partner', collectionId: c2.id, canRead: true, canWrite: true });
        await tx.taxii.putGrant({ account: 'other', collectionId: c2.id, canRead: false, canWrite: true });
      });
      assert.deepEqual(await store.taxii.collectionAccess('partner', c1.id), { collection: c1, canRead: true, canWrite: false });
      assert.deepEqual(await store.taxii.collectionAccess('partner', 'alias-1'), { collection: c1, canRead: true, canWrite: false }, 'by alias');
      assert.deepEqual(await store.taxii.collectionAccess('partner', c3.id), { collection: c3, canRead: false, canWrite: false }, 'no grant');
      assert.equal(await store.taxii.collectionAccess('partner', collection(9).id), null);
      assert.deepEqual((await store.taxii.resolveCollection('alias-3'))?.id, c3.id);
      assert.deepEqual((await store.taxii.collectionsFor('partner')).map((a) => a.collection.id), [c1.id, c2.id]);
      assert.deepEqual((await store.taxii.grantsOn(c2.id)).map((g) => [g.account, g.canRead, g.canWrite]), [['other', false, true], ['partner', true, true]]);

      // Both rights false removes the grant.
      await store.write((tx) => tx.taxii.putGrant({ account: 'partner', collectionId: c1.id, canRead: false, canWrite: false }));
      assert.deepEqual((await store.taxii.grantsOf('partner')).map((g) => g.collectionId), [c2.id]);
      await assert.rejects(store.write((tx) => tx.taxii.putGrant({ account: 'nobody', collectionId: c1.id, canRead: true, canWrite: false })),
        (error: Error & { code?: string }) => error.code === 'unknown_account');
      await assert.rejects(store.write((tx) => tx.taxii.putGrant({ account: 'partner', collectionId: collection(9).id, canRead: true, canWrite: false })),
        (error: Error & { code?: string }) => error.code === 'unknown_collection');

      await store.write((tx) => tx.removeCollection(c2.id));
      assert.deepEqual(await store.taxii.grantsOf('partner'), []);
      await store.write((tx) => tx.taxii.putGrant({ account: 'other', collectionId: c3.id, canRead: true, canWrite: false }));
      await store.write((tx) => tx.taxii.removeAccount('other'));
      assert.deepEqual(await store.taxii.grantsOn(c3.id), []);
    });

    storeTest('collection objects: date_added order, ties in insertion order, stable paging as members are added', async ({ store }) => {
      const c = collection(1);
      const objects = objectRange(1, 12);
      await store.write(async (tx) => {
        await tx.putObjects(objects);
        await tx.putCollection(c);
        await tx.addToCollection(c.id, objects.slice(0, 4), '2025-03-01T00:00:00.000Z');
        await tx.addToCollection(c.id, objects.slice(4, 8), '2025-02-01T00:00:00.000Z');
      });
      const expected = [5, 6, 7, 8, 1, 2, 3, 4].map((n) => key(n));
      for (const limit of [1, 3, 8, 50]) assert.deepEqual(await allIds(store, c.id, { versions: LATEST_VERSION, limit }), expected, `limit ${limit}`);

      const first = await store.taxii.collectionObjects(c.id, { versions: LATEST_VERSION, limit: 3 });
      assert.deepEqual(first.items.map((i) => i.dateAdded), ['2025-02-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z']);
      assert.equal(first.items[0]?.json, objects[4]?.json, 'the JSON exactly as stored');
      await store.write((tx) => tx.addToCollection(c.id, objects.slice(8), '2025-04-01T00:00:00.000Z'));
      const rest = await allIds(store, c.id, { versions: LATEST_VERSION, limit: 3, cursor: first.next as string });
      assert.deepEqual([...first.items.map((i) => `${(JSON.parse(i.json) as { id: string }).id}@${at(0)}`), ...rest], [...expected, ...[9, 10, 11, 12].map((n) => key(n))]);

      // added_after is strictly after; with a cursor, the later of the two wins.
      assert.deepEqual(await allIds(store, c.id, { versions: LATEST_VERSION, limit: 5, addedAfter: '2025-02-01T00:00:00Z' }), [1, 2, 3, 4, 9, 10, 11, 12].map((n) => key(n)));
      assert.deepEqual(await allIds(store, c.id, { versions: LATEST_VERSION, limit: 5, addedAfter: '2025-01-01T00:00:00Z', cursor: first.next as string }),
        [8, 1, 2, 3, 4, 9, 10, 11, 12].map((n) => key(n)));
      assert.deepEqual(await allIds(store, c.id, { versions: LATEST_VERSION, limit: 5, addedAfter: '2025-04-01T00:00:00.000Z' }), []);
      await assert.rejects(store.taxii.collectionObjects(c.id, { versions: LATEST_VERSION, limit: 5, cursor: 'not-a-cursor' }),
        (error: Error & { code?: string }) => error.code === 'invalid_cursor');
      assert.deepEqual(await store.taxii.collectionObjects(collection(9).id, { versions: LATEST_VERSION, limit: 5 }), { items: [] });
    });

    storeTest('collection objects: match[id], match[type], match[spec_version]; manifest without JSON', async ({ store }) => {
      const c = collection(1);
      await store.write(async (tx) => {
        const rows = [...objectRange(1, 3), ...objectRange(1, 2, 'malware'), objectWrite({ type: 'ipv4-addr', n: 1, version: '' })];
        await tx.putObjects(rows);
        await tx.putCollection(c);
        await tx.addToCollection(c.id, rows, at(5));
      });
      const q = { versions: LATEST_VERSION, limit: 10 };
      assert.deepEqual(await allIds(store, c.id, { ...q, types: ['malware'] }), [key(1, at(0), 'malware'), key(2, at(0), 'malware')]);
      assert.deepEqual(await allIds(store, c.id, { ...q, types: ['malware', 'ipv4-addr'] }), [key(1, at(0), 'malware'), key(2, at(0), 'malware'), `${stixId('ipv4-addr', 1)}@`]);
      assert.deepEqual(await allIds(store, c.id, { ...q, ids: [stixId('indicator', 3), stixId('malware', 1), stixId('tool', 1)] }), [key(3), key(1, at(0), 'malware')]);
      assert.deepEqual(await allIds(store, c.id, { ...q, ids: [stixId('indicator', 3)], types: ['malware'] }), [], 'filters are ANDed');
      assert.deepEqual(await allIds(store, c.id, { ...q, specVersions: ['2.0'] }), []);
      assert.equal((await allIds(store, c.id, { ...q, specVersions: ['2.0', '2.1'] })).length, 6);
      const manifest = await store.taxii.collectionManifest(c.id, { ...q, types: ['ipv4-addr'] });
      assert.deepEqual(manifest, { items: [{ id: stixId('ipv4-addr', 1), version: '', specVersion: '2.1', dateAdded: at(5) }] });
      assert.equal(await store.taxii.hasObject(c.id, stixId('malware', 2)), true);
      assert.equal(await store.taxii.hasObject(c.id, stixId('malware', 3)), false);
      assert.equal(await store.taxii.hasObject(collection(2).id, stixId('malware', 2)), false);
    });

    storeTest('match[version]: last by default, first, all, exact, combinations: among the versions in this collection', async ({ store }) => {
      const c = collection(1);
      const v = [at(10), at(20), at(30)];
      await store.write(async (tx) => {
        await tx.putObjects([...v.map((version) => objectWrite({ n: 1, version })), objectWrite({ n: 2, version: at(40) })]);
        await tx.putCollection(c);
        await tx.addToCollection(c.id, [{ id: stixId('indicator', 1), version: v[1] as string }], at(100));
        await tx.addToCollection(c.id, [{ id: stixId('indicator', 1), version: v[0] as string }, { id: stixId('indicator', 2), version: at(40) }], at(200));
      });
      const q = { limit: 10 };
      // v[2] is in the store but not in this collection: the latest here is v[1].
      assert.deepEqual(await allIds(store, c.id, { ...q, versions: LATEST_VERSION }), [key(1, v[1]), key(2, at(40))]);
      assert.deepEqual(await allIds(store, c.id, { ...q, versions: { kind: 'some', first: true, last: false, exact: [] } }), [key(1, v[0]), key(2, at(40))]);
      assert.deepEqual(await allIds(store, c.id, { ...q, versions: { kind: 'all' } }), [key(1, v[1]), key(1, v[0]), key(2, at(40))]);
      assert.deepEqual(await allIds(store, c.id, { ...q, versions: { kind: 'some', first: false, last: false, exact: [(v[0] as string).replace('.000Z', 'Z')] } }), [key(1, v[0])], 'another spelling of the same instant');
      assert.deepEqual(await allIds(store, c.id, { ...q, versions: { kind: 'some', first: true, last: true, exact: [] } }), [key(1, v[1]), key(1, v[0]), key(2, at(40))]);
      assert.deepEqual(await allIds(store, c.id, { ...q, versions: { kind: 'some', first: false, last: true, exact: [v[2] as string] } }), [key(1, v[1]), key(2, at(40))]);
    });

    storeTest('removeFromCollection removes the chosen versions from the collection, not from the store', async ({ store }) => {
      const c = collection(1);
      await store.write(async (tx) => {
        await tx.putObjects([objectWrite({ n: 1, version: at(1) }), objectWrite({ n: 1, version: at(2) }), objectWrite({ n: 1, version: at(3) }), objectWrite({ n: 2 })]);
        await tx.putCollection(c);
        await tx.addToCollection(c.id, [1, 2, 3].map((s) => ({ id: stixId('indicator', 1), version: at(s) })), at(10));
        await tx.addToCollection(c.id, [objectWrite({ n: 2 })], at(10));
      });
      assert.equal(await store.write((tx) => tx.taxii.removeFromCollection(c.id, stixId('indicator', 1), LATEST_VERSION)), 1);
      assert.deepEqual(await allIds(store, c.id, { versions: { kind: 'all' }, limit: 10 }), [key(1, at(1)), key(1, at(2)), key(2)]);
      assert.equal(await store.write((tx) => tx.taxii.removeFromCollection(c.id, stixId('indicator', 1), { kind: 'all' })), 2);
      assert.equal(await store.taxii.hasObject(c.id, stixId('indicator', 1)), false);
      assert.equal((await store.getObjectVersions(stixId('indicator', 1))).length, 3, 'the versions stay in the store');
      assert.equal(await store.write((tx) => tx.taxii.removeFromCollection(c.id, stixId('indicator', 1), { kind: 'all' })), 0);
      await assert.rejects(store.write((tx) => tx.taxii.removeFromCollection(collection(9).id, stixId('indicator', 2), { kind: 'all' })),
        (error: Error & { code?: string }) => error.code === 'unknown_collection');
    });

    storeTest('statuses persist across a reopen, and are pruned by age', async ({ store, reopen }) => {
      await store.write(async (tx) => {
        await tx.taxii.putStatus(status('s-old', '2025-01-01T00:00:00.000Z'));
        await tx.taxii.putStatus(status('s-new', '2025-01-03T00:00:00.000Z'));
      });
      await store.close();
      const again = await (reopen as () => Promise<Store>)();
      assert.deepEqual(await again.taxii.getStatus('s-new'), status('s-new', '2025-01-03T00:00:00.000Z'));
      assert.equal(await again.write((tx) => tx.taxii.pruneStatuses('2025-01-02T00:00:00.000Z')), 1);
      assert.equal(await again.taxii.getStatus('s-old'), null);
      assert.equal(await again.taxii.getStatus('missing'), null);
    }, { reopen: true });

    storeTest('feeds: configuration changes keep the run state; a lease admits one run at a time', async ({ store }) => {
      await store.write((tx) => tx.taxii.putFeed(feed('alpha')));
      assert.deepEqual(await store.taxii.getFeed('alpha'), feed('alpha'));
      const t1 = '2025-01-01T01:00:00.000Z';
      const t2 = '2025-01-01T01:05:00.000Z';
      assert.equal(await store.write((tx) => tx.taxii.claimFeed('alpha', 'node-1', t1, t2)), true);
      assert.equal(await store.write((tx) => tx.taxii.claimFeed('alpha', 'node-2', t1, t2)), false, 'held by node-1');
      assert.equal(await store.write((tx) => tx.taxii.renewFeed('alpha', 'node-2', '2025-01-01T02:00:00.000Z')), false, 'only the holder renews');
      assert.equal(await store.write((tx) => tx.taxii.renewFeed('alpha', 'node-1', t2)), true);
      await store.write((tx) => tx.taxii.putFeed(feed('alpha', { intervalSeconds: 60 })));
      const running = await store.taxii.getFeed('alpha');
      assert.deepEqual([running?.intervalSeconds, running?.leaseOwner, running?.lastStartedAt], [60, 'node-1', t1]);
      // Someone else's finish does nothing; the holder's releases the lease.
      await store.write((tx) => tx.taxii.finishFeed('alpha', 'node-2', { finishedAt: t2, error: 'x', stored: 0 }));
      assert.equal((await store.taxii.getFeed('alpha'))?.leaseOwner, 'node-1');
      await store.write((tx) => tx.taxii.finishFeed('alpha', 'node-1', { finishedAt: t2, error: null, stored: 7 }));
      const done = await store.taxii.getFeed('alpha');
      assert.deepEqual([done?.leaseOwner, done?.leaseUntil, done?.lastFinishedAt, done?.lastStored, done?.lastError], [null, null, t2, 7, null]);
      // An expired lease can be taken over (its holder died).
      assert.equal(await store.write((tx) => tx.taxii.claimFeed('alpha', 'node-1', t1, t2)), true);
      assert.equal(await store.write((tx) => tx.taxii.claimFeed('alpha', 'node-2', t2, '2025-01-01T01:10:00.000Z')), true);
      await store.write((tx) => tx.taxii.putFeed(feed('beta', { enabled: false })));
      assert.equal(await store.write((tx) => tx.taxii.claimFeed('beta', 'node-1', t1, t2)), false, 'a disabled feed is never claimed');
      assert.deepEqual((await store.taxii.listFeeds()).map((f) => f.name), ['alpha', 'beta']);
      assert.equal(await store.write((tx) => tx.taxii.removeFeed('alpha')), true);
      assert.equal(await store.taxii.getFeed('alpha'), null);
    });

    storeTest('checkpoints: one per source, replaced', async ({ store }) => {
      const cp = { source: 'https://a.example/c/|basic:b', addedAfter: '2025-01-01T00:00:00.000Z', next: null, updatedAt: T0 };
      await store.write((tx) => tx.taxii.putCheckpoint(cp));
      await store.write((tx) => tx.taxii.putCheckpoint({ ...cp, next: 'n1', updatedAt: '2025-01-02T00:00:00.000Z' }));
      assert.deepEqual(await store.taxii.getCheckpoint(cp.source), { ...cp, next: 'n1', updatedAt: '2025-01-02T00:00:00.000Z' });
      assert.equal(await store.taxii.getCheckpoint('other'), null);
    });
  });
}
