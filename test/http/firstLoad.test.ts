// The first load's data in index.html (issue 9: the board's first load): a signed-in browser
// gets GET /api/auth/me and the board's first reads in the page, as the API itself answers
// them for that session; anyone without a valid session gets the page as built. The data is a
// JSON block that cannot break out of its element, and the page's script policy is unchanged.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/app/ports.ts';
import { FIRST_LOAD_ELEMENT_ID, FIRST_LOAD_READS, scriptSafeJson, streamWithFirstLoad, withoutModulePreloads } from '../../src/http/firstLoad.ts';
import { FIRST_VIEW_MODULE } from '../../src/http/firstView.ts';
import { buildServer } from '../../src/http/server.ts';
import { CONTENT_SECURITY_POLICY, WEB_DIST_DIR } from '../../src/http/static.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { FIRST_LOAD_ELEMENT_ID as WEB_ELEMENT_ID, takeFirstLoad, type PageElements } from '../../web/src/firstLoad.ts';
import { boardFirstReads } from '../../web/src/views/threat/boardReads.ts';
import type { PermissionName } from '../../src/http/wire.ts';
import { TEST_AUTH, signIn, type SessionHeaders } from '../auth/support.ts';
import { seedPerson } from '../browser/seed.ts';
import { PEOPLE } from '../browser/fixtures.ts';

const clock = { now: () => '2025-01-01T00:00:00.000Z' };
/** Ends the element early if written as it is; U+2028 ended a string in older JavaScript. */
const HOSTILE_NAME = 'Eve </script><script>alert(1)</script> <!-- \u2028 & >';
const BLOCK = new RegExp(`<script type="application/json" id="${FIRST_LOAD_ELEMENT_ID}">([^<]*)</script>`);

/** The data block of a page, parsed; undefined when it has none. */
function blockOf(html: string): { me: { user: { displayName: string; username: string }; permissions: string[]; csrfToken?: string }; reads: Record<string, unknown> } | undefined {
  const match = BLOCK.exec(html);
  return match === null ? undefined : JSON.parse(match[1] as string);
}

/** What a page has inside its root element ('' as built). */
function rootOf(html: string): string {
  const start = html.indexOf('<div id="root">');
  const end = html.lastIndexOf('</div>', html.indexOf('<noscript'));
  assert.ok(start >= 0 && end > start, 'the page has its root element');
  return html.slice(start + '<div id="root">'.length, end);
}

const builtUi = existsSync(join(WEB_DIST_DIR, 'index.html')) && existsSync(FIRST_VIEW_MODULE);

