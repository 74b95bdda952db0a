// Nothing is sent after the decision not to warn (issue 7, DOMAIN.md §1): when a case is
// waived (here on reason 5, after both channels failed) or closed, its outbox rows that have
// not gone out are cancelled in the same write, with the reason, audited; the real dispatcher
// never tries them again, not even once the partner's endpoints are back, and the delivery
// officer cannot re-queue them. A row that was in flight when the case was waived is
// cancelled by the dispatcher that holds it, before it sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { retryDelivery } from '../../src/app/delivery/manage.ts';
import type { Store } from '../../src/app/ports.ts';
import { applyWarningCommand } from '../../src/app/warning/applyCommand.ts';
import type { Actor, WarningCommand } from '../../src/domain/warning/index.ts';
import { smtpMailer } from '../../src/delivery/smtp.ts';
import { actor, approvedCase, dispatchContext, FAST_RETRIES, freePort, openTestStore, smtpPeer, testClock, webhookPeer, type TestClock } from './support.ts';

/** Legal counsel approves waivers; the shared test users hold no such role. */
const COUNSEL: Actor = { kind: 'user', userId: 'lena', roles: ['legal_counsel'] };

async function act(store: Store, clock: TestClock, caseId: string, command: WarningCommand, who: string): Promise<void> {
  clock.advance(60_000);
  const result = await store.write((tx) => applyWarningCommand(tx, caseId, command, who === 'lena' ? COUNSEL : actor(who), clock.now()));
  assert.ok(result.ok, result.ok ? '' : `${command.type}: ${result.code}: ${result.message}`);
}

function reason5(clock: TestClock): WarningCommand {
  return {
    type: 'propose_waiver',
    reasons: [{ reason: 'no_reasonable_way_to_warn', justification: 'The liaison desk answers on neither its webhook nor its mail relay.' }],
    reReviewAt: new Date(Date.parse(clock.now()) + 2 * 86_400_000).toISOString(),
  };
}

async function waive(store: Store, clock: TestClock, caseId: string): Promise<void> {
  await act(store, clock, caseId, reason5(clock), 'ana');
  await act(store, clock, caseId, { type: 'approve_waiver', as: 'duty_to_warn_officer' }, 'olga');
  await act(store, clock, caseId, { type: 'approve_waiver', as: 'legal_counsel' }, 'lena');
  assert.equal((await store.warnings.getCase(caseId))?.case.state, 'waived');
}

/** Runs the dispatcher over an hour of retries; returns how many rows it claimed. */
async function dispatchForAnHour(run: () => Promise<{ claimed: number }>, clock: TestClock): Promise<number> {
  let claimed = 0;
  for (let pass = 0; pass < 40; pass += 1) {
    clock.advance(90_000);
    claimed += (await run()).claimed;
  }
  return claimed;
}

test('a waiver (reason 5) cancels the failed rows; the dispatcher never sends them, even when the partner is back', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const webhook = await webhookPeer(clock, 1);
  const smtpPort = await freePort();
  let smtp: Awaited<ReturnType<typeof smtpPeer>> | null = null;
  try {
    const { store } = subject;
    const ctx = dispatchContext(store, clock, { mailer: smtpMailer({ url: `smtp://127.0.0.1:${smtpPort}`, timeoutMs: 2_000 }), settings: FAST_RETRIES, recorder: null });
    const both = await approvedCase(store, clock, {
      channels: ['webhook', 'email'],
      partnerChannels: [{ kind: 'webhook', address: webhook.url }, { kind: 'email', address: 'duty-desk@gss.example' }],
      lastApprover: 'finn',
    });
    clock.advance(10_000);
    const first = await dispatchDue(ctx);
    assert.deepEqual([...first.failed].sort(), [...both.deliveryIds].sort(), 'both channels failed once and wait to be retried');

    await waive(store, clock, both.caseId);
    const rows = (await store.deliveries.list({ limit: 10, caseId: both.caseId })).items;
    assert.deepEqual(rows.map((r) => r.state), ['cancelled', 'cancelled']);
    for (const row of rows) {
      assert.match(row.lastError ?? '', /was waived \(no_reasonable_way_to_warn\): nothing is sent after the decision not to warn/);
      assert.equal(row.nextAttemptAt, null);
      const audit = await store.audit.list({ subject: row.id, action: 'delivery.cancelled', limit: 5 });
      assert.equal(audit.items.length, 1, 'each cancellation is audited');
      assert.equal(audit.items[0]?.actor, 'user:lena', 'in the name of the approver whose approval made the waiver');
      assert.equal(audit.items[0]?.threat, both.caseId);
    }

    // The partner is back on both channels; an hour of dispatching claims nothing.
    smtp = await smtpPeer(smtpPort);
    assert.equal(await dispatchForAnHour(() => dispatchDue(ctx), clock), 0);
    assert.equal(smtp.messages.length, 0, 'no email after the waiver');
    assert.equal(webhook.posts.length, 1, 'only the failed post before the waiver');
    const retried = await retryDelivery({ store, clock }, both.deliveryIds[0] as string, 'user:dan');
    assert.ok(!retried.ok);
    assert.equal(retried.code, 'not-retryable');
    assert.match(retried.message, /cancelled \(case .* was waived/);
  } finally {
    await webhook.close();
    await smtp?.close();
    await subject.dispose();
  }
});

