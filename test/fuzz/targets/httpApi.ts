// The HTTP layer through app.inject: random methods, paths (the server's own route table with
// its parameters filled with real ids and garbage), query strings, headers, media types,
// credentials and bodies (real bundles, mutated ones, bytes, huge and deeply nested ones).
// No 5xx, no hang, and every error answer a JSON body with a code and a message.
//
// TAXII (src/http/taxii/) answers with its own error resource; its routes are in the route
// table read from the server, TAXII_ERROR_PATH below is where its error format is accepted,
// and a partner account with a bearer token reads and writes one collection (alias `fuzz`).
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../../../src/app/auth/apiTokens.ts';
import { createUser } from '../../../src/app/auth/createUser.ts';
import { addAccount } from '../../../src/app/taxii/manageAccounts.ts';
import { addCollection } from '../../../src/app/taxii/manageCollections.ts';
import { permissionsOf } from '../../../src/domain/people/permissions.ts';
import { buildServer } from '../../../src/http/server.ts';
import { declaredRoutes } from '../../../src/http/auth/plugin.ts';
import { WEB_DIST_DIR } from '../../../src/http/static.ts';
import { openSqliteStore } from '../../../src/storage/sqlite/index.ts';
import type { Store } from '../../../src/app/ports.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_AUTH } from '../../auth/support.ts';
import type { Corpus } from '../corpus.ts';
import { JSON_TOKENS, mutateText, sequenceMutations, type JsonValue } from '../mutate.ts';
import { issueProblems, shorten } from '../properties.ts';
import type { FuzzTarget } from '../target.ts';
import { jsonInputs } from './stixValidator.ts';

export type Credentials = 'none' | 'analyst-token' | 'admin-token' | 'partner-token' | 'garbage';

export interface HttpInput {
  readonly method: string;
  /** Path and query string, as sent. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly credentials: Credentials;
  /** Body bytes, or null for none. */
  readonly body: Uint8Array | null;
}

const CLOCK = { now: () => new Date().toISOString() };
const FUZZ_COLLECTION_ID = '9b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const MAX_BODY_BYTES = 1024 * 1024;
/** TAXII 2.1 §3.6.1: errors are an error message resource, not our `{error: {code}}` body. */
const TAXII_ERROR_PATH = /^\/taxii2(\/|\?|$)/;

const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const MEDIA_TYPES = [
  'application/json', 'application/stix+json', 'application/stix+json;version=2.1', 'application/taxii+json;version=2.1', 'application/json; charset=utf-8',
  'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '*/*', 'garbage', ';;;', 'application/json;version=',
];
const ACCEPTS = ['application/json', 'application/taxii+json;version=2.1', 'application/stix+json;version=2.1', 'text/html', '*/*', 'application/taxii+json;version=2.0', 'image/png', ''];
const SEGMENTS = [
  'indicator--6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d', 'identity--4f1c3a52-5d6e-4f70-8a91-b2c3d4e5f601', 'x', '', '..', '%2e%2e', '%00', '%ff', '%', '%zz', 'a%2Fb',
  '__proto__', 'constructor', 'admin', 'crash-admin', 'crash-analyst', 'index.html', 'assets', 'favicon.svg', '.env', 'x'.repeat(5000), 'é', '%F0%9F%98%80', 'collections', 'objects', 'versions', 'manifest', 'status',
  'fuzz', FUZZ_COLLECTION_ID, 'root', 'taxii2',
];
const QUERY_KEYS = ['limit', 'cursor', 'type', 'partial', 'next', 'added_after', 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]', 'q', 'since', 'verify', '__proto__', 'limit[]', ''];
const QUERY_VALUES = ['1', '0', '-1', '1000', '1001', '99999999999999999999', 'abc', 'true', 'false', '', 'indicator', 'indicator,malware', 'INDICATOR', '2024-01-01T00:00:00Z', 'first', 'last', 'all', '%00', '%ff', 'x'.repeat(3000), 'eyJ4IjoxfQ', '..'];

interface ServerRuntime {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly tokens: Record<'analyst-token' | 'admin-token' | 'partner-token', string>;
}

let runtime: Promise<ServerRuntime> | undefined;

async function server(): Promise<ServerRuntime> {
  runtime ??= (async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const app = await buildServer({ store, clock: CLOCK, maxBodyBytes: MAX_BODY_BYTES, version: 'fuzz', auth: TEST_AUTH });
    const ctx = { store, clock: CLOCK, passwordParams: TEST_AUTH.passwordParams };
    const token = async (username: string, role: 'analyst' | 'administrator'): Promise<string> => {
      const user = await createUser({ username, roles: [role], clearance: 'TS', compartments: [], password: `correct horse battery ${username}` }, 'system:fuzz', ctx);
      if (!user.ok) throw new Error(`fuzz setup: ${user.problem.message}`);
      const created = await createApiToken({ username, name: 'fuzz', scopes: [...permissionsOf([role])] }, 'system:fuzz', ctx);
      if (!created.ok) throw new Error(`fuzz setup: ${created.problem.message}`);
      return created.value.token;
    };
    return { app, store, tokens: { 'analyst-token': await token('fuzz-analyst', 'analyst'), 'admin-token': await token('fuzz-admin', 'administrator'), 'partner-token': await partnerToken(store) } };
  })();
  return runtime;
}

