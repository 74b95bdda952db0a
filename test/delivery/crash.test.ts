// A delivery in flight survives a crash or restart and is sent once per idempotency key
// (issue 7): the process dies between approval and delivery, after claiming, or after the
// partner received the product but before the outcome was recorded; and dispatchers race,
// in one process and in two.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dispatchDue, type DispatchReport } from '../../src/app/delivery/dispatch.ts';
import { fetchWebhookClient } from '../../src/delivery/webhook.ts';
import { approvedCase, dispatchContext, FAST_RETRIES, openTestStore, testClock, webhookPeer } from './support.ts';

const WEBHOOK = (url: string) => [{ kind: 'webhook', address: url }];

test('killed between "approved" and "delivered": the request survives the restart and is sent exactly once', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 0);
  try {
    const approved = await approvedCase(subject.store, clock, { channels: ['webhook'], partnerChannels: WEBHOOK(peer.url) });
    await subject.store.close(); // the process dies before any dispatch
    const store = subject.reopen();
    assert.equal((await store.deliveries.get(approved.deliveryIds[0] as string))?.state, 'pending');
    clock.advance(1);
    const ctx = dispatchContext(store, clock);
    assert.deepEqual((await dispatchDue(ctx)).sent, approved.deliveryIds);
    clock.advance(3_600_000);
    assert.equal((await dispatchDue(ctx)).claimed, 0);
    assert.equal(peer.posts.length, 1);
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.state, 'delivered');
  } finally {
    await peer.close();
    await subject.dispose();
  }
});

test('killed after claiming: the lease holds until it expires, then another dispatcher sends it once', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 0);
  try {
    const approved = await approvedCase(subject.store, clock, { channels: ['webhook'], partnerChannels: WEBHOOK(peer.url) });
    clock.advance(1);
    const now = clock.now();
    const claimed = await subject.store.write((tx) => tx.deliveries.claimDue({ now, leaseOwner: 'dying', leaseExpiresAt: new Date(Date.parse(now) + FAST_RETRIES.leaseMs).toISOString(), limit: 10 }));
    assert.equal(claimed.length, 1);
    await subject.store.close();
    const store = subject.reopen();
    const ctx = dispatchContext(store, clock, { owner: 'successor' });
    clock.advance(FAST_RETRIES.leaseMs - 1_000);
    assert.equal((await dispatchDue(ctx)).claimed, 0, 'the dead dispatcher still holds its lease');
    clock.advance(2_000);
    assert.deepEqual((await dispatchDue(ctx)).sent, approved.deliveryIds);
    assert.equal(peer.posts.length, 1);
    const row = await store.deliveries.get(approved.deliveryIds[0] as string);
    assert.match(row?.lastError ?? '', /lease of dying expired/);
  } finally {
    await peer.close();
    await subject.dispose();
  }
});

test('killed after the partner received it but before it was recorded: resent with the same key, kept once', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 0);
  try {
    const approved = await approvedCase(subject.store, clock, { channels: ['webhook'], partnerChannels: WEBHOOK(peer.url) });
    const real = fetchWebhookClient();
    const dying = dispatchContext(subject.store, clock, {
      owner: 'dying',
      webhook: {
        async post(request) {
          await real.post(request);
          throw new Error('process killed');
        },
      },
    });
    clock.advance(1);
    await assert.rejects(dispatchDue(dying), /process killed/);
    await subject.store.close();
    const store = subject.reopen();
    clock.advance(FAST_RETRIES.leaseMs + 1);
    assert.deepEqual((await dispatchDue(dispatchContext(store, clock, { owner: 'successor' }))).sent, approved.deliveryIds);
    assert.equal(peer.posts.length, 2, 'the partner saw the product twice');
    assert.deepEqual(new Set(peer.posts.map((p) => p.idempotencyKey)).size, 1, 'under one idempotency key');
    assert.equal(peer.kept.size, 1, 'and kept it once');
    assert.equal((await store.deliveries.attempts(approved.deliveryIds[0] as string)).length, 1, 'one recorded attempt');
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.deliveries.length, 1, 'one delivery on the case');
  } finally {
    await peer.close();
    await subject.dispose();
  }
});

test('two dispatchers racing in one process send each delivery once', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 0);
  try {
    const cases = [];
    for (let i = 0; i < 3; i += 1) cases.push(await approvedCase(subject.store, clock, { channels: ['webhook'], partnerChannels: WEBHOOK(peer.url) }));
    clock.advance(1);
    const reports = await Promise.all(['a', 'b', 'c'].map((owner) => dispatchDue(dispatchContext(subject.store, clock, { owner }))));
    assert.equal(reports.reduce((n, r) => n + r.sent.length, 0), 3);
    assert.equal(peer.posts.length, 3);
    assert.equal(peer.kept.size, 3);
  } finally {
    await peer.close();
    await subject.dispose();
  }
});

test('two dispatcher processes racing on one database file send each delivery once', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const peer = await webhookPeer(clock, 0);
  try {
    for (let i = 0; i < 4; i += 1) await approvedCase(subject.store, clock, { channels: ['webhook'], partnerChannels: WEBHOOK(peer.url) });
    await subject.store.close();
    clock.advance(1);
    const script = fileURLToPath(new URL('./dispatchProcess.ts', import.meta.url));
    const run = (owner: string) => new Promise<DispatchReport>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', script, subject.path, clock.now(), owner], { timeout: 60_000 }, (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${owner}: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string) as DispatchReport);
      });
    });
    const reports = await Promise.all([run('process-a'), run('process-b')]);
    assert.equal(reports.reduce((n, r) => n + r.sent.length, 0), 4, 'every delivery sent');
    assert.equal(reports.reduce((n, r) => n + r.claimed, 0), 4, 'no delivery claimed twice');
    assert.equal(peer.posts.length, 4);
    assert.equal(peer.kept.size, 4);
    const store = subject.reopen();
    assert.equal((await store.deliveries.list({ limit: 10, states: ['sent'] })).items.length, 4);
  } finally {
    await peer.close();
    await subject.dispose();
  }
});
