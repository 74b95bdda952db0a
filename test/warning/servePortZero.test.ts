// `tearline serve --port 0` without TEARLINE_PUBLIC_URL: the operating system picks the port
// when the server listens, so the acknowledgement links the dispatcher puts in emails must be
// built from the address the server really listens on, not from the configured port 0. A real
// serve child sends the warning to a loopback SMTP server; the link in the email works.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { approvedCase, openTestStore, readMime, smtpPeer, testClock } from '../delivery/support.ts';
import { eventually, httpRequest, serveProcess } from './serverProcess.ts';

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('serve on port 0: the acknowledgement link in the email points at the listening port and works', async () => {
  const subject = openTestStore();
  cleanups.push(() => subject.dispose());
  // Approved a few minutes ago by the real clock, so that the server's deadlines are not yet due.
  const approved = await approvedCase(subject.store, testClock(new Date(Date.now() - 10 * 60_000).toISOString()), { channels: ['email'], partnerChannels: [{ kind: 'email', address: 'duty-desk@gss.example' }] });
  const [deliveryId] = approved.deliveryIds as [string];
  await subject.store.close();

  const smtp = await smtpPeer();
  cleanups.push(() => smtp.close());
  const served = await serveProcess(subject.path, 0, {
    TEARLINE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    TEARLINE_ACK_SECRET: 'port-zero-ack-secret-0123456789abcdefghij',
    TEARLINE_DELIVERY_INTERVAL_MS: '1000',
  });
  cleanups.push(() => served.stop());
  const port = Number(new URL(served.url).port);
  assert.ok(port > 0, `the server reports the port it got: ${served.url}`);

  const mail = await eventually('the warning email', async () => smtp.messages[0], 30_000);
  const text = readMime(mail.raw).parts.find((p) => /^text\/plain/.test(p.headers['content-type'] ?? ''))?.body.toString('utf8').replace(/=\r?\n/g, '') ?? '';
  const ackUrl = /Please acknowledge receipt: (\S+)/.exec(text)?.[1];
  assert.ok(ackUrl !== undefined, `an acknowledgement link in the email: ${text}`);
  assert.ok(ackUrl.startsWith(`${served.url}/api/ack/`), `the link ${ackUrl} points at ${served.url}, not at port 0`);

  const shown = await httpRequest(ackUrl);
  assert.equal(shown.status, 200, shown.text);
  const acknowledged = await httpRequest<{ delivery: { deliveryId: string; acknowledgedAt: string | null } }>(ackUrl, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ acknowledgedBy: 'Duty officer, liaison desk' }),
  });
  assert.equal(acknowledged.status, 200, acknowledged.text);
  assert.equal(acknowledged.body.delivery.deliveryId, deliveryId);
  assert.notEqual(acknowledged.body.delivery.acknowledgedAt, null);

  assert.equal(await served.stop(), 0, served.output());
  const store = openSqliteStore({ path: subject.path });
  try {
    assert.notEqual((await store.deliveries.get(deliveryId))?.acknowledgedAt ?? null, null);
    const c = (await store.warnings.getCase(approved.caseId))?.case;
    assert.equal(c?.state, 'acknowledged', 'the acknowledgement through the link is recorded on the case');
    assert.match(c?.acknowledgement?.acknowledgedBy ?? '', /Duty officer, liaison desk/);
  } finally {
    await store.close();
  }
});
