// The workbench's first view drawn on the server, for a signed-in page that opens on the threat
// board (issue 9: the board's first load under 1 s). The drawing is the UI's own: the server
// build of web/src/server/drawFirstView.tsx (web/dist-server/, built with web/dist by
// `npm run build:web`), which renders the workbench's React components with the first load's
// data (firstLoad.ts), as the browser's first render would. The page then shows the board as it
// arrives, instead of after its code has loaded and run; the browser's React renders over it.
//
// The drawing is an improvement, never a dependency: without the build, or if drawing fails,
// the page goes as before (the data block alone).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the web build writes the server's first-view module. */
export const FIRST_VIEW_MODULE = fileURLToPath(new URL('../../web/dist-server/drawFirstView.js', import.meta.url));

/** The first load as web/src/firstLoad.ts reads it: GET /api/auth/me and the board's first reads. */
export interface FirstLoadValue {
  readonly me: unknown;
  readonly reads: Readonly<Record<string, unknown>>;
}

/** Draws the HTML that goes inside the page's #root for a first load. */
export type DrawFirstView = (firstLoad: FirstLoadValue) => string;

/**
 * The drawing function of the build at `path`, or null when there is no build or it does not
 * load. Loaded once per process: a rebuild of the UI while the server runs is drawn after a
 * restart (the static files themselves are served fresh at once).
 */
export async function loadFirstViewDrawer(path: string = FIRST_VIEW_MODULE): Promise<DrawFirstView | null> {
  if (!existsSync(path)) return null;
  const loaded = (await import(pathToFileURL(path).href)) as { drawFirstView?: unknown };
  return typeof loaded.drawFirstView === 'function' ? (loaded.drawFirstView as DrawFirstView) : null;
}

/** index.html's root element, empty as built: where the drawn view goes. */
const EMPTY_ROOT = '<div id="root"></div>';

/** `rest` (the page after its head) with `drawn` inside the root element; unchanged when it has none. */
export function withDrawnRoot(rest: string, drawn: string): string {
  const at = rest.indexOf(EMPTY_ROOT);
  if (at < 0) return rest;
  return `${rest.slice(0, at)}<div id="root">${drawn}</div>${rest.slice(at + EMPTY_ROOT.length)}`;
}
