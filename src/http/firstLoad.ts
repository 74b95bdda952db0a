// The first load's data, written into index.html for a browser that is signed in (issue 9: the
// board's first load under 1 s). Without it the page asked who is signed in, waited, then asked
// for the board's reads: two round trips through the API before the first row could be drawn.
//
// Every answer here is the API's own: each read is sent through the server (app.inject) with
// the request's session cookie and nothing else, so authentication, permissions, visibility
// filtering and the audit of protected reads are the routes' own, unchanged. A request without
// a valid session gets nothing (the page is the plain index.html); a read the user may not
// make (403) is left out. The browser takes the data block as the answers of those same GETs
// (web/src/boot.ts); it is data (type application/json), never script, so the page's
// Content-Security-Policy (script-src 'self') holds.
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { readCookie } from './auth/cookies.ts';
import { SESSION_COOKIE } from './auth/settings.ts';
import { withDrawnRoot, type DrawFirstView, type FirstLoadValue } from './firstView.ts';

/** The id of the data block web/src/boot.ts reads. */
export const FIRST_LOAD_ELEMENT_ID = 'tearline-first-load';

/**
 * The reads the threat board makes when the page opens on it, for a user who may make them,
 * exactly as web/src/views/threat/boardReads.ts builds them (test/http/firstLoad.test.ts
 * holds the two to the same list). The server cannot see the URL's hash, so it does not know
 * which view the page opens on: the board is the start page, so these are what it sends; the
 * browser uses them only when it opens on the board, and asks for them again after ten seconds.
 */
export const FIRST_LOAD_READS: readonly string[] = ['/api/threats?status=active&limit=100', '/api/warnings?limit=1000'];

const ME_URL = '/api/auth/me';

/**
 * The data block for this request's session: `{"me": <GET /api/auth/me>, "reads": {url:
 * <answer>}}` as JSON safe inside a `<script>` element; null when the request has no session
 * cookie or its session is not valid (ended, expired, user disabled).
 */
export async function firstLoadData(app: FastifyInstance, cookieHeader: string | undefined): Promise<string | null> {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  if (token === undefined) return null;
  // Only the session cookie is passed on: the reads are this session's, nothing else of the request's.
  const headers = { cookie: `${SESSION_COOKIE}=${token}`, accept: 'application/json' };
  const me = await app.inject({ method: 'GET', url: ME_URL, headers });
  if (me.statusCode !== 200) return null;
  const { user } = JSON.parse(me.body) as { readonly user: { readonly mustChangePassword: boolean } };
  // One who must change their password sees that form first, not a view.
  const reads = user.mustChangePassword ? [] : await Promise.all(FIRST_LOAD_READS.map(async (url) => ({ url, answer: await app.inject({ method: 'GET', url, headers }) })));
  // The answers are JSON texts already: spliced in as they are, not parsed and written again.
  const readsJson = reads
    .filter(({ answer }) => answer.statusCode === 200)
    .map(({ url, answer }) => `${JSON.stringify(url)}:${answer.body}`)
    .join(',');
  return scriptSafeJson(`{"me":${me.body},"reads":{${readsJson}}}`);
}

/**
 * JSON that cannot end or alter the `<script>` element it sits in: `<`, `>` and `&` become
 * \u escapes (no `</script>`, no `<!--`), as do U+2028 and U+2029 (line terminators in older
 * JavaScript). Outside strings JSON has none of these characters, so the text parses to the
 * same value (HTML Living Standard §4.12.1.3, restrictions for contents of script elements).
 */
export function scriptSafeJson(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The first view drawn from a data block by `draw`, when the page opens on the board for this
 * user, i.e. the block holds the board's threats read; null otherwise. The block's JSON is
 * parsed here for the drawing (its \u escapes parse back to the same text).
 */
export function drawnBoard(draw: DrawFirstView, block: string): string | null {
  const value = JSON.parse(block) as FirstLoadValue;
  const [threatsRead] = FIRST_LOAD_READS;
  if (threatsRead === undefined || !(threatsRead in value.reads)) return null;
  return draw(value);
}

/** Whether the request carries a session cookie at all (valid or not: firstLoadData finds out). */
export function hasSessionCookie(cookieHeader: string | undefined): boolean {
  return readCookie(cookieHeader, SESSION_COOKIE) !== undefined;
}

/**
 * index.html with the data block at the end of its head, streamed: the head goes out at once,
 * so the browser fetches the scripts and the stylesheet it names while the data is read; the
 * block and the rest follow when `data` settles (nothing is added when it is null). The entry
 * is a module script, run only once the whole page is parsed, so it always finds the block.
 * `draw`, when given, turns the block into the HTML of the first view, put inside the page's
 * root element (firstView.ts); null or a failure leaves the root empty.
 */
export function streamWithFirstLoad(html: string, data: Promise<string | null>, draw?: (block: string) => string | null): Readable {
  const at = html.indexOf('</head>');
  const [head, rest] = at < 0 ? [html, ''] : [html.slice(0, at), html.slice(at)];
  const page = new PassThrough();
  page.write(head);
  // A browser that went away meanwhile has had the stream destroyed: nothing more to write.
  const finish = (tail: string): void => {
    if (!page.destroyed) page.end(tail);
  };
  void data.then(
    (block) => {
      if (block === null) return finish(rest);
      const drawn = draw?.(block) ?? null;
      return finish(`${firstLoadElement(block)}\n${drawn === null ? rest : withDrawnRoot(rest, drawn)}`);
    },
    // The page without the data: the browser then asks the API itself.
    () => finish(rest),
  );
  return page;
}

/**
 * index.html without its `<link rel="modulepreload">` elements, for a page asked for with a session
 * cookie (decided before the session is read, so that the head goes out at once). Such a page
 * opens on the board the server draws into it, so the workbench's code (start.tsx, ~250 KB) is
 * not needed for the first view: preloaded, it was fetched and compiled while the browser laid
 * out and painted the board, on the same two cores (board bench, alternating runs: median 825
 * ms with the preload against 673 without, 27 loads each, 3 over 1 s with it and none without;
 * again with this function in place, on a busier machine, 877 against 801, 15 loads each). The
 * entry imports it once the page is parsed, as it does anyway. The page without a session (the
 * sign-in form, which needs that code to show anything) keeps the preload.
 */
export function withoutModulePreloads(html: string): string {
  return html.replace(/[ \t]*<link\b[^>]*\brel="modulepreload"[^>]*>\r?\n?/g, '');
}

function firstLoadElement(data: string): string {
  return `<script type="application/json" id="${FIRST_LOAD_ELEMENT_ID}">${data}</script>`;
}
