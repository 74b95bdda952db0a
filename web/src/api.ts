// The one module that talks to the server. Every call resolves to a typed result, never
// throws: a failed request is something to show, not an exception.
//
// Authentication: the session is an HttpOnly cookie the browser sends by itself; this module
// only keeps the CSRF token the server handed out at sign-in (or GET /api/auth/me) and sends
// it on every state-changing request (src/http/auth/plugin.ts). A 401 from any API call
// means the session ended: the shell hears UNAUTHENTICATED_EVENT and shows the sign-in form.
import type {
  ApiErrorBody,
  AuditPage,
  AuditQueryJson,
  AuditVerifyResponse,
  ChangePasswordRequest,
  DisclosuresResponse,
  DraftWarningRequest,
  DraftWarningResponse,
  FeedsResponse,
  HealthResponse,
  IngestFormatName,
  IngestResponse,
  LoginResponse,
  MeResponse,
  NewFeedRequest,
  NewFeedResponse,
  NewUserRequest,
  NewUserResponse,
  ObjectsPage,
  ObjectsQuery,
  ObjectVersionsResponse,
  OversightReportJson,
  PartnersResponse,
  ReleasePreviewJson,
  TearlinePreviewRequest,
  TearlinePreviewResponse,
  ThreatDecisionResponse,
  UpdateUserRequest,
  UpdateUserResponse,
  UsersResponse,
  ThreatDetailJson,
  ThreatsPage,
  WarningCaseDetailJson,
  WarningCasesPage,
  WarningCommandJson,
  WarningCommandResponse,
} from '../../src/http/wire.ts';
import { queryString, threatsUrl, warningsUrl, type ThreatsQuery, type WarningsQuery } from './apiUrls.ts';
import { putArrivedRead, startEarlyRead, takeEarlyRead } from './earlyReads.ts';

export interface ApiFailure {
  /** HTTP status, or 0 when the server did not answer. */
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

export type ApiResult<T> = { readonly ok: true; readonly status: number; readonly data: T } | ({ readonly ok: false } & ApiFailure);

/** Fired on window when an API call answers 401: the session is gone. */
export const UNAUTHENTICATED_EVENT = 'tearline:unauthenticated';

let csrfToken: string | undefined;

/** The session's CSRF token, from sign-in or GET /api/auth/me; undefined when signed out. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Starts a GET of `url` now, for a view that is not on screen yet (earlyReads.ts). */
export function readEarly(url: string): void {
  startEarlyRead(url, () => send('GET', url, {}));
}

/** Takes `data` as the answer of a GET of `url` the server sent with the page (boot.ts): the view does not ask again. */
export function readArrived(url: string, data: unknown): void {
  const answer: ApiResult<unknown> = { ok: true, status: 200, data };
  putArrivedRead(url, answer);
}

// ---- session --------------------------------------------------------------------------

export function fetchMe(signal?: AbortSignal): Promise<ApiResult<MeResponse>> {
  return request<MeResponse>('GET', '/api/auth/me', { signal, quiet401: true });
}

export function login(username: string, password: string): Promise<ApiResult<LoginResponse>> {
  return request<LoginResponse>('POST', '/api/auth/login', { body: { username, password }, quiet401: true });
}

export function logout(): Promise<ApiResult<undefined>> {
  return request<undefined>('POST', '/api/auth/logout', { quiet401: true });
}

export function changePassword(body: ChangePasswordRequest): Promise<ApiResult<undefined>> {
  return request<undefined>('POST', '/api/auth/password', { body });
}

export function fetchHealth(signal?: AbortSignal): Promise<ApiResult<HealthResponse>> {
  return request<HealthResponse>('GET', '/api/health', { signal });
}

// ---- objects and ingest -----------------------------------------------------------------

export function fetchObjects(query: ObjectsQuery, signal?: AbortSignal): Promise<ApiResult<ObjectsPage>> {
  return request<ObjectsPage>('GET', `/api/objects${queryString({ type: query.type, limit: query.limit, cursor: query.cursor })}`, { signal });
}

export function fetchObjectVersions(id: string, signal?: AbortSignal): Promise<ApiResult<ObjectVersionsResponse>> {
  return request<ObjectVersionsResponse>('GET', `/api/objects/${encodeURIComponent(id)}`, { signal });
}

/**
 * An ingest that was judged (stored, partly stored or rejected) answers with an outcome
 * whatever its status; anything else (bad JSON, too large, unreachable) is a failure.
 */
export type IngestResult =
  | { readonly kind: 'outcome'; readonly status: number; readonly outcome: IngestResponse }
  | ({ readonly kind: 'failure' } & ApiFailure);

/** What to ingest and how (POST /api/ingest's parameters). */
export interface IngestInput {
  readonly body: string | Blob;
  readonly format: IngestFormatName;
  readonly partial: boolean;
  /** For a report text: the publication date (YYYY-MM-DD). */
  readonly published?: string;
  /** A file name: a report text's report is named after it. */
  readonly name?: string;
}

/** How much of the body has gone up; `total` is 0 when the browser does not know. */
export type UploadProgress = (sent: number, total: number) => void;

const INGEST_MEDIA_TYPES: Readonly<Record<IngestFormatName, string>> = {
  stix: 'application/json',
  misp: 'application/json',
  text: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Sends the input with XMLHttpRequest, not fetch: only XHR reports upload progress, which a
 * large file needs. The answer is read as `request` reads fetch's.
 */
export async function postIngest(input: IngestInput, onProgress?: UploadProgress, signal?: AbortSignal): Promise<IngestResult> {
  const query = queryString({ partial: input.partial ? 'true' : 'false', format: input.format, published: input.published, name: input.name });
  const answer = await sendWithProgress('POST', `/api/ingest${query}`, { ...writeHeaders(), 'content-type': INGEST_MEDIA_TYPES[input.format] }, input.body, onProgress, signal);
  if (!answer.ok) return { kind: 'failure', status: answer.status, code: answer.code, message: answer.message };
  if (isErrorBody(answer.body)) {
    if (answer.status === 401) announceUnauthenticated();
    return { kind: 'failure', status: answer.status, ...answer.body.error };
  }
  return { kind: 'outcome', status: answer.status, outcome: answer.body as IngestResponse };
}

function sendWithProgress(method: string, url: string, headers: Readonly<Record<string, string>>, body: string | Blob, onProgress: UploadProgress | undefined, signal: AbortSignal | undefined): Promise<JsonAnswer> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    if (onProgress !== undefined) xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0);
    xhr.onload = () => {
      if (xhr.status === 204) return resolve({ ok: true, status: 204, body: undefined });
      try {
        resolve({ ok: true, status: xhr.status, body: JSON.parse(xhr.responseText) as unknown });
      } catch {
        resolve({ ok: false, status: xhr.status, code: 'not-json', message: `The server answered ${xhr.status} without a JSON body.` });
      }
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, code: 'unreachable', message: 'The Tearline server did not answer. Is it running?' });
    xhr.onabort = () => resolve({ ok: false, status: 0, code: 'aborted', message: 'The request was cancelled.' });
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

