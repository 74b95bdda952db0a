// REST: threats (issue 6).
//   GET  /api/threats?limit=N&cursor=C&status=active|merged|retired   by priority
//   GET  /api/threats/:id                                              members, links with evidence, assessment, history
//   POST /api/threats/:id/merge   {threatIds: [id…], note?}            fold other threats into this one
//   POST /api/threats/:id/split   {reportIds: [id…], note?}            move these reports to a new threat
//   POST /api/threats/:id/pin     {reportId, note?}                    put a report in this threat
//   POST /api/threats/:id/reject  {reportId, note?}                    a report does not belong here
// Unknown threat in the path: 404; merged or retired: 409; a body naming reports or threats
// that do not fit: 400. A decision answers with the decision and the affected threats.
//
// Who sees a threat: a threat's grouping carries the markings of everything fused into it
// (app/fusion/threatObject.ts), so a reader sees the threat only when they may see its
// grouping whole (app/auth/visibleObjects.ts); hidden and absent threats answer alike (404),
// and reads of protected threats are audited, one entry per request.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock, ObjectRecord, Store } from '../../app/ports.ts';
import type { ThreatStatus } from '../../app/ports/threats.ts';
import type { Principal } from '../../app/auth/context.ts';
import { visibleOnly } from '../../app/auth/visibleObjects.ts';
import { mergeThreats, pinReport, rejectLink, splitThreat, type DecisionResult } from '../../app/fusion/analystDecisions.ts';
import { listThreats, showThreat, type ThreatDetail } from '../../app/fusion/threatView.ts';
import { requires } from '../auth/access.ts';
import { principalOf } from '../auth/plugin.ts';
import { ApiError } from '../errors.ts';

export interface ThreatRouteOptions {
  readonly store: Store;
  readonly clock: Clock;
}

const MAX_LIMIT = 1000;
const STATUSES: readonly ThreatStatus[] = ['active', 'merged', 'retired'];
const MAX_NOTE = 4000;
const MAX_IDS = 10_000;

