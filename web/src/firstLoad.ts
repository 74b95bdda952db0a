// The data a signed-in page comes with (src/http/firstLoad.ts writes it into index.html): the
// answers of GET /api/auth/me and of the board's first reads, so the first load needs no
// request before it can draw the board. Read by boot.ts; no DOM beyond the one element, so
// tests run it without a browser.
import type { MeResponse } from '../../src/http/wire.ts';

/** The id of the data block a signed-in page comes with (src/http/firstLoad.ts writes it). */
export const FIRST_LOAD_ELEMENT_ID = 'tearline-first-load';

/** What the server wrote into the page for a signed-in browser: GET /api/auth/me and the board's first reads. */
export interface FirstLoad {
  readonly me: MeResponse;
  readonly reads: Readonly<Record<string, unknown>>;
}

/** What takeFirstLoad needs of `document`: a structural type, so tests run it without a DOM. */
export interface PageElements {
  getElementById(id: string): { readonly textContent: string | null; remove(): void } | null;
}

/** The page's first-load data block, read once and removed; undefined when the page has none (signed out). */
export function takeFirstLoad(doc: PageElements): FirstLoad | undefined {
  const element = doc.getElementById(FIRST_LOAD_ELEMENT_ID);
  if (element === null) return undefined;
  element.remove();
  try {
    const data = JSON.parse(element.textContent ?? '') as Partial<FirstLoad> | null;
    return data?.me === undefined || typeof data.reads !== 'object' || data.reads === null ? undefined : (data as FirstLoad);
  } catch {
    // Not ours, or cut short: the page asks the API as if it had come without.
    return undefined;
  }
}
