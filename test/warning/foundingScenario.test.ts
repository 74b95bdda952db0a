// The founding scenario through the workflow's use cases on a real SQLite store (issue 7):
// three reports arrive (partner cable, intercept summary, news) and fusion makes them one
// threat, a duty-to-warn candidate; the intake opens its case; a waiver is proposed and
// refused; a warning is drafted for Syria's liaison desk from the tearline, approved by two
// other people, frozen and hashed, delivery requested in the approving write; the delivery
// helper's dispatcher puts it in the partner's TAXII collection and records the delivery;
// the acknowledgement is attested; the case is monitored and closed as foiled. Then the
// oversight report reads the times back.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { verifyAuditChain } from '../../src/app/audit/verify.ts';
import { attestAcknowledgement } from '../../src/app/delivery/acknowledge.ts';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { DEFAULT_DELIVERY_SETTINGS } from '../../src/app/delivery/settings.ts';
import { partnerOutboundCollection } from '../../src/app/delivery/taxiiChannel.ts';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import { draftWarningForPartner } from '../../src/app/warning/draftWarning.ts';
import { openCasesForTriggeredThreats } from '../../src/app/warning/openCases.ts';
import { oversightReport } from '../../src/app/warning/oversight.ts';
import { runDeadlines } from '../../src/app/warning/runDeadlines.ts';
import { runWarningCommand } from '../../src/app/warning/runCommand.ts';
import { showWarningCase } from '../../src/app/warning/caseView.ts';
import { foundingReports } from '../../src/demo/foundingScenario.ts';
import type { WarningCommand, WarningState } from '../../src/domain/warning/index.ts';
import { actor, addPeople, ingestReport, MINUTE, putPartner, tempDb, TestClock, type Person, onlyOpenCase } from './support.ts';

const db = tempDb();
after(() => db.cleanup());

