// What the threat board reads when it opens, kept apart from the board's components so the
// page's entry (boot.ts) can ask for it before React and the views are loaded.
import type { PermissionName, ThreatStatusName } from '../../../../src/http/wire.ts';
import { threatsUrl, warningsUrl } from '../../apiUrls.ts';
import type { Route } from '../../routing.ts';

export const BOARD_FIRST_STATUS: ThreatStatusName = 'active';
export const BOARD_FIRST_LIMIT = 100;
/** The warning cases whose deadlines the board joins in. */
export const BOARD_CASES_QUERY = { limit: 1000 } as const;

/**
 * Whether the page opens on the board: `#/threats`, or `#/` for a user who may read threats
 * (the board is the first view, and `#/` lands on the first view the user may open: views.tsx).
 */
export function opensOnBoard(route: Route, permissions: ReadonlySet<PermissionName>): boolean {
  if (!permissions.has('objects.read')) return false;
  return route.view === '' || (route.view === 'threats' && route.params.length === 0);
}

/** The URLs the board reads when it opens, for this user. */
export function boardFirstReads(permissions: ReadonlySet<PermissionName>): readonly string[] {
  if (!permissions.has('objects.read')) return [];
  const page = threatsUrl({ status: BOARD_FIRST_STATUS, limit: BOARD_FIRST_LIMIT });
  return permissions.has('warnings.read') ? [page, warningsUrl(BOARD_CASES_QUERY)] : [page];
}
