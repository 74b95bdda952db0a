// `tearline delivery` through the real composition root: the dead letters listed, retried,
// dispatched, shown; the printable warning printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTearline, tempDir } from '../support/cli.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { defaultDeps } from '../../src/main.ts';
import { approvedCase, BANNER, dispatchContext, testClock, webhookPeer, WEBHOOK_SECRET } from './support.ts';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';

test('tearline delivery list --dead, retry, dispatch, show, print', async () => {
  const dir = tempDir();
  // The workflow steps take 6 test minutes; they end before the real now the CLI then runs at.
  const clock = testClock(new Date(Date.now() - 8 * 60_000).toISOString());
  const peer = await webhookPeer({ now: () => new Date().toISOString() }, 1000);
  try {
    let deliveryId: string;
    const store = openSqliteStore({ path: dir.db });
    try {
      const approved = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: peer.url }] });
      deliveryId = approved.deliveryIds[0] as string;
      clock.advance(1);
      await dispatchDue(dispatchContext(store, clock, { settings: { ...dispatchContext(store, clock).settings, maxAttempts: 1 } }));
    } finally {
      await store.close();
    }
    const env = { TEARLINE_DB: dir.db, TEARLINE_WEBHOOK_SECRET_SYRIA_GSS: WEBHOOK_SECRET, TEARLINE_ACK_SECRET: 'x'.repeat(40), TEARLINE_DELIVERY_RECORDER: 'dan' };
    const deps = defaultDeps();

    const dead = await runTearline(['delivery', 'list', '--dead'], { env, deps });
    assert.equal(dead.code, 0, dead.stderr);
    assert.match(dead.stdout, new RegExp(`^${deliveryId} +dead +webhook syria-gss .*http 503`, 'm'));

    assert.equal((await runTearline(['delivery', 'retry', 'delivery--nope'], { env, deps })).code, 1);
    const retried = await runTearline(['delivery', 'retry', deliveryId], { env, deps });
    assert.equal(retried.code, 0, retried.stderr);
    assert.match(retried.stdout, /pending/);

    peer.failuresLeft = 0;
    const dispatched = await runTearline(['delivery', 'dispatch', '--json'], { env, deps });
    assert.equal(dispatched.code, 0, dispatched.stderr);
    assert.deepEqual(JSON.parse(dispatched.stdout).sent, [deliveryId]);
    assert.equal(peer.kept.size, 1);

    const shown = await runTearline(['delivery', 'show', deliveryId], { env, deps });
    assert.match(shown.stdout, /sent/);
    assert.match(shown.stdout, /attempt 1 .*failed: http 503/);
    assert.match(shown.stdout, /attempt 2 .*ok/);
    assert.match(shown.stdout, /case record: recorded record_delivery/);
    assert.equal((await runTearline(['delivery', 'list', '--dead'], { env, deps })).stdout, 'no deliveries\n');

    const out = join(dir.path, 'warning.html');
    const printed = await runTearline(['delivery', 'print', deliveryId, '--out', out], { env, deps });
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(readFileSync(out, 'utf8'), new RegExp(`<footer class="banner banner-bottom">${BANNER}</footer>`));
    assert.match(printed.stderr, /SHA-256 [0-9a-f]{64}/);

    const badEnv = await runTearline(['delivery', 'dispatch'], { env: { ...env, TEARLINE_ACK_SECRET: 'short' }, deps });
    assert.equal(badEnv.code, 2);
    assert.match(badEnv.stderr, /TEARLINE_ACK_SECRET/);
  } finally {
    await peer.close();
    dir.cleanup();
  }
});
