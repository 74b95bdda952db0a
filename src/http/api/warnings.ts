// REST: duty-to-warn cases (issue 7, DOMAIN.md §1).
//   GET  /api/warnings?limit=N&cursor=C&state=S[,S…]      cases by id, with their next deadline
//   GET  /api/warnings/:caseId                            case, history, events, deadlines, approvals, products, deliveries
//   POST /api/warnings/:caseId/commands    WarningCommand the workflow's answer: the case, or a refusal
//   POST /api/warnings/:caseId/draft       {partnerName, warningText, summary?, sunset?, channels?}
//                                          tears, freezes and hashes the product, then draft_warning
//   POST /api/warnings/:caseId/release-preview  {partnerName}   the tearline for that partner, nothing stored
//
// The actor is the signed-in user (request.principal, set by the auth plugin) with the roles
// on their account; the workflow decides by role, so an officer's and an analyst's commands
// go through the same route. Refusals: 403 who may not (role, self-approval, read-only), 409
// what the case's state or history forbids, 422 what the command itself gets wrong; the body
// is {error: {code, message}} with the workflow's code.
//
// Who sees a case: a case raised by a threat is shown only to readers who may see that
// threat's grouping whole (as /api/threats does); a waiver's reasons only with waivers.read;
// a product's bytes, and a preview, only to readers cleared for its classification.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../../app/auth/context.ts';
import { visibleOnly } from '../../app/auth/visibleObjects.ts';
import type { Clock, ObjectRecord, Store } from '../../app/ports.ts';
import type { FrozenProductRecord, ProductChannel } from '../../app/ports/warnings.ts';
import { actorOfUser } from '../../app/warning/actors.ts';
import { listWarningCases, showWarningCase, type CaseDetail } from '../../app/warning/caseView.ts';
import { draftWarningForPartner } from '../../app/warning/draftWarning.ts';
import { previewRelease } from '../../app/warning/releasePreview.ts';
import { runWarningCommand } from '../../app/warning/runCommand.ts';
import { parseBanner } from '../../domain/markings/banner.ts';
import { classificationRank, type Classification } from '../../domain/markings/model.ts';
import { WARNING_STATES, type WarningCommand, type WarningState } from '../../domain/warning/index.ts';
import { requires } from '../auth/access.ts';
import { principalOf } from '../auth/plugin.ts';
import { ApiError } from '../errors.ts';

export interface WarningRouteOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Keys the derived ids of torn products (TEARLINE_RELEASE_SECRET); optional. */
  readonly releaseSecret?: string;
}

const MAX_LIMIT = 1000;

/** Codes for what the actor may not do, whatever the case's state. */
const FORBIDDEN = new Set(['role-not-permitted', 'read-only-role', 'system-not-permitted', 'self-approval', 'same-person-two-roles', 'invalid-actor', 'not-cleared']);
/** Codes for what the command gets wrong in itself (fields, values, lengths). */
const UNPROCESSABLE = new Set([
  'unknown-command', 'missing-field', 'invalid-field', 'invalid-timestamp', 'note-too-short', 'waiver-reason-missing', 'waiver-reason-duplicated',
  'justification-too-short', 're-review-date-missing', 're-review-date-not-future', 're-review-date-too-far', 'harm-not-covered',
  'kind-channel-mismatch', 'time-out-of-range', 'product-hash-mismatch', 'orcon-cannot-be-cleared', 'sunset-passed', 'sunset-missing',
  'channel-not-available', 'invalid-settings',
]);
const NOT_FOUND = new Set(['case-not-found', 'partner-not-found']);

/** The HTTP status of a workflow refusal: 403 who, 404 what is absent, 422 the command, 409 the case. */
export function statusForRefusal(code: string): number {
  if (FORBIDDEN.has(code)) return 403;
  if (NOT_FOUND.has(code)) return 404;
  if (UNPROCESSABLE.has(code)) return 422;
  return 409;
}

function refusal(result: { readonly code: string; readonly message: string }): ApiError {
  return new ApiError(statusForRefusal(result.code), result.code, result.message);
}