test('a closure cancels what is still waiting on another channel', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const webhook = await webhookPeer(clock, 0);
  const smtpPort = await freePort();
  let smtp: Awaited<ReturnType<typeof smtpPeer>> | null = null;
  try {
    const { store } = subject;
    const ctx = dispatchContext(store, clock, { mailer: smtpMailer({ url: `smtp://127.0.0.1:${smtpPort}`, timeoutMs: 2_000 }), settings: FAST_RETRIES, recorder: null });
    const approved = await approvedCase(store, clock, {
      channels: ['webhook', 'email'],
      partnerChannels: [{ kind: 'webhook', address: webhook.url }, { kind: 'email', address: 'duty-desk@gss.example' }],
    });
    clock.advance(10_000);
    const first = await dispatchDue(ctx);
    assert.equal(first.sent.length, 1, 'the webhook got through');
    assert.equal(first.failed.length, 1, 'the mail relay is down');
    const [emailRow] = first.failed as [string];
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.state, 'delivered');

    await act(store, clock, approved.caseId, { type: 'start_monitoring', unacknowledgedReason: 'The liaison desk confirmed receipt by phone only.' }, 'ana');
    await act(store, clock, approved.caseId, { type: 'close', outcome: 'foiled', note: 'Vehicle stopped at the southern checkpoint.' }, 'olga');
    const row = await store.deliveries.get(emailRow);
    assert.equal(row?.state, 'cancelled');
    assert.match(row?.lastError ?? '', /was closed \(foiled\)/);
    assert.equal((await store.audit.list({ subject: emailRow, action: 'delivery.cancelled', limit: 5 })).items[0]?.actor, 'user:olga');
    assert.equal((await store.deliveries.list({ limit: 10, caseId: approved.caseId, states: ['sent'] })).items.length, 1, 'what was sent stays sent');

    smtp = await smtpPeer(smtpPort);
    assert.equal(await dispatchForAnHour(() => dispatchDue(ctx), clock), 0);
    assert.equal(smtp.messages.length, 0, 'no email after the closure');
  } finally {
    await webhook.close();
    await smtp?.close();
    await subject.dispose();
  }
});

test('a row in flight when the case is waived is cancelled by the dispatcher that holds it, not sent', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const webhook = await webhookPeer(clock, 1_000_000);
  const smtpPort = await freePort();
  let smtp: Awaited<ReturnType<typeof smtpPeer>> | null = null;
  try {
    const { store } = subject;
    const ctx = dispatchContext(store, clock, { mailer: smtpMailer({ url: `smtp://127.0.0.1:${smtpPort}`, timeoutMs: 2_000 }), settings: FAST_RETRIES, recorder: null });
    const both = await approvedCase(store, clock, {
      channels: ['webhook', 'email'],
      partnerChannels: [{ kind: 'webhook', address: webhook.url }, { kind: 'email', address: 'duty-desk@gss.example' }],
      lastApprover: 'finn',
    });
    clock.advance(10_000);
    await dispatchDue(ctx);
    const rows = (await store.deliveries.list({ limit: 10, caseId: both.caseId })).items;
    const email = rows.find((r) => r.channel === 'email');
    assert.ok(email !== undefined);
    // Another dispatcher claims both rows (a lease of a minute) and dies with them.
    clock.advance(60_000);
    const taken = await store.write((tx) => tx.deliveries.claimDue({ now: clock.now(), leaseOwner: 'dispatcher-crashed', leaseExpiresAt: new Date(Date.parse(clock.now()) + 60_000).toISOString(), limit: 10 }));
    assert.deepEqual(taken.map((r) => r.id).sort(), [...both.deliveryIds].sort());

    await waive(store, clock, both.caseId);
    assert.deepEqual((await store.deliveries.list({ limit: 10, caseId: both.caseId })).items.map((r) => r.state), ['sending', 'sending'], 'in flight: not cancelled under another lease');

    // The mail relay is back; the lease expires; our dispatcher reclaims the rows and cancels them instead of sending.
    smtp = await smtpPeer(smtpPort);
    const postsBefore = webhook.posts.length;
    clock.advance(5 * 60_000);
    const report = await dispatchDue(ctx);
    assert.deepEqual([...report.cancelled].sort(), [...both.deliveryIds].sort());
    assert.deepEqual(report.sent, []);
    assert.equal(smtp.messages.length, 0);
    assert.equal(webhook.posts.length, postsBefore);
    const after = await store.deliveries.get(email.id);
    assert.equal(after?.state, 'cancelled');
    const audit = await store.audit.list({ subject: email.id, action: 'delivery.cancelled', limit: 5 });
    assert.equal(audit.items[0]?.actor, 'system:delivery');
    assert.equal(await dispatchForAnHour(() => dispatchDue(ctx), clock), 0);
  } finally {
    await webhook.close();
    await smtp?.close();
    await subject.dispose();
  }
});
