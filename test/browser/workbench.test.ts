// The analyst workbench in a real browser: Debian's Chromium driven by playwright-core
// against a real server (test/browser/server.ts: ephemeral loopback port, temporary SQLite
// file, the delivery dispatcher and feed scheduler running) holding the founding scenario,
// its warning case, two partners and the people who sign in. The main flow of issue 9: an
// analyst signs in, pastes a field report and sees what was found in it, sees its threat rise
// on the board, opens it, screens the case and composes the warning; a foreign-disclosure
// officer and a duty-to-warn officer (different people, neither the drafter) sign in in turn
// and approve it; it is delivered into the partner's TAXII collection, which the partner's
// account then reads. Around it: the threat view's evidence, STIX ingest and the objects
// browser, partners and tearlines, the audit log and oversight report, feeds and users for
// an administrator, keyboard reach and labelled controls. Any console error or page error
// fails it. Screenshots of every view go to test-output/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { partnerOutboundCollection } from '../../src/app/delivery/taxiiChannel.ts';
import { ANALYST_VIEWS, FIELD_REPORT, HIDDEN_FROM_ANALYST, OVERSIGHT_VIEWS, PARTNER_FEED, PARTNER_TAXII_PASSWORD, PARTNERS, PEOPLE, workbenchBundle } from './fixtures.ts';
import { startWorkbenchServer, type WorkbenchServer } from './server.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
// Without the networking flags Chromium keeps dialling Google's hosts, which this
// machine's closed network refuses (machines/node-svc.md).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

