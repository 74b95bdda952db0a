// The first load, begun by the page's small entry (main.tsx) before the workbench's code is
// loaded: who is signed in (GET /api/auth/me) and, when the page opens on the threat board,
// the board's first reads. Without this the board's data was asked for only after the bundle
// had loaded and React had rendered, asked who is signed in, waited for the answer and mounted
// the board: three steps in a row. Now the answers come in while the workbench loads, or,
// for a browser that is signed in, come with the page itself (src/http/firstLoad.ts): the
// workbench's first render then shows the board with no request at all.
// Nothing here may import React or a view: that would put them in the entry.
import type { MeResponse, PermissionName } from '../../src/http/wire.ts';
import { fetchMe, readArrived, readEarly, setCsrfToken, type ApiResult } from './api.ts';
import { takeFirstLoad } from './firstLoad.ts';
import { parseHash } from './routing.ts';
import { boardFirstReads, opensOnBoard } from './views/threat/boardReads.ts';

// Imported on the server too (server/drawFirstView.tsx renders App, which imports this): there
// it does nothing.
const inBrowser = typeof document !== 'undefined';
const firstLoad = inBrowser ? takeFirstLoad(document) : undefined;
let arrived: ApiResult<MeResponse> | undefined;
let pending: Promise<ApiResult<MeResponse>> | undefined;
if (!inBrowser) {
  // No session to ask for: the server passes its own to App.
} else if (firstLoad === undefined) {
  pending = fetchMe().then((me) => {
    if (pending !== undefined) arrived = me;
    begin(me);
    return me;
  });
} else {
  arrived = { ok: true, status: 200, data: firstLoad.me };
  pending = Promise.resolve(arrived);
  begin(arrived);
}

/** With the session known: its CSRF token kept, and the first view's reads taken from the page or asked for. */
function begin(me: ApiResult<MeResponse>): void {
  if (!me.ok) return;
  setCsrfToken(me.data.csrfToken);
  // One who must change their password sees that form first, not a view.
  if (me.data.user.mustChangePassword) return;
  const permissions = new Set(me.data.permissions);
  // The server drew the start page's board into the page (src/http/firstView.ts); a page
  // opening on another view must not show it while the workbench's code loads.
  if (!opensOnBoard(parseHash(window.location.hash), permissions)) document.getElementById('root')?.replaceChildren();
  for (const url of firstReads(permissions)) {
    const sent = firstLoad?.reads[url];
    if (sent === undefined) readEarly(url);
    else readArrived(url, sent);
  }
}

/** The boot's answer to GET /api/auth/me if it is already here (taken: asked once). */
export function takeArrivedSession(): ApiResult<MeResponse> | undefined {
  const me = arrived;
  if (me !== undefined) pending = undefined;
  arrived = undefined;
  return me;
}

/** The boot's GET /api/auth/me, arrived or not (taken: asked once); undefined once taken. */
export function takeBootSession(): Promise<ApiResult<MeResponse>> | undefined {
  const me = pending;
  pending = undefined;
  arrived = undefined;
  return me;
}

/** What the view the page opens on reads first: the board's reads; other views read as they mount. */
function firstReads(permissions: ReadonlySet<PermissionName>): readonly string[] {
  return opensOnBoard(parseHash(window.location.hash), permissions) ? boardFirstReads(permissions) : [];
}
