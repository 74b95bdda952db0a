// Board benchmark (issue 9: "first load of the board under 1 s on loopback with 5,000
// threats"). Run by bench/run.ts in its own process; prints one JSON line. A real server on
// loopback with a temporary SQLite file, Debian's Chromium, a signed-in analyst.
//
//   npm run bench -- --only board          (BENCH_BOARD_THREATS to resize)
//
// Threats are written through the threats facet with their STIX groupings stored beside them
// (the API shows a threat only when its grouping is visible to the reader). Prints the
// server's answer time for GET /api/threats and the browser's time from the start of navigation
// to the frame that draws the 100th row of the board (laid out, visible, styled), each load cold
// (a new browser context, nothing cached), on the page's own clock (boardDrawnProbe).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import type { ThreatRecord } from '../../src/app/ports/threats.ts';
import { buildServer } from '../../src/http/server.ts';
import { packageVersion, systemClock } from '../../src/main.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { TEST_AUTH } from '../../test/auth/support.ts';
import { PEOPLE } from '../../test/browser/fixtures.ts';
import { seedPerson } from '../../test/browser/seed.ts';

const COUNT = Number(process.env.BENCH_BOARD_THREATS ?? 5000);
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const HOUR = 3_600_000;

function uuid(n: number): string {
  return `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** A plausible spread of assessments: every band, imminence and credibility. */
function threatRecord(i: number, now: number): ThreatRecord {
  const id = `grouping--${uuid(i)}`;
  const score = Math.round((((i * 7919) % 10_000) / 100) * 100) / 100;
  const band = score >= 75 ? 'P1' : score >= 50 ? 'P2' : score >= 25 ? 'P3' : 'P4';
  const start = new Date(now + ((i % 90) - 10) * 24 * HOUR).toISOString();
  const end = new Date(Date.parse(start) + 24 * HOUR).toISOString();
  const imminence = i % 4 === 0 ? 'I1' : i % 4 === 1 ? 'I2' : i % 4 === 2 ? 'I3' : 'expired';
  const grade = ((i % 6) + 1) as 1 | 2 | 3 | 4 | 5 | 6;
  const at = new Date(now).toISOString();
  return {
    id,
    status: 'active',
    mergedInto: null,
    name: `Seeded threat ${i}`,
    createdAt: at,
    updatedAt: at,
    reportCount: 1 + (i % 5),
    summary: {
      assessedAt: at,
      priority: { band, score },
      dutyToWarn: band === 'P1' && imminence !== 'expired',
      imminence,
      credibility: { grade, confidence: grade === 6 ? null : 100 - grade * 15 },
      specificity: { vector: { who: 2, target: 1, when: 2, how: 1, victim: 0, location: 2 }, total: 8 },
      harm: 'killing',
      severity: 3,
      window: { start, end },
      sunset: end,
    },
    signature: null,
    nextCheckAt: null,
    stixVersion: at,
  };
}

/**
 * Installed in the page before any of its own scripts run (Playwright's addInitScript: the
 * DevTools protocol's script-on-new-document, which the page's Content-Security-Policy does not
 * govern; a string, as the project's types are Node's, not the DOM's). Each animation frame it
 * looks for the board's `rows`th row, and `window.__boardDrawn` resolves with performance.now()
 * (ms since navigation began) in the first frame in which that row is laid out with a visible
 * box: the frame that draws it. A browser runs no frame while a stylesheet in the head is still
 * loading, so this is the board drawn with its styles, as a person sees it.
 *
 * Before session 7 the bench asked from outside (page.evaluate, with a MutationObserver) and
 * that skewed both ways: the evaluation reached the page only when its main thread was free,
 * up to 500 ms after the row was there, and its check forced layouts of a half-parsed, unstyled
 * page (135 ms in one trace) that the browser would never have done on its own.
 */
function boardDrawnProbe(rows: number): string {
  return `window.__boardDrawn = new Promise((resolve) => {
    const look = () => {
      const row = document.querySelectorAll('[data-testid="threat-board"] tbody tr')[${rows - 1}];
      if (row !== undefined) {
        const box = row.getBoundingClientRect();
        if (box.width > 0 && box.height > 0) return resolve(performance.now());
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });`;
}

/** Waits in the page for the probe's answer; rejects after `timeoutMs`. */
function boardDrawnAnswer(rows: number, timeoutMs: number): string {
  return `Promise.race([
    window.__boardDrawn,
    new Promise((_, reject) => setTimeout(() => reject(new Error('the board did not draw ${rows} rows in ${timeoutMs} ms')), ${timeoutMs})),
  ])`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-board-'));
  const store = openSqliteStore({ path: join(dir, 'tearline.db') });
  const now = Date.now();
  const created = new Date(now).toISOString();
  const seeding = Date.now();
  // Every grouping needs a resolvable member; one identity serves them all.
  const member = { type: 'identity', spec_version: '2.1', id: `identity--${uuid(999_999)}`, created, modified: created, name: 'Seed source', identity_class: 'organization' };
  const groupings = Array.from({ length: COUNT }, (_, i) => ({
    type: 'grouping',
    spec_version: '2.1',
    id: `grouping--${uuid(i)}`,
    created,
    modified: created,
    name: `Seeded threat ${i}`,
    context: 'suspicious-activity',
    object_refs: [member.id],
  }));
  const stored = await ingestObjects([member, ...groupings], {}, { store, clock: systemClock });
  if (!stored.committed) throw new Error(`groupings refused: ${JSON.stringify(stored.errors.slice(0, 3))}`);
  await store.write(async (tx) => {
    for (let i = 0; i < COUNT; i++) await tx.threats.putThreat(threatRecord(i, now));
  });
  const seedSeconds = (Date.now() - seeding) / 1000;

  const password = await seedPerson(store, systemClock, PEOPLE.analyst);
  const app = await buildServer({ store, clock: systemClock, maxBodyBytes: 8 * 1024 * 1024, version: packageVersion(), auth: TEST_AUTH });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const apiTimes: number[] = [];
  const loads: { label: string; ms: number; benchHeardMs: number }[] = [];
  try {
    // The issue's figure is the first load: each load in a new browser context, nothing
    // cached, signed in through the API first so the measured navigation is the board's own.
    const load = async (label: string): Promise<void> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const login = await context.request.post(`${base}/api/auth/login`, { data: { username: PEOPLE.analyst.username, password } });
      if (!login.ok()) throw new Error(`sign-in failed: ${login.status()}`);
      if (label === 'first') {
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          const res = await context.request.get(`${base}/api/threats?limit=100`);
          const body = (await res.json()) as { threats: unknown[] };
          apiTimes.push(performance.now() - t0);
          if (body.threats.length !== 100) throw new Error(`expected 100 threats, got ${body.threats.length}`);
        }
      }
      await context.addInitScript({ content: boardDrawnProbe(100) });
      const page = await context.newPage();
      page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
      const t0 = performance.now();
      await page.goto(`${base}/#/threats`, { waitUntil: 'commit' });
      const drawn = await page.evaluate<number>(boardDrawnAnswer(100, 30_000));
      const heard = performance.now() - t0;
      loads.push({ label, ms: Math.round(drawn), benchHeardMs: Math.round(heard) });
      await context.close();
    };
    for (const label of ['first', 'second', 'third']) await load(label);
    process.stdout.write(`${JSON.stringify({
      threats: COUNT,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      apiThreatsPage100Ms: apiTimes.map((t) => Math.round(t)),
      // Each load in a new browser context (nothing cached). `ms`: from the start of navigation
      // to the frame that draws the 100th row, on the page's clock (the figure). `benchHeardMs`:
      // when the bench heard of it through the DevTools protocol, on its own clock (later by
      // however long the page's main thread kept the question waiting).
      boardFirstLoadMs: loads,
      target: { boardFirstLoadMs: 1000 },
      met: loads.every((l) => l.ms < 1000),
    })}\n`);
  } finally {
    await browser.close();
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!existsSync(CHROMIUM)) process.stdout.write(`${JSON.stringify({ skipped: `${CHROMIUM} is absent (bash scripts/ensure-chromium.sh)` })}\n`);
else await main();
