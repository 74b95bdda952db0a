// Issue 10 "Several nodes": two `tearline serve` processes on one PostgreSQL store.
// (a) A write through node 1 is readable through node 2 at once, and live updates cross over:
//     an SSE client of node 2 hears of an ingest done through node 1 (LISTEN/NOTIFY), with the
//     same event id a client of node 1 hears — and a reader who may not read an object is
//     never told of it.
// (b) The schedulers run on exactly one node: the leader is observable (GET /api/health/node,
//     a stderr line); while the leader is frozen (SIGSTOP: its lock connection stays open) the
//     other does not dispatch; once the leader is killed, the other leads within seconds and
//     the delivery that fell due is sent exactly once.
// Real processes, real PostgreSQL (TEARLINE_TEST_PG_URL), a real webhook peer on loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from '../../src/app/ports.ts';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/index.ts';
import { pgTestSkipReason, testSchema, type TestSchema } from '../../src/storage/postgres/test-database.ts';
import { addUser, type TestUser } from '../auth/support.ts';
import { PARTNER, WEBHOOK_SECRET, approvedCase, testClock, webhookPeer, type WebhookPeer } from '../delivery/support.ts';
import { startNode, urlWithSchema, type NodeProcess } from './node.ts';
import { SseClient } from './sseClient.ts';
import { getJson, indicator, ingestOverHttp, signInOverHttp, statementMarking, type HttpSession } from './fixtures.ts';

const skip = pgTestSkipReason();
const realClock: Clock = { now: () => new Date().toISOString() };