// ---- threats ------------------------------------------------------------------------------

export function fetchThreats(query: ThreatsQuery, signal?: AbortSignal): Promise<ApiResult<ThreatsPage>> {
  return request<ThreatsPage>('GET', threatsUrl(query), { signal });
}

export function fetchThreat(id: string, signal?: AbortSignal): Promise<ApiResult<ThreatDetailJson>> {
  return request<ThreatDetailJson>('GET', `/api/threats/${encodeURIComponent(id)}`, { signal });
}

export type ThreatDecisionKind = 'merge' | 'split' | 'pin' | 'reject';

export function postThreatDecision(id: string, kind: ThreatDecisionKind, body: object): Promise<ApiResult<ThreatDecisionResponse>> {
  return request<ThreatDecisionResponse>('POST', `/api/threats/${encodeURIComponent(id)}/${kind}`, { body });
}

// ---- audit --------------------------------------------------------------------------------

export function fetchAudit(query: AuditQueryJson, signal?: AbortSignal): Promise<ApiResult<AuditPage>> {
  return request<AuditPage>('GET', `/api/audit${queryString({ ...query })}`, { signal });
}

export function verifyAudit(signal?: AbortSignal): Promise<ApiResult<AuditVerifyResponse>> {
  return request<AuditVerifyResponse>('GET', '/api/audit/verify', { signal });
}

// ---- partners and tearlines ---------------------------------------------------------------

export function fetchPartners(signal?: AbortSignal): Promise<ApiResult<PartnersResponse>> {
  return request<PartnersResponse>('GET', '/api/partners', { signal });
}

export function previewTearline(body: TearlinePreviewRequest, signal?: AbortSignal): Promise<ApiResult<TearlinePreviewResponse>> {
  return request<TearlinePreviewResponse>('POST', '/api/tearline/preview', { body, signal });
}

// ---- warnings and oversight ---------------------------------------------------------------

export function fetchWarnings(query: WarningsQuery, signal?: AbortSignal): Promise<ApiResult<WarningCasesPage>> {
  return request<WarningCasesPage>('GET', warningsUrl(query), { signal });
}

export function fetchWarning(caseId: string, signal?: AbortSignal): Promise<ApiResult<WarningCaseDetailJson>> {
  return request<WarningCaseDetailJson>('GET', `/api/warnings/${encodeURIComponent(caseId)}`, { signal });
}

export function postWarningCommand(caseId: string, command: WarningCommandJson): Promise<ApiResult<WarningCommandResponse>> {
  return request<WarningCommandResponse>('POST', `/api/warnings/${encodeURIComponent(caseId)}/commands`, { body: command });
}

export function draftWarning(caseId: string, body: DraftWarningRequest): Promise<ApiResult<DraftWarningResponse>> {
  return request<DraftWarningResponse>('POST', `/api/warnings/${encodeURIComponent(caseId)}/draft`, { body });
}