test('analyst workbench in Chromium', { timeout: 180_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is absent: install Debian's chromium (bash scripts/ensure-chromium.sh) to run the browser tests`);
    return;
  }
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web-if-stale.mjs'), '--required'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, `building web/dist failed:\n${build.stderr}`);
  mkdirSync(SCREENSHOTS, { recursive: true });

  const dir = mkdtempSync(join(tmpdir(), 'tearline-browser-profile-'));
  let server: WorkbenchServer | undefined;
  let context: BrowserContext | undefined;
  try {
    server = await startWorkbenchServer();
    const { base, passwords } = server;
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    const problems = watchForProblems(page);
    const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
    /** The warning case the pasted report opened. */
    let caseId = '';
    const browserContext = context;
    /** A tab left on the board while another ingests: live updates. */
    let liveBoard: Page | undefined;
    let liveProblems: ReturnType<typeof watchForProblems> | undefined;

    await t.test('signed out, the workbench shows only the sign-in form', async () => {
      // GET /api/auth/me answers 401 before anyone signs in; Chromium logs that as an error.
      await problems.allowOnly(/status of 401/, async () => {
        await page.goto(`${base}/`);
        await page.getByTestId('sign-in').waitFor();
      });
      assert.equal((await page.getByTestId('classification-banner').textContent())?.trim(), 'UNCLASSIFIED//DEMO');
      assert.equal(await page.getByRole('navigation', { name: 'Views' }).count(), 0, 'no navigation before sign-in');
      await shot('sign-in');
    });

    await t.test('a wrong password is refused, the right one opens the threat board', async () => {
      await page.getByLabel('Username').fill(PEOPLE.analyst.username);
      await page.getByLabel('Password').fill('not the password at all');
      await problems.allowOnly(/status of 401/, async () => {
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByText('The username or password is not right.').waitFor();
      });
      await page.getByLabel('Password').fill(passwords.analyst);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Threat board' }).waitFor();
      const menu = page.getByTestId('user-menu');
      assert.match((await menu.textContent()) ?? '', /Amira Haddad.*Analyst.*TS/);
      // The status line reads /api/health after the board appears.
      const statusLine = page.getByTestId('server-status');
      await eventually(async () => /Connected · v\d/.test((await statusLine.textContent()) ?? ''), 'the server status');
      const status = (await statusLine.textContent()) ?? '';
      assert.doesNotMatch(status, /objects/, 'the top bar shows no store counts');
      problems.assertNone('sign-in');
    });

    await t.test('the board ranks the founding threat with its flag, imminence and countdown', async () => {
      const board = page.getByTestId('threat-board');
      await board.waitFor();
      const rows = board.locator('tbody tr');
      assert.equal(await rows.count(), 1);
      const row = rows.first();
      assert.match((await row.locator('.band').textContent()) ?? '', /^P1\d+$/);
      assert.equal(await row.locator('.dtw-on').textContent(), 'Duty to warn');
      assert.match((await row.locator('.imminence').textContent()) ?? '', /^I1within 72 hours$/);
      // The case the flag opened has a screening deadline running.
      assert.match((await row.getByTestId('deadline-countdown').textContent()) ?? '', /screen deadline(due in|overdue)/);
      assert.match((await row.locator('.credibility').textContent()) ?? '', /^3possibly trueconfidence 50$/);
      assert.match((await row.locator('.specificity').textContent()) ?? '', /\d+\/12$/);
      assert.equal(await row.locator('.case-state').textContent(), 'Reported');
      await shot('threats');
      problems.assertNone('board');
    });

    await t.test('the navigation shows what an analyst may open, and the keyboard reaches every view', async () => {
      const links = await navigationIds(page);
      assert.deepEqual(links, ANALYST_VIEWS.map((v) => `nav-${v.id}`));
      for (const hidden of HIDDEN_FROM_ANALYST) assert.ok(!links.includes(`nav-${hidden}`), `${hidden} is hidden`);
      // A fresh load: the first Tab lands on the skip link, and Tab alone reaches the views.
      await page.goto(`${base}/#/threats`);
      await page.getByTestId('threat-board').waitFor();
      await page.keyboard.press('Tab');
      assert.equal((await focused(page))?.text, 'Skip to content');
      await tabTo(page, (f) => f.testid === 'nav-feeds', 'the Feeds link');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Feeds', exact: true }).waitFor();
      await eventually(async () => (await activeElement(page, 'id')) === 'view-title', 'focus on the Feeds heading');
      // An analyst reads feeds; adding them is for administrators.
      await page.getByTestId('no-feeds').waitFor();
      assert.equal(await page.getByTestId('add-feed').count(), 0);
      await assertLabelled(page, 'feeds (analyst)');
      problems.assertNone('navigation');
    });

    await t.test('the threat opens with its map, graph, evidence, assessment and timeline', async () => {
      await page.getByTestId('nav-threats').click();
      await page.getByTestId('threat-board').locator('a.threat-link').first().click();
      const view = page.getByTestId('threat-view');
      await view.waitFor();
      // The map: the shrine (a site) drawn from bundled outlines.
      const map = page.getByTestId('threat-map');
      await map.locator('.map-country').first().waitFor();
      assert.ok((await map.locator('.map-country').count()) > 100, 'country outlines are drawn');
      const places = await map.locator('.map-place .map-label').allTextContents();
      assert.ok(places.includes('Sayyida Zaynab shrine'), `the shrine is on the map: ${places.join(', ')}`);
      // The graph: reports and facts, with fusion's evidence between reports.
      const graph = page.getByTestId('threat-graph');
      await graph.locator('canvas').first().waitFor();
      assert.match((await graph.getByTestId('graph-counts').textContent()) ?? '', /^\d+ nodes · [1-9]\d* evidence links?$/);
      await graph.locator('summary').click();
      const listed = await graph.locator('.graph-text li').allTextContents();
      assert.ok(listed.some((line) => line.startsWith('Actor: Islamic State')), 'the actor is in the graph');
      assert.ok(listed.some((line) => /^Evidence link .* → .*: Same actor/.test(line)), 'an evidence link names its rule');
      await graph.locator('summary').click();
      await scrollToTop(page);
      await shot('threat-overview');

      await page.getByRole('tab', { name: 'Reports' }).click();
      const reports = page.getByTestId('threat-reports').locator('tbody tr');
      assert.equal(await reports.count(), 3);
      assert.match((await reports.first().locator('.admiralty').textContent()) ?? '', /^[A-F][1-6]$/);
      await scrollToTop(page);
      await shot('threat-reports');

      await page.getByRole('tab', { name: 'Links and evidence' }).click();
      const evidence = page.getByTestId('threat-evidence');
      await evidence.locator('.rule').first().waitFor();
      const rules = await evidence.locator('.rule').allTextContents();
      assert.ok(rules.includes('Same actor') && rules.includes('Nearby place'), `rules shown: ${rules.join(', ')}`);
      await scrollToTop(page);
      await shot('threat-evidence');

      await page.getByRole('tab', { name: 'Assessment' }).click();
      const explanation = await page.getByTestId('assessment-explanation').locator('li').allTextContents();
      assert.ok(explanation.some((line) => line.includes('TRIGGERED')), 'the explanation says the duty is triggered');
      await scrollToTop(page);
      await shot('threat-assessment');

      await page.getByRole('tab', { name: 'Timeline' }).click();
      assert.equal(await page.getByTestId('threat-timeline').locator('.tl-dot.tl-report').count(), 3);
      await scrollToTop(page);
      await shot('threat-timeline');
      problems.assertNone('threat view');
    });

    await t.test('an analyst confirms an automatically extracted report', async () => {
      await page.getByRole('tab', { name: 'Reports' }).click();
      const confirm = page.getByTestId('threat-reports').getByRole('button', { name: 'Confirm' }).first();
      await confirm.click();
      await page.getByLabel('Note for the record (optional)').fill('read the cable myself');
      await page.getByTestId('decision-confirm').getByRole('button', { name: 'Confirm' }).click();
      await page.getByTestId('decision-confirm').waitFor({ state: 'detached' });
      await page.getByRole('tab', { name: 'Timeline' }).click();
      await page.getByTestId('threat-timeline').locator('.timeline-list').getByText('pin by user:amira.haddad: read the cable myself').waitFor();
      problems.assertNone('decision');
    });

    await t.test('a pasted field report is stored, with what was found marked in its text by kind', async () => {
      // A second tab keeps the board open: the new threat must reach it live (GET /api/events).
      liveBoard = await browserContext.newPage();
      liveProblems = watchForProblems(liveBoard);
      // Opened with a session, the page comes with who is signed in and the board's first data
      // (src/http/firstLoad.ts, read by web/src/boot.ts): the board draws without asking for them.
      const reads: string[] = [];
      liveBoard.on('request', (request) => {
        const url = new URL(request.url());
        if (request.method() === 'GET' && /^\/api\/(auth\/me|threats|warnings)$/.test(url.pathname)) reads.push(`${url.pathname}${url.search}`);
      });
      await liveBoard.goto(`${base}/#/threats`);
      await liveBoard.getByTestId('threat-board').locator('tbody tr').first().waitFor();
      const liveRow = liveBoard.getByTestId('threat-board').locator('tbody tr');
      assert.equal(await liveRow.count(), 1);
      assert.deepEqual(reads, [], 'who is signed in and the board data came with the page');
      assert.equal(await liveBoard.locator('#tearline-first-load').count(), 0, 'the data block is read once and removed');
      // The warning cases came with it too: the founding threat's case is joined in.
      assert.equal(await liveRow.locator('.case-state').textContent(), 'Reported');
      await page.getByTestId('nav-ingest').click();
      await page.getByRole('heading', { level: 1, name: 'Ingest' }).waitFor();
      await assertLabelled(page, 'ingest');
      assert.equal(await page.getByLabel('Format').inputValue(), 'text', 'a report text is the default');
      // By keyboard: from the format to the text, paste, then Tab on to the Ingest button.
      await page.getByLabel('Format').focus();
      await page.keyboard.press('Tab');
      assert.equal((await focused(page))?.id, 'ingest-text');
      await page.keyboard.insertText(FIELD_REPORT);
      await tabTo(page, (f) => f.tag === 'button' && f.text === 'Ingest', 'the Ingest button');
      await page.keyboard.press('Enter');
      const extraction = page.getByTestId('extraction');
      await extraction.waitFor();
      const counts = await stats(page);
      assert.equal(counts.rejected, '0');
      assert.ok(Number(counts.stored) > 0 && Number(counts.stored) + Number(counts.unchanged) >= 8, JSON.stringify(counts));
      // The legend names every kind (a word, a colour and an underline each), with its count.
      const legend = extraction.getByTestId('mention-legend').locator('li');
      assert.deepEqual(await legend.locator('.legend-label').allTextContents(), ['Group', 'Person', 'Place', 'Site', 'Time', 'Method', 'Observable', 'Marking']);
      const legendTotal = (await legend.locator('.legend-count').allTextContents()).reduce((sum, n) => sum + Number(n), 0);
      // Each mention is marked in the text and followed by its kind's name, not by colour alone.
      const marks = extraction.getByTestId('extraction-text').locator('mark.mention');
      assert.equal(await marks.count(), legendTotal, 'every mention is placed in the text');
      const shown = new Map<string, string>();
      for (const mark of await marks.all()) {
        const kind = (await mark.getAttribute('data-kind')) ?? '';
        const tag = (await mark.locator('.mention-tag').textContent()) ?? '';
        const text = ((await mark.textContent()) ?? '').slice(0, -tag.length);
        assert.ok(tag !== '' && (await mark.getAttribute('class'))?.includes(`mention-${kind}`), `${text} says its kind`);
        shown.set(text, `${kind}/${tag}`);
      }
      const expected: Record<string, string> = {
        'al-Shabaab': 'group/Group',
        'Sahafi Hotel': 'site/Site',
        Mogadishu: 'place/Place',
        'car bomb': 'method/Method',
        'within the next 48 hours': 'date/Time',
        '+252 61 555 0142': 'observable/Observable',
        'TLP:CLEAR': 'marking/Marking',
      };
      for (const [text, kind] of Object.entries(expected)) assert.equal(shown.get(text), kind, `${text}: ${[...shown].join(' | ')}`);
      await assertLabelled(page, 'ingest result');
      await scrollMainTo(page, '[data-testid=extraction]');
      await shot('ingest');
      problems.assertNone('text ingest');
    });

    await t.test('an uploaded CSV file is read as a CSV by its name', async () => {
      await page.getByRole('button', { name: 'Clear' }).click();
      await page.getByLabel('Or upload a file').setInputFiles({ name: 'iocs.csv', mimeType: 'text/csv', buffer: Buffer.from('type,value,description\nipv4-addr,198.51.100.77,relay\ndomain-name,drop.example,c2\n') });
      assert.equal(await page.getByLabel('Format').inputValue(), 'csv');
      await page.getByRole('button', { name: 'Ingest', exact: true }).click();
      await page.getByTestId('ingest-summary').getByText('iocs.csv: stored').waitFor();
      assert.equal((await stats(page)).rejected, '0');
      await page.getByRole('button', { name: 'Clear' }).click();
      problems.assertNone('file ingest');
    });

    await t.test('the report’s threat rises on the board, flagged for a duty to warn, and opens', async () => {
      assert.ok(liveBoard !== undefined && liveProblems !== undefined);
      const liveRows = liveBoard.getByTestId('threat-board').locator('tbody tr');
      await eventually(async () => (await liveRows.count()) === 2, 'the new threat on the board left open in another tab, without a reload');
      assert.equal(await liveRows.filter({ hasText: 'al-Shabaab' }).count(), 1);
      liveProblems.assertNone('live board');
      await liveBoard.close();
      await page.getByTestId('nav-threats').click();
      const rows = page.getByTestId('threat-board').locator('tbody tr');
      await eventually(async () => (await rows.count()) === 2, 'the new threat on the board');
      const row = rows.filter({ hasText: 'al-Shabaab' });
      assert.equal(await row.count(), 1);
      assert.match((await row.locator('.band').textContent()) ?? '', /^P1\d+/);
      assert.equal(await row.locator('.dtw-on').textContent(), 'Duty to warn');
      assert.match((await row.locator('.imminence').textContent()) ?? '', /^I1/);
      assert.equal(await row.locator('.case-state').textContent(), 'Reported');
      // Ranked: the board lists threats by priority score, highest first.
      const scores = (await rows.locator('.band-score').allTextContents()).map(Number);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
      await shot('board');
      await row.locator('a.threat-link').click();
      await page.getByTestId('threat-view').waitFor();
      const map = page.getByTestId('threat-map');
      await map.locator('.map-country').first().waitFor();
      const places = await map.locator('.map-place .map-label').allTextContents();
      assert.ok(places.some((p) => p.includes('Sahafi Hotel') || p.includes('Mogadishu')), `the target is on the map: ${places.join(', ')}`);
      await page.getByTestId('threat-graph').locator('canvas').first().waitFor();
      await scrollToTop(page);
      await shot('threat');
      problems.assertNone('board');
    });

    await t.test('a pasted bundle is ingested, and the objects browser lists it', async () => {
      await page.getByTestId('nav-ingest').click();
      await page.getByLabel('Format').selectOption('stix');
      await page.getByLabel('Paste a STIX bundle or object (JSON)').fill(JSON.stringify(workbenchBundle(), null, 2));
      await page.getByRole('button', { name: 'Ingest', exact: true }).click();
      await page.getByTestId('ingest-summary').getByText('stored', { exact: false }).first().waitFor();
      assert.deepEqual(await stats(page), { received: '31', stored: '31', unchanged: '0', rejected: '0' });
      assert.equal(await page.getByTestId('extraction').count(), 0, 'STIX has no text to mark');
      await page.getByTestId('nav-objects').click();
      await page.getByLabel('Type', { exact: true }).fill('indicator');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('link', { name: 'Workbench test indicator (revised)' }).click();
      await page.getByTestId('object-detail').getByText('Version 2 of 2').waitFor();
      await shot('objects');
      problems.assertNone('ingest and objects');
    });

    await t.test('the analyst screens the case and composes the warning, previewing the release beside the text', async () => {
      await page.getByTestId('nav-threats').click();
      await page.getByTestId('threat-board').locator('tbody tr').filter({ hasText: 'al-Shabaab' }).locator('a.case-state').click();
      await page.getByTestId('warning-case').waitFor();
      caseId = decodeURIComponent(page.url().split('#/warnings/')[1] ?? '');
      assert.match(caseId, /^warning--/);
      // In `reported` an analyst's first step is the screening, prefilled from the assessment.
      const commands = page.getByTestId('case-commands');
      await commands.getByText('Record screening').first().waitFor();
      assert.equal(await page.getByLabel('Harm').inputValue(), 'killing');
      assert.match(await page.getByLabel('Intended victim').inputValue(), /^People at .*Sahafi Hotel/);
      await assertLabelled(page, 'warning case');
      await shot('warning-case');
      await page.getByLabel('Nationality').fill('Hotel guests and staff, Somali and foreign');
      await page.getByLabel('Country (ISO code)').fill('SOM');
      await commands.getByRole('button', { name: 'Record screening' }).click();
      await commands.getByText('Screening recorded: the case is now screening.').waitFor();
      await page.getByLabel('Basis (why the trigger is met)').fill('A car bomb against the Sahafi Hotel within 48 hours, from a source with direct access.');
      await commands.getByRole('button', { name: 'Establish the duty to warn' }).click();
      await commands.getByText('the case is now duty established').waitFor();
      const composer = page.getByTestId('warning-composer');
      await composer.getByLabel('Recipient').selectOption(PARTNERS.uk);
      // Into the partner's TAXII collection only: this server has no mail relay.
      assert.equal(await composer.getByLabel('taxii').isChecked(), true);
      await composer.getByLabel('email').uncheck();
      await composer.getByRole('button', { name: 'Preview release' }).click();
      const preview = composer.getByTestId('tearline-preview');
      await preview.waitFor();
      assert.match((await preview.getByTestId('tearline-banner').textContent()) ?? '', /REL TO|UNCLASSIFIED|SECRET/);
      await assertLabelled(page, 'composer');
      await page.evaluate('document.querySelector("[data-testid=warning-composer]")?.scrollIntoView({ block: "start" })');
      await shot('composer');
      await composer.getByRole('button', { name: 'Draft warning' }).click();
      await composer.getByText('The warning is drafted and frozen').waitFor();
      await commands.getByRole('button', { name: 'Submit for release' }).click();
      await commands.getByText('the case is now release review').waitFor();
      // The two-person rule: the drafter is offered no approval.
      assert.equal(await commands.getByRole('button', { name: 'Approve release' }).count(), 0);
      problems.assertNone('warning');
    });

    await t.test('a partner’s tearline shows what goes, what stays and why', async () => {
      await page.getByTestId('nav-partners').click();
      await page.getByTestId('partner-list').getByText('Syrian General Security Service, liaison desk').click();
      await page.getByTestId('partner-detail').waitFor();
      // The founding threat (the pasted report's threat is TLP:CLEAR: all of it may go).
      const threats = page.getByTestId('partner-detail').getByLabel('Threat', { exact: true });
      // A real threat, not the "Loading…" placeholder (value ''), which a slow list shows first.
      await threats.locator('option:not([value=""])').first().waitFor({ state: 'attached' });
      let founding = '';
      for (const option of await threats.locator('option').all()) {
        if (!((await option.textContent()) ?? '').includes('al-Shabaab')) founding = (await option.getAttribute('value')) ?? '';
      }
      await threats.selectOption(founding);
      await page.getByRole('button', { name: 'Preview tearline' }).click();
      const preview = page.getByTestId('tearline-preview');
      await preview.waitFor();
      // NOFORN and REL TO USA, GBR material never reaches a Syrian service.
      const withheld = await preview.getByTestId('tearline-withheld').locator('.code-tag').allTextContents();
      assert.ok(withheld.length > 0, 'something is withheld, with a reason code');
      assert.ok(withheld.every((code) => /^[a-z-]+$/.test(code)));
      await preview.scrollIntoViewIfNeeded();
      await shot('partners');
      problems.assertNone('partners');
    });

    await t.test('signing out returns to the sign-in form', async () => {
      await page.getByTestId('user-menu').click();
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in').waitFor();
      await page.getByText('You have signed out.').waitFor();
      problems.assertNone('sign-out');
    });

    await t.test('a foreign-disclosure officer, then a duty-to-warn officer approve; the warning is delivered', async () => {
      const approve = async (person: keyof typeof PEOPLE, after: string): Promise<Locator> => {
        await signIn(page, PEOPLE[person].username, passwords[person]);
        await page.getByRole('heading', { level: 1, name: 'Threat board' }).waitFor();
        await page.getByTestId('nav-warnings').click();
        await page.getByTestId('warning-cases').locator('a.threat-link').filter({ hasText: 'al-Shabaab' }).click();
        const commands = page.getByTestId('case-commands');
        await commands.getByRole('button', { name: 'Approve release' }).click();
        await commands.getByText(`Approve release: the case is now ${after}.`).waitFor();
        return page.getByTestId('warning-case');
      };
      await approve('disclosure', 'release review');
      await signOut(page);
      const view = await approve('officer', 'delivery');
      // Both approvals, by two people in two roles, neither of them the drafter.
      const approvalRows = view.locator('table').filter({ hasText: 'Approval' }).locator('tbody tr');
      // The case view re-reads itself after the command; the second approval lands with it.
      await eventually(async () => (await approvalRows.count()) === 2, 'both approvals on the case');
      const approvals = await approvalRows.allTextContents();
      assert.equal(approvals.length, 2, approvals.join(' | '));
      assert.ok(approvals.some((a) => a.includes('foreign_disclosure_officer')) && approvals.some((a) => a.includes('duty_to_warn_officer')));
      // The dispatcher sends it; the case view reads itself again until it lands.
      await eventually(async () => (await view.locator('.view-title-row .state').textContent()) === 'Delivered', 'the case to be delivered');
      const log = page.getByTestId('delivery-log');
      const row = log.getByTestId('deliveries-taxii').getByTestId('delivery-row');
      assert.equal(await row.count(), 1);
      assert.equal(await row.locator('.delivery-state').textContent(), 'Sent');
      assert.match((await row.textContent()) ?? '', /stored in (collection|the partner collection)/);
      assert.match((await log.getByTestId('recorded-deliveries').textContent()) ?? '', /Delivered to UK counter-terrorism liaison on taxii/);
      assert.match((await log.getByTestId('acknowledgement').textContent()) ?? '', /Awaited/);
      await assertLabelled(page, 'delivered warning');
      await scrollMainTo(page, '[aria-labelledby=products-title]');
      await shot('warning-delivered');

      // The partner reads exactly the approved product from its own collection, over TAXII.
      const products = await (server as WorkbenchServer).store.warnings.productsOf(caseId);
      const approved = products.at(-1);
      assert.ok(approved !== undefined);
      const collection = partnerOutboundCollection(PARTNERS.uk, 'UK').id;
      const res = await fetch(`${base}/taxii2/root/collections/${collection}/objects/`, {
        headers: { accept: 'application/taxii+json;version=2.1', authorization: `Basic ${Buffer.from(`${PARTNERS.uk}:${PARTNER_TAXII_PASSWORD}`).toString('base64')}` },
      });
      assert.equal(res.status, 200, await res.clone().text());
      const envelope = (await res.json()) as { objects?: { id: string }[] };
      const released = (JSON.parse(approved.bundleJson) as { objects: { id: string }[] }).objects.map((o) => o.id).sort();
      assert.ok(released.length > 0);
      assert.deepEqual((envelope.objects ?? []).map((o) => o.id).sort(), released);
      await signOut(page);
      problems.assertNone('approvals and delivery');
    });

    await t.test('oversight reads the audit log and the oversight report, and cannot ingest', async () => {
      await signIn(page, PEOPLE.oversight.username, passwords.oversight);
      await page.getByRole('heading', { level: 1, name: 'Threat board' }).waitFor();
      const links = await navigationIds(page);
      assert.deepEqual(links, OVERSIGHT_VIEWS.map((id) => `nav-${id}`));
      await page.getByTestId('nav-audit').click();
      const table = page.getByTestId('audit-table');
      await table.waitFor();
      const actions = await table.locator('tbody .code-tag').allTextContents();
      assert.ok(actions.includes('threat.pin'), `the analyst's decision is audited: ${actions.join(', ')}`);
      await page.getByLabel('Action').fill('auth.login');
      await page.getByRole('button', { name: 'Apply' }).click();
      await eventually(async () => (await table.locator('tbody .code-tag').allTextContents()).every((a) => a === 'auth.login'), 'only sign-ins listed');
      await page.getByRole('button', { name: 'Verify chain' }).click();
      await page.getByText(/^The chain is intact: \d+ entries$/).waitFor();
      await shot('audit');
      await page.getByTestId('nav-oversight').click();
      const report = page.getByTestId('oversight-report');
      await report.waitFor();
      assert.equal(await report.locator('.stat').first().locator('dd').textContent(), '2');
      await shot('oversight');
      problems.assertNone('oversight');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in').waitFor();
    });

    await t.test('the first administrator must choose a password before anything else', async () => {
      await signIn(page, PEOPLE.administrator.username, passwords.administrator);
      await page.getByTestId('change-password').waitFor();
      assert.equal(await page.getByRole('navigation', { name: 'Views' }).count(), 0);
      await shot('change-password');
      const chosen = 'a long passphrase of my own';
      await page.getByLabel('One-time password').fill(passwords.administrator);
      await page.getByLabel('New password', { exact: true }).fill(chosen);
      await page.getByLabel('Repeat the new password').fill(chosen);
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.getByRole('navigation', { name: 'Views' }).waitFor();
      // An administrator manages accounts and reads the audit log; no warnings (DOMAIN.md §1).
      assert.equal(await page.getByTestId('nav-warnings').count(), 0);
      assert.equal(await page.getByTestId('nav-audit').count(), 1);
      problems.assertNone('password change');
    });

    await t.test('an administrator adds a TAXII feed and sees its first run', async () => {
      await page.getByTestId('nav-feeds').click();
      const form = page.getByTestId('add-feed');
      await assertLabelled(page, 'feeds (administrator)');
      await form.getByLabel('Name').fill(PARTNER_FEED.name);
      await form.getByLabel('TAXII URL (discovery, API root or collection)').fill((server as WorkbenchServer).partnerTaxii);
      await form.getByLabel('Remote collection (id, alias or title)').fill('shared');
      await form.getByLabel('Pull every (seconds)').fill('60');
      await form.getByLabel('Sign in with').selectOption('basic');
      await form.getByLabel('User').fill(PARTNER_FEED.user);
      await form.getByLabel('Password').fill(PARTNER_FEED.password);
      await form.getByRole('button', { name: 'Add feed' }).click();
      await form.getByText(`Feed ${PARTNER_FEED.name} added`).waitFor();
      // The server's scheduler pulls it; the list shows the run when it is read again.
      const row = page.getByTestId(`feed-${PARTNER_FEED.name}`);
      await eventually(async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return (await row.locator('.feed-outcome').textContent()) === 'Succeeded';
      }, 'the feed’s first run');
      assert.equal((await row.locator('td.num').textContent())?.trim(), '3');
      assert.ok(!((await page.getByTestId('feeds').textContent()) ?? '').includes(PARTNER_FEED.password), 'the password is never shown');
      await scrollToTop(page);
      await shot('feeds');
      problems.assertNone('feeds');
    });

    await t.test('an administrator lists users, adds one and changes their roles', async () => {
      await page.getByTestId('nav-users').click();
      const table = page.getByTestId('user-table');
      await table.waitFor();
      assert.equal(await table.locator('tbody tr').count(), Object.keys(PEOPLE).length);
      assert.match((await table.getByTestId(`user-${PEOPLE.officer.username}`).textContent()) ?? '', /Duty-to-warn officer/);
      await assertLabelled(page, 'users');
      const add = page.getByTestId('add-user');
      await add.getByLabel('Username').fill('lina.farah');
      await add.getByLabel('Display name').fill('Lina Farah');
      await add.getByRole('button', { name: 'Add user' }).click();
      await page.getByText('lina.farah can now sign in.').waitFor();
      assert.match((await page.getByTestId('one-time-password').textContent()) ?? '', /^\S{12,}$/);
      const lina = table.getByTestId('user-lina.farah');
      await lina.getByText('Change lina.farah').click();
      await lina.getByLabel('Originator').check();
      await lina.getByRole('button', { name: 'Save roles' }).click();
      await page.getByText('lina.farah now holds: Analyst, Originator.').waitFor();
      assert.match((await lina.locator('.role-list').textContent()) ?? '', /Analyst.*Originator/);
      await scrollToTop(page);
      await shot('users');
      problems.assertNone('users');
    });

    problems.assertNone('end');
  } finally {
    await context?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in').waitFor();
}

