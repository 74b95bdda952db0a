// The board's first load (issue 9): reads a page starts before its view exists
// (web/src/earlyReads.ts) are taken by the view's own request for the same URL, once and only
// while fresh; the board's first reads are the URLs the board itself asks for; counts are
// grouped without Intl. No browser: the reads' sending is stood in for.
import { afterEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PermissionName } from '../../src/http/wire.ts';
import { threatsUrl, warningsUrl } from '../../web/src/apiUrls.ts';
import { dropEarlyReads, putArrivedRead, startEarlyRead, takeArrivedEarly, takeEarlyRead } from '../../web/src/earlyReads.ts';
import { formatCount } from '../../web/src/format.ts';
import { parseHash } from '../../web/src/routing.ts';
import { BOARD_CASES_QUERY, BOARD_FIRST_LIMIT, BOARD_FIRST_STATUS, boardFirstReads, opensOnBoard } from '../../web/src/views/threat/boardReads.ts';

type Answer = { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly status: number };

/** A send that counts its calls and answers when told to. */
function sender(): { send: () => Promise<Answer>; calls: () => number; answer: (a: Answer) => void } {
  let calls = 0;
  let settle: (a: Answer) => void = () => undefined;
  return {
    send: () => {
      calls++;
      return new Promise<Answer>((resolve) => {
        settle = resolve;
      });
    },
    calls: () => calls,
    answer: (a) => settle(a),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('reads started early', () => {
  afterEach(() => {
    dropEarlyReads();
    mock.restoreAll();
  });

  test("is sent once and taken once by the view's request", async () => {
    const url = threatsUrl({ status: 'active', limit: 100 });
    const read = sender();
    startEarlyRead(url, read.send);
    startEarlyRead(url, read.send);
    assert.equal(read.calls(), 1, 'one request, however often it is read early');
    const taken = takeEarlyRead<Answer>(url);
    assert.ok(taken !== undefined, 'the request takes the read still on its way');
    read.answer({ ok: true, data: { threats: [] } });
    assert.deepEqual(await taken, { ok: true, data: { threats: [] } });
    assert.equal(takeEarlyRead(url), undefined, 'taken once: the next load asks the server');
    assert.equal(takeEarlyRead('/api/other'), undefined);
  });

  test('an answer that has arrived is handed over whole, for the first render', async () => {
    const url = threatsUrl({ status: 'active', limit: 100 });
    const read = sender();
    startEarlyRead(url, read.send);
    assert.equal(takeArrivedEarly(url), undefined, 'not arrived yet: left for the request to take');
    read.answer({ ok: true, data: { threats: [{ id: 'grouping--1' }] } });
    await tick();
    assert.deepEqual(takeArrivedEarly(url), { threats: [{ id: 'grouping--1' }] });
    assert.equal(takeArrivedEarly(url), undefined, 'taken once');
    assert.equal(takeEarlyRead(url), undefined);
  });

  test('an answer that came with the page is there for the first render, once', async () => {
    const url = threatsUrl({ status: 'active', limit: 100 });
    putArrivedRead(url, { ok: true, data: { threats: [{ id: 'grouping--2' }] } });
    assert.deepEqual(takeArrivedEarly(url), { threats: [{ id: 'grouping--2' }] });
    assert.equal(takeArrivedEarly(url), undefined, 'taken once');
    assert.equal(takeEarlyRead(url), undefined, 'the next load asks the server');
    putArrivedRead(url, { ok: true, data: { threats: [] } });
    dropEarlyReads();
    assert.equal(takeArrivedEarly(url), undefined, 'dropped with the session');
  });

  test('a failed read is not shown at once: the request takes it, to report it (a 401 ends the session)', async () => {
    const url = warningsUrl({ limit: 1000 });
    const read = sender();
    startEarlyRead(url, read.send);
    read.answer({ ok: false, status: 401 });
    await tick();
    assert.equal(takeArrivedEarly(url), undefined);
    assert.deepEqual(await takeEarlyRead(url), { ok: false, status: 401 });
  });

  test('a read older than ten seconds, or from a session that ended, is not used', () => {
    let now = 1_000_000;
    mock.method(Date, 'now', () => now);
    const url = threatsUrl({ status: 'active', limit: 100 });
    const read = sender();
    startEarlyRead(url, read.send);
    now += 10_001;
    assert.equal(takeEarlyRead(url), undefined, 'stale');
    startEarlyRead(url, read.send);
    assert.equal(read.calls(), 2, 'a stale read does not stop a new one');
    dropEarlyReads();
    assert.equal(takeEarlyRead(url), undefined, 'dropped at sign-out');
  });
});

describe("the board's first reads", () => {
  const analyst = new Set<PermissionName>(['objects.read', 'warnings.read']);

  test('are the URLs the board asks for when it opens', () => {
    // ThreatBoard reads threatsUrl({ status, limit, cursor }) with no cursor yet, and the cases.
    const board = threatsUrl({ status: BOARD_FIRST_STATUS, limit: BOARD_FIRST_LIMIT, cursor: undefined });
    assert.equal(board, '/api/threats?status=active&limit=100');
    assert.deepEqual(boardFirstReads(analyst), [board, warningsUrl(BOARD_CASES_QUERY)]);
    assert.deepEqual(boardFirstReads(new Set<PermissionName>(['objects.read'])), [board], 'no cases without warnings.read');
    assert.deepEqual(boardFirstReads(new Set<PermissionName>(['audit.read'])), []);
  });

  test('are read only when the page opens on the board', () => {
    assert.ok(opensOnBoard(parseHash('#/threats'), analyst));
    assert.ok(opensOnBoard(parseHash(''), analyst), '#/ lands on the board for a reader of threats');
    assert.ok(!opensOnBoard(parseHash('#/threats/grouping--1'), analyst), 'a threat, not the board');
    assert.ok(!opensOnBoard(parseHash('#/audit'), analyst));
    assert.ok(!opensOnBoard(parseHash(''), new Set<PermissionName>(['audit.read'])));
  });
});

describe('counts', () => {
  test("are grouped as toLocaleString('en-GB') groups them", () => {
    for (const n of [0, 7, 999, 1000, 12_345, 1_234_567, -4321, Number.MAX_SAFE_INTEGER]) assert.equal(formatCount(n), n.toLocaleString('en-GB'), String(n));
    assert.equal(formatCount(1234.5), (1234.5).toLocaleString('en-GB'), 'a fraction goes to Intl');
  });
});
