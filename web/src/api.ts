// The one module that talks to the server. Every call resolves to a typed result, never
// throws: a failed request is something to show, not an exception.
import type {
  ApiErrorBody,
  HealthResponse,
  IngestResponse,
  ObjectsPage,
  ObjectsQuery,
  ObjectVersionsResponse,
} from '../../src/http/wire.ts';

export interface ApiFailure {
  /** HTTP status, or 0 when the server did not answer. */
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export type ApiResult<T> = { readonly ok: true; readonly status: number; readonly data: T } | ({ readonly ok: false } & ApiFailure);

export function fetchHealth(signal?: AbortSignal): Promise<ApiResult<HealthResponse>> {
  return request<HealthResponse>('/api/health', { signal });
}

export function fetchObjects(query: ObjectsQuery, signal?: AbortSignal): Promise<ApiResult<ObjectsPage>> {
  const params = new URLSearchParams();
  if (query.type !== undefined && query.type !== '') params.set('type', query.type);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.cursor !== undefined) params.set('cursor', query.cursor);
  const search = params.toString();
  return request<ObjectsPage>(`/api/objects${search === '' ? '' : `?${search}`}`, { signal });
}

export function fetchObjectVersions(id: string, signal?: AbortSignal): Promise<ApiResult<ObjectVersionsResponse>> {
  return request<ObjectVersionsResponse>(`/api/objects/${encodeURIComponent(id)}`, { signal });
}

/**
 * An ingest that was judged (stored, partly stored or rejected) answers with an outcome
 * whatever its status; anything else (bad JSON, too large, unreachable) is a failure.
 */
export type IngestResult =
  | { readonly kind: 'outcome'; readonly status: number; readonly outcome: IngestResponse }
  | ({ readonly kind: 'failure' } & ApiFailure);

export async function postIngest(body: string | Blob, partial: boolean, signal?: AbortSignal): Promise<IngestResult> {
  const answer = await fetchJson(`/api/ingest?partial=${partial ? 'true' : 'false'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal,
  });
  if (!answer.ok) return { kind: 'failure', status: answer.status, code: answer.code, message: answer.message };
  if (isErrorBody(answer.body)) return { kind: 'failure', status: answer.status, ...answer.body.error };
  return { kind: 'outcome', status: answer.status, outcome: answer.body as IngestResponse };
}

async function request<T>(url: string, init: RequestInit): Promise<ApiResult<T>> {
  const answer = await fetchJson(url, init);
  if (!answer.ok) return answer;
  if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status, data: answer.body as T };
  if (isErrorBody(answer.body)) return { ok: false, status: answer.status, ...answer.body.error };
  return { ok: false, status: answer.status, code: 'http-error', message: `The server answered ${answer.status}.` };
}

type JsonAnswer = { readonly ok: true; readonly status: number; readonly body: unknown } | ({ readonly ok: false } & ApiFailure);

async function fetchJson(url: string, init: RequestInit): Promise<JsonAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      return { ok: false, status: 0, code: 'aborted', message: 'The request was cancelled.' };
    }
    return { ok: false, status: 0, code: 'unreachable', message: 'The Tearline server did not answer. Is it running?' };
  }
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
