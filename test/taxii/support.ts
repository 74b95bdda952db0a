// Test support for the TAXII server: a server on a fresh store, accounts and collections
// made through the same use cases as the CLI (with a cheap scrypt cost), and requests with
// credentials.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Clock, Store } from '../../src/app/ports.ts';
import type { ScryptParams } from '../../src/app/taxii/secrets.ts';
import { addAccount, type ManageContext } from '../../src/app/taxii/manageAccounts.ts';
import { addCollection } from '../../src/app/taxii/manageCollections.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { buildServer } from '../../src/http/server.ts';
import type { TlsFiles } from '../../src/http/taxii/tls.ts';

export const TAXII = 'application/taxii+json;version=2.1';
/** The lowest cost app/auth/password.ts accepts: tests make many accounts. */
export const CHEAP_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1, saltBytes: 16, keyBytes: 64 };
export const PASSWORD = 'correct horse battery staple';

/** A clock that advances one millisecond per reading, from 2025-01-01. */
export function steppingClock(start = Date.UTC(2025, 0, 1)): Clock {
  let t = start;
  return { now: () => new Date(t++).toISOString() };
}

export interface TaxiiFixture {
  readonly store: Store;
  readonly app: FastifyInstance;
  readonly manage: ManageContext;
  close(): Promise<void>;
}

export async function taxiiServer(options: { store?: Store; maxBodyBytes?: number; clock?: Clock; tls?: TlsFiles } = {}): Promise<TaxiiFixture> {
  const store = options.store ?? openSqliteStore({ path: ':memory:' });
  const clock = options.clock ?? steppingClock();
  const app = await buildServer({
    store,
    clock,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    version: 'test',
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  return {
    store,
    app,
    manage: { store, clock, actor: 'cli:test', scrypt: CHEAP_SCRYPT },
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export async function makeCollection(fixture: Pick<TaxiiFixture, 'manage'>, input: { title: string; alias?: string; readers?: string[]; writers?: string[]; id?: string }): Promise<string> {
  const result = await addCollection(input, fixture.manage);
  if (!result.ok) throw new Error(result.message);
  return result.value.id;
}

/** A password account; returns its Authorization header value. */
export async function makeAccount(fixture: Pick<TaxiiFixture, 'manage'>, name: string, rights: { read?: string[]; write?: string[] } = {}): Promise<string> {
  const result = await addAccount({ name, password: PASSWORD, ...rights }, fixture.manage);
  if (!result.ok) throw new Error(result.message);
  return basic(name, PASSWORD);
}

/** A token account; returns its Authorization header value. */
export async function makeTokenAccount(fixture: Pick<TaxiiFixture, 'manage'>, name: string, rights: { read?: string[]; write?: string[] } = {}): Promise<string> {
  const result = await addAccount({ name, token: true, ...rights }, fixture.manage);
  if (!result.ok || result.value.token === undefined) throw new Error(result.ok ? 'no token' : result.message);
  return `Bearer ${result.value.token}`;
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export interface Call {
  readonly method?: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'HEAD';
  readonly auth?: string;
  readonly accept?: string | null;
  readonly contentType?: string;
  readonly body?: string | Buffer;
}

export function call(app: FastifyInstance, url: string, options: Call = {}): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (options.auth !== undefined) headers.authorization = options.auth;
  if (options.accept !== null) headers.accept = options.accept ?? TAXII;
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  return app.inject({ method: options.method ?? 'GET', url, headers, ...(options.body === undefined ? {} : { payload: options.body }) });
}

export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}

/** A valid STIX indicator; `n` picks the id, `modified` the version. */
export function indicator(n: number, modified = '2025-01-01T00:00:00.000Z', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuid(n)}`,
    created: '2025-01-01T00:00:00.000Z',
    modified,
    name: `Indicator ${n}`,
    pattern: `[ipv4-addr:value = '10.0.${Math.floor(n / 256) % 256}.${n % 256}']`,
    pattern_type: 'stix',
    valid_from: '2025-01-01T00:00:00Z',
    ...extra,
  };
}

/** A deterministic UUIDv4 from a number. */
export function uuid(n: number): string {
  return `6ba7b810-9dad-41d1-80b4-${n.toString(16).padStart(12, '0')}`;
}

export function envelope(objects: readonly unknown[]): string {
  return JSON.stringify({ objects });
}

export async function closeAll(...stores: Store[]): Promise<void> {
  for (const store of stores) await store.close();
}
