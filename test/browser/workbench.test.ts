// The analyst workbench in a real browser: Debian's Chromium driven by playwright-core
// against a real server (ephemeral loopback port, temporary SQLite file). It walks every
// view, ingests by pasting, browses and pages the objects, opens an object's versions, and
// fails on any console error or page error. Screenshots go to test-output/screenshots/.
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
import { VIEW_IDS, workbenchBundle, WORKBENCH_IDS } from './fixtures.ts';

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
  const app = await buildServer({ store, clock: systemClock, maxBodyBytes: 8 * 1024 * 1024, version: packageVersion() });
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

    await page.goto(`${base}/`);
    await page.getByTestId('server-status').getByText('0 objects').waitFor();

    await t.test('the shell shows the classification banner and lands on the objects browser', async () => {
      assert.equal((await page.getByTestId('classification-banner').textContent())?.trim(), 'UNCLASSIFIED//DEMO');
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Objects');
      await page.getByText('No objects are stored yet.').waitFor();
      problems.assertNone('landing');
    });

    await t.test('every view opens from the navigation; planned ones say what they wait for', async () => {
      for (const view of VIEW_IDS) {
        await page.getByTestId(`nav-${view.id}`).click();
        await page.waitForURL(`**/#/${view.id}`);
        await page.getByRole('heading', { level: 1, name: view.label, exact: true }).waitFor();
        assert.equal(await page.getByTestId(`nav-${view.id}`).getAttribute('aria-current'), 'page');
        // Focus moves to the new view's heading for keyboard and screen-reader users.
        await eventually(async () => (await activeElement(page, 'id')) === 'view-title', `focus on ${view.id}'s heading`);
        const panel = page.getByTestId('not-available');
        if (view.waiting) {
          assert.equal(await panel.count(), 1, `${view.id} should say it is not available yet`);
          const missing = await panel.locator('.missing-name').allTextContents();
          assert.ok(missing.length > 0 && missing.every((name) => name.trim() !== ''), `${view.id} names what it is missing`);
        } else {
          assert.equal(await panel.count(), 0, `${view.id} has data and must not show the not-available panel`);
        }
        await page.screenshot({ path: join(SCREENSHOTS, `${view.id}.png`) });
        problems.assertNone(view.id);
      }
    });

    await t.test('the navigation works from the keyboard', async () => {
      await page.goto(`${base}/#/threats`);
      await page.getByRole('heading', { level: 1, name: 'Threat board' }).waitFor();
      await page.keyboard.press('Tab');
      assert.equal(await activeElement(page, 'textContent'), 'Skip to content');
      let reached = false;
      for (let i = 0; i < 12 && !reached; i += 1) {
        await page.keyboard.press('Tab');
        reached = (await activeElement(page, 'dataset.testid')) === 'nav-ingest';
      }
      assert.ok(reached, 'Tab reaches the Ingest link');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/#/ingest');
      await page.getByRole('heading', { level: 1, name: 'Ingest', exact: true }).waitFor();
      await eventually(async () => (await activeElement(page, 'id')) === 'view-title', 'focus on the Ingest heading');
      problems.assertNone('keyboard');
    });

    await t.test('a pasted bundle is ingested and summarised', async () => {
      await page.getByLabel('Paste a STIX bundle or object (JSON)').fill(JSON.stringify(workbenchBundle(), null, 2));
      await page.getByRole('button', { name: 'Ingest', exact: true }).click();
      const summary = page.getByTestId('ingest-summary');
      await summary.getByText('stored', { exact: false }).first().waitFor();
      assert.deepEqual(await stats(page), { received: '31', stored: '31', unchanged: '0', rejected: '0' });
      assert.equal(await page.getByTestId('ingest-errors').count(), 0);
      await page.getByTestId('server-status').getByText('30 objects, 31 versions').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'ingest-stored.png') });
      problems.assertNone('ingest');
    });

    await t.test('a bad bundle is rejected whole, with every error listed', async () => {
      await page.getByRole('button', { name: 'Clear' }).click();
      await page.getByLabel('Paste a STIX bundle or object (JSON)').fill(JSON.stringify(workbenchBundle({ broken: true })));
      // The 422 is the expected answer; Chromium logs every non-2xx response as a console
      // error, so exactly that message is allowed here and nothing else.
      await problems.allowOnly(/status of 422/, async () => {
        await page.getByRole('button', { name: 'Ingest', exact: true }).click();
        await page.getByTestId('ingest-errors').waitFor();
      });
      const rows = page.getByTestId('ingest-errors').locator('tbody tr');
      assert.ok((await rows.count()) >= 1);
      const first = rows.first();
      assert.equal(await first.locator('.issue-object').textContent(), WORKBENCH_IDS.broken);
      assert.match((await first.locator('.issue-path').textContent()) ?? '', /^objects\[31\]\./);
      assert.match((await first.locator('.issue-code').textContent()) ?? '', /^[a-z-]+$/);
      assert.ok(((await first.locator('.issue-message').textContent()) ?? '').length > 0);
      assert.deepEqual(await stats(page), { received: '32', stored: '0', unchanged: '0', rejected: '32' });
      await page.screenshot({ path: join(SCREENSHOTS, 'ingest-rejected.png') });
    });

    await t.test('with --partial the valid objects are stored and the bad one reported', async () => {
      await page.getByLabel(/Partial ingest/).check();
      await page.getByRole('button', { name: 'Ingest', exact: true }).click();
      await page.getByText('partly stored').waitFor();
      assert.deepEqual(await stats(page), { received: '32', stored: '0', unchanged: '31', rejected: '1' });
      problems.assertNone('partial ingest');
    });

    await t.test('the objects browser pages, filters and opens every version of an object', async () => {
      await page.getByTestId('nav-objects').click();
      await page.getByLabel('Per page').selectOption('25');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByText('Page 1').waitFor();
      await waitForCount(page, 25);
      await page.screenshot({ path: join(SCREENSHOTS, 'objects-list.png') });
      await page.getByRole('button', { name: 'Next ›' }).click();
      await page.getByText('Page 2').waitFor();
      await waitForCount(page, 5);
      assert.equal(await page.getByRole('button', { name: 'Next ›' }).isDisabled(), true);
      await page.getByRole('button', { name: '‹ Previous' }).click();
      await waitForCount(page, 25);

      await page.getByLabel('Type', { exact: true }).fill('indicator');
      await page.getByRole('button', { name: 'Apply' }).click();
      await waitForCount(page, 1);
      await page.getByRole('link', { name: 'Workbench test indicator (revised)' }).click();
      await page.waitForURL(`**/#/objects/${WORKBENCH_IDS.indicator}`);
      const detail = page.getByTestId('object-detail');
      await detail.getByText('Version 2 of 2').waitFor();
      await detail.getByText('Version 1 of 2').waitFor();
      const json = await detail.locator('pre.json').allTextContents();
      assert.equal(json.length, 2);
      assert.deepEqual(json.map((text) => (JSON.parse(text) as { modified: string }).modified), ['2024-03-02T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
      await page.screenshot({ path: join(SCREENSHOTS, 'objects-detail.png') });

      // A reference in the JSON opens the referenced object.
      await detail.locator('a.json-ref', { hasText: WORKBENCH_IDS.identity }).first().click();
      await page.waitForURL(`**/#/objects/${WORKBENCH_IDS.identity}`);
      await page.getByTestId('object-detail').getByText('Version 1 of 1').waitFor();
      problems.assertNone('objects');
    });

    problems.assertNone('end');
  } finally {
    await context?.close();
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

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

/** Waits until the objects table shows exactly `count` rows. */
async function waitForCount(page: Page, count: number): Promise<void> {
  const rows = page.getByTestId('objects-table').locator('tbody tr');
  await eventually(async () => (await rows.count()) === count, `${count} rows in the objects table`);
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
