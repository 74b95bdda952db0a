// When the channels fail (issue 7): an SMTP server that is down is retried with backoff, goes
// to dead letter after the configured attempts, and is shown to the delivery officer (REST
// and `tearline delivery list --dead`), each failure kept on the case; and only failed
// attempts on two different channels open waiver reason 5, "no reasonable way to warn"
// (DOMAIN.md §1). The machine's failures are recorded on the case by the system itself: no
// recorder is configured and the last approver holds no delivering role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import type { DeliverySummary } from '../../src/app/delivery/manage.ts';
import { applyWarningCommand } from '../../src/app/warning/applyCommand.ts';
import type { UserActor, WarningCommand } from '../../src/domain/warning/index.ts';
import { smtpMailer } from '../../src/delivery/smtp.ts';
import { buildServer } from '../../src/http/server.ts';
import { addUser, signIn, TEST_AUTH } from '../auth/support.ts';
import { runTearline } from '../support/cli.ts';
import { approvedCase, dispatchContext, FAST_RETRIES, freePort, openTestStore, smtpPeer, testClock, webhookPeer, type TestClock } from './support.ts';
import type { Store } from '../../src/app/ports.ts';

const person = (userId: string, role: UserActor['roles'][number]): UserActor => ({ kind: 'user', userId, roles: [role] });

async function act(store: Store, clock: TestClock, caseId: string, command: WarningCommand, who: UserActor) {
  clock.advance(60_000);
  return store.write((tx) => applyWarningCommand(tx, caseId, command, who, clock.now()));
}

test('an SMTP server that is down: retried with backoff, dead letter after N, shown to the delivery officer; retried when it is back', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const port = await freePort();
  let smtp: Awaited<ReturnType<typeof smtpPeer>> | null = null;
  const app = await buildServer({ store: subject.store, clock, maxBodyBytes: 1_000_000, version: 'test', auth: TEST_AUTH, delivery: { ackSecret: null, recorder: null } });
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: ['email'], partnerChannels: [{ kind: 'email', address: 'duty-desk@gss.example' }], lastApprover: 'finn' });
    const [deliveryId] = approved.deliveryIds as [string];
    const ctx = dispatchContext(store, clock, { mailer: smtpMailer({ url: `smtp://127.0.0.1:${port}`, timeoutMs: 2_000 }), settings: { ...FAST_RETRIES, maxAttempts: 4 }, recorder: null });

    const waits: number[] = [];
    for (let pass = 0; pass < 10; pass += 1) {
      clock.advance(1);
      const report = await dispatchDue(ctx);
      const row = await store.deliveries.get(deliveryId);
      if (row?.state === 'dead') break;
      assert.deepEqual(report.failed, [deliveryId], `pass ${pass + 1} failed and will be retried`);
      waits.push(Date.parse(row?.nextAttemptAt as string) - Date.parse(clock.now()));
      assert.equal((await dispatchDue(ctx)).claimed, 0, 'not retried before its time');
      clock.advance(Date.parse(row?.nextAttemptAt as string) - Date.parse(clock.now()));
    }
    // Exponential backoff (1 s, 2 s, 4 s less the fixed 10 % jitter), then dead after the 4th attempt.
    assert.deepEqual(waits, [900, 1800, 3600]);
    const dead = await store.deliveries.get(deliveryId);
    assert.equal(dead?.state, 'dead');
    assert.equal(dead?.attempts, 4);
    assert.match(dead?.lastError ?? '', /ECONNREFUSED.*attempt 4 of 4/);
    const c = (await store.warnings.getCase(approved.caseId))?.case;
    assert.equal(c?.state, 'delivery', 'nothing was delivered');
    assert.deepEqual(c?.deliveryAttempts.map((a) => [a.channel, a.attemptedBy]), Array(4).fill(['email', 'system:delivery']), 'every failure is on the case');

    // Shown to the delivery officer: the REST outbox filtered to dead letters, and the CLI.
    const officer = await signIn(app, await addUser(store, clock, { roles: ['delivery_officer'], clearance: 'TS' }, 'dora'));
    const listed = await app.inject({ method: 'GET', url: '/api/deliveries?state=dead', headers: officer });
    assert.equal(listed.statusCode, 200, listed.body);
    const items = (listed.json() as { items: DeliverySummary[] }).items;
    assert.deepEqual(items.map((r) => [r.id, r.channel, r.state, r.attempts]), [[deliveryId, 'email', 'dead', 4]]);
    assert.match(items[0]?.lastError ?? '', /ECONNREFUSED/);
    const cli = await runTearline(['delivery', 'list', '--dead', '--json'], { env: { TEARLINE_DB: subject.path } });
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual((JSON.parse(cli.stdout) as { items: DeliverySummary[] }).items.map((r) => [r.id, r.state]), [[deliveryId, 'dead']]);

    // The server is back; the officer puts the dead letter back in the queue; it goes once.
    smtp = await smtpPeer(port);
    const retried = await app.inject({ method: 'POST', url: `/api/deliveries/${deliveryId}/retry`, headers: officer });
    assert.equal(retried.statusCode, 200, retried.body);
    clock.advance(1);
    assert.deepEqual((await dispatchDue(ctx)).sent, [deliveryId]);
    clock.advance(3_600_000);
    assert.equal((await dispatchDue(ctx)).claimed, 0);
    assert.equal(smtp.messages.length, 1);
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.state, 'delivered');
    const audit = await store.audit.list({ limit: 20, subject: deliveryId });
    assert.ok(audit.items.some((e) => e.action === 'delivery.retry' && e.actor === 'user:dora'), 'the retry is audited in the officer’s name');
  } finally {
    await app.close();
    await smtp?.close();
    await subject.dispose();
  }
});