/** A TAXII collection (alias `fuzz`) and a partner account with a bearer token that reads and writes it. */
async function partnerToken(store: Store): Promise<string> {
  const ctx = { store, clock: CLOCK, actor: 'system:fuzz', scrypt: TEST_AUTH.passwordParams };
  const collection = await addCollection({ id: FUZZ_COLLECTION_ID, title: 'Fuzz', alias: 'fuzz' }, ctx);
  if (!collection.ok) throw new Error(`fuzz setup: ${collection.message}`);
  const account = await addAccount({ name: 'fuzz-partner', token: true, read: ['fuzz'], write: ['fuzz'] }, ctx);
  if (!account.ok || account.value.token === undefined) throw new Error(`fuzz setup: ${account.ok ? 'no token' : account.message}`);
  return account.value.token;
}

/** The server's route templates (method, url), read from a throwaway instance. */
async function routeTemplates(): Promise<{ method: string; url: string }[]> {
  const store = openSqliteStore({ path: ':memory:' });
  const app = await buildServer({ store, clock: CLOCK, maxBodyBytes: MAX_BODY_BYTES, version: 'fuzz', auth: TEST_AUTH });
  const routes = declaredRoutes(app).map((r) => ({ method: r.method, url: r.url }));
  await app.close();
  await store.close();
  return routes.length > 0 ? routes : [{ method: 'GET', url: '/api/health' }, { method: 'POST', url: '/api/ingest' }, { method: 'GET', url: '/api/objects/:id' }];
}

/** A route template with its `:params` and `*` filled. */
function fill(template: string, segments: readonly string[]): string {
  let i = 0;
  const next = (): string => {
    const s = segments[i % segments.length] ?? 'x';
    i += 1;
    return s;
  };
  return template.replace(/:[A-Za-z_]+/g, () => next()).replace(/\*/g, () => `${next()}/${next()}`);
}

const encoder = new TextEncoder();

/** Answers seen in this thread, by area and status: to see that fuzzing gets past the gates. */
export const statusCensus = new Map<string, number>();

