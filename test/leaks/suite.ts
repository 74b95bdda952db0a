// One package released to every partner, each checked: the shared body of the founding and
// random-graph leak tests.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { parsePartnerProfile } from '../../src/domain/partners/parse.ts';
import { parseReleasePolicy } from '../../src/policy/parse.ts';
import { canaryMaker, forbidden, oracleFor, type CanaryBook } from './oracle.ts';
import { partnerView, refusedView, type Exposure } from './partnerView.ts';
import { smtpReceiver, webhookReceiver, type SmtpReceiver, type WebhookReceiver } from './peers.ts';
import { buildGolden, releaseTo, WARNING_TEXT } from './release.ts';
import { scan, type ScanResult } from './scan.ts';
import type { LeakPackage, PartnerSpec } from './scenarios.ts';
import { useDeliveryEnvironment } from './server.ts';

export interface Peers {
  readonly webhooks: WebhookReceiver;
  readonly mail: SmtpReceiver;
  /** TEARLINE_WEBHOOK_SECRET_<HANDLE> and the SMTP relay, as `serve` would read them. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export const HANDLES = ['syria-gss', 'uk-liaison', 'jordan-gid', 'fbi-ct', 'state-police'];

export async function startPeers(): Promise<Peers> {
  useDeliveryEnvironment();
  const secrets = new Map(HANDLES.map((h) => [`/hooks/${h}`, `whsec-${h}-0123456789abcdef0123456789`]));
  const webhooks = await webhookReceiver((path) => secrets.get(path));
  const mail = await smtpReceiver();
  const env: Record<string, string> = { TEARLINE_SMTP_URL: mail.url, TEARLINE_MAIL_FROM: 'Tearline duty desk <warnings@tearline.test>' };
  for (const h of HANDLES) env[`TEARLINE_WEBHOOK_SECRET_${h.toUpperCase().replace(/-/g, '_')}`] = secrets.get(`/hooks/${h}`) as string;
  return {
    webhooks, mail, env,
    async close() {
      await webhooks.close();
      await mail.close();
    },
  };
}

export interface PartnerCheck {
  readonly handle: string;
  readonly result: ScanResult;
  readonly exposures: readonly Exposure[];
  readonly warningCanary: string;
  /** The draft was refused (DISPLAY ONLY material in a disclosure): nothing went to the partner. */
  readonly refused?: string;
  readonly pdfSkipped?: string;
}

function sentTo(peers: Peers, handle: string): number {
  return peers.webhooks.received.filter((h) => h.path === `/hooks/${handle}`).length + peers.mail.messages.filter((m) => m.to.includes(`${handle}@partners.test`)).length;
}

export interface SuiteOptions {
  readonly tag: string;
  readonly perObjectReads: number;
  /** How many withheld objects to ask the partner's collection for by their original id. */
  readonly probes: number;
  /** Partners whose printed warning is also rendered to PDF and read back. */
  readonly pdfFor: readonly string[];
  readonly expectReports: readonly string[];
}

/** Releases the package to every partner through the real paths and scans what each can read. */
export async function releaseToEveryPartner(t: TestContext, pkg: LeakPackage, peers: Peers, now: Date, options: SuiteOptions): Promise<PartnerCheck[]> {
  const parsedPolicy = parseReleasePolicy(pkg.policy);
  assert.ok(parsedPolicy.ok, JSON.stringify(parsedPolicy));
  const policy = parsedPolicy.policy;
  const goldenStarted = performance.now();
  const golden = await buildGolden(pkg, now);
  t.diagnostic(`package: ${golden.stored.length} objects, ${pkg.canaries.size} canaries; case ${golden.caseId} raised and screened in ${((performance.now() - goldenStarted) / 1000).toFixed(1)} s`);
  const checks: PartnerCheck[] = [];
  // The warning text is written by the drafter, not torn from the package: its canary goes
  // to every partner (a book of its own, so the oracle never sees it).
  const warningCanaries = canaryMaker(`${options.tag}0`);
  try {
    for (const spec of pkg.partners) checks.push(await checkPartner(t, golden, pkg, spec, peers, policy, warningCanaries({ objectId: 'warning-text', selector: 'text' }, new Map()) as string, options));
  } finally {
    golden.dir.cleanup();
  }
  return checks;
}

