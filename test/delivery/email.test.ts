// Email delivery through a real SMTP server on loopback (smtp-server): down (connection
// refused) → retried → dead letter; up → the officer retries → one message arrives with
// the STIX bundle (hash = the approved hash) and the printable warning (hash = the
// delivery's recorded document hash) attached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { retryDelivery } from '../../src/app/delivery/manage.ts';
import { smtpMailer } from '../../src/delivery/smtp.ts';
import { approvedCase, BANNER, dispatchContext, FAST_RETRIES, freePort, openTestStore, readMime, smtpPeer, testClock } from './support.ts';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

test('an SMTP server that is down, then up: retried, dead letter, retried by the officer, delivered with its attachments', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const port = await freePort();
  let peer: Awaited<ReturnType<typeof smtpPeer>> | null = null;
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, {
      channels: ['email'],
      partnerChannels: [{ kind: 'email', address: 'duty-desk@gss.example, liaison@gss.example' }],
    });
    const [deliveryId] = approved.deliveryIds as [string];
    const mailer = smtpMailer({ url: `smtp://127.0.0.1:${port}`, timeoutMs: 2_000 });
    const ctx = dispatchContext(store, clock, { mailer, settings: { ...FAST_RETRIES, maxAttempts: 3 } });

    // Down: connection refused is transient, retried with backoff, then dead letter.
    clock.advance(1);
    assert.deepEqual((await dispatchDue(ctx)).failed, [deliveryId]);
    const failed = await store.deliveries.get(deliveryId);
    assert.match(failed?.lastError ?? '', /ECONNREFUSED/);
    clock.advance(10_000);
    assert.deepEqual((await dispatchDue(ctx)).failed, [deliveryId]);
    clock.advance(10_000);
    assert.deepEqual((await dispatchDue(ctx)).dead, [deliveryId]);
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.deliveryAttempts.length, 3, 'each failed attempt is on the case');

    // Up: the officer retries the dead letter.
    peer = await smtpPeer(port);
    assert.ok((await retryDelivery({ store, clock }, deliveryId, 'user:dan')).ok);
    clock.advance(1);
    assert.deepEqual((await dispatchDue(ctx)).sent, [deliveryId]);
    assert.equal(peer.messages.length, 1);
    const [message] = peer.messages as [(typeof peer.messages)[number]];
    assert.deepEqual([...message.to].sort(), ['duty-desk@gss.example', 'liaison@gss.example']);
    assert.equal(message.from, 'warnings@tearline.test');
    const mime = readMime(message.raw);
    const row = await store.deliveries.get(deliveryId);
    // The product's id, never the case's: a case id derives from the threat's first report.
    assert.equal(mime.headers.subject, `(S//REL TO USA, SYR) Warning ${row?.productId}`);
    assert.equal(message.raw.includes(approved.caseId), false, 'the email never names the internal case');
    assert.equal(mime.headers['x-tearline-idempotency-key'], row?.idempotencyKey);
    assert.match(mime.headers['message-id'] ?? '', /^<[0-9a-f]{40}@tearline\.test>$/);

    const bundle = mime.parts.find((p) => /filename="?warning-.*\.stix\.json/.test(p.headers['content-disposition'] ?? ''));
    assert.ok(bundle !== undefined, 'the STIX bundle is attached');
    assert.equal(sha256(bundle.body), approved.sha256, 'the attached bundle is the approved product');
    const printable = mime.parts.find((p) => /filename="?warning-.*\.html/.test(p.headers['content-disposition'] ?? ''));
    assert.ok(printable !== undefined, 'the printable warning is attached');
    assert.equal(sha256(printable.body), row?.documentSha256, 'the attached document is the one the delivery records');
    assert.match(printable.body.toString('utf8'), new RegExp(`<header class="banner banner-top">${BANNER}</header>`));
    const text = mime.parts.find((p) => /^text\/plain/.test(p.headers['content-type'] ?? ''));
    assert.ok(text !== undefined);
    const body = text.body.toString('utf8').replace(/\r\n/g, '\n');
    assert.ok(body.startsWith(`${BANNER}\n`) && body.trimEnd().endsWith(BANNER), 'the text carries the banner at top and bottom');
    assert.match(body, /Please acknowledge receipt: https:\/\/tearline\.test\/api\/ack\//);

    assert.equal(row?.state, 'sent');
    assert.match(row?.receipt ?? '', /^smtp: 250 .*queued as m1/);
    const stored = await store.warnings.getCase(approved.caseId);
    assert.equal(stored?.case.state, 'delivered');
    assert.deepEqual(stored?.case.deliveries.map((d) => [d.channel, d.kind, d.productHash]), [['email', 'release', approved.sha256]]);
  } finally {
    await peer?.close();
    await subject.dispose();
  }
});

test('an SMTP server that refuses permanently (5yz) sends the delivery to dead letter at once', async () => {
  const clock = testClock();
  const subject = openTestStore();
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onRcptTo(_address, _session, callback) {
      callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: ['email'], partnerChannels: [{ kind: 'email', address: 'gone@gss.example' }] });
    const port = (server.server.address() as { port: number }).port;
    const ctx = dispatchContext(store, clock, { mailer: smtpMailer({ url: `smtp://127.0.0.1:${port}`, timeoutMs: 2_000 }) });
    clock.advance(1);
    assert.deepEqual((await dispatchDue(ctx)).dead, approved.deliveryIds);
    assert.match((await store.deliveries.get(approved.deliveryIds[0] as string))?.lastError ?? '', /smtp: 550 .*not retryable/);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await subject.dispose();
  }
});