export const httpApiTarget: FuzzTarget<HttpInput> = {
  name: 'http-api',
  description: 'every REST route via app.inject with random methods, paths, queries, headers, credentials and bodies: no 5xx, JSON errors with a code',
  async inputs(corpus: Corpus) {
    const routes = await routeTemplates();
    const segment = fc.oneof(fc.constantFrom(...SEGMENTS), fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(s)));
    const path = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...routes), fc.array(segment, { minLength: 1, maxLength: 3 })).map(([r, s]) => fill(r.url, s)) },
      { weight: 1, arbitrary: fc.array(segment, { minLength: 0, maxLength: 4 }).map((s) => `/${s.join('/')}`) },
      { weight: 1, arbitrary: fc.array(segment, { minLength: 0, maxLength: 3 }).map((s) => `/api/${s.join('/')}`) },
    );
    const query = fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), fc.constantFrom(...QUERY_VALUES)), { maxLength: 4 }).map((pairs) =>
      pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v.startsWith('%') ? v : encodeURIComponent(v)}`).join('&')}`,
    );
    const bundle = fc.array(fc.constantFrom(...corpus.stixObjects), { minLength: 1, maxLength: 5 }).map((objects): JsonValue => ({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects }));
    const userJson = fc.record({ username: fc.constantFrom('new-user', 'fuzz-analyst', '', 'x'.repeat(300), 'Ωmega'), password: fc.constantFrom('correct horse battery fuzz-analyst', 'short', ''), roles: fc.constantFrom<JsonValue>(['analyst'], ['administrator'], [], ['king'], 'analyst', null), clearance: fc.constantFrom<JsonValue>('TS', 'S', 'U', 'X', 3), disabled: fc.constantFrom<JsonValue>(true, false, 'yes') }, { requiredKeys: [] }).map((u) => u as JsonValue);
    const body = fc.oneof(
      { weight: 2, arbitrary: fc.constant(null) },
      { weight: 3, arbitrary: jsonInputs(bundle).map((t) => encoder.encode(t)) },
      // TAXII 2.1 §3.7: POST to a collection takes an envelope, {objects: [...]}.
      { weight: 2, arbitrary: jsonInputs(bundle.map((b) => ({ objects: (b as { objects: JsonValue }).objects }))).map((t) => encoder.encode(t)) },
      { weight: 2, arbitrary: jsonInputs(userJson).map((t) => encoder.encode(t)) },
      { weight: 1, arbitrary: fc.tuple(bundle, sequenceMutations(3)).map(([b, m]) => encoder.encode(mutateText(JSON.stringify(b), m, JSON_TOKENS))) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 * MAX_BODY_BYTES }).map((n) => encoder.encode(`{"type":"bundle","objects":["${'a'.repeat(n)}"]}`)) },
      { weight: 1, arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => encoder.encode(`${'['.repeat(n)}${']'.repeat(n)}`)) },
    );
    const headerName = fc.constantFrom('accept', 'x-csrf-token', 'cookie', 'range', 'if-none-match', 'content-encoding', 'x-forwarded-for', 'origin', 'accept-encoding', 'x-tearline-anything');
    const headerValue = fc.oneof(fc.constantFrom('gzip', 'bytes=0-10', 'tearline_session=abc', '*', '"x"', '127.0.0.1', 'null', 'https://evil.example', ''), fc.string({ maxLength: 30 }).filter((s) => /^[\t\x20-\x7e]*$/.test(s)));
    const headers = fc
      .tuple(fc.option(fc.constantFrom(...MEDIA_TYPES), { nil: undefined }), fc.option(fc.constantFrom(...ACCEPTS), { nil: undefined }), fc.array(fc.tuple(headerName, headerValue), { maxLength: 3 }))
      .map(([type, accept, extra]) => {
        const h: Record<string, string> = Object.fromEntries(extra);
        if (type !== undefined) h['content-type'] = type;
        if (accept !== undefined) h.accept = accept;
        return h;
      });
    return fc.record({
      method: fc.constantFrom(...METHODS),
      url: fc.tuple(path, query).map(([p, q]) => `${p}${q}`),
      headers,
      credentials: fc.constantFrom<Credentials>('none', 'analyst-token', 'analyst-token', 'admin-token', 'partner-token', 'partner-token', 'garbage'),
      body,
    });
  },
  encode: (input) => ({ ...input, body: input.body === null ? null : Buffer.from(input.body).toString('base64') }),
  decode: (encoded) => {
    const e = encoded as Omit<HttpInput, 'body'> & { body: string | null };
    return { ...e, body: e.body === null ? null : new Uint8Array(Buffer.from(e.body, 'base64')) };
  },
  async run(input) {
    const { app, tokens } = await server();
    const headers: Record<string, string> = { ...input.headers };
    if (input.credentials === 'garbage') headers.authorization = 'Bearer not-a-token';
    else if (input.credentials !== 'none') headers.authorization = `Bearer ${tokens[input.credentials]}`;
    // GET /api/events answers a stream that never ends by itself: read its head, not its body.
    const streaming = /^\/api\/events(?=[/?#]|$)/.test(input.url);
    let response;
    let responseBody: string;
    try {
      response = await app.inject({
        method: input.method as 'GET',
        url: input.url,
        headers,
        ...(input.body === null ? {} : { payload: Buffer.from(input.body) }),
        ...(streaming ? { payloadAsStream: true } : {}),
      });
      responseBody = streaming ? await headOfStream(response.stream(), response.statusCode) : response.body;
    } catch (error) {
      // light-my-request refuses requests no client could send (a bad URL or header); not the server's fault.
      if (error instanceof Error && /invalid|ERR_/i.test(`${(error as { code?: string }).code ?? ''} ${error.message}`)) return [];
      throw error;
    }
    const problems: string[] = [];
    const where = `${response.statusCode} ${input.method} ${shorten(input.url, 120)}`;
    const area = /^\/(api\/[a-z]{1,20}|taxii2)(?=[/?]|$)/.exec(input.url)?.[1] ?? 'other';
    statusCensus.set(`${area} ${response.statusCode}`, (statusCensus.get(`${area} ${response.statusCode}`) ?? 0) + 1);
    const missingUi = response.statusCode === 503 && !existsSync(join(WEB_DIST_DIR, 'index.html'));
    // A HEAD answer has no body to read the reason from: ask the same as GET.
    const body = input.method === 'HEAD' && response.statusCode === 503 && !streaming ? (await app.inject({ method: 'GET', url: input.url, headers })).body : responseBody;
    if (response.statusCode >= 500 && !missingUi && !deliberatelyUnavailable(response.statusCode, body)) problems.push(`${where} answered ${response.statusCode}: ${shorten(responseBody, 300)}`);
    if (response.statusCode >= 400 && input.method !== 'HEAD' && !missingUi) problems.push(...errorBodyProblems(where, input.url, String(response.headers['content-type'] ?? ''), responseBody));
    return problems;
  },
  async warmUp() {
    await server();
  },
  // One bug per status and error code (the path varies endlessly).
  signature: (problems) => (problems[0] ?? '').replace(/^(\d+) \S+ \S+: /, '$1 ').replace(/"message":.*$/, '').replace(/\d{4,}/g, 'N').slice(0, 120),
};

/**
 * A 503 that a route answers on purpose, with a code saying what is not configured (e.g.
 * `ack-not-configured` without TEARLINE_ACK_SECRET), is the server's state, not a failure;
 * every other 5xx is (a 500 is always an escaped error).
 */
function deliberatelyUnavailable(status: number, body: string): boolean {
  if (status !== 503) return false;
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' && code !== '' && code !== 'internal';
  } catch {
    return false;
  }
}

/** Our error body `{error: {code, message}}`; on TAXII paths also the TAXII error resource. */
function errorBodyProblems(where: string, url: string, contentType: string, body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [`${where}: the error answer is not JSON: ${shorten(body, 200)}`];
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code === 'string' && error.code !== '' && typeof error.message === 'string' && error.message !== '') return [];
  // POST /api/ingest answers a refused input with its ingest summary: `errors` of {path, code, message}.
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (Array.isArray(errors) && errors.length > 0 && issueProblems('errors', errors).length === 0) return [];
  const taxii = parsed as { title?: unknown; http_status?: unknown } | null;
  const taxiiAnswer = TAXII_ERROR_PATH.test(url) || contentType.startsWith('application/taxii+json');
  if (taxiiAnswer && typeof taxii?.title === 'string' && taxii.title !== '') return [];
  return [`${where}: the error answer has no code and message: ${shorten(body, 200)}`];
}

/** An error answer ends, and is read whole; an open event stream is closed unread. */
async function headOfStream(stream: NodeJS.ReadableStream & { destroy(): void }, status: number): Promise<string> {
  if (status < 400) {
    stream.destroy();
    return '';
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