test('founding scenario: reports → threat → case → waiver refused → warning approved by two others → frozen → delivered over TAXII → acknowledged → foiled', async () => {
  const now = new Date();
  const reports = foundingReports(now);
  const first = Date.parse(reports[0]?.arrival as string);
  const clock = new TestClock(first);
  const at = (minutes: number): string => new Date(first + minutes * MINUTE).toISOString();
  let store = db.open();
  await addPeople(store, clock);
  await putPartner(store, at(0));

  // The partner cable alone makes the threat a duty-to-warn candidate: the intake opens its
  // case in the same write that stores the report.
  await ingestReport(store, reports[0] as (typeof reports)[number]);
  const { caseId, threatId } = await onlyOpenCase(store);
  clock.set(at(1));
  assert.equal((await openCasesForTriggeredThreats(store, clock.now())).length, 0, 'the scheduler finds nothing left to open');
  // The intercept 30 minutes later joins the same threat: still one case.
  await ingestReport(store, reports[1] as (typeof reports)[number]);
  assert.equal((await openCasesForTriggeredThreats(store, at(31))).length, 0, 'never a second case for the same threat');
  assert.equal((await store.threats.members([threatId])).length, 2, 'the intercept is in the same threat');
  let stored = await store.warnings.getCase(caseId);
  assert.equal(stored?.case.state, 'reported');
  assert.equal(stored?.case.milestones.reportedAt, at(0), 'the screening deadline runs from the first report');
  assert.equal(stored?.threatId, threatId);

  const step = async (command: WarningCommand, who: Person, minute: number, expected: WarningState): Promise<void> => {
    clock.set(at(minute));
    const result = await runWarningCommand(store, caseId, command, actor(who), clock.now());
    assert.ok(result.ok, result.ok ? '' : `${command.type} by ${who}: ${result.code}: ${result.message}`);
    assert.equal(result.case.state, expected, command.type);
  };

  await step({
    type: 'screen',
    screening: {
      harmType: 'killing',
      victim: { identity: 'Pilgrims at the Sayyida Zaynab shrine', nationality: 'Syrian and foreign pilgrims', country: 'SYR' },
      credibility: { sourceReliability: 'B', informationCredibility: 2 },
      specificity: { who: 2, target: 2, when: 2, how: 2, victim: 1, location: 2 },
      imminence: 'I1',
      window: { start: at(48 * 60), end: at(60 * 60) },
    },
  }, 'ana', 35, 'screening');
  await step({ type: 'establish_duty', basis: 'Credible, specific plot: named group, the shrine, a car bomb, within 72 hours.' }, 'olga', 40, 'duty_established');
  // The news report arrives; fusion adds it to the same threat and the case stays one.
  await ingestReport(store, reports[2] as (typeof reports)[number]);
  assert.equal((await openCasesForTriggeredThreats(store, at(61))).length, 0);

  await step({
    type: 'propose_waiver',
    reasons: [{ reason: 'endangers_sources_or_operations', justification: 'A warning could reveal the intercept of the cell’s handset.' }],
    reReviewAt: at(7 * 24 * 60),
  }, 'ana', 62, 'waiver_review');
  await step({ type: 'reject_waiver', reason: 'The news report and the cable support a tearline; the intercept stays out of it.' }, 'lena', 70, 'warning_prep');

  clock.set(at(80));
  const drafted = await draftWarningForPartner(store, caseId, {
    partnerName: 'syria-gss',
    warningText: 'Credible reporting indicates a vehicle bomb attack is planned against the Sayyida Zaynab shrine within the next 72 hours.',
  }, actor('ana'), clock.now());
  assert.ok(drafted.ok, drafted.ok ? '' : `${drafted.code}: ${drafted.message}`);
  const hash = drafted.product.sha256;
  const product = await store.warnings.getProduct(drafted.product.productId);
  assert.ok(product !== null);
  assert.equal(createHash('sha256').update(product.bundleJson, 'utf8').digest('hex'), hash, 'the hash is of the exact bytes stored');
  assert.doesNotMatch(product.bundleJson, /\+963 944 000 123|INTERCEPT SUMMARY|LIAISON CABLE/, 'nothing of the intercept or the cable goes to Syria');
  assert.match(product.bundleJson, /Sayyida Zaynab shrine/);
  assert.deepEqual(product.channels, ['taxii']);

  await step({ type: 'submit_for_release' }, 'ana', 85, 'release_review');
  // A stale hash is refused: approvals bind to the exact product.
  clock.set(at(86));
  const stale = await runWarningCommand(store, caseId, { type: 'approve_release', as: 'duty_to_warn_officer', productHash: 'f'.repeat(64) }, actor('olga'), clock.now());
  assert.equal(stale.ok ? null : stale.code, 'stale-product-hash');
  await step({ type: 'approve_release', as: 'duty_to_warn_officer', productHash: hash }, 'olga', 90, 'release_review');
  assert.deepEqual((await store.deliveries.list({ limit: 10, caseId })).items, [], 'nothing goes before the last approval');
  await step({ type: 'approve_release', as: 'foreign_disclosure_officer', productHash: hash }, 'finn', 95, 'delivery');

  // The approving write requested the delivery of the frozen product.
  const outbox = (await store.deliveries.list({ limit: 10, caseId })).items;
  assert.equal(outbox.length, 1);
  assert.equal(outbox[0]?.channel, 'taxii');
  assert.equal(outbox[0]?.productSha256, hash);
  assert.equal(outbox[0]?.bundleJson, product.bundleJson);
  assert.equal(outbox[0]?.state, 'pending');

  // A restart between approval and sending loses nothing: the outbox row is in the store.
  await store.close();
  store = db.open();
  clock.set(at(96));
  const dispatched = await dispatchDue({
    store,
    clock,
    settings: DEFAULT_DELIVERY_SETTINGS,
    webhook: { post: async () => ({ ok: false, error: 'no webhooks in this test', retryable: false }) },
    mailer: null,
    mailFrom: 'warnings@tearline.example',
    webhookSecrets: () => [],
    ingest: ingestObjects,
    ackLinks: null,
    recorder: 'dan',
  });
  assert.deepEqual(dispatched.sent, [outbox[0]?.id]);
  stored = await store.warnings.getCase(caseId);
  assert.equal(stored?.case.state, 'delivered', 'the dispatcher recorded the delivery on the case');
  assert.equal(stored?.case.deliveries[0]?.productHash, hash);
  const collection = partnerOutboundCollection('syria-gss', 'x');
  assert.ok((await store.listMemberships(collection.id, { limit: 100 })).items.length > 0, 'the product is in the partner collection');

  clock.set(at(120));
  const ack = await attestAcknowledgement({ store, clock }, outbox[0]?.id as string, {
    attestation: 'The duty officer confirmed receipt by telephone.',
    acknowledgedBy: 'Duty officer, liaison desk',
    actor: actor('dan'),
  });
  assert.ok(ack.ok, JSON.stringify(ack));
  assert.equal((await store.warnings.getCase(caseId))?.case.state, 'acknowledged');
  await step({ type: 'start_monitoring' }, 'ana', 130, 'monitoring');
  await step({ type: 'close', outcome: 'foiled', note: 'Partner stopped the vehicle at a checkpoint on the shrine road.' }, 'olga', 62 * 60, 'closed');

  // The scheduler finds nothing to do for a closed case, however late it runs.
  const tick = await runDeadlines(store, at(63 * 60));
  assert.deepEqual(tick.fired, []);

  const detail = await showWarningCase(store, caseId, { showWaivers: true, now: at(63 * 60) });
  assert.ok(detail !== null);
  assert.deepEqual(detail.events.map((e) => e.type), [
    'case_opened', 'screened', 'duty_established', 'waiver_proposed', 'waiver_rejected', 'decision_recorded', 'warning_drafted',
    'submitted_for_release', 'release_approval_recorded', 'release_approval_recorded', 'release_approved', 'delivered', 'acknowledged',
    'monitoring_started', 'closed',
  ]);
  assert.deepEqual(detail.approvals.filter((a) => a.kind === 'release').map((a) => [a.by, a.role, a.productHash]), [
    ['olga', 'duty_to_warn_officer', hash],
    ['finn', 'foreign_disclosure_officer', hash],
  ]);
  assert.ok(!detail.approvals.some((a) => a.by === 'ana'), 'the drafter never approved');
  assert.equal(detail.history.length, detail.version, 'every version is kept');
  assert.equal(detail.history[0]?.state, 'reported');
  assert.equal(detail.case.closure?.outcome, 'foiled');
  assert.equal(detail.products.length, 1);

  const report = await oversightReport(store);
  assert.equal(report.cases.total, 1);
  assert.equal(report.cases.byOutcome.foiled, 1);
  assert.equal(report.waivers.byReason.endangers_sources_or_operations?.rejected, 1);
  assert.equal(report.deliveries.byChannel.taxii?.delivered, 1);
  assert.equal(report.deadlineBreaches.total, 0);
  const times = report.threats[0];
  assert.equal(times?.reportedAt, at(0));
  assert.equal(times?.flaggedAt, at(0), 'flagged by the intake itself, not a later scheduler tick');
  assert.equal(times?.triggeredAt, at(40));
  assert.equal(times?.decidedAt, at(70));
  assert.equal(times?.approvedAt, at(95));
  assert.equal(times?.deliveredAt, at(96));
  assert.equal(times?.acknowledgedAt, at(120));
  assert.equal(report.timeToWarn.reportToDelivery.medianMs, 96 * MINUTE);
  assert.equal(report.acknowledgement.medianMs, 24 * MINUTE);

  // Every change is on the audit chain, and the chain holds.
  const chain = await verifyAuditChain(store.audit.scan());
  assert.ok(chain.ok, JSON.stringify(chain.break));
  const actions = (await store.audit.list({ limit: 100, threat: threatId })).items.map((e) => e.action);
  for (const action of ['warning.open', 'warning.propose-waiver', 'warning.reject-waiver', 'warning.draft-warning', 'warning.approve-release', 'warning.close']) {
    assert.ok(actions.includes(action), `audited: ${action}`);
  }
  await store.close();
});