async function checkPartner(
  t: TestContext,
  golden: Awaited<ReturnType<typeof buildGolden>>,
  pkg: LeakPackage,
  spec: PartnerSpec,
  peers: Peers,
  policy: NonNullable<Extract<ReturnType<typeof parseReleasePolicy>, { ok: true }>['policy']>,
  warningCanary: string,
  options: SuiteOptions,
): Promise<PartnerCheck> {
  const parsed = parsePartnerProfile(spec.profile);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  const oracle = oracleFor(golden.stored, parsed.partner, policy);
  // Our own identity may stand in as a minimal identity under its id (computeTearline.ts): not a probe.
  const probeIds = [...oracle.objects.values()]
    .filter((o) => o.type !== 'marking-definition' && o.id !== policy.ourIdentityRef && forbidden(oracle.object(o.id)))
    .map((o) => o.id);
  const started = performance.now();
  const sentBefore = sentTo(peers, spec.handle);
  const release = await releaseTo(golden, spec, peers.env, WARNING_TEXT(warningCanary));
  const released = performance.now();
  try {
    if (release.refused !== undefined) {
      // Only a disclosure-mode policy can put DISPLAY ONLY material in a product (src/policy/decide.ts).
      assert.equal(policy.mode, 'disclosure', `${spec.handle}: refused ${release.refused} under a release-mode policy`);
      assert.equal(sentTo(peers, spec.handle), sentBefore, `nothing was sent to ${spec.handle}`);
    }
    const view = release.refused !== undefined ? await refusedView(release) : await partnerView(release, {
      webhooks: peers.webhooks,
      mail: peers.mail,
      probeIds: probeIds.slice(0, options.probes),
      perObjectReads: options.perObjectReads,
      pdf: options.pdfFor.includes(spec.handle),
      officer: golden.auth.dan as string,
      otherAccounts: pkg.partners.map((p) => p.handle).filter((h) => h !== spec.handle),
    });
    const result = scan({
      stored: golden.storedCanaries,
      canaries: pkg.canaries as CanaryBook,
      oracle,
      ourIdentityRef: policy.ourIdentityRef,
      release,
      exposures: view.exposures,
      threatId: golden.threatId,
      expectReports: options.expectReports,
    });
    const scanned = performance.now();
    const channels = new Set(view.exposures.map((e) => e.channel));
    t.diagnostic(`${spec.handle} (${String(spec.profile.country)}, ${String(spec.profile.clearance)}): ${view.exposures.length} reads on ${[...channels].join(', ')}, `
      + `${(result.bytesScanned / 1024).toFixed(0)} KiB scanned for ${result.forbiddenCanaries} forbidden canaries (${result.forbiddenStored} of them in the stored package) and ${result.forbiddenIds} forbidden ids: `
      + `${result.hits.length} hits; `
      + `${release.refused === undefined ? `${result.expected.length} permitted canaries expected, ${result.missing.length} missing; banner ${release.banner}` : `draft refused: ${release.refused}, nothing sent`}`
      + `${view.pdfSkipped === undefined ? '' : `; PDF skipped: ${view.pdfSkipped}`}`
      + ` (release ${((released - started) / 1000).toFixed(1)} s, reads and scan ${((scanned - released) / 1000).toFixed(1)} s)`);
    return {
      handle: spec.handle, result, exposures: view.exposures, warningCanary,
      ...(release.refused === undefined ? {} : { refused: release.refused }),
      ...(view.pdfSkipped === undefined ? {} : { pdfSkipped: view.pdfSkipped }),
    };
  } finally {
    await release.server.close();
    release.dir.cleanup();
  }
}

/** The assertions every partner's check must pass. */
export function assertNoLeak(check: PartnerCheck): void {
  const { handle, result } = check;
  assert.deepEqual(result.hits, [], `LEAK to ${handle}`);
  if (check.refused !== undefined) return;
  assert.deepEqual(result.disagreements, [], `the plain rules and the policy disagree for ${handle}`);
  assert.deepEqual(result.unlisted, [], `objects forbidden to ${handle} that the engine did not report withheld`);
  assert.deepEqual(result.missing, [], `what ${handle} may see did not reach it`);
  assert.ok(result.forbiddenStored > 0 && result.forbiddenIds > 0, `the scan for ${handle} looked for canaries and ids that are really in the package`);
  // The drafter's text reaches the partner in the email and on paper.
  for (const channel of ['email', 'printable', 'ack'] as const) {
    const seen = check.exposures.filter((e) => e.channel === channel);
    assert.ok(seen.length > 0 && seen.every((e) => e.text.length > 0), `${handle} read something on ${channel}`);
    if (channel !== 'ack') assert.ok(seen.some((e) => e.text.includes(check.warningCanary)), `the warning text reached ${handle} by ${channel}`);
  }
}
