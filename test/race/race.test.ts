// Two `tearline serve` nodes on one PostgreSQL database, raced (issue 10 "Concurrency"):
// (a) both ingest overlapping bundles at once over REST and TAXII, round after round, the
//     same (id, modified) and new versions: no duplicate version or object, every
//     acknowledged version stored exactly once, collection memberships unique;
// (b) approvers approve the same warning at the same moment through the two nodes (the same
//     approver twice, and two people for one role): one approval recorded, the case advances
//     once, the losers get 409 with the workflow's reason;
// (c) dispatchers on several nodes at once (the leader node's timer, and two more stores with
//     their own sessions in a tight loop) on the deliveries those approvals requested and
//     more: each is sent exactly once to the partner's webhook, one attempt, one audit entry.
// Skipped, saying so, without TEARLINE_TEST_PG_URL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { showWarningCase } from '../../src/app/warning/caseView.ts';
import { pgTestSkipReason, testUrl } from '../../src/storage/postgres/test-database.ts';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { openPostgresStore } from '../../src/storage/postgres/index.ts';
import { approvedCase, dispatchContext, PARTNER, testClock, WEBHOOK_SECRET, webhookPeer, type WebhookPeer } from '../delivery/support.ts';
import { addPeople, caseInReleaseReview, ok, startCluster, systemClock, together, tokenFor, type Cluster, type ReviewCase } from './support.ts';

const skip = pgTestSkipReason();
const TAXII = 'application/taxii+json;version=2.1';
const PASSWORD = 'the partner system passphrase for the race';
const IDS = Number(process.env.TEARLINE_RACE_IDS ?? 30);
const ROUNDS = Number(process.env.TEARLINE_RACE_ROUNDS ?? 8);

/** Version `v` of race object `i`: the same content whenever the same (id, modified) is sent. */
function raceObject(i: number, v: number): Record<string, unknown> {
  const id = `indicator--${String(i).padStart(8, '0')}-7ace-4000-8000-000000000000`;
  return {
    type: 'indicator', spec_version: '2.1', id, created: '2025-01-01T00:00:00.000Z',
    modified: new Date(Date.UTC(2025, 0, 1) + v * 60_000).toISOString(),
    name: `race object ${i} version ${v}`, pattern: `[ipv4-addr:value = '198.51.100.${i % 250}']`, pattern_type: 'stix', valid_from: '2025-01-01T00:00:00.000Z',
  };
}