describe('the first load inlined into index.html', { skip: builtUi ? false : 'web/dist is not built: run npm run build:web' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-first-load-'));
  let store: Store;
  let app: FastifyInstance;
  const sessions = {} as Record<'analyst' | 'admin' | 'hostile' | 'mustChange', SessionHeaders>;

  before(async () => {
    store = openSqliteStore({ path: join(dir, 'tearline.db') });
    app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH });
    const people = {
      analyst: PEOPLE.analyst,
      // Reads threats, not warning cases (src/domain/people/permissions.ts).
      admin: { username: 'ada.admin', displayName: 'Ada Admin', roles: ['administrator'] as const },
      hostile: { username: 'eve.analyst', displayName: HOSTILE_NAME, roles: ['analyst'] as const },
    };
    for (const [key, person] of Object.entries(people)) {
      const password = await seedPerson(store, clock, person);
      sessions[key as keyof typeof sessions] = await signIn(app, { username: person.username, password });
    }
    const oneTime = await seedPerson(store, clock, { username: 'new.admin', displayName: 'New Admin', roles: ['administrator'] }, { oneTime: true });
    sessions.mustChange = await signIn(app, { username: 'new.admin', password: oneTime });
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const page = (cookie?: string) => app.inject({ method: 'GET', url: '/', headers: cookie === undefined ? {} : { cookie } });

  test("a signed-in analyst's page carries who they are and the board's reads, as the API answers them", async () => {
    const res = await page(sessions.analyst.cookie);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-store', "one person's data is never cached");
    assert.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY, 'the script policy is unchanged');
    const data = blockOf(res.body);
    assert.ok(data !== undefined, 'the page has the data block');
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sessions.analyst.cookie } });
    assert.deepEqual(data.me, me.json());
    assert.equal(data.me.csrfToken, sessions.analyst['x-csrf-token']);
    assert.deepEqual(Object.keys(data.reads), [...FIRST_LOAD_READS]);
    for (const url of FIRST_LOAD_READS) {
      const answer = await app.inject({ method: 'GET', url, headers: { cookie: sessions.analyst.cookie } });
      assert.equal(answer.statusCode, 200, url);
      assert.deepEqual(data.reads[url], answer.json(), url);
    }
    // Every executable script still loads a file from this origin: the block is data only.
    for (const tag of res.body.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\ssrc="\/assets\/[^"]+"|type="application\/json"/, tag);
  });

  test('a read the user may not make is left out: the API decides, not the page', async () => {
    const data = blockOf((await page(sessions.admin.cookie)).body);
    assert.ok(data !== undefined);
    assert.equal(data.me.user.username, 'ada.admin');
    assert.ok(!data.me.permissions.includes('warnings.read'));
    assert.deepEqual(Object.keys(data.reads), ['/api/threats?status=active&limit=100'], 'no warning cases for a role that may not read them');
  });

  test('one who must change their password gets who they are and no reads', async () => {
    const data = blockOf((await page(sessions.mustChange.cookie)).body);
    assert.ok(data !== undefined);
    assert.deepEqual(data.reads, {});
  });

  test('without a valid session the page is exactly as built, with nothing inlined', async () => {
    const built = await page();
    assert.equal(built.statusCode, 200);
    assert.equal(built.headers['cache-control'], 'no-cache');
    assert.doesNotMatch(built.body, new RegExp(FIRST_LOAD_ELEMENT_ID));
    const token = sessions.analyst.cookie.split('=')[1] as string;
    const strangers = [
      'tearline_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'tearline_session=not-a-token',
      `other_cookie=${token}`,
    ];
    // The head goes out before the session is read, so a request that carries a session cookie,
    // valid or not, gets it without the preload links (withoutModulePreloads); nothing else differs.
    const asBuilt = (cookie: string): string => (cookie.startsWith('tearline_session=') ? withoutModulePreloads(built.body) : built.body);
    for (const cookie of strangers) {
      const res = await page(cookie);
      assert.equal(res.statusCode, 200, cookie);
      assert.equal(res.body, asBuilt(cookie), cookie);
    }
    // Signed out: the same cookie no longer brings anything.
    const signedOut = await signIn(app, { username: PEOPLE.analyst.username, password: `correct horse battery ${PEOPLE.analyst.username}` });
    assert.ok(blockOf((await page(signedOut.cookie)).body) !== undefined);
    const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: signedOut });
    assert.equal(logout.statusCode, 204);
    assert.equal((await page(signedOut.cookie)).body, withoutModulePreloads(built.body));
  });

  test("the board is drawn into the page's root from the same data, for each who opens on it", async () => {
    const analyst = (await page(sessions.analyst.cookie)).body;
    const root = rootOf(analyst);
    assert.match(root, /^<div class="shell">/, 'the workbench shell, as its first render draws it');
    assert.match(root, /<h1[^>]*>Threat board<\/h1>/);
    assert.match(root, /No active threats\./, "this store's board: empty");
    assert.match(root, new RegExp(`>${PEOPLE.analyst.displayName}<`), 'signed in as the analyst');
    assert.doesNotMatch(root, /<script\b|\sstyle="/, 'no script and no inline style: the page policy holds for the drawing too');
    // One who reads threats but not warning cases gets the board too; one who must change
    // their password, nothing drawn (the page shows that form first).
    assert.match(rootOf((await page(sessions.admin.cookie)).body), /Threat board/);
    assert.equal(rootOf((await page(sessions.mustChange.cookie)).body), '');
    assert.equal(rootOf((await page()).body), '', 'signed out: the root as built');
  });

  test("a signed-in page does not preload the workbench's code; the sign-in page does, as built", async () => {
    const built = (await page()).body;
    const signedIn = (await page(sessions.analyst.cookie)).body;
    assert.doesNotMatch(signedIn, /rel="modulepreload"/);
    const preloads = built.match(/<link\b[^>]*rel="modulepreload"[^>]*>/g) ?? [];
    for (const link of preloads) assert.ok(built.includes(link), 'the page without a session is the file as built');
    // Everything else of the head is there: the entry script and the stylesheet.
    for (const tag of built.match(/<(script|link)\b[^>]*>/g) ?? []) {
      if (!/modulepreload/.test(tag)) assert.ok(signedIn.includes(tag), tag);
    }
  });

  test('the page is drawn once, whole: rendering waits for the element after the root', async () => {
    const analyst = (await page(sessions.analyst.cookie)).body;
    const expect = /<link rel="expect" href="#([^"]+)" blocking="render"\s*\/?>/.exec(analyst);
    assert.ok(expect !== null, 'a render-blocking expect link');
    assert.ok(analyst.indexOf(expect[0]) < analyst.indexOf('</head>'), 'in the head, where it blocks rendering');
    const target = analyst.indexOf(`id="${expect[1]}"`);
    assert.ok(target > analyst.indexOf('<div id="root">') + '<div id="root">'.length + rootOf(analyst).length, 'the element it waits for comes after the whole root');
    assert.equal(analyst.split(`id="${expect[1]}"`).length, 2, 'and is the only one with that id');
  });

  test('the drawing escapes what it shows', async () => {
    const root = rootOf((await page(sessions.hostile.cookie)).body);
    assert.ok(root.includes('Eve &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'), 'the display name as text');
    assert.doesNotMatch(root, /<script\b/);
  });

  test('without the server build of the first view, or when it fails, the page goes with the data block alone', async () => {
    const failing = join(dir, 'drawFirstView.js');
    writeFileSync(failing, 'export function drawFirstView() { throw new Error("cannot draw"); }\n');
    for (const firstViewModule of [null, join(dir, 'absent.js'), failing]) {
      const other = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: TEST_AUTH, firstViewModule });
      try {
        const res = await other.inject({ method: 'GET', url: '/', headers: { cookie: sessions.analyst.cookie } });
        assert.equal(res.statusCode, 200, String(firstViewModule));
        assert.ok(blockOf(res.body) !== undefined, 'the data block is there');
        assert.equal(rootOf(res.body), '', String(firstViewModule));
      } finally {
        await other.close();
      }
    }
  });

  test('text that could end the element is escaped, and reads back whole', async () => {
    const res = await page(sessions.hostile.cookie);
    const match = BLOCK.exec(res.body);
    assert.ok(match !== null, 'the block is one element: nothing in it ends it early');
    assert.doesNotMatch(match[1] as string, /[<>&\u2028\u2029]/);
    assert.equal(blockOf(res.body)?.me.user.displayName, HOSTILE_NAME);
    // The element that follows the block is the page's own, not one from the data.
    assert.equal(res.body.match(/<script\b/g)?.length, (res.body.match(/<\/script>/g) ?? []).length);
    assert.doesNotMatch(res.body, /alert\(1\)<\/script>/);
  });
});

