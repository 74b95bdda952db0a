// The founding scenario end to end (issue 7 "Tests"), through real peers only:
//   Tearline A  `tearline serve` in a child process (its dispatcher and deadline scheduler
//               running on their timers), started with an SMTP relay and an acknowledgement
//               secret and no TEARLINE_DELIVERY_RECORDER; the people sign in over HTTP and act
//               through the REST API, as the workbench does.
//   Tearline B  a second instance, the partner (Syria's liaison desk), with its own database;
//               it pulls the warning from its collection on A over TAXII with its own account
//               and answers over TAXII with a note in its inbound collection on A.
//   SMTP        smtp-server on loopback, receiving the warning email with its attachments.
// Three reports arrive; the threat triggers; a waiver is proposed and rejected; a warning is
// drafted, approved by two other people, frozen; it goes out over TAXII and by email; the
// partner acknowledges over TAXII and through the link in the email; the delivery officer
// records the liaison briefing too; the partner reports the plot foiled; the case is closed as
// foiled; time to warn and the oversight report (API and CLI) account for all of it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { foundingReports } from '../../src/demo/foundingScenario.ts';
import { extractFromText } from '../../src/ingest/text/index.ts';
import type { OversightReport } from '../../src/app/warning/oversight.ts';
import type { CaseDetail, CaseListItem } from '../../src/app/warning/caseView.ts';
import type { DeliveryDetail, DeliverySummary } from '../../src/app/delivery/manage.ts';
import type { AuditEntry } from '../../src/app/ports/audit.ts';
import type { WarningCase, WarningState } from '../../src/domain/warning/index.ts';
import { runTearline, tempDir } from '../support/cli.ts';
import { expectCli, startInstance, type Instance } from '../taxii/instance.ts';
import { freePort, readMime, smtpPeer, type SmtpPeer } from '../delivery/support.ts';
import { addPeople, SYRIA, TestClock } from './support.ts';
import { eventually, httpRequest, serveProcess, signInOver, type ServedProcess, type Session } from './serverProcess.ts';

const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const PARTNER = 'syria-gss';
const PARTNER_PASSWORD = 'syria liaison desk passphrase, long enough';
const ACK_SECRET = 'e2e-ack-secret-of-server-a-0123456789abcdef';
const DESK = 'duty-desk@gss.example';
const WARNING_TEXT = 'Credible reporting indicates a vehicle bomb attack is planned against the Sayyida Zaynab shrine within the next 72 hours.';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Refusal {
  readonly error: { readonly code: string; readonly message: string };
}

let serverA: ServedProcess | null = null;

test('founding scenario end to end: reports → trigger → waiver rejected → warning approved by two others → TAXII to partner B + email → acknowledged by B → foiled', { timeout: 240_000 }, async () => {
  try {
    await foundingScenario();
  } catch (error) {
    // What server A said is the first thing to read when a step fails.
    if (serverA !== null && error instanceof Error) error.message += `\n--- tearline serve (A) output ---\n${serverA.output()}`;
    throw error;
  }
});

