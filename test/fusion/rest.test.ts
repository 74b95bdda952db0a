// The threat REST API (issue 6): the list by priority, one threat, the analyst decisions,
// and bad input — an unknown threat is 404, a split naming a report the threat does not hold
// is 400 — and a reader sees only the threats whose markings they may see.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { ThreatDetail, ThreatListItem } from '../../src/app/fusion/threatView.ts';
import type { Store } from '../../src/app/ports.ts';
import { createApiToken } from '../../src/app/auth/apiTokens.ts';
import { createUser } from '../../src/app/auth/createUser.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import { group, HOUR, ingest, ip, memoryStore, method, reportId, reportObjects, serverWithAnalyst, site, source, TestClock } from './support.ts';

const SECRET: StixObject = {
  type: 'marking-definition',
  spec_version: '2.1',
  id: 'marking-definition--d1f3b5a7-9c1e-4f3a-b5c7-d9e1f3a5b713',
  created: '2020-01-01T00:00:00.000Z',
  definition_type: 'statement',
  name: 'SECRET//NOFORN',
  definition: { statement: 'SECRET//NOFORN' },
};

describe('REST /api/threats', () => {
  const clock = new TestClock(Date.parse('2025-07-01T12:00:00.000Z'));
  let store: Store;
  let app: FastifyInstance;
  let auth: { authorization: string };
  let lowAuth: { authorization: string };
  const iso = (hours: number): string => new Date(Date.parse('2025-07-01T12:00:00.000Z') + hours * HOUR).toISOString();
  // A plot in two days, with a named site and a bomb: P1. A generic threat: lower.
  const plot = reportObjects({ name: 'Plot', published: iso(-2), source: source('Partner', 'B'), refs: [group('ISIS'), site('Sayyida Zaynab shrine', 33.44, 36.34), method('car bomb')], window: { start: iso(48), end: iso(60) } });
  const plotFollowUp = reportObjects({ name: 'Plot follow-up', published: iso(-1), source: source('Outlet', 'C'), refs: [site('Sayyida Zaynab shrine', 33.44, 36.34)] });
  const vague = reportObjects({ name: 'Vague', published: iso(-3), refs: [ip('198.51.100.200')] });
  const secret = reportObjects({ name: 'Secret', published: iso(-4), refs: [ip('198.51.100.201')], markings: [SECRET.id] });

  before(async () => {
    store = memoryStore();
    for (const r of [plot, plotFollowUp, vague]) await ingest(store, clock, r);
    await ingest(store, clock, [SECRET, ...secret]);
    ({ app, auth } = await serverWithAnalyst(store, clock));
    const ctx = { store, clock, passwordParams: { N: 1024, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } };
    assert.ok((await createUser({ username: 'una', roles: ['analyst'], clearance: 'U', password: 'correct horse battery staple 43' }, 'system:test', ctx)).ok);
    const token = await createApiToken({ username: 'una', name: 'low', scopes: ['objects.read', 'warnings.draft'] }, 'system:test', ctx);
    assert.ok(token.ok);
    lowAuth = { authorization: `Bearer ${token.value.token}` };
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const get = (url: string, headers = auth) => app.inject({ method: 'GET', url, headers });
  const post = (url: string, body: unknown, headers = auth) => app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const threatOf = async (objects: readonly StixObject[]): Promise<string> => (await store.threats.threatOf(reportId(objects))) as string;

  test('GET /api/threats: by priority, with the duty-to-warn flag, imminence, deadline placeholder, credibility, specificity', async () => {
    const res = await get('/api/threats');
    assert.equal(res.statusCode, 200, res.body);
    const threats = (res.json() as { threats: ThreatListItem[] }).threats;
    assert.equal(threats.length, 3);
    assert.equal(threats[0]?.id, await threatOf(plot));
    assert.equal(threats[0]?.reportCount, 2);
    assert.equal(threats[0]?.dutyToWarn, true);
    assert.equal(threats[0]?.imminence, 'I1');
    assert.equal(threats[0]?.hoursToStart, 48);
    assert.equal(threats[0]?.nextDeadline, null);
    // Two independent sources agreeing on the site: confirmed (DOMAIN.md §3 grade 1).
    assert.deepEqual(threats[0]?.credibility, { grade: 1, confidence: 90 });
    assert.equal(threats[0]?.specificity?.vector.location, 2);
    const scores = threats.map((t) => (t.priority?.band ?? 'P9') + String(1000 - (t.priority?.score ?? 0)).padStart(8, '0'));
    assert.deepEqual(scores, [...scores].sort(), 'ordered by band, then score');
    const paged = await get('/api/threats?limit=1');
    const next = (paged.json() as { next?: string }).next;
    assert.ok(next !== undefined);
    assert.equal(((await get(`/api/threats?limit=1&cursor=${encodeURIComponent(next)}`)).json() as { threats: ThreatListItem[] }).threats[0]?.id, threats[1]?.id);
  });

  test('GET /api/threats/:id: members, links with evidence, the assessment with its explanation, history', async () => {
    const id = await threatOf(plot);
    const res = await get(`/api/threats/${id}`);
    assert.equal(res.statusCode, 200);
    const detail = res.json() as ThreatDetail;
    assert.deepEqual(detail.reports.map((r) => r.id), [reportId(plot), reportId(plotFollowUp)]);
    assert.equal(detail.reports[0]?.grade, 'B2');
    const link = detail.links.find((l) => l.reportId === reportId(plotFollowUp));
    assert.equal(link?.evidence[0]?.rule, 'place');
    assert.ok((detail.assessment?.explanation.length ?? 0) > 10);
    assert.ok(detail.assessment?.explanation.some((line) => line.startsWith('duty to warn: TRIGGERED')));
    assert.deepEqual(detail.history.map((h) => h.trigger), ['new-reporting', 'new-reporting']);
  });

  test('bad input: unknown threat 404, bad query 400, unknown report in a split 400, unauthenticated 401', async () => {
    const unknown = 'grouping--00000000-0000-4000-8000-00000000dead';
    assert.equal((await get(`/api/threats/${unknown}`)).statusCode, 404);
    assert.equal((await post(`/api/threats/${unknown}/pin`, { reportId: reportId(vague) })).statusCode, 404);
    assert.equal((await get('/api/threats?limit=0')).statusCode, 400);
    assert.equal((await get('/api/threats?status=dormant')).statusCode, 400);
    assert.equal((await get('/api/threats?cursor=nonsense')).statusCode, 400);
    const id = await threatOf(plot);
    const split = await post(`/api/threats/${id}/split`, { reportIds: ['report--00000000-0000-4000-8000-000000000bad'] });
    assert.equal(split.statusCode, 400);
    assert.equal((split.json() as { error: { code: string } }).error.code, 'unknown-report');
    assert.equal((await post(`/api/threats/${id}/split`, { reportIds: 'not a list' })).statusCode, 400);
    assert.equal((await post(`/api/threats/${id}/merge`, { threatIds: [unknown] })).statusCode, 400);
    assert.equal((await post(`/api/threats/${id}/pin`, {})).statusCode, 400);
    assert.equal((await app.inject({ method: 'GET', url: '/api/threats' })).statusCode, 401);
    assert.deepEqual(await store.threats.decisions(), [], 'nothing was decided');
  });

  test('a reader sees only threats whose markings they may see', async () => {
    const hidden = await threatOf(secret);
    const low = ((await get('/api/threats', lowAuth)).json() as { threats: ThreatListItem[] }).threats.map((t) => t.id);
    assert.ok(!low.includes(hidden));
    assert.ok(low.includes(await threatOf(vague)));
    assert.equal((await get(`/api/threats/${hidden}`, lowAuth)).statusCode, 404, 'hidden answers like absent');
    assert.equal((await post(`/api/threats/${await threatOf(vague)}/merge`, { threatIds: [hidden] }, lowAuth)).statusCode, 400);
    assert.equal((await get(`/api/threats/${hidden}`)).statusCode, 200, 'the cleared analyst sees it');
  });

  test('POST split, pin, reject and merge: the decision and the threats it changed', async () => {
    const id = await threatOf(plot);
    const split = await post(`/api/threats/${id}/split`, { reportIds: [reportId(plotFollowUp)], note: 'different sources, different days' });
    assert.equal(split.statusCode, 200, split.body);
    const body = split.json() as { decision: { seq: number; actor: string; decision: { kind: string } }; threats: ThreatDetail[] };
    assert.equal(body.decision.decision.kind, 'split');
    assert.equal(body.decision.actor, 'user:ana');
    assert.deepEqual(body.threats.map((t) => t.reportCount), [1, 1]);
    const other = body.threats[1]?.id as string;

    const pin = await post(`/api/threats/${id}/pin`, { reportId: reportId(plotFollowUp) });
    assert.equal(pin.statusCode, 200, pin.body);
    assert.equal(await threatOf(plotFollowUp), id);
    assert.equal((await get(`/api/threats/${other}`)).json().status, 'retired');
    assert.equal((await post(`/api/threats/${other}/pin`, { reportId: reportId(plot) })).statusCode, 409, 'a retired threat takes no decision');

    const reject = await post(`/api/threats/${id}/reject`, { reportId: reportId(plotFollowUp) });
    assert.equal(reject.statusCode, 200, reject.body);
    assert.notEqual(await threatOf(plotFollowUp), id);

    const merge = await post(`/api/threats/${id}/merge`, { threatIds: [await threatOf(vague)] });
    assert.equal(merge.statusCode, 200, merge.body);
    assert.equal((merge.json() as { threats: ThreatDetail[] }).threats[0]?.reportCount, 2);
    const decisions = (((await get(`/api/threats/${id}`)).json()) as ThreatDetail).decisions.map((d) => d.decision.kind);
    assert.deepEqual(decisions, ['split', 'pin', 'reject', 'merge']);
  });
});