export function previewWarningRelease(caseId: string, partnerName: string): Promise<ApiResult<ReleasePreviewJson>> {
  return request<ReleasePreviewJson>('POST', `/api/warnings/${encodeURIComponent(caseId)}/release-preview`, { body: { partnerName } });
}

export function fetchOversight(query: { readonly from?: string; readonly to?: string }, signal?: AbortSignal): Promise<ApiResult<OversightReportJson>> {
  return request<OversightReportJson>('GET', `/api/oversight${queryString(query)}`, { signal });
}

export function retryDelivery(id: string): Promise<ApiResult<unknown>> {
  return request<unknown>('POST', `/api/deliveries/${encodeURIComponent(id)}/retry`, {});
}

export function fetchDisclosures(caseId: string, signal?: AbortSignal): Promise<ApiResult<DisclosuresResponse>> {
  return request<DisclosuresResponse>('GET', `/api/deliveries/disclosures${queryString({ caseId })}`, { signal });
}

// ---- feeds and users ----------------------------------------------------------------------

export function fetchFeeds(signal?: AbortSignal): Promise<ApiResult<FeedsResponse>> {
  return request<FeedsResponse>('GET', '/api/feeds', { signal });
}

export function addFeed(body: NewFeedRequest): Promise<ApiResult<NewFeedResponse>> {
  return request<NewFeedResponse>('POST', '/api/feeds', { body });
}

export function removeFeed(name: string): Promise<ApiResult<{ readonly name: string }>> {
  return request<{ readonly name: string }>('DELETE', `/api/feeds/${encodeURIComponent(name)}`, {});
}

export function fetchUsers(signal?: AbortSignal): Promise<ApiResult<UsersResponse>> {
  return request<UsersResponse>('GET', '/api/users', { signal });
}

export function createUser(body: NewUserRequest): Promise<ApiResult<NewUserResponse>> {
  return request<NewUserResponse>('POST', '/api/users', { body });
}

export function updateUser(username: string, body: UpdateUserRequest): Promise<ApiResult<UpdateUserResponse>> {
  return request<UpdateUserResponse>('PATCH', `/api/users/${encodeURIComponent(username)}`, { body });
}

// ---- plumbing -----------------------------------------------------------------------------

interface RequestOptions {
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** The sign-in calls answer 401 as part of their job: that is not a session that ended. */
  readonly quiet401?: boolean;
}

function writeHeaders(): Record<string, string> {
  return { 'content-type': 'application/json', ...(csrfToken === undefined ? {} : { 'x-csrf-token': csrfToken }) };
}

async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, options: RequestOptions): Promise<ApiResult<T>> {
  // A read the page began before this view existed (boot.ts) is taken instead of asking again.
  const early = method === 'GET' ? takeEarlyRead<ApiResult<unknown>>(url) : undefined;
  const result = (await (early ?? send(method, url, options))) as ApiResult<T>;
  if (!result.ok && result.status === 401 && options.quiet401 !== true) announceUnauthenticated();
  return result;
}

/** One request and its answer, typed; what a 401 means is the caller's business. */
async function send<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, options: RequestOptions): Promise<ApiResult<T>> {
  const init: RequestInit = { method, signal: options.signal ?? null };
  if (method === 'DELETE') {
    // No body: the CSRF header alone (a JSON content type with an empty body is refused).
    init.headers = csrfToken === undefined ? {} : { 'x-csrf-token': csrfToken };
  } else if (method !== 'GET') {
    init.headers = writeHeaders();
    init.body = JSON.stringify(options.body ?? {});
  }
  const answer = await fetchJson(url, init);
  if (!answer.ok) return answer;
  if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status, data: answer.body as T };
  if (isErrorBody(answer.body)) return { ok: false, status: answer.status, ...answer.body.error };
  return { ok: false, status: answer.status, code: 'http-error', message: `The server answered ${answer.status}.` };
}

function announceUnauthenticated(): void {
  window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
}

type JsonAnswer = { readonly ok: true; readonly status: number; readonly body: unknown } | ({ readonly ok: false } & ApiFailure);

async function fetchJson(url: string, init: RequestInit): Promise<JsonAnswer> {
  let response: Response;
  try {
    // same-origin credentials are the default; said here because the session depends on it.
    response = await fetch(url, { ...init, credentials: 'same-origin', headers: { accept: 'application/json', ...init.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      return { ok: false, status: 0, code: 'aborted', message: 'The request was cancelled.' };
    }
    return { ok: false, status: 0, code: 'unreachable', message: 'The Tearline server did not answer. Is it running?' };
  }
  if (response.status === 204) return { ok: true, status: 204, body: undefined };
  try {
    return { ok: true, status: response.status, body: await response.json() };
  } catch {
    return { ok: false, status: response.status, code: 'not-json', message: `The server answered ${response.status} without a JSON body.` };
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (value === null || typeof value !== 'object' || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return error !== null && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string';
}