test('reason 5 (no reasonable way to warn) only after the machine failed on two channels', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const webhook = await webhookPeer(clock, 1_000_000);
  const smtpPort = await freePort();
  try {
    const { store } = subject;
    const mailer = smtpMailer({ url: `smtp://127.0.0.1:${smtpPort}`, timeoutMs: 2_000 });
    const ctx = dispatchContext(store, clock, { mailer, settings: { ...FAST_RETRIES, maxAttempts: 2 }, recorder: null });
    const reason5 = (): WarningCommand => ({
      type: 'propose_waiver',
      reasons: [{ reason: 'no_reasonable_way_to_warn', justification: 'The liaison desk answers on neither its webhook nor its mail relay.' }],
      reReviewAt: new Date(Date.parse(clock.now()) + 2 * 86_400_000).toISOString(),
    });
    const analyst = person('ana', 'analyst');

    // One channel only (the webhook), failed until dead: not enough.
    const single = await approvedCase(store, clock, { channels: ['webhook'], partnerChannels: [{ kind: 'webhook', address: webhook.url }], lastApprover: 'finn' });
    const early = await act(store, clock, single.caseId, reason5(), analyst);
    assert.equal(early.ok ? null : early.code, 'reason-5-needs-two-failed-channels', 'no attempt yet');
    for (let pass = 0; pass < 3; pass += 1) {
      clock.advance(10_000);
      await dispatchDue(ctx);
    }
    assert.equal((await store.deliveries.get(single.deliveryIds[0] as string))?.state, 'dead');
    assert.equal((await store.warnings.getCase(single.caseId))?.case.deliveryAttempts.length, 2);
    const oneChannel = await act(store, clock, single.caseId, reason5(), analyst);
    assert.ok(!oneChannel.ok);
    assert.equal(oneChannel.code, 'reason-5-needs-two-failed-channels');
    assert.match(oneChannel.message, /found 1/);

    // Two channels (webhook and email), both failing: reason 5 may be proposed, and approved by two others.
    const both = await approvedCase(store, clock, {
      channels: ['webhook', 'email'],
      partnerChannels: [{ kind: 'webhook', address: webhook.url }, { kind: 'email', address: 'duty-desk@gss.example' }],
      lastApprover: 'finn',
    });
    clock.advance(10_000);
    const report = await dispatchDue(ctx);
    assert.deepEqual([...report.failed].sort(), [...both.deliveryIds].sort());
    const attempts = (await store.warnings.getCase(both.caseId))?.case.deliveryAttempts ?? [];
    assert.deepEqual(attempts.map((a) => [a.channel, a.attemptedBy]).sort(), [['email', 'system:delivery'], ['webhook', 'system:delivery']]);
    const proposed = await act(store, clock, both.caseId, reason5(), analyst);
    assert.ok(proposed.ok, proposed.ok ? '' : `${proposed.code}: ${proposed.message}`);
    assert.equal(proposed.case.state, 'waiver_review');
    const byOfficer = await act(store, clock, both.caseId, { type: 'approve_waiver', as: 'duty_to_warn_officer' }, person('olga', 'duty_to_warn_officer'));
    assert.ok(byOfficer.ok);
    const byCounsel = await act(store, clock, both.caseId, { type: 'approve_waiver', as: 'legal_counsel' }, person('lena', 'legal_counsel'));
    assert.ok(byCounsel.ok);
    assert.equal(byCounsel.case.state, 'waived');
    assert.equal(byCounsel.case.waivers.at(-1)?.reasons[0]?.reason, 'no_reasonable_way_to_warn');
  } finally {
    await webhook.close();
    await subject.dispose();
  }
});
