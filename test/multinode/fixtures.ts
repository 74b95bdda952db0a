// STIX objects and HTTP sign-in for the live-update tests: fresh ids every call (the
// multi-node tests share one database across processes), and a session made over real HTTP
// the way the web UI makes one.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestUser } from '../auth/support.ts';

export type Stix = Record<string, unknown> & { readonly type: string; readonly id: string };

const T = '2025-06-01T00:00:00.000Z';

/** A statement marking whose text the policy reads as a classification (e.g. 'SECRET'). */
export function statementMarking(text: string): Stix {
  return { type: 'marking-definition', spec_version: '2.1', id: `marking-definition--${randomUUID()}`, created: T, definition_type: 'statement', definition: { statement: text } };
}

export function indicator(name: string, markingIds: readonly string[] = []): Stix {
  return {
    type: 'indicator', spec_version: '2.1', id: `indicator--${randomUUID()}`, created: T, modified: T, name,
    pattern: `[domain-name:value = '${name.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'x'}.example']`, pattern_type: 'stix', valid_from: T,
    ...(markingIds.length > 0 ? { object_marking_refs: [...markingIds] } : {}),
  };
}

/** A report on `refs`: fusion makes (or grows) a threat of it, carrying its markings. */
export function report(name: string, refs: readonly Stix[], markingIds: readonly string[] = []): Stix {
  return {
    type: 'report', spec_version: '2.1', id: `report--${randomUUID()}`, created: T, modified: T, name, published: T,
    report_types: ['threat-report'], object_refs: refs.map((r) => r.id),
    ...(markingIds.length > 0 ? { object_marking_refs: [...markingIds] } : {}),
  };
}

export function bundle(objects: readonly Stix[]): { type: 'bundle'; id: string; objects: readonly Stix[] } {
  return { type: 'bundle', id: `bundle--${randomUUID()}`, objects };
}

export interface HttpSession {
  readonly cookie: string;
  readonly 'x-csrf-token': string;
}

/** POST /api/auth/login over HTTP: the session cookie and CSRF token. */
export async function signInOverHttp(base: string, user: TestUser): Promise<HttpSession> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  const body = await res.text();
  assert.equal(res.status, 200, body);
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  assert.ok(cookie !== undefined, 'sign-in sets a cookie');
  return { cookie, 'x-csrf-token': (JSON.parse(body) as { csrfToken: string }).csrfToken };
}

export async function ingestOverHttp(base: string, session: HttpSession, objects: readonly Stix[]): Promise<void> {
  const res = await fetch(`${base}/api/ingest`, { method: 'POST', headers: { ...session, 'content-type': 'application/json' }, body: JSON.stringify(bundle(objects)) });
  assert.equal(res.status, 200, await res.text());
}

export async function getJson(base: string, path: string, session: HttpSession): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, { headers: { cookie: session.cookie } });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}
