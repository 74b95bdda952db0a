// The analyst workbench in a real browser: Debian's Chromium driven by playwright-core
// against a real server (ephemeral loopback port, temporary SQLite file) holding the
// founding scenario, its warning case, two partners and three people. It signs in through
// the UI, reads the threat board, opens the threat (map, graph, evidence, assessment,
// timeline), ingests by pasting, browses objects, composes a warning, previews a tearline,
// and as oversight reads the audit log and the oversight report; a first administrator
// changes the one-time password. Any console error or page error fails it. Screenshots of
// every view go to test-output/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { packageVersion, systemClock } from '../../src/main.ts';
import { TEST_AUTH } from '../auth/support.ts';
import { ANALYST_VIEWS, HIDDEN_FROM_ANALYST, OVERSIGHT_VIEWS, PARTNERS, PEOPLE, workbenchBundle } from './fixtures.ts';
import { seedFoundingScenario, seedPartners, seedPerson } from './seed.ts';

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

test('analyst workbench in Chromium', { timeout: 120_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is absent: install Debian's chromium (bash scripts/ensure-chromium.sh) to run the browser tests`);
    return;
  }
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web-if-stale.mjs'), '--required'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, `building web/dist failed:\n${build.stderr}`);
  mkdirSync(SCREENSHOTS, { recursive: true });

  const dir = mkdtempSync(join(tmpdir(), 'tearline-browser-'));
  const store = openSqliteStore({ path: join(dir, 'tearline.db') });
  const now = new Date();
  await seedFoundingScenario(store, now);
  await seedPartners(store, systemClock);
  const passwords = {
    analyst: await seedPerson(store, systemClock, PEOPLE.analyst),
    oversight: await seedPerson(store, systemClock, PEOPLE.oversight),
    administrator: await seedPerson(store, systemClock, PEOPLE.administrator, { oneTime: true }),
  };
  const app = await buildServer({ store, clock: systemClock, maxBodyBytes: 8 * 1024 * 1024, version: packageVersion(), auth: TEST_AUTH });
  let context: BrowserContext | undefined;
  try {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
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
      const status = (await page.getByTestId('server-status').textContent()) ?? '';
      assert.match(status, /Connected · v\d/);
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

    await t.test('the navigation shows what an analyst may open, and planned views say what they wait for', async () => {
      const links = await navigationIds(page);
      assert.deepEqual(links, ANALYST_VIEWS.map((v) => `nav-${v.id}`));
      for (const hidden of HIDDEN_FROM_ANALYST) assert.ok(!links.includes(`nav-${hidden}`), `${hidden} is hidden`);
      await page.getByTestId('nav-feeds').click();
      await page.getByRole('heading', { level: 1, name: 'Feeds', exact: true }).waitFor();
      const missing = await page.getByTestId('not-available').locator('.missing-name').allTextContents();
      assert.ok(missing.length > 0 && missing.every((name) => name.trim() !== ''));
      await eventually(async () => (await activeElement(page, 'id')) === 'view-title', 'focus on the Feeds heading');
      await shot('feeds');
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

    await t.test('a pasted bundle is ingested, and the objects browser lists it', async () => {
      await page.getByTestId('nav-ingest').click();
      await page.getByLabel('Paste a STIX bundle or object (JSON)').fill(JSON.stringify(workbenchBundle(), null, 2));
      await page.getByRole('button', { name: 'Ingest', exact: true }).click();
      await page.getByTestId('ingest-summary').getByText('stored', { exact: false }).first().waitFor();
      assert.deepEqual(await stats(page), { received: '31', stored: '31', unchanged: '0', rejected: '0' });
      await shot('ingest');
      await page.getByTestId('nav-objects').click();
      await page.getByLabel('Type', { exact: true }).fill('indicator');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('link', { name: 'Workbench test indicator (revised)' }).click();
      await page.getByTestId('object-detail').getByText('Version 2 of 2').waitFor();
      await shot('objects');
      problems.assertNone('ingest and objects');
    });

    await t.test('the warning composer previews the release beside the text', async () => {
      await page.getByTestId('nav-warnings').click();
      await page.getByTestId('warning-cases').locator('a.threat-link').first().click();
      await page.getByTestId('warning-case').waitFor();
      // In `reported` an analyst's first step is the screening, prefilled from the assessment.
      const commands = page.getByTestId('case-commands');
      await commands.getByText('Record screening').first().waitFor();
      assert.equal(await page.getByLabel('Harm').inputValue(), 'killing');
      assert.match(await page.getByLabel('Intended victim').inputValue(), /^People at .*Sayyida Zaynab shrine/);
      await shot('warning-case');
      await page.getByLabel('Nationality').fill('Syrian and foreign pilgrims');
      await page.getByLabel('Country (ISO code)').fill('SYR');
      await commands.getByRole('button', { name: 'Record screening' }).click();
      await commands.getByText('Screening recorded: the case is now screening.').waitFor();
      await page.getByLabel('Basis (why the trigger is met)').fill('A car bomb against the shrine within 72 hours, from two independent sources.');
      await commands.getByRole('button', { name: 'Establish the duty to warn' }).click();
      await commands.getByText('the case is now duty established').waitFor();
      const composer = page.getByTestId('warning-composer');
      await composer.getByLabel('Recipient').selectOption(PARTNERS.uk);
      await composer.getByRole('button', { name: 'Preview release' }).click();
      const preview = composer.getByTestId('tearline-preview');
      await preview.waitFor();
      assert.match((await preview.getByTestId('tearline-banner').textContent()) ?? '', /REL TO|UNCLASSIFIED|SECRET/);
      await page.evaluate('document.querySelector("[data-testid=warning-composer]")?.scrollIntoView({ block: "start" })');
      await shot('warning-composer');
      problems.assertNone('warning');
    });

    await t.test('a partner’s tearline shows what goes, what stays and why', async () => {
      await page.getByTestId('nav-partners').click();
      await page.getByTestId('partner-list').getByText('Syrian General Security Service, liaison desk').click();
      await page.getByTestId('partner-detail').waitFor();
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
      assert.equal(await report.locator('.stat').first().locator('dd').textContent(), '1');
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

    problems.assertNone('end');
  } finally {
    await context?.close();
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

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
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
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