test('withoutModulePreloads removes those links, on their own lines or not, and nothing else', () => {
  const head = '<head>\n    <script type="module" crossorigin src="/assets/index-1.js"></script>\n    <link rel="stylesheet" crossorigin href="/assets/index-2.css">\n    <link rel="modulepreload" crossorigin href="/assets/start-3.js">\n<link crossorigin rel="modulepreload" href="/assets/x.js"><title>t</title>\n  </head>';
  assert.equal(
    withoutModulePreloads(head),
    '<head>\n    <script type="module" crossorigin src="/assets/index-1.js"></script>\n    <link rel="stylesheet" crossorigin href="/assets/index-2.css">\n<title>t</title>\n  </head>',
  );
  assert.equal(withoutModulePreloads('<link rel="preload" href="/a.woff2" as="font">'), '<link rel="preload" href="/a.woff2" as="font">');
});

describe('the first-load data block', () => {
  test('is the reads the board makes for a user who may make them all', () => {
    const every = new Set<PermissionName>(['objects.read', 'warnings.read']);
    assert.deepEqual([...FIRST_LOAD_READS], [...boardFirstReads(every)]);
    assert.equal(WEB_ELEMENT_ID, FIRST_LOAD_ELEMENT_ID);
  });

  test('escapes what could end a script element, and parses back to the same value', () => {
    const value = { a: '</script><!--<script>', b: '\u2028\u2029', c: 'a & b > c' };
    const safe = scriptSafeJson(JSON.stringify(value));
    assert.doesNotMatch(safe, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(safe), value);
  });

  test("goes out after the page's head, which is sent before the data is read", async () => {
    const html = '<!doctype html><html><head><script type="module" src="/assets/a.js"></script></head><body></body></html>';
    let settle: (data: string | null) => void = () => undefined;
    const page = streamWithFirstLoad(html, new Promise((resolve) => (settle = resolve)));
    const chunks: string[] = [];
    page.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(chunks, ['<!doctype html><html><head><script type="module" src="/assets/a.js"></script>'], 'the head, at once');
    settle('{"me":{}}');
    await new Promise((resolve) => page.on('end', resolve));
    assert.equal(chunks.join(''), `<!doctype html><html><head><script type="module" src="/assets/a.js"></script><script type="application/json" id="${FIRST_LOAD_ELEMENT_ID}">{"me":{}}</script>\n</head><body></body></html>`);
    // With a drawing of the first view: inside the root element, after the block.
    const drawn: string[] = [];
    const withRoot = '<!doctype html><html><head></head><body><div id="root"></div></body></html>';
    const drawing = streamWithFirstLoad(withRoot, Promise.resolve('{"me":{}}'), (block) => `<p>drawn from ${block}</p>`);
    drawing.on('data', (chunk: Buffer) => drawn.push(chunk.toString('utf8')));
    await new Promise((resolve) => drawing.on('end', resolve));
    assert.equal(drawn.join(''), `<!doctype html><html><head><script type="application/json" id="${FIRST_LOAD_ELEMENT_ID}">{"me":{}}</script>\n</head><body><div id="root"><p>drawn from {"me":{}}</p></div></body></html>`);
    // No data (no valid session, or the reads failed): the page exactly as built.
    const plain: string[] = [];
    const without = streamWithFirstLoad(html, Promise.resolve(null));
    without.on('data', (chunk: Buffer) => plain.push(chunk.toString('utf8')));
    await new Promise((resolve) => without.on('end', resolve));
    assert.equal(plain.join(''), html);
  });

  test('is read once by the page and removed; a block that is not ours is ignored', () => {
    const element = (text: string) => {
      let removed = false;
      return { textContent: text, remove: () => (removed = true), removed: () => removed };
    };
    const docWith = (el: ReturnType<typeof element> | null): PageElements => ({ getElementById: (id: string) => (id === WEB_ELEMENT_ID ? el : null) });
    const good = element(scriptSafeJson(JSON.stringify({ me: { user: { displayName: '</script>' } }, reads: { '/api/x': { threats: [] } } })));
    const taken = takeFirstLoad(docWith(good));
    assert.deepEqual(taken?.reads, { '/api/x': { threats: [] } });
    assert.equal((taken?.me.user as { displayName: string } | undefined)?.displayName, '</script>');
    assert.ok(good.removed(), 'removed from the page once read');
    assert.equal(takeFirstLoad(docWith(null)), undefined);
    for (const text of ['', '{"me":', 'null', '42', '{"reads":{}}', '{"me":{},"reads":null}']) {
      assert.equal(takeFirstLoad(docWith(element(text))), undefined, text);
    }
  });
});