function parseLimit(value: unknown): number {
  if (value === undefined || value === '') return 100;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new ApiError(400, 'invalid-limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}

function parseStates(value: unknown): readonly WarningState[] | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 'invalid-state', 'state must be a comma-separated list of states');
  const states = value.split(',').map((s) => s.trim());
  const unknown = states.filter((s) => !WARNING_STATES.some((known) => known === s));
  if (unknown.length > 0) throw new ApiError(400, 'invalid-state', `unknown state ${unknown.join(', ')}; one of ${WARNING_STATES.join(', ')}`);
  return states as WarningState[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Commands change cases: the caller needs some workflow permission (the role check is the workflow's). */
function assertMayAct(principal: Principal): void {
  const acting = ['warnings.draft', 'warnings.decide', 'warnings.deliver'] as const;
  if (!acting.some((p) => principal.permissions.has(p))) {
    throw new ApiError(403, 'forbidden', `acting on warning cases needs one of the permissions ${acting.join(', ')}`);
  }
}

function cleared(principal: Principal, classification: Classification | undefined): boolean {
  return classificationRank(classification ?? 'U') <= classificationRank(principal.user.clearance);
}

function productForReader(product: FrozenProductRecord, principal: Principal): FrozenProductRecord & { readonly withheld?: string } {
  const classification = parseBanner(product.banner)?.classification;
  if (classification !== undefined && cleared(principal, classification)) return product;
  return { ...product, bundleJson: '', warningText: '', withheld: `the product is ${product.banner}; your clearance is ${principal.user.clearance}` };
}

export function registerWarningRoutes(app: FastifyInstance, options: WarningRouteOptions): void {
  const { store, clock } = options;
  const secret = options.releaseSecret === undefined ? {} : { releaseSecret: options.releaseSecret };

  /** Threat ids (of those given) whose grouping the principal may see whole. */
  const visibleThreats = async (principal: Principal, threatIds: readonly string[]): Promise<ReadonlySet<string>> => {
    if (threatIds.length === 0) return new Set();
    const records = (await Promise.all(threatIds.map((id) => store.getLatestObject(id)))).filter((r): r is ObjectRecord => r !== null);
    const shown = (await visibleOnly(records, principal, store)).filter((v) => !v.redacted);
    return new Set(shown.map((v) => v.id));
  };

  /** The case's threat is visible to the caller (or the case has none); 404 otherwise, as for absent cases. */
  const assertVisible = async (request: FastifyRequest, caseId: string): Promise<Principal> => {
    const principal = principalOf(request);
    const stored = await store.warnings.getCase(caseId);
    if (stored === null) throw new ApiError(404, 'case-not-found', `no warning case ${caseId}`);
    if (stored.threatId !== null && !(await visibleThreats(principal, [stored.threatId])).has(stored.threatId)) {
      throw new ApiError(404, 'case-not-found', `no warning case ${caseId}`);
    }
    return principal;
  };

  app.get('/api/warnings', { config: { access: requires('warnings.read') } }, async (request) => {
    const principal = principalOf(request);
    const query = request.query as Record<string, unknown>;
    const limit = parseLimit(query.limit);
    const states = parseStates(query.state);
    const cursor = typeof query.cursor === 'string' && query.cursor !== '' ? query.cursor : undefined;
    const page = await listWarningCases(store, { limit, ...(cursor === undefined ? {} : { cursor }), ...(states === undefined ? {} : { states }) }, clock.now()).catch((error: unknown) => {
      if (error instanceof Error && (error as { code?: unknown }).code === 'invalid_cursor') throw new ApiError(400, 'invalid-cursor', 'cursor is not one this server issued');
      throw error;
    });
    const threatIds = page.items.map((item) => item.threatId).filter((id): id is string => id !== null);
    const shown = await visibleThreats(principal, threatIds);
    return {
      cases: page.items.filter((item) => item.threatId === null || shown.has(item.threatId)),
      ...(page.next === undefined ? {} : { next: page.next }),
    };
  });

  app.get('/api/warnings/:caseId', { config: { access: requires('warnings.read') } }, async (request) => {
    const { caseId } = request.params as { caseId: string };
    const principal = await assertVisible(request, caseId);
    const detail = (await showWarningCase(store, caseId, { showWaivers: principal.permissions.has('waivers.read'), now: clock.now() })) as CaseDetail;
    return { ...detail, products: detail.products.map((p) => productForReader(p, principal)) };
  });

  app.post('/api/warnings/:caseId/commands', { config: { access: requires('warnings.read') } }, async (request) => {
    const { caseId } = request.params as { caseId: string };
    const principal = await assertVisible(request, caseId);
    assertMayAct(principal);
    if (!isObject(request.body)) throw new ApiError(422, 'unknown-command', 'the body must be a warning command object with a type');
    // The workflow checks every field of the command again at run time (domain/warning/apply.ts).
    const result = await runWarningCommand(store, caseId, request.body as unknown as WarningCommand, actorOfUser(principal.user), clock);
    if (!result.ok) throw refusal(result);
    return { case: result.case };
  });

  app.post('/api/warnings/:caseId/draft', { config: { access: requires('warnings.read') } }, async (request) => {
    const { caseId } = request.params as { caseId: string };
    const principal = await assertVisible(request, caseId);
    assertMayAct(principal);
    const body = request.body;
    if (!isObject(body)) throw new ApiError(422, 'missing-field', 'the body must be {partnerName, warningText, summary?, sunset?, channels?}');
    const channels = body.channels;
    if (channels !== undefined && !(Array.isArray(channels) && channels.every((c) => c === 'taxii' || c === 'webhook' || c === 'email'))) {
      throw new ApiError(422, 'invalid-field', 'channels must be a list of taxii, webhook, email');
    }
    for (const field of ['summary', 'sunset'] as const) {
      if (body[field] !== undefined && typeof body[field] !== 'string') throw new ApiError(422, 'invalid-field', `${field} must be a string`);
    }
    const result = await draftWarningForPartner(
      store,
      caseId,
      {
        partnerName: typeof body.partnerName === 'string' ? body.partnerName : '',
        warningText: typeof body.warningText === 'string' ? body.warningText : '',
        ...(typeof body.summary === 'string' ? { summary: body.summary } : {}),
        ...(typeof body.sunset === 'string' ? { sunset: body.sunset } : {}),
        ...(channels === undefined ? {} : { channels: channels as ProductChannel[] }),
      },
      actorOfUser(principal.user),
      clock.now(),
      secret,
    );
    if (!result.ok) throw refusal(result);
    return { case: result.case, product: result.product };
  });

  app.post('/api/warnings/:caseId/release-preview', { config: { access: requires('warnings.read') } }, async (request) => {
    const { caseId } = request.params as { caseId: string };
    const principal = await assertVisible(request, caseId);
    const body = request.body;
    if (!isObject(body) || typeof body.partnerName !== 'string' || body.partnerName === '') {
      throw new ApiError(422, 'missing-field', 'the body must be {partnerName}');
    }
    const result = await previewRelease(store, caseId, body.partnerName, clock.now(), secret);
    if (!result.ok) throw refusal(result);
    if (!cleared(principal, result.preview.marking.marking.classification)) {
      throw new ApiError(403, 'not-cleared', `the tearline is ${result.preview.banner}; your clearance is ${principal.user.clearance}`);
    }
    return result.preview;
  });
}