describe('two tearline serve nodes on one PostgreSQL store', { skip: skip ?? false }, () => {
  let schema: TestSchema;
  let store: PostgresStore;
  let peer: WebhookPeer;
  let url: string;
  const nodes: NodeProcess[] = [];
  const users = new Map<string, TestUser>();

  const start = (name: string): NodeProcess => {
    const node = startNode(name, {
      TEARLINE_DATABASE_URL: url,
      TEARLINE_DELIVERY_INTERVAL_MS: '1000',
      [`TEARLINE_WEBHOOK_SECRET_${PARTNER.toUpperCase().replace(/-/g, '_')}`]: WEBHOOK_SECRET,
    });
    nodes.push(node);
    return node;
  };
  const session = async (node: NodeProcess, who: string): Promise<HttpSession> => signInOverHttp(await node.url, users.get(who) as TestUser);
  const schedulerOf = async (node: NodeProcess): Promise<string> => {
    const answer = await getJson(await node.url, '/api/health/node', await session(node, 'otto'));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return (answer.body as { scheduler: string }).scheduler;
  };

  before(async () => {
    schema = await testSchema('tl_multinode');
    // Opening the store creates and migrates the schema the nodes then find on their search_path.
    store = await openPostgresStore({ url: schema.url, schema: schema.schema });
    url = urlWithSchema(schema.url, schema.schema);
    users.set('ana', await addUser(store, realClock, { roles: ['analyst'], clearance: 'TS' }, 'ana'));
    users.set('uma', await addUser(store, realClock, { roles: ['analyst'], clearance: 'U' }, 'uma'));
    users.set('otto', await addUser(store, realClock, { roles: ['oversight'], clearance: 'TS' }, 'otto'));
    peer = await webhookPeer(realClock, 0);
  });
  after(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await peer?.close();
    await store?.close();
    await schema?.drop();
  });

  test('a write through one node is read, and heard live, through the other', async () => {
    const [one, two] = [start('node-1'), start('node-2')];
    const [base1, base2] = await Promise.all([one.url, two.url]);
    const ana1 = await session(one, 'ana');
    const ana2 = await session(two, 'ana');
    const uma2 = await session(two, 'uma');

    // Read-your-write across nodes: no cache, no delay.
    const first = indicator('written through node 1');
    await ingestOverHttp(base1, ana1, [first]);
    assert.equal((await getJson(base2, `/api/objects/${first.id}`, ana2)).status, 200);

    const anaOn2 = await SseClient.open(`${base2}/api/events`, { cookie: ana2.cookie });
    const umaOn2 = await SseClient.open(`${base2}/api/events`, { cookie: uma2.cookie });
    const anaOn1 = await SseClient.open(`${base1}/api/events`, { cookie: ana1.cookie });
    try {
      for (const client of [anaOn2, umaOn2, anaOn1]) await client.waitFor((e) => e.event === 'ready', 10_000, 'ready');
      const secret = statementMarking('SECRET');
      const open = indicator('open, through node 1');
      const hidden = indicator('secret, through node 1', [secret.id]);
      await ingestOverHttp(base1, ana1, [secret, open, hidden]);

      const heardOn2 = await anaOn2.waitFor((e) => e.event === 'object' && e.data.includes(open.id), 10_000, 'the open object on node 2');
      await anaOn2.waitFor((e) => e.event === 'object' && e.data.includes(hidden.id), 10_000, 'the secret object on node 2');
      const heardOn1 = await anaOn1.waitFor((e) => e.event === 'object' && e.data.includes(open.id), 10_000, 'the open object on node 1');
      assert.equal(heardOn2.id, heardOn1.id, 'one event id on every node: a client resumes anywhere');
      assert.deepEqual(JSON.parse(heardOn2.data), { kind: 'object', id: open.id, type: 'indicator', version: open.modified });

      // The uncleared reader on node 2 hears of the open object, never of the secret one;
      // a sentinel written after both shows she has been sent all she will be.
      await umaOn2.waitFor((e) => e.event === 'object' && e.data.includes(open.id), 10_000, 'the open object for uma');
      const sentinel = indicator('sentinel');
      await ingestOverHttp(base1, ana1, [sentinel]);
      await umaOn2.waitFor((e) => e.event === 'object' && e.data.includes(sentinel.id), 10_000, 'the sentinel for uma');
      assert.ok(!umaOn2.events.some((e) => e.data.includes(hidden.id)), umaOn2.describe());
      assert.equal((await getJson(base2, `/api/objects/${hidden.id}`, uma2)).status, 404, 'and the read route hides it alike');

      // Resuming on node 1 after an id heard on node 2: the replay is what followed it.
      const resumed = await SseClient.open(`${base1}/api/events`, { cookie: ana1.cookie, 'last-event-id': heardOn2.id as string });
      try {
        await resumed.waitFor((e) => e.event === 'ready', 10_000, 'ready after the replay');
        assert.ok(resumed.events.some((e) => e.data.includes(sentinel.id)), resumed.describe());
        assert.ok(!resumed.events.some((e) => e.data.includes(open.id)), 'nothing up to the id seen again');
      } finally {
        resumed.close();
      }
    } finally {
      for (const client of [anaOn2, umaOn2, anaOn1]) client.close();
    }
  });

  test('one node runs the schedulers; when it dies the other takes over and a due delivery goes out once', async () => {
    if (nodes.length < 2) {
      start('node-1');
      start('node-2');
    }
    const [one, two] = nodes as [NodeProcess, NodeProcess];
    await Promise.all([one.url, two.url]);

    // Exactly one leader, and it says so on stderr.
    let roles: string[] = [];
    const settle = Date.now() + 15_000;
    while (Date.now() < settle) {
      roles = [await schedulerOf(one), await schedulerOf(two)];
      if (roles.includes('leader')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.deepEqual([...roles].sort(), ['leader', 'standby'], `roles: ${roles.join(', ')}`);
    const [leader, standby] = roles[0] === 'leader' ? [one, two] : [two, one];
    await leader.waitForStderr(/scheduler: leader/, 5000);
    assert.ok(!standby.stderrLines().some((line) => /scheduler: leader/.test(line)), standby.output());

    // Freeze the leader: its lock connection stays open, so nobody else may lead, and a
    // delivery that falls due now waits.
    leader.signal('SIGSTOP');
    const clock = testClock();
    const approved = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }] });
    const deliveryId = approved.deliveryIds[0] as string;
    await new Promise((r) => setTimeout(r, 3500));
    assert.equal(peer.posts.length, 0, 'the standby does not dispatch');
    assert.equal((await store.deliveries.get(deliveryId))?.state, 'pending');
    assert.equal(await schedulerOf(standby), 'standby');

    // Kill it: its connection drops, the lock is free, the standby takes over within seconds.
    const killedAt = Date.now();
    leader.signal('SIGKILL');
    await leader.exited;
    let tookOver = -1;
    while (Date.now() - killedAt < 15_000) {
      if ((await schedulerOf(standby)) === 'leader') {
        tookOver = Date.now() - killedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(tookOver >= 0 && tookOver < 10_000, `the standby led ${tookOver} ms after the leader died`);
    await standby.waitForStderr(/scheduler: leader/, 5000);

    // The new leader dispatches what fell due: once.
    const sentBy = Date.now() + 20_000;
    while (Date.now() < sentBy && (await store.deliveries.get(deliveryId))?.state !== 'sent') await new Promise((r) => setTimeout(r, 200));
    assert.equal((await store.deliveries.get(deliveryId))?.state, 'sent');
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(peer.posts.length, 1, `posts: ${peer.posts.map((p) => p.idempotencyKey).join(', ')}`);
    assert.equal(peer.posts[0]?.verdict.ok, true);
    assert.equal((await store.deliveries.attempts(deliveryId)).length, 1);
    console.log(`# takeover: the standby led ${tookOver} ms after the leader was killed`);
  });
});