describe('two nodes on one PostgreSQL database, raced', { skip: skip ?? false }, () => {
  let cluster: Cluster;
  let peer: WebhookPeer;
  let collectionId = '';
  const tokens: Record<string, string> = {};

  before(async () => {
    peer = await webhookPeer(systemClock, 0);
    cluster = await startCluster({
      TEARLINE_DELIVERY_INTERVAL_MS: '1000',
      [`TEARLINE_WEBHOOK_SECRET_${PARTNER.toUpperCase().replace(/-/g, '_')}`]: WEBHOOK_SECRET,
    }, async (store, cli) => {
      await addPeople(store, systemClock.now());
      collectionId = (await ok(cli(['collection', 'add', '--title', 'Race feed']))).split('\n')[0]?.trim() as string;
      await ok(cli(['account', 'add', 'feeder', '--password-stdin', '--read', collectionId, '--write', collectionId], `${PASSWORD}\n`));
      tokens.ana = await tokenFor(cli, 'ana', ['objects.read', 'objects.ingest']);
      for (const who of ['olga', 'oskar', 'finn', 'fred']) tokens[who] = await tokenFor(cli, who, ['warnings.read', 'warnings.decide']);
    });
  });
  after(async () => {
    await cluster?.close();
    await peer?.close();
  });

  test('(a) overlapping ingest through both nodes, REST and TAXII: every acknowledged version exactly once', async () => {
    const [a, b] = cluster.nodes;
    const acknowledged = new Set<string>();
    const inCollection = new Set<string>();
    let storedTotal = 0;
    const rest = async (url: string, objects: Record<string, unknown>[]): Promise<void> => {
      const response = await fetch(`${url}/api/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.ana}` },
        body: JSON.stringify({ type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects }),
      });
      const body = (await response.json()) as { committed: boolean; stored: number; unchanged: number; rejected: number };
      assert.equal(response.status, 200, JSON.stringify(body));
      assert.equal(body.stored + body.unchanged, objects.length);
      storedTotal += body.stored;
      for (const o of objects) acknowledged.add(`${o.id as string} ${o.modified as string}`);
    };
    const taxii = async (url: string, objects: Record<string, unknown>[]): Promise<void> => {
      const response = await fetch(`${url}/taxii2/root/collections/${collectionId}/objects/`, {
        method: 'POST',
        headers: { 'content-type': TAXII, accept: TAXII, authorization: `Basic ${Buffer.from(`feeder:${PASSWORD}`).toString('base64')}` },
        body: JSON.stringify({ objects }),
      });
      const status = (await response.json()) as { status: string; success_count: number; successes?: { id: string; version: string }[] };
      assert.equal(response.status, 202, JSON.stringify(status));
      assert.equal(status.status, 'complete');
      assert.equal(status.success_count, objects.length, JSON.stringify(status));
      for (const s of status.successes ?? []) {
        acknowledged.add(`${s.id} ${s.version}`);
        inCollection.add(`${s.id} ${s.version}`);
      }
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Object i is at version floor((round + i) / 3): most of a round repeats the last one's versions, some are new.
      const objects = Array.from({ length: IDS }, (_, i) => raceObject(i, Math.floor((round + i) / 3)));
      const half = Math.floor(IDS / 2);
      await together([
        () => rest(a.url, objects.slice(0, half + 5)),
        () => rest(b.url, objects.slice(half - 5)),
        () => taxii(a.url, objects.slice(0, half)),
        () => taxii(b.url, objects.slice(5)),
      ]);
    }

    const client = new pg.Client({ connectionString: cluster.schema.url });
    await client.connect();
    try {
      const versions = (await client.query<{ key: string; n: string }>(
        `SELECT o.id || ' ' || v.version AS key, count(*) AS n FROM object_versions v JOIN objects o ON o.oid = v.oid
          WHERE o.id LIKE 'indicator--%-7ace-%' GROUP BY 1`)).rows;
      assert.deepEqual(versions.filter((r) => r.n !== '1'), [], 'no duplicate versions');
      assert.deepEqual(new Set(versions.map((r) => r.key)), acknowledged, 'every acknowledged version stored, nothing else');
      assert.equal(storedTotal <= acknowledged.size, true, 'no version reported stored twice over REST');
      const objects = await client.query<{ n: string }>("SELECT count(*) AS n, count(DISTINCT id) AS d FROM objects WHERE id LIKE 'indicator--%-7ace-%'");
      assert.equal(Number(objects.rows[0]?.n), IDS, 'one object row per id');
      const duplicates = await client.query('SELECT cid, version_seq FROM collection_members GROUP BY 1, 2 HAVING count(*) > 1');
      assert.deepEqual(duplicates.rows, [], 'collection memberships unique');
      const members = await client.query<{ key: string }>(
        `SELECT o.id || ' ' || v.version AS key FROM collection_members m JOIN collections c ON c.cid = m.cid
          JOIN object_versions v ON v.seq = m.version_seq JOIN objects o ON o.oid = v.oid WHERE c.id = $1`, [collectionId]);
      assert.deepEqual(new Set(members.rows.map((r) => r.key)), inCollection, 'every version accepted over TAXII is in the collection, once');
    } finally {
      await client.end();
    }
    assert.deepEqual(await cluster.store.integrityCheck(), [], 'latest pointers name the greatest versions');
    // Both nodes answer the same for an object written through both.
    for (const i of [0, Math.floor(IDS / 2), IDS - 1]) {
      const id = raceObject(i, 0).id as string;
      const [fromA, fromB] = await Promise.all(cluster.nodes.map(async (node) => {
        const response = await fetch(`${node.url}/api/objects/${id}`, { headers: { authorization: `Bearer ${tokens.ana}` } });
        assert.equal(response.status, 200);
        return response.json();
      }));
      assert.deepEqual(fromA, fromB);
    }
  });

  const reviews: ReviewCase[] = [];

  test('(b) the same approval at the same moment through both nodes: recorded once, the case advances once, the losers get 409', async () => {
    const [a, b] = cluster.nodes;
    const approve = (url: string, who: string, review: ReviewCase, as: string) => async (): Promise<{ status: number; code?: string }> => {
      const response = await fetch(`${url}/api/warnings/${review.caseId}/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who] as string}` },
        body: JSON.stringify({ type: 'approve_release', as, productHash: review.sha256 }),
      });
      const body = (await response.json()) as { error?: { code: string } };
      return { status: response.status, ...(body.error === undefined ? {} : { code: body.error.code }) };
    };
    for (let n = 0; n < 3; n++) {
      const review = await caseInReleaseReview(cluster.store, systemClock, ['webhook'], [{ kind: 'webhook', address: peer.url }]);
      reviews.push(review);
      // The duty-to-warn approval: olga twice (one through each node) and oskar, for one slot.
      const first = await together([
        approve(a.url, 'olga', review, 'duty_to_warn_officer'),
        approve(b.url, 'olga', review, 'duty_to_warn_officer'),
        approve(b.url, 'oskar', review, 'duty_to_warn_officer'),
      ]);
      assert.deepEqual(first.map((r) => r.status).sort(), [200, 409, 409], JSON.stringify(first));
      for (const loser of first.filter((r) => r.status === 409)) {
        assert.ok(['role-already-approved', 'case-version-conflict'].includes(loser.code ?? ''), JSON.stringify(loser));
      }
      // The last approval, finn and fred for the foreign-disclosure slot: the case advances once.
      const last = await together([
        approve(a.url, 'finn', review, 'foreign_disclosure_officer'),
        approve(b.url, 'fred', review, 'foreign_disclosure_officer'),
      ]);
      assert.deepEqual(last.map((r) => r.status).sort(), [200, 409], JSON.stringify(last));
      // The loser finds the slot taken, or the case already past release review.
      assert.ok(['role-already-approved', 'case-version-conflict', 'transition-not-allowed'].includes(last.find((r) => r.status === 409)?.code ?? ''), JSON.stringify(last));

      const detail = await showWarningCase(cluster.store, review.caseId, { showWaivers: true, now: systemClock.now() });
      assert.equal(detail?.case.state, 'delivery');
      const types = detail?.events.map((e) => e.type) ?? [];
      assert.equal(types.filter((t) => t === 'release_approval_recorded').length, 2, 'one approval per role');
      assert.equal(types.filter((t) => t === 'release_approved').length, 1, 'the case advanced once');
      assert.deepEqual(detail?.approvals.filter((x) => x.kind === 'release').map((x) => x.role).sort(), ['duty_to_warn_officer', 'foreign_disclosure_officer']);
      assert.equal((await cluster.store.deliveries.list({ limit: 10, caseId: review.caseId })).items.length, 1, 'one delivery requested, not two');
    }
  });

  test('(c) several dispatchers at once (the leader node and two more processes\' stores): every delivery is sent exactly once', async () => {
    // The leader node dispatches every second; two more stores (each its own pool and
    // sessions, as another node has) dispatch in a tight loop meanwhile, so claims collide.
    const racers = await Promise.all([0, 1].map(() => openPostgresStore({ url: testUrl() as string, schema: cluster.schema.schema, maxConnections: 2 })));
    let running = true;
    const sentBy: string[][] = [[], []];
    const loops = racers.map(async (store, k) => {
      while (running) {
        const report = await dispatchDue(dispatchContext(store, systemClock, { owner: `racer-${k}` }));
        assert.deepEqual(report.lostLease, []);
        sentBy[k]?.push(...report.sent);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    try {
      // More deliveries, each due the moment its last approval requests it (the clock starts
      // an hour back and moves a minute per workflow step).
      const clock = testClock(new Date(Date.now() - 3_600_000).toISOString());
      const more = [];
      for (let n = 0; n < 8; n++) {
        more.push(await approvedCase(cluster.store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }] }));
      }
      const deliveryIds = [
        ...(await Promise.all(reviews.map(async (r) => (await cluster.store.deliveries.list({ limit: 10, caseId: r.caseId })).items.map((d) => d.id)))).flat(),
        ...more.flatMap((c) => c.deliveryIds),
      ];
      assert.ok(deliveryIds.length >= 8);
      const deadline = Date.now() + 90_000;
      for (;;) {
        const rows = await Promise.all(deliveryIds.map((id) => cluster.store.deliveries.get(id)));
        if (rows.every((row) => row?.state === 'sent')) break;
        assert.ok(Date.now() < deadline, `not all sent: ${rows.map((r) => `${r?.id}:${r?.state}:${r?.lastError ?? ''}`).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // A few more rounds of every dispatcher: nothing goes out again.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const rows = await Promise.all(deliveryIds.map((id) => cluster.store.deliveries.get(id)));
      const keys = new Set(rows.map((row) => row?.idempotencyKey as string));
      const posts = peer.posts.filter((p) => keys.has(p.idempotencyKey));
      assert.ok(posts.every((p) => p.status === 200), 'every post verified by the partner');
      assert.equal(posts.length, deliveryIds.length, `each sent once: ${posts.map((p) => p.idempotencyKey).sort().join(', ')}`);
      assert.equal(new Set(posts.map((p) => p.idempotencyKey)).size, deliveryIds.length);
      const [first, second] = sentBy as [string[], string[]];
      assert.deepEqual(first.filter((id) => second.includes(id)), [], 'no delivery sent by both racers');
      for (const id of deliveryIds) {
        assert.equal((await cluster.store.deliveries.attempts(id)).length, 1, `${id}: one attempt`);
        assert.equal((await cluster.store.audit.list({ limit: 10, subject: id, action: 'delivery.sent' })).items.length, 1, `${id}: audited once`);
      }
    } finally {
      running = false;
      await Promise.all(loops);
      await Promise.all(racers.map((store) => store.close()));
    }
  });
});

if (skip !== null) {
  test('two nodes on one PostgreSQL database, raced', (t) => {
    t.skip(skip);
  });
}