interface Focused {
  readonly tag: string;
  readonly id: string;
  readonly testid: string | null;
  readonly text: string;
}

/** What has the keyboard focus. */
async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate<Focused | null>(
    `(() => { const e = document.activeElement; return e === null || e === document.body ? null : { tag: e.tagName.toLowerCase(), id: e.id, testid: e.getAttribute('data-testid'), text: (e.textContent || '').trim().slice(0, 80) }; })()`,
  );
}

/** Presses Tab until the focus is on what `matches` looks for; fails if it never gets there. */
async function tabTo(page: Page, matches: (f: Focused) => boolean, what: string, max = 60): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    const f = await focused(page);
    if (f !== null && matches(f)) return;
    seen.push(f === null ? 'body' : `${f.tag}#${f.id || f.testid || f.text.slice(0, 20)}`);
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${what}; focus went ${seen.join(' → ')}`);
}

/** Every visible form control in the view has an accessible name (a label, aria-label or its text). */
async function assertLabelled(page: Page, where: string): Promise<void> {
  const unlabelled = await page.evaluate<string[]>(`[...document.querySelectorAll('#main input, #main select, #main textarea, #main button')]
    .filter((e) => e.offsetParent !== null && e.type !== 'hidden')
    .filter((e) => {
      const byLabel = e.labels ? [...e.labels].map((l) => l.textContent || '').join('') : '';
      const byRef = (e.getAttribute('aria-labelledby') || '').split(' ').map((id) => document.getElementById(id)?.textContent || '').join('');
      const name = (e.getAttribute('aria-label') || '') + byLabel + byRef + (e.tagName === 'BUTTON' ? e.textContent || '' : '') + (e.getAttribute('title') || '');
      return name.trim() === '';
    })
    .map((e) => e.outerHTML.slice(0, 160))`);
  assert.deepEqual(unlabelled, [], `unlabelled controls in ${where}`);
}

/** Scrolls the main region (only) so that `selector` is at its top, for a screenshot. */
async function scrollMainTo(page: Page, selector: string): Promise<void> {
  await page.evaluate(`(() => {
    const main = document.getElementById('main');
    const target = document.querySelector(${JSON.stringify(selector)});
    if (main === null || target === null) return;
    main.scrollTop += target.getBoundingClientRect().top - main.getBoundingClientRect().top - 12;
    window.scrollTo(0, 0);
  })()`);
}

/** Scrolls the main region back to the view's heading, so screenshots show it. */
async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate('document.getElementById("main")?.scrollTo(0, 0)');
}

/** The data-testid of every link in the navigation, in order. */
async function navigationIds(page: Page): Promise<(string | null)[]> {
  const links = await page.getByRole('navigation', { name: 'Views' }).getByRole('link').all();
  return Promise.all(links.map((link) => link.getAttribute('data-testid')));
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

interface ProblemWatch {
  assertNone(step: string): void;
  allowOnly(expected: RegExp, action: () => Promise<void>): Promise<void>;
}

/** Collects console errors, uncaught page errors and failed requests. */
function watchForProblems(page: Page): ProblemWatch {
  let problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A view that goes away cancels its reads (useLoad's AbortController) and closes its live
    // stream (GET /api/events): aborts the page asked for, not failures.
    if (request.method() === 'GET' && new URL(request.url()).pathname.startsWith('/api/') && request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  return {
    assertNone(step) {
      assert.deepEqual(problems, [], `browser problems during ${step}`);
    },
    async allowOnly(expected, action) {
      assert.deepEqual(problems, [], 'browser problems before an expected error');
      await action();
      const unexpected = problems.filter((p) => !expected.test(p));
      assert.deepEqual(unexpected, [], 'only the expected console error may appear');
      problems = [];
    },
  };
}

async function stats(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of ['received', 'stored', 'unchanged', 'rejected']) {
    out[name] = ((await page.getByTestId(`stat-${name}`).locator('dd').textContent()) ?? '').trim();
  }
  return out;
}

/**
 * Polls a condition from Node until it holds (10 s at most). A waitForFunction string would
 * be eval'd in the page, which the UI's Content-Security-Policy rightly refuses.
 */
async function eventually(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// Browser-side code is passed as a string (the test project's types are Node's, not the DOM's);
// page.evaluate runs it through the DevTools protocol, which the page's CSP does not govern.
/** A property of the focused element (`id`, `textContent`, `dataset.testid`). */
async function activeElement(page: Page, property: string): Promise<string | undefined> {
  return page.evaluate<string | undefined>(`document.activeElement?.${property.replace(/\./g, '?.')} ?? undefined`);
}