async function foundingScenario(): Promise<void> {
  // ---- Tearline A's database, prepared as its administrator would: people, the partner, its TAXII account.
  const dirA = tempDir('tearline-e2e-a-');
  cleanups.push(() => dirA.cleanup());
  const setup = openSqliteStore({ path: dirA.db });
  await addPeople(setup, new TestClock(Date.now()));
  await setup.close();
  const cliA = (argv: readonly string[], stdin?: string) => runTearline(argv, { env: { TEARLINE_DB: dirA.db, TEARLINE_DEMO: '0' }, cwd: dirA.path, ...(stdin === undefined ? {} : { stdin }) });
  const profile = join(dirA.path, 'syria-gss.json');
  writeFileSync(profile, JSON.stringify({ ...SYRIA, channels: [{ kind: 'taxii', address: 'partner collection on Tearline A' }, { kind: 'email', address: DESK }, { kind: 'in-person', note: 'liaison meeting, Damascus station' }] }));
  await expectCli(cliA(['partner', 'add', profile, '--name', PARTNER]));
  await expectCli(cliA(['account', 'add', PARTNER, '--password-stdin'], `${PARTNER_PASSWORD}\n`));

  // ---- The peers: SMTP on loopback, A as a real server process, B as the partner's instance.
  const smtp: SmtpPeer = await smtpPeer();
  cleanups.push(() => smtp.close());
  const port = await freePort();
  const a: ServedProcess = await serveProcess(dirA.db, port, {
    TEARLINE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    TEARLINE_MAIL_FROM: 'Tearline duty desk <warnings@tearline-a.example>',
    TEARLINE_ACK_SECRET: ACK_SECRET,
    TEARLINE_DELIVERY_INTERVAL_MS: '1000',
  });
  serverA = a;
  cleanups.push(async () => {
    await a.stop();
  });
  const b: Instance = await startInstance('b');
  cleanups.push(() => b.close());

  // ---- The people of A sign in, as the workbench does.
  const people: Record<string, Session> = {};
  for (const name of ['ana', 'olga', 'lena', 'finn', 'dan', 'vera']) people[name] = await signInOver(a.url, name, `correct horse battery ${name}`);
  const { ana, olga, lena, finn, dan, vera } = people as Record<'ana' | 'olga' | 'lena' | 'finn' | 'dan' | 'vera', Session>;

  // ---- 1. Three reports arrive (partner cable, intercept, news), each extracted and posted.
  const reports = foundingReports(new Date());
  const arrivals: string[] = [];
  let caseId = '';
  for (const [index, report] of reports.entries()) {
    const { bundle } = extractFromText(report.text, { published: report.published, now: new Date().toISOString() });
    const before = new Date().toISOString();
    const posted = await ana.post<{ stored: number }>('/api/ingest', bundle);
    assert.equal(posted.status, 200, `report ${report.name}: ${posted.text}`);
    arrivals.push(before);
    const cases = (await ana.get<{ cases: CaseListItem[] }>('/api/warnings')).body.cases;
    assert.equal(cases.length, 1, `after report ${index + 1}: one threat, one case`);
    caseId = (cases[0] as CaseListItem).caseId;
    assert.equal(cases[0]?.state, 'reported');
  }
  let detail = (await vera.get<CaseDetail>(`/api/warnings/${caseId}`)).body;
  const threatId = (await vera.get<{ cases: CaseListItem[] }>('/api/warnings')).body.cases[0]?.threatId as string;
  assert.match(threatId, /^grouping--/, 'the case was raised by the fused threat');
  const threat = await ana.get<{ reports: { id: string }[] }>(`/api/threats/${threatId}`);
  assert.equal(threat.status, 200, threat.text);
  assert.equal(threat.body.reports.length, 3, 'fusion put the three reports in one threat');
  assert.ok(detail.case.milestones.reportedAt >= (arrivals[0] as string) && detail.case.milestones.reportedAt <= (arrivals[1] as string), 'the case runs from the first report');

  // ---- Each step as the signed-in person, with the state it must lead to.
  const act = async (who: Session, command: Record<string, unknown>, expected: WarningState): Promise<WarningCase> => {
    const res = await who.post<{ case: WarningCase }>(`/api/warnings/${caseId}/commands`, command);
    assert.equal(res.status, 200, `${who.username} ${String(command.type)}: ${res.text}`);
    assert.equal(res.body.case.state, expected, `${who.username} ${String(command.type)}`);
    return res.body.case;
  };
  const refused = async (who: Session, command: Record<string, unknown>, status: number, code: string): Promise<void> => {
    const res = await who.post<Refusal>(`/api/warnings/${caseId}/commands`, command);
    assert.equal(res.status, status, `${who.username} ${String(command.type)} must be refused: ${res.text}`);
    assert.equal(res.body.error.code, code);
  };
  const hours = (h: number): string => new Date(Date.now() + h * 3_600_000).toISOString();

  // ---- 2. Screening, and the trigger: the duty to warn is established.
  await act(ana, {
    type: 'screen',
    screening: {
      harmType: 'killing',
      victim: { identity: 'Pilgrims at the Sayyida Zaynab shrine', nationality: 'Syrian and foreign pilgrims', country: 'SYR' },
      credibility: { sourceReliability: 'B', informationCredibility: 2 },
      specificity: { who: 2, target: 2, when: 2, how: 2, victim: 1, location: 2 },
      imminence: 'I1',
      window: { start: hours(48), end: hours(60) },
    },
  }, 'screening');
  await act(olga, { type: 'establish_duty', basis: 'Credible, specific plot: named group, the shrine, a car bomb, within 72 hours.' }, 'duty_established');

  // ---- 3. A waiver is proposed and rejected.
  await act(ana, {
    type: 'propose_waiver',
    reasons: [{ reason: 'endangers_sources_or_operations', justification: 'A warning could reveal the intercept of the cell’s handset.' }],
    reReviewAt: hours(7 * 24),
  }, 'waiver_review');
  await refused(ana, { type: 'approve_waiver', as: 'duty_to_warn_officer' }, 403, 'role-not-permitted');
  await act(lena, { type: 'reject_waiver', reason: 'The news report and the cable support a tearline; the intercept stays out of it.' }, 'warning_prep');

  // ---- 4. The warning is drafted for the partner: torn, frozen, hashed.
  const drafted = await ana.post<{ case: WarningCase; product: { productId: string; sha256: string; channels: string[]; banner: string } }>(`/api/warnings/${caseId}/draft`, { partnerName: PARTNER, warningText: WARNING_TEXT });
  assert.equal(drafted.status, 200, drafted.text);
  assert.equal(drafted.body.case.state, 'warning_prep');
  const product = drafted.body.product;
  const hash = product.sha256;
  assert.deepEqual(product.channels, ['taxii', 'email'], 'both electronic channels of the partner profile');
  await act(ana, { type: 'submit_for_release' }, 'release_review');

  // ---- 5. Approved by two other people; the drafter may not approve.
  await refused(ana, { type: 'approve_release', as: 'foreign_disclosure_officer', productHash: hash }, 403, 'role-not-permitted');
  await act(olga, { type: 'approve_release', as: 'duty_to_warn_officer', productHash: hash }, 'release_review');
  await act(finn, { type: 'approve_release', as: 'foreign_disclosure_officer', productHash: hash }, 'delivery');
  // Frozen: after the approval the product can no longer be changed.
  const redraft = await ana.post<Refusal>(`/api/warnings/${caseId}/draft`, { partnerName: PARTNER, warningText: `${WARNING_TEXT} Updated.` });
  assert.equal(redraft.status, 409, redraft.text);
  assert.equal(redraft.body.error.code, 'transition-not-allowed');

  detail = (await vera.get<CaseDetail>(`/api/warnings/${caseId}`)).body;
  assert.equal(detail.products.length, 1, 'one frozen product');
  const frozen = detail.products[0] as CaseDetail['products'][number];
  assert.equal(frozen.sha256, hash);
  assert.equal(sha256(frozen.bundleJson), hash, 'the hash is of the exact bytes frozen');
  assert.doesNotMatch(frozen.bundleJson, /\+963 944 000 123|INTERCEPT SUMMARY|LIAISON CABLE/, 'nothing of the intercept or the cable goes to Syria');
  assert.match(frozen.bundleJson, /Sayyida Zaynab/);

  // ---- 6. A's dispatcher (serve's timer) sends it over TAXII and by email, and records both.
  const sent = await eventually('both deliveries sent', async () => {
    const rows = (await dan.get<{ items: DeliverySummary[] }>(`/api/deliveries?caseId=${caseId}`)).body.items;
    return rows.length === 2 && rows.every((row) => row.state === 'sent') ? rows : undefined;
  }, 60_000, 250);
  const taxiiRow = sent.find((row) => row.channel === 'taxii') as DeliverySummary;
  const emailRow = sent.find((row) => row.channel === 'email') as DeliverySummary;
  for (const row of [taxiiRow, emailRow]) {
    assert.equal(row.productSha256, hash);
    assert.equal(row.deliveredSha256, hash, `${row.channel}: the bytes sent are the approved bytes`);
    assert.equal(row.requestedBy, 'user:finn', 'requested by the last approval');
    assert.equal(row.caseRecord, 'recorded record_delivery', `${row.channel}: recorded on the case with no recorder configured`);
    assert.equal(row.attempts, 1);
  }
  assert.notEqual(taxiiRow.idempotencyKey, emailRow.idempotencyKey);
  detail = (await vera.get<CaseDetail>(`/api/warnings/${caseId}`)).body;
  assert.equal(detail.case.state, 'delivered');
  assert.deepEqual(detail.case.deliveries.map((d) => [d.channel, d.kind, d.productHash, d.deliveredBy]).sort(), [
    ['email', 'release', hash, 'system:delivery'],
    ['taxii', 'release', hash, 'system:delivery'],
  ]);

  // ---- 7. The email on the loopback SMTP server: one message, its attachment the frozen bytes.
  assert.equal(smtp.messages.length, 1, 'one email, sent once');
  const mail = smtp.messages[0] as SmtpPeer['messages'][number];
  assert.deepEqual(mail.to, [DESK]);
  const mime = readMime(mail.raw);
  assert.equal(mime.headers['x-tearline-idempotency-key'], emailRow.idempotencyKey);
  const attachment = mime.parts.find((p) => /filename="?warning-.*\.stix\.json/.test(p.headers['content-disposition'] ?? ''));
  assert.ok(attachment !== undefined, 'the STIX bundle is attached');
  assert.equal(sha256(attachment.body), hash, 'the email attachment is the approved product, byte for byte');
  const printable = mime.parts.find((p) => /filename="?warning-.*\.html/.test(p.headers['content-disposition'] ?? ''));
  assert.equal(sha256(printable?.body ?? ''), emailRow.documentSha256, 'the printable attached is the one the delivery records');
  const text = mime.parts.find((p) => /^text\/plain/.test(p.headers['content-type'] ?? ''))?.body.toString('utf8').replace(/=\r?\n/g, '') ?? '';
  const ackUrl = /Please acknowledge receipt: (\S+)/.exec(text)?.[1];
  assert.ok(ackUrl !== undefined && ackUrl.startsWith(`${a.url}/api/ack/`), `an acknowledgement link to A in the email: ${text}`);

  // ---- 8. Partner B pulls its collection on A over TAXII with its own account.
  const partnerAuth = ['--user', PARTNER, '--password-env', 'PARTNER_PASSWORD'];
  const partnerEnv = { env: { PARTNER_PASSWORD } };
  const pulled = JSON.parse((await expectCli(b.cli(['taxii', 'pull', `${a.url}/taxii2/`, '--collection', `partner-${PARTNER}`, ...partnerAuth, '--json'], partnerEnv))).stdout) as { received: number; stored: number; rejected: number; complete: boolean };
  const bundle = JSON.parse(frozen.bundleJson) as { type: string; id: string; objects: { id: string; type: string }[] };
  assert.deepEqual([pulled.received, pulled.stored, pulled.rejected, pulled.complete], [bundle.objects.length, bundle.objects.length, 0, true]);
  // B's copy is the frozen product: the same objects, byte for byte, so the same hash.
  const copies: unknown[] = [];
  for (const object of bundle.objects) {
    const record = await b.store.getLatestObject(object.id);
    assert.ok(record !== null, `B holds ${object.id}`);
    assert.deepEqual(JSON.parse(record.json), object);
    copies.push(JSON.parse(record.json));
  }
  assert.equal(sha256(JSON.stringify({ type: bundle.type, id: bundle.id, objects: copies })), hash, 'the TAXII copy on B hashes to the approved hash');
  const intelligence = bundle.objects.filter((o) => !['identity', 'marking-definition', 'extension-definition'].includes(o.type)).map((o) => o.id);
  assert.ok(intelligence.length > 0);

  // ---- 9. B acknowledges over TAXII: a note in its inbound collection on A referencing the product.
  const note = (id: string, content: string) => ({
    type: 'note', spec_version: '2.1', id, created: new Date().toISOString(), modified: new Date().toISOString(),
    abstract: 'Warning received', content, object_refs: intelligence.slice(0, 2),
  });
  const ackNote = note('note--7d1c7f4e-5a1b-4c8e-9b0a-1f2e3d4c5b6a', 'Received by the liaison desk; guards posted at the southern gate.');
  const pushed = await expectCli(b.cli(['taxii', 'push', `${a.url}/taxii2/root/collections/partner-${PARTNER}-inbound/`, b.file('ack.json', JSON.stringify({ type: 'bundle', id: 'bundle--0b7c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4', objects: [ackNote] })), ...partnerAuth], partnerEnv));
  assert.match(pushed.stdout, /1 accepted, 0 failed/);
  detail = (await vera.get<CaseDetail>(`/api/warnings/${caseId}`)).body;
  assert.equal(detail.case.state, 'acknowledged', 'the note acknowledged the warning in the write that stored it');
  assert.equal(detail.case.acknowledgement?.channel, 'taxii');
  assert.match(detail.case.acknowledgement?.acknowledgedBy ?? '', new RegExp(`\\(note ${ackNote.id}\\)`));
  assert.equal(detail.case.acknowledgement?.recordedBy, 'system:delivery');
  let rows = (await dan.get<{ items: DeliverySummary[] }>(`/api/deliveries?caseId=${caseId}`)).body.items;
  assert.ok(rows.every((row) => row.acknowledgedAt !== null), 'the note answers both deliveries of the same product');

  // ---- 10. And through the signed link in the email: GET shows, POST acknowledges, once.
  const peek = await httpRequest(ackUrl);
  assert.equal(peek.status, 200);
  assert.match(peek.text, new RegExp(hash));
  const json = { 'content-type': 'application/json' };
  const linked = await httpRequest<{ acknowledged: boolean; delivery: { deliveryId: string } }>(ackUrl, { method: 'POST', headers: json, body: JSON.stringify({ acknowledgedBy: 'Capt. Haddad, duty officer' }) });
  assert.equal(linked.status, 200, linked.text);
  assert.deepEqual([linked.body.acknowledged, linked.body.delivery.deliveryId], [true, emailRow.id]);
  assert.equal((await httpRequest(ackUrl, { method: 'POST', headers: json, body: '{}' })).status, 410, 'the link works once');
  const emailAfter = (await dan.get<DeliveryDetail>(`/api/deliveries/${emailRow.id}`)).body.delivery;
  assert.equal(emailAfter.caseRecord, 'recorded record_acknowledgement', 'a further acknowledgement is kept on the case');
  detail = (await vera.get<CaseDetail>(`/api/warnings/${caseId}`)).body;
  assert.equal(detail.case.state, 'acknowledged');
  assert.equal(detail.case.acknowledgement?.channel, 'taxii', 'the case keeps the first acknowledgement');
  assert.deepEqual(detail.events.filter((e) => e.type === 'acknowledged').map((e) => (e as { acknowledgedBy: string }).acknowledgedBy.includes('acknowledgement link')), [false, true]);

  // ---- 11. The delivery officer records the liaison briefing as well: a third channel, a disclosure.
  const briefing = await dan.post<{ record: { substanceSha256: string }; caseRecord: string }>('/api/deliveries/disclosures', {
    caseId, channel: 'liaison_meeting', kind: 'disclosure', by: 'Station liaison officer', toName: 'Brig. Gen. Saleh', partnerName: PARTNER,
    at: new Date().toISOString(), place: 'Damascus station', substance: WARNING_TEXT,
  });
  assert.equal(briefing.status, 201, briefing.text);
  assert.equal(briefing.body.caseRecord, 'recorded record_delivery');
  assert.equal(briefing.body.record.substanceSha256, sha256(WARNING_TEXT));

  // ---- 12. Monitoring; the partner reports the plot foiled over TAXII; closed as foiled.
  await act(ana, { type: 'start_monitoring' }, 'monitoring');
  const foiledNote = note('note--c3a9e2f1-8b7d-4e6c-a5b4-9d8e7f6a5b4c', 'The vehicle was stopped at a checkpoint on the shrine road; plot foiled, two arrests.');
  await expectCli(b.cli(['taxii', 'push', `${a.url}/taxii2/root/collections/partner-${PARTNER}-inbound/`, b.file('foiled.json', JSON.stringify({ type: 'bundle', id: 'bundle--1c8d2e3f-4a5b-4c6d-9e7f-8091a2b3c4d5', objects: [foiledNote] })), ...partnerAuth], partnerEnv));
  const taxiiDetail = (await dan.get<DeliveryDetail>(`/api/deliveries/${taxiiRow.id}`)).body;
  assert.deepEqual(taxiiDetail.feedback.map((f) => [f.objectId, f.kind]), [[ackNote.id, 'acknowledgement'], [foiledNote.id, 'outcome']], 'partner feedback flows back to the case');
  await act(olga, { type: 'close', outcome: 'foiled', note: 'Partner stopped the vehicle at a checkpoint on the shrine road.' }, 'closed');

  // ---- 13. Who did what: the case's events and the audit log.
  detail = (await vera.get<CaseDetail>(`/api/warnings/${caseId}`)).body;
  assert.equal(detail.case.closure?.outcome, 'foiled');
  assert.deepEqual(detail.events.map((e) => [e.type, e.actorId]), [
    ['case_opened', 'system:warning-intake'],
    ['screened', 'ana'],
    ['duty_established', 'olga'],
    ['waiver_proposed', 'ana'],
    ['waiver_rejected', 'lena'],
    ['decision_recorded', 'lena'],
    ['warning_drafted', 'ana'],
    ['submitted_for_release', 'ana'],
    ['release_approval_recorded', 'olga'],
    ['release_approval_recorded', 'finn'],
    ['release_approved', 'finn'],
    ['delivered', 'system:delivery'],
    ['delivered', 'system:delivery'],
    ['acknowledged', 'system:delivery'],
    ['acknowledged', 'system:delivery'],
    ['delivered', 'dan'],
    ['monitoring_started', 'ana'],
    ['closed', 'olga'],
  ]);
  const audit = async (filter: string): Promise<AuditEntry[]> => (await vera.get<{ entries: AuditEntry[] }>(`/api/audit?limit=200&${filter}`)).body.entries.reverse();
  assert.deepEqual((await audit(`threat=${encodeURIComponent(threatId)}`)).filter((e) => e.action.startsWith('warning.')).map((e) => [e.action, e.actor]), [
    ['warning.open', 'system:warning-intake'],
    ['warning.screen', 'user:ana'],
    ['warning.establish-duty', 'user:olga'],
    ['warning.propose-waiver', 'user:ana'],
    ['warning.reject-waiver', 'user:lena'],
    ['warning.draft-warning', 'user:ana'],
    ['warning.submit-for-release', 'user:ana'],
    ['warning.approve-release', 'user:olga'],
    ['warning.approve-release', 'user:finn'],
    ['warning.record-delivery', 'system:delivery'],
    ['warning.record-delivery', 'system:delivery'],
    ['warning.record-acknowledgement', 'system:delivery'],
    ['warning.record-acknowledgement', 'system:delivery'],
    ['warning.record-delivery', 'user:dan'],
    ['warning.start-monitoring', 'user:ana'],
    ['warning.close', 'user:olga'],
  ]);
  const deliveryAudit = (await audit(`threat=${encodeURIComponent(caseId)}`)).map((e) => [e.action, e.actor, e.subject]);
  for (const expected of [
    ['delivery.sent', 'system:delivery', taxiiRow.id],
    ['delivery.sent', 'system:delivery', emailRow.id],
    ['delivery.acknowledged', `partner:${PARTNER}`, taxiiRow.id],
    ['delivery.acknowledged', `partner:${PARTNER}`, emailRow.id],
  ]) assert.ok(deliveryAudit.some((entry) => JSON.stringify(entry) === JSON.stringify(expected)), `audited: ${expected.join(' ')}`);
  assert.ok(deliveryAudit.some(([action, actor]) => action === 'delivery.disclosure' && actor === 'user:dan'), 'the briefing is audited in the officer’s name');
  const verified = (await vera.get<{ ok: boolean }>('/api/audit/verify')).body;
  assert.equal(verified.ok, true, 'the audit chain holds');

  // ---- 14. Time to warn, and the oversight report over the API and from the CLI.
  const report = (await vera.get<OversightReport>('/api/oversight')).body;
  const times = report.threats.find((t) => t.caseId === caseId);
  assert.ok(times !== undefined);
  const order = ['reportedAt', 'flaggedAt', 'triggeredAt', 'decidedAt', 'approvedAt', 'deliveredAt', 'acknowledgedAt', 'closedAt'] as const;
  for (const key of order) assert.ok(typeof times[key] === 'string', `${key} is set`);
  for (let i = 1; i < order.length; i += 1) {
    assert.ok((times[order[i - 1] as (typeof order)[number]] as string) <= (times[order[i] as (typeof order)[number]] as string), `${order[i - 1]} ≤ ${order[i]}: ${JSON.stringify(times)}`);
  }
  assert.ok((times.triggeredAt as string) > times.reportedAt && (times.deliveredAt as string) > (times.approvedAt as string), 'the stages take time');
  assert.equal(times.deliveredAt, detail.case.deliveries.map((d) => d.deliveredAt).sort()[0], 'time to warn counts the first delivery');
  assert.equal(times.decision, 'warn');
  assert.equal(times.outcome, 'foiled');
  assert.equal(report.cases.total, 1);
  assert.equal(report.cases.byOutcome.foiled, 1);
  assert.equal(report.waivers.byReason.endangers_sources_or_operations?.rejected, 1);
  assert.deepEqual([report.deliveries.byChannel.taxii?.delivered, report.deliveries.byChannel.email?.delivered, report.deliveries.byChannel.liaison_meeting?.delivered], [1, 1, 1]);
  assert.deepEqual(report.deliveries.byKind, { release: 2, disclosure: 1 });
  assert.equal(report.acknowledgement.count, 1);
  assert.equal(report.acknowledgement.unacknowledged, 0);
  assert.equal(report.deadlineBreaches.total, 0, 'every stage within its I1 deadline');
  assert.equal(report.timeToWarn.reportToDelivery.count, 1);
  const fromCli = JSON.parse((await expectCli(cliA(['report', 'oversight', '--json']))).stdout) as OversightReport;
  assert.equal(fromCli.cases.total, 1);
  assert.equal(fromCli.cases.byOutcome.foiled, 1);
  assert.deepEqual(fromCli.threats.map((t) => [t.caseId, t.deliveredAt, t.acknowledgedAt]), [[caseId, times.deliveredAt, times.acknowledgedAt]]);
  assert.deepEqual(fromCli.deliveries, report.deliveries);

  // The dispatcher sent nothing twice, whatever its timer did meanwhile.
  rows = (await dan.get<{ items: DeliverySummary[] }>(`/api/deliveries?caseId=${caseId}`)).body.items;
  assert.deepEqual(rows.map((row) => row.attempts).sort(), [1, 1]);
  assert.equal(smtp.messages.length, 1);
}
