// A TAXII 2.1 client: discovery, API roots, collections, Get Objects (as a TaxiiSource for
// app/taxii/pullCollection.ts), Add Objects and status. Answers are checked to be TAXII
// (media type, shapes) before use; every failure is a value, never a throw.
import { createHash } from 'node:crypto';
import type { RemoteEnvelope, RemoteError, RemoteObjectsQuery, RemoteResult, TaxiiSource } from '../../app/ports/taxii.ts';
import { send, type HttpResponse } from './http.ts';
import { DEFAULT_RETRY, retryAfterMs, withRetry, type RetryPolicy } from './retry.ts';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

export type ClientAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly user: string; readonly password: string }
  | { readonly kind: 'token'; readonly token: string };

export interface ClientOptions {
  readonly auth: ClientAuth;
  /** PEM of extra trusted certificate authorities. */
  readonly ca?: string;
  /** §8.4.1: the client names itself. */
  readonly userAgent: string;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RemoteCollection {
  readonly id: string;
  readonly title: string;
  readonly alias?: string;
  readonly can_read: boolean;
  readonly can_write: boolean;
}

/** A collection's URL (ending in `/collections/<id>/`) and its API root's. */
export interface CollectionTarget {
  readonly url: string;
  readonly apiRoot: string;
}

export interface RemoteStatus {
  readonly id: string;
  readonly status: string;
  readonly total_count: number;
  readonly success_count: number;
  readonly failure_count: number;
  readonly pending_count: number;
  readonly failures?: readonly { readonly id: string; readonly version: string; readonly message?: string }[];
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
const COLLECTION_PATH = /^(.*\/collections\/[^/]+\/)(?:objects\/|manifest\/)?$/;

function fail<T>(kind: RemoteError['kind'], message: string, status?: number): RemoteResult<T> {
  return { ok: false, error: status === undefined ? { kind, message } : { kind, message, status } };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export class TaxiiClient {
  readonly #options: ClientOptions;

  constructor(options: ClientOptions) {
    this.#options = options;
  }

  /** Who we are at the server, for checkpoint keys; a token is named by a digest, never itself. */
  get principal(): string {
    const auth = this.#options.auth;
    if (auth.kind === 'basic') return `basic:${auth.user}`;
    if (auth.kind === 'token') return `token:${createHash('sha256').update(auth.token).digest('hex').slice(0, 16)}`;
    return 'anonymous';
  }

  /** GET a TAXII resource: JSON, with the response headers. */
  async get(url: string): Promise<RemoteResult<{ readonly body: unknown; readonly response: HttpResponse }>> {
    return this.#exchange('GET', url);
  }

  /**
   * The collection a URL names: a collection URL as it is; from discovery (§4.1) or an API
   * root (§4.2), the collection chosen by id, alias or title, or the only readable one.
   */
  async resolveCollection(url: string, wanted?: string): Promise<RemoteResult<CollectionTarget>> {
    const base = withSlash(url);
    const direct = COLLECTION_PATH.exec(new URL(base).pathname);
    if (direct !== null) {
      // §5.2 Get a Collection: checks access, and names it by id (a URL may use its alias),
      // so one collection always has one URL (the checkpoint key).
      const named = new URL(direct[1] as string, base).toString();
      const apiRoot = named.replace(/collections\/[^/]+\/$/, '');
      const got = await this.get(named);
      if (!got.ok) return got;
      const id = isObject(got.value.body) ? got.value.body.id : undefined;
      if (typeof id !== 'string' || !/^[0-9A-Za-z-]{1,100}$/.test(id)) return fail('protocol', `${named} is not a TAXII collection resource`);
      return { ok: true, value: { url: `${apiRoot}collections/${id}/`, apiRoot } };
    }
    const first = await this.get(base);
    if (!first.ok) return first;
    let apiRoot = base;
    const body = first.value.body;
    if (isObject(body) && Array.isArray(body.api_roots)) {
      // §4.1.1: relative API root URLs begin with '/'; they resolve against the discovery URL.
      const roots = body.api_roots.filter((r): r is string => typeof r === 'string');
      const chosen = roots.length === 1 ? roots[0] : typeof body.default === 'string' ? body.default : undefined;
      if (chosen === undefined) return fail('protocol', `${base} lists ${roots.length} API roots and no default; give the API root URL`);
      apiRoot = withSlash(new URL(chosen, base).toString());
    } else if (!(isObject(body) && Array.isArray(body.versions))) {
      return fail('protocol', `${base} is neither a TAXII discovery resource nor an API root`);
    }
    const listed = await this.get(`${apiRoot}collections/`);
    if (!listed.ok) return listed;
    const collections = (isObject(listed.value.body) && Array.isArray(listed.value.body.collections) ? listed.value.body.collections : []) as RemoteCollection[];
    const pick = wanted === undefined
      ? collections.filter((c) => c.can_read)
      : collections.filter((c) => c.id === wanted || c.alias === wanted || c.title?.toLowerCase() === wanted.toLowerCase());
    if (pick.length !== 1) {
      const known = collections.map((c) => `${c.id} (${c.title}${c.can_read ? '' : ', not readable'})`).join(', ') || 'none';
      const why = wanted === undefined ? `${pick.length} readable collections` : pick.length === 0 ? `no collection '${wanted}'` : `several collections named '${wanted}'`;
      return fail('protocol', `${apiRoot}: ${why}; choose one with --collection: ${known}`);
    }
    return { ok: true, value: { url: `${apiRoot}collections/${(pick[0] as RemoteCollection).id}/`, apiRoot } };
  }

  /** §5.4 Get Objects of one collection, page by page. */
  source(collectionUrl: string): TaxiiSource {
    const url = withSlash(collectionUrl);
    return {
      url,
      principal: this.principal,
      getObjects: (query) => this.getObjects(url, query),
    };
  }

  async getObjects(collectionUrl: string, query: RemoteObjectsQuery): Promise<RemoteResult<RemoteEnvelope>> {
    const url = new URL('objects/', withSlash(collectionUrl));
    if (query.addedAfter !== undefined) url.searchParams.set('added_after', query.addedAfter);
    if (query.next !== undefined) url.searchParams.set('next', query.next);
    if (query.limit !== undefined) url.searchParams.set('limit', String(query.limit));
    const got = await this.get(url.toString());
    if (!got.ok) return got;
    const body = got.value.body;
    // §3.7 envelope: more, next and objects are all optional.
    if (!isObject(body)) return fail('protocol', `${url}: the answer is not an envelope`);
    if (body.objects !== undefined && !Array.isArray(body.objects)) return fail('protocol', `${url}: envelope objects is not a list`);
    if (body.more !== undefined && typeof body.more !== 'boolean') return fail('protocol', `${url}: envelope more is not a boolean`);
    if (body.next !== undefined && typeof body.next !== 'string') return fail('protocol', `${url}: envelope next is not a string`);
    const last = got.value.response.headers['x-taxii-date-added-last'];
    return {
      ok: true,
      value: {
        objects: (body.objects as unknown[] | undefined) ?? [],
        more: body.more === true,
        ...(typeof body.next === 'string' && body.next !== '' ? { next: body.next } : {}),
        ...(typeof last === 'string' ? { dateAddedLast: last } : {}),
      },
    };
  }

  /** §4.2.1 max_content_length of an API root. */
  async maxContentLength(apiRoot: string): Promise<RemoteResult<number>> {
    const got = await this.get(withSlash(apiRoot));
    if (!got.ok) return got;
    const body = got.value.body;
    const max = isObject(body) ? body.max_content_length : undefined;
    if (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 1) return fail('protocol', `${apiRoot}: no max_content_length in the API root resource`);
    return { ok: true, value: max };
  }

  /** §5.5 Add Objects: one envelope; the status resource (§4.3.1). */
  async addObjects(collectionUrl: string, objects: readonly unknown[]): Promise<RemoteResult<RemoteStatus>> {
    const posted = await this.#exchange('POST', new URL('objects/', withSlash(collectionUrl)).toString(), JSON.stringify({ objects }));
    return posted.ok ? this.#status(posted.value.body) : posted;
  }

  /** §4.3 Get Status. */
  async getStatus(apiRoot: string, id: string): Promise<RemoteResult<RemoteStatus>> {
    const got = await this.get(`${withSlash(apiRoot)}status/${encodeURIComponent(id)}/`);
    return got.ok ? this.#status(got.value.body) : got;
  }

  #status(body: unknown): RemoteResult<RemoteStatus> {
    if (!isObject(body) || typeof body.id !== 'string' || typeof body.status !== 'string' || typeof body.total_count !== 'number') {
      return fail('protocol', 'the answer is not a TAXII status resource');
    }
    return { ok: true, value: body as unknown as RemoteStatus };
  }

  async #exchange(method: 'GET' | 'POST', url: string, body?: string): Promise<RemoteResult<{ readonly body: unknown; readonly response: HttpResponse }>> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return fail('protocol', `'${url}' is not a URL`);
    }
    const headers: Record<string, string> = { accept: TAXII_MEDIA_TYPE, 'user-agent': this.#options.userAgent };
    const auth = this.#options.auth;
    if (auth.kind === 'basic') headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`;
    if (auth.kind === 'token') headers.authorization = `Bearer ${auth.token}`;
    if (body !== undefined) headers['content-type'] = TAXII_MEDIA_TYPE;
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    // Add Objects is safe to repeat: an object already present is not stored twice (§5.5).
    const result = await withRetry<HttpResponse>(this.#options.retry ?? DEFAULT_RETRY, async () => {
      const sent = await send({
        method, url: target, headers, ...(payload === undefined ? {} : { body: payload }),
        ...(this.#options.ca === undefined ? {} : { ca: this.#options.ca }),
        timeoutMs: this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxBytes: this.#options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      });
      if (!sent.ok) return { result: sent };
      const response = sent.value;
      if (response.status >= 400) {
        const wait = retryAfterMs(typeof response.headers['retry-after'] === 'string' ? response.headers['retry-after'] : undefined);
        return { result: fail('http', `${method} ${target.pathname}: ${response.status} ${describeError(response.body)}`, response.status), ...(wait === undefined ? {} : { retryAfterMs: wait }) };
      }
      return { result: { ok: true, value: response } };
    }, this.#options.sleep);
    if (!result.ok) return result;
    const response = result.value;
    const type = String(response.headers['content-type'] ?? '');
    if (!/^application\/taxii\+json\s*(;\s*version=2\.1\s*)?(;|$)/i.test(type)) {
      return fail('protocol', `${target}: the answer is '${type || 'untyped'}', not ${TAXII_MEDIA_TYPE}`);
    }
    try {
      return { ok: true, value: { body: response.body.byteLength === 0 ? {} : JSON.parse(response.body.toString('utf8')), response } };
    } catch {
      return fail('protocol', `${target}: the answer is not JSON`);
    }
  }
}

/** The title and description of a TAXII error message (§3.6.1), when the body is one. */
function describeError(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (isObject(parsed) && typeof parsed.title === 'string') {
      return typeof parsed.description === 'string' ? `${parsed.title}: ${parsed.description}` : parsed.title;
    }
  } catch {
    // Not JSON: say so below.
  }
  return body.byteLength === 0 ? '(no body)' : '(not a TAXII error message)';
}
