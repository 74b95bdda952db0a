// The URLs of the API reads the first load can begin early (boot.ts): built in one fixed order,
// since a URL is also the key an early read is found by (earlyReads.ts). Pure, like routing.ts.
import type { ThreatStatusName } from '../../src/http/wire.ts';

export interface ThreatsQuery {
  readonly limit?: number;
  readonly cursor?: string;
  readonly status?: ThreatStatusName;
}

export interface WarningsQuery {
  readonly limit?: number;
  readonly cursor?: string;
  readonly state?: string;
}

export function threatsUrl(query: ThreatsQuery): string {
  return `/api/threats${queryString({ status: query.status, limit: query.limit, cursor: query.cursor })}`;
}

export function warningsUrl(query: WarningsQuery): string {
  return `/api/warnings${queryString({ limit: query.limit, cursor: query.cursor, state: query.state })}`;
}

/** `?a=1&b=x` from the defined, non-empty values; '' when there are none. */
export function queryString(params: Readonly<Record<string, string | number | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
