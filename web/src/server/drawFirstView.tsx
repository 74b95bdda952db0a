// The workbench's first render, drawn on the server (src/http/firstView.ts loads the build of
// this file, web/dist-server/): for a signed-in page that opens on the threat board, the board
// is in the HTML itself, so the browser draws it as the page arrives instead of after it has
// loaded, compiled and run the workbench's code (issue 9: the first load under 1 s). The same
// components and the same data as the browser's first render (the first-load block,
// firstLoad.ts); the browser's React then renders over it (start.tsx) and takes it from there.
// Runs in Node: nothing here or in what App renders first may touch `window` or `document`
// outside effects, which the server never runs.
import { renderToString } from 'react-dom/server';
import { App } from '../App.tsx';
import { readArrived } from '../api.ts';
import { dropEarlyReads } from '../earlyReads.ts';
import type { FirstLoad } from '../firstLoad.ts';

/**
 * The HTML of the workbench's first render for this first load, as the browser would render it
 * on opening the start page. The first-load reads are seeded for the one synchronous render and
 * dropped after it, so one request's answers never reach another's.
 */
export function drawFirstView(firstLoad: FirstLoad): string {
  for (const [url, data] of Object.entries(firstLoad.reads)) readArrived(url, data);
  try {
    return renderToString(<App arrived={{ ok: true, status: 200, data: firstLoad.me }} />);
  } finally {
    dropEarlyReads();
  }
}
