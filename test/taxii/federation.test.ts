// Federation over real loopback HTTP: two Tearline instances (two databases, two ports, the
// servers `tearline serve` runs), administered and driven with the real CLI.
//
// A publishes into a collection B's account may read; B pulls (more than 1,000 objects, so
// several pages, with a relationship served before its target), then a new version; B
// pushes a sighting into a collection on A that it may write. A second collection on A that
// B may not read stays invisible (404) and none of its objects reach B.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectCli, startInstance, type Instance } from './instance.ts';
import { indicator, uuid } from './support.ts';

const B_PASSWORD = 'partner b passphrase, long enough';
const COUNT = 1200;
let a: Instance;
let b: Instance;
let publisherToken: string;
const ids: Record<string, string> = {};

const identity = { type: 'identity', spec_version: '2.1', id: `identity--${uuid(9000)}`, created: '2025-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z', name: 'Publisher A', identity_class: 'organization' };
const lastIndicator = `indicator--${uuid(COUNT - 1)}`;
const relationship = {
  type: 'relationship', spec_version: '2.1', id: `relationship--${uuid(9001)}`, created: '2025-01-02T00:00:00.000Z', modified: '2025-01-02T00:00:00.000Z',
  relationship_type: 'related-to', source_ref: `indicator--${uuid(0)}`, target_ref: lastIndicator,
};
const secretObject = indicator(7777, '2025-01-01T00:00:00.000Z', { name: 'Internal only' });

function bundle(objects: readonly unknown[]): string {
  return JSON.stringify({ type: 'bundle', id: `bundle--${uuid(Math.floor(Math.random() * 1e9))}`, objects });
}

const asB = ['--user', 'partner-b', '--password-env', 'B_PASSWORD'];
const bEnv = { env: { B_PASSWORD } };

before(async () => {
  a = await startInstance('a');
  b = await startInstance('b');
  for (const [key, title, alias] of [['shared', 'Shared with partners', 'shared'], ['secret', 'Internal only', 'secret'], ['inbox', 'Partner inbox', 'inbox']] as const) {
    ids[key] = (await expectCli(a.cli(['collection', 'add', '--title', title, '--alias', alias]))).stdout.split('\n')[0] as string;
  }
  const publisher = await expectCli(a.cli(['account', 'add', 'publisher', '--token', '--write', 'shared,secret', '--read', 'shared', '--json']));
  publisherToken = (JSON.parse(publisher.stdout) as { token: string }).token;
  await expectCli(a.cli(['account', 'add', 'partner-b', '--password-stdin', '--read', 'shared', '--write', 'inbox'], { stdin: `${B_PASSWORD}\n` }));
  // The relationship comes second and its target last: over 1,000 objects, they land on different pages.
  const objects = [identity, relationship, ...Array.from({ length: COUNT }, (_, n) => indicator(n, '2025-01-01T00:00:00.000Z', { created_by_ref: identity.id }))];
  const pushed = await expectCli(a.cli(['taxii', 'push', `${a.url}/taxii2/root/collections/shared/`, a.file('shared.json', bundle(objects)), '--token-env', 'PUBLISHER_TOKEN'], { env: { PUBLISHER_TOKEN: publisherToken } }));
  assert.match(pushed.stdout, new RegExp(`${COUNT + 2} accepted, 0 failed`));
  await expectCli(a.cli(['taxii', 'push', `${a.url}/taxii2/root/collections/secret/`, a.file('secret.json', bundle([secretObject])), '--token-env', 'PUBLISHER_TOKEN'], { env: { PUBLISHER_TOKEN: publisherToken } }));
});

after(async () => {
  await a?.close();
  await b?.close();
});

