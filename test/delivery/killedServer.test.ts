// Issue 7 "a kill of the process between 'approved' and 'delivered'", with a real process:
// `tearline serve` runs with an SMTP relay and a partner webhook configured; the last
// approver approves over HTTP; the server is killed with SIGKILL before its dispatcher runs
// again (nothing flushed, nothing closed). Restarted, it sends each channel's delivery
// exactly once, records both on the case (no recorder configured: as the system), and sends
// nothing more on later ticks.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { openCase, type WarningCommand } from '../../src/domain/warning/index.ts';
import { SCREENING } from '../../src/domain/warning/testFixtures.ts';
import { runWarningCommand } from '../../src/app/warning/runCommand.ts';
import { sha256Hex } from '../../src/app/delivery/requestDelivery.ts';
import type { Clock } from '../../src/app/ports.ts';
import type { Role } from '../../src/domain/warning/index.ts';
import { addUser } from '../auth/support.ts';
import { tempDir } from '../support/cli.ts';
import { eventually, serveProcess, signInOver, type ServedProcess } from '../warning/serverProcess.ts';
import { BANNER, freePort, PARTNER, partnerProfile, productBundle, smtpPeer, WARNING_TEXT, WEBHOOK_SECRET, webhookPeer } from './support.ts';

const realClock: Clock = { now: () => new Date().toISOString() };
const cleanups: (() => Promise<unknown> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const PEOPLE: Readonly<Record<string, readonly Role[]>> = {
  ana: ['analyst'],
  olga: ['duty_to_warn_officer'],
  finn: ['foreign_disclosure_officer'],
};

/** People with passwords, the partner, and a case one approval short of delivery. */
async function caseAwaitingLastApproval(db: string, partnerChannels: readonly { kind: string; address?: string }[]): Promise<{ caseId: string; sha256: string }> {
  const store = openSqliteStore({ path: db });
  try {
    for (const [name, roles] of Object.entries(PEOPLE)) await addUser(store, realClock, { roles: [...roles], clearance: 'TS' }, name);
    const { bundleJson } = productBundle();
    const sha256 = sha256Hex(bundleJson);
    const caseId = 'case-killed-server';
    const now = realClock.now();
    const ana = { kind: 'user', userId: 'ana', roles: ['analyst'] } as const;
    await store.write(async (tx) => {
      await tx.partners.putPartner({ name: PARTNER, profileJson: partnerProfile(partnerChannels), identityRef: 'identity--5f1c7c2e-8f5e-4a7b-9d86-2b1e6a4c3d01', at: now, actor: 'system:test' });
      const opened = openCase({ id: caseId, summary: 'Plot against the Sayyida Zaynab shrine', reportRefs: [] }, ana, now);
      assert.ok(opened.ok);
      assert.equal(await tx.warnings.createCase(opened.case, opened.events, null), true);
      assert.equal(await tx.warnings.putProduct({
        productId: `product--${sha256}`, caseId, sha256, bundleJson, banner: BANNER, warningText: WARNING_TEXT, partnerName: PARTNER,
        channels: ['email', 'webhook'], mediaType: 'application/stix+json;version=2.1', frozenAt: now, frozenBy: 'user:ana',
      }), 'stored');
    });
    const hours = (h: number): string => new Date(Date.now() + h * 3_600_000).toISOString();
    const steps: [WarningCommand, string][] = [
      [{ type: 'screen', screening: { ...SCREENING, window: { start: hours(48), end: hours(60) } } }, 'ana'],
      [{ type: 'establish_duty', basis: 'Credible, specific plot to bomb the shrine within 72 hours.' }, 'ana'],
      [{ type: 'draft_warning', productHash: sha256, summary: 'Vehicle bomb planned against the shrine.', recipient: { name: 'Syrian General Security Service, liaison desk', organisation: 'General Security Service', country: 'SYR' }, sunset: hours(60) }, 'ana'],
      [{ type: 'submit_for_release' }, 'ana'],
      [{ type: 'approve_release', as: 'duty_to_warn_officer', productHash: sha256 }, 'olga'],
    ];
    for (const [command, who] of steps) {
      const result = await runWarningCommand(store, caseId, command, { kind: 'user', userId: who, roles: [...(PEOPLE[who] ?? [])] }, realClock.now());
      assert.ok(result.ok, result.ok ? '' : `${command.type}: ${result.code}: ${result.message}`);
    }
    return { caseId, sha256 };
  } finally {
    await store.close();
  }
}

test('SIGKILL between "approved" and "delivered": after the restart each channel is sent exactly once', { timeout: 180_000 }, async () => {
  const dir = tempDir('tearline-killed-');
  cleanups.push(() => dir.cleanup());
  const smtp = await smtpPeer();
  cleanups.push(() => smtp.close());
  const webhook = await webhookPeer(realClock, 0);
  cleanups.push(() => webhook.close());
  const { caseId, sha256 } = await caseAwaitingLastApproval(dir.db, [{ kind: 'email', address: 'duty-desk@gss.example' }, { kind: 'webhook', address: webhook.url }]);
  const env = { TEARLINE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, [`TEARLINE_WEBHOOK_SECRET_${PARTNER.toUpperCase().replace(/-/g, '_')}`]: WEBHOOK_SECRET };

  // The dispatcher passes once at start (nothing is due yet), then not for ten minutes.
  let server: ServedProcess = await serveProcess(dir.db, await freePort(), { ...env, TEARLINE_DELIVERY_INTERVAL_MS: '600000' });
  cleanups.push(() => server.stop());
  const finn = await signInOver(server.url, 'finn', 'correct horse battery finn');
  const approved = await finn.post<{ case: { state: string } }>(`/api/warnings/${caseId}/commands`, { type: 'approve_release', as: 'foreign_disclosure_officer', productHash: sha256 });
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.body.case.state, 'delivery');
  const killed = server.kill();
  assert.equal(await killed, null, 'killed by a signal, not an exit');

  const store = openSqliteStore({ path: dir.db });
  cleanups.push(() => store.close());
  const before = (await store.deliveries.list({ limit: 10, caseId })).items;
  assert.deepEqual(before.map((row) => [row.channel, row.state, row.attempts]).sort(), [['email', 'pending', 0], ['webhook', 'pending', 0]], 'the approval and its requests survived the kill');
  assert.equal((await store.warnings.getCase(caseId))?.case.state, 'delivery');
  assert.deepEqual([smtp.messages.length, webhook.posts.length], [0, 0], 'nothing went out before the kill');

  server = await serveProcess(dir.db, await freePort(), { ...env, TEARLINE_DELIVERY_INTERVAL_MS: '1000' });
  const sent = await eventually('both deliveries sent after the restart', async () => {
    const rows = (await store.deliveries.list({ limit: 10, caseId })).items;
    return rows.every((row) => row.state === 'sent') ? rows : undefined;
  }, 60_000, 250);
  assert.deepEqual(sent.map((row) => [row.channel, row.attempts, row.deliveredSha256]).sort(), [['email', 1, sha256], ['webhook', 1, sha256]]);
  const c = (await store.warnings.getCase(caseId))?.case;
  assert.equal(c?.state, 'delivered');
  assert.deepEqual(c?.deliveries.map((d) => [d.channel, d.deliveredBy]).sort(), [['email', 'system:delivery'], ['webhook', 'system:delivery']]);

  // Later ticks find nothing to send.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  assert.equal(smtp.messages.length, 1, 'one email');
  assert.equal(webhook.posts.length, 1, 'one webhook POST');
  assert.ok(webhook.posts[0]?.verdict.ok, 'signed with the partner secret');
  assert.equal(webhook.kept.size, 1);
  assert.deepEqual((await store.deliveries.list({ limit: 10, caseId })).items.map((row) => row.attempts), [1, 1]);
  assert.equal(await server.stop(), 0, 'stops cleanly');
});
