// Leak test, founding scenario (issue 11 "Leaks"): the demo's three reports raise the threat
// and its warning case; the engine's founding fixture (intercept SECRET//ORCON/NOFORN from a
// protected SIGINT source, the British cable SECRET//REL TO USA, GBR, the open news, the
// analysts' tearline portions) is its material, a canary in every string. The case is
// released to five partners — Syria (foreign, S), Britain (foreign, TS), Jordan (foreign, C),
// the FBI (domestic, TS, holding the SIGINT unit's ORCON consent) and a state police unit
// (domestic, U) — through a running server, the two-person (here three-person, ORCON)
// approval, and the dispatcher on TAXII, webhook and email. Every byte each partner can read
// is scanned for the canaries and ids of what it may not see: zero hits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { IDS } from '../../src/app/tearline/fixtures/founding-scenario.ts';
import { canaryMaker } from './oracle.ts';
import { foundingPackage } from './scenarios.ts';
import { assertNoLeak, releaseToEveryPartner, startPeers, type Peers } from './suite.ts';

let peers: Peers;
before(async () => {
  peers = await startPeers();
});
after(async () => {
  await peers.close();
});

test('founding scenario: nothing a partner may not see reaches it on any channel', async (t) => {
  const now = new Date();
  const tag = randomBytes(3).toString('hex');
  const pkg = foundingPackage(now, peers.webhooks.baseUrl, canaryMaker(tag));
  const news = pkg.reports.find((r) => r.name === 'news-report.txt')?.reportId as string;
  const checks = await releaseToEveryPartner(t, pkg, peers, now, {
    tag,
    perObjectReads: 1000,
    probes: 100,
    pdfFor: ['syria-gss'],
    // The open news (the demo's and the fixture's) goes to everyone; the tearline report to
    // Syria; the cable to Britain; the intercept to the FBI, which holds the ORCON consent.
    expectReports: [news, IDS.newsReport, IDS.warning, IDS.cable, IDS.intercept],
  });
  assert.deepEqual(checks.map((c) => c.handle), ['syria-gss', 'uk-liaison', 'jordan-gid', 'fbi-ct', 'state-police']);
  for (const check of checks) assertNoLeak(check);

  // The scan is not vacuous: what each partner may see did arrive, and what it may not was looked for.
  const canaryOf = (objectId: string, selector: string): string => {
    const found = [...pkg.canaries].find(([, site]) => site.objectId === objectId && site.selector === selector);
    assert.ok(found !== undefined, `a canary at ${objectId}/${selector}`);
    return found[0];
  };
  const by = new Map(checks.map((c) => [c.handle, c]));
  const expects = (handle: string, objectId: string): boolean => by.get(handle)?.result.expected.includes(canaryOf(objectId, 'name')) ?? false;
  for (const handle of by.keys()) assert.ok(expects(handle, IDS.newsReport) && expects(handle, IDS.shrine), `${handle} gets the open news and the shrine`);
  assert.ok(expects('syria-gss', IDS.plot) && expects('syria-gss', IDS.warning), 'Syria gets the tearline: the plot and the warning report');
  assert.ok(expects('uk-liaison', IDS.cable) && !expects('uk-liaison', IDS.plot), 'Britain gets the cable, not the portions REL TO USA, SYR');
  assert.ok(expects('fbi-ct', IDS.intercept) && expects('fbi-ct', IDS.facilitator), 'the FBI gets the intercept on the ORCON consent');
  for (const handle of ['syria-gss', 'uk-liaison', 'jordan-gid', 'state-police']) assert.ok(!expects(handle, IDS.intercept), `${handle} is not expected to get the intercept`);
  const pdf = by.get('syria-gss');
  if (pdf?.pdfSkipped !== undefined) t.diagnostic(`PDF not checked: ${pdf.pdfSkipped}`);
  else assert.ok(pdf?.exposures.some((e) => e.channel === 'pdf' && e.text.includes(pdf.warningCanary)), 'the printed PDF was read back');
});