describe('Federation: two instances over loopback HTTP', () => {
  test('B pulls A’s shared collection from the discovery URL: every page, references across pages resolved', async () => {
    const pulled = await expectCli(b.cli(['taxii', 'pull', `${a.url}/taxii2/`, '--collection', 'shared', ...asB, '--json'], bEnv));
    const report = JSON.parse(pulled.stdout) as { pages: number; received: number; stored: number; rejected: number; complete: boolean; url: string };
    assert.equal(report.url, `${a.url}/taxii2/root/collections/${ids.shared}/`);
    assert.ok(report.pages >= 2, `paged: ${report.pages} pages`);
    assert.deepEqual([report.received, report.stored, report.rejected, report.complete], [COUNT + 2, COUNT + 2, 0, true]);
    assert.equal((await b.store.stats()).objects, COUNT + 2);
    assert.deepEqual((await b.store.refsFrom(relationship.id)).map((r) => r.targetId).sort(), [`indicator--${uuid(0)}`, lastIndicator].sort());
  });

  test('B pulls again from its checkpoint: only the new version comes, and B keeps both versions', async () => {
    const v2 = indicator(5, '2025-03-01T00:00:00.000Z', { created_by_ref: identity.id, name: 'Indicator 5, revised' });
    await expectCli(a.cli(['taxii', 'push', `${a.url}/taxii2/root/collections/${ids.shared}/`, a.file('v2.json', bundle([v2])), '--token-env', 'PUBLISHER_TOKEN'], { env: { PUBLISHER_TOKEN: publisherToken } }));
    const again = JSON.parse((await expectCli(b.cli(['taxii', 'pull', `${a.url}/taxii2/root/collections/shared/`, ...asB, '--json'], bEnv))).stdout) as { received: number; stored: number; startedFrom: string };
    assert.deepEqual([again.startedFrom, again.received, again.stored], ['checkpoint', 1, 1]);
    const versions = await b.store.getObjectVersions(`indicator--${uuid(5)}`);
    assert.deepEqual(versions.map((v) => v.version), ['2025-01-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z']);
    const nothing = JSON.parse((await expectCli(b.cli(['taxii', 'pull', `${a.url}/taxii2/root/collections/shared/`, ...asB, '--json'], bEnv))).stdout) as { received: number };
    assert.equal(nothing.received, 0);
  });

  test('B pushes a sighting into A’s inbox, where B may write; A stores it in that collection', async () => {
    const sighting = {
      type: 'sighting', spec_version: '2.1', id: `sighting--${uuid(9100)}`, created: '2025-03-02T00:00:00.000Z', modified: '2025-03-02T00:00:00.000Z',
      sighting_of_ref: `indicator--${uuid(5)}`, count: 3,
    };
    const pushed = await expectCli(b.cli(['taxii', 'push', `${a.url}/taxii2/root/collections/inbox/`, b.file('sighting.json', bundle([sighting])), ...asB], bEnv));
    assert.match(pushed.stdout, /1 accepted, 0 failed/);
    const inbox = await a.store.taxii.collectionManifest(ids.inbox as string, { versions: { kind: 'all' }, limit: 10 });
    assert.deepEqual(inbox.items.map((i) => i.id), [sighting.id]);
    // Shared is read-only for B: 403, and the push says so.
    const refused = await b.cli(['taxii', 'push', `${a.url}/taxii2/root/collections/shared/`, b.file('sighting2.json', bundle([{ ...sighting, id: `sighting--${uuid(9101)}` }])), ...asB], bEnv);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /403/);
  });

  test('nothing B may not read reaches it: the secret collection is 404 to B and its objects never appear at B', async () => {
    const auth = `Basic ${Buffer.from(`partner-b:${B_PASSWORD}`).toString('base64')}`;
    for (const path of [`collections/${ids.secret}/`, `collections/${ids.secret}/objects/`, 'collections/secret/manifest/', `collections/${ids.secret}/objects/${String(secretObject.id)}/`]) {
      const response = await fetch(`${a.url}/taxii2/root/${path}`, { headers: { authorization: auth, accept: 'application/taxii+json;version=2.1' } });
      assert.equal(response.status, 404, path);
      assert.equal(response.headers.get('content-type'), 'application/taxii+json;version=2.1');
    }
    const listed = await (await fetch(`${a.url}/taxii2/root/collections/`, { headers: { authorization: auth, accept: 'application/taxii+json' } })).json() as { collections: { id: string }[] };
    assert.deepEqual(listed.collections.map((c) => c.id).sort(), [ids.inbox, ids.shared].sort());
    const refused = await b.cli(['taxii', 'pull', `${a.url}/taxii2/`, '--collection', 'secret', ...asB], bEnv);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no collection 'secret'/);
    assert.equal(await b.store.getLatestObject(String(secretObject.id)), null);
    assert.equal((await b.store.stats()).objects, COUNT + 2, 'exactly what the shared collection holds');
  });
});