export function registerThreatRoutes(app: FastifyInstance, options: ThreatRouteOptions): void {
  const { store, clock } = options;

  const visible = async (request: FastifyRequest, ids: readonly string[], action: string): Promise<ReadonlySet<string>> => {
    const principal = principalOf(request);
    const records = (await Promise.all(ids.map((id) => store.getLatestObject(id)))).filter((r): r is ObjectRecord => r !== null);
    // A redacted grouping would hide part of the threat's summary: only whole ones are shown.
    const shown = (await visibleOnly(records, principal, store)).filter((v) => !v.redacted);
    await auditProtected(shown.filter((v) => v.protected).map((v) => v.id), principal, action);
    return new Set(shown.map((v) => v.id));
  };
  const auditProtected = async (ids: readonly string[], principal: Principal, action: string): Promise<void> => {
    if (ids.length === 0) return;
    await store.write((tx) => tx.audit.append({ at: clock.now(), actor: principal.actor, action, subject: ids.length === 1 ? (ids[0] as string) : `threats:${ids.length}`, details: { threats: [...ids] } }));
  };
  const detailFor = async (request: FastifyRequest, id: string): Promise<ThreatDetail | null> => {
    const detail = await showThreat(store, id, clock.now());
    if (detail === null || !(await visible(request, [id], 'threats.read')).has(id)) return null;
    return detail;
  };

  app.get('/api/threats', { config: { access: requires('objects.read') } }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const limit = parseLimit(query.limit);
    const status = parseStatus(query.status);
    const cursor = typeof query.cursor === 'string' && query.cursor !== '' ? query.cursor : undefined;
    const page = await listThreats(store, { limit, ...(cursor === undefined ? {} : { cursor }), ...(status === undefined ? {} : { status }) }, clock.now()).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'InvalidCursorError') throw new ApiError(400, 'invalid-cursor', 'cursor is not one this server issued');
      throw error;
    });
    const shown = await visible(request, page.threats.map((t) => t.id), 'threats.list');
    return { ...page, threats: page.threats.filter((t) => shown.has(t.id)) };
  });

  app.get('/api/threats/:id', { config: { access: requires('objects.read') } }, async (request) => {
    const { id } = request.params as { id: string };
    const detail = await detailFor(request, id);
    if (detail === null) throw new ApiError(404, 'not-found', `no threat ${id}`);
    return detail;
  });

  /**
   * A decision route: the threat in the path and every threat or report the body names must
   * be visible to the caller, else they answer as if absent (404 for the path, 400 for the body).
   */
  const decisionRoute = <T>(
    name: string,
    read: (body: Record<string, unknown>) => { readonly input: T; readonly names: readonly string[]; readonly hidden: 'unknown-other-threat' | 'unknown-report' },
    run: (id: string, input: T, note: string | undefined, actor: string) => Promise<DecisionResult>,
  ): void => {
    app.post(`/api/threats/:id/${name}`, { config: { access: requires('warnings.draft') } }, async (request) => {
      const { id } = request.params as { id: string };
      if ((await store.threats.get(id)) !== null && !(await visible(request, [id], 'threats.read')).has(id)) throw new ApiError(404, 'not-found', `no threat ${id}`);
      const body = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid-request', 'send a JSON object');
      const fields = body as Record<string, unknown>;
      const { input, names, hidden } = read(fields);
      const shown = await visible(request, names, 'threats.read');
      const unseen = names.filter((n) => !shown.has(n));
      if (unseen.length > 0) throw new ApiError(400, hidden, `no ${hidden === 'unknown-report' ? 'report' : 'threat'} ${unseen.join(', ')}`);
      const result = await run(id, input, parseNote(fields.note), principalOf(request).actor);
      if (!result.ok) throw asApiError(result.error);
      const threats: ThreatDetail[] = [];
      for (const affected of result.affected) {
        const detail = await detailFor(request, affected);
        if (detail !== null) threats.push(detail);
      }
      return { decision: result.decision, threats };
    });
  };
  const note = (text: string | undefined): { note?: string } => (text === undefined ? {} : { note: text });
  decisionRoute(
    'merge',
    (body) => {
      const ids = idList(body.threatIds, 'threatIds');
      return { input: ids, names: ids, hidden: 'unknown-other-threat' };
    },
    (id, otherIds, text, actor) => mergeThreats({ threatId: id, otherIds, ...note(text) }, { store, clock, actor }),
  );
  decisionRoute(
    'split',
    // The reports of a threat the caller sees are visible to them: the threat carries their markings.
    (body) => ({ input: idList(body.reportIds, 'reportIds'), names: [], hidden: 'unknown-report' }),
    (id, reportIds, text, actor) => splitThreat({ threatId: id, reportIds, ...note(text) }, { store, clock, actor }),
  );
  for (const [name, decide] of [['pin', pinReport], ['reject', rejectLink]] as const) {
    decisionRoute(
      name,
      (body) => {
        const reportId = oneId(body.reportId, 'reportId');
        return { input: reportId, names: [reportId], hidden: 'unknown-report' };
      },
      (id, reportId, text, actor) => decide({ threatId: id, reportId, ...note(text) }, { store, clock, actor }),
    );
  }
}

function asApiError(error: { readonly code: string; readonly message: string }): ApiError {
  switch (error.code) {
    case 'unknown-threat':
      return new ApiError(404, 'not-found', error.message);
    case 'threat-not-active':
      return new ApiError(409, error.code, error.message);
    default:
      return new ApiError(400, error.code, error.message);
  }
}

function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return 100;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1) throw new ApiError(400, 'invalid-limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return Math.min(Number(raw), MAX_LIMIT);
}

function parseStatus(raw: unknown): ThreatStatus | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !(STATUSES as readonly string[]).includes(raw)) throw new ApiError(400, 'invalid-status', `status must be one of ${STATUSES.join(', ')}`);
  return raw as ThreatStatus;
}

function parseNote(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || raw.length > MAX_NOTE) throw new ApiError(400, 'invalid-request', `note must be text of at most ${MAX_NOTE} characters`);
  return raw;
}

function oneId(raw: unknown, name: string): string {
  if (typeof raw !== 'string' || raw === '' || raw.length > 300) throw new ApiError(400, 'invalid-request', `${name} must be an id`);
  return raw;
}

function idList(raw: unknown, name: string): string[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_IDS) throw new ApiError(400, 'invalid-request', `${name} must be a non-empty list of ids`);
  return raw.map((v) => oneId(v, name));
}
