// Builders for the fusion tests: STIX reports as three different sources would write them,
// a store with a clock the test moves, and an API token for the REST routes.
import type { FastifyInstance } from 'fastify';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import type { Clock, Store } from '../../src/app/ports.ts';
import { createApiToken } from '../../src/app/auth/apiTokens.ts';
import { createUser } from '../../src/app/auth/createUser.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import { buildServer } from '../../src/http/server.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';

export const HOUR = 3_600_000;

/** A clock the test sets; `now()` answers in the store's timestamp format. */
export class TestClock implements Clock {
  constructor(private ms: number) {}
  now(): string {
    return new Date(this.ms).toISOString();
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(hours: number): void {
    this.ms += hours * HOUR;
  }
}

let counter = 0;
/** A fresh UUIDv4-shaped id for `type` (unique within the test process). */
export function id(type: string): string {
  counter += 1;
  return `${type}--00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

export interface ReportSpec {
  readonly name: string;
  readonly published: string;
  readonly source?: StixObject;
  readonly confidence?: number;
  readonly refs: readonly StixObject[];
  readonly markings?: readonly string[];
  readonly window?: { readonly start: string; readonly end: string };
  readonly modified?: string;
  readonly id?: string;
}

/** A report and the objects it references, as one bundle's objects (the source identity first). */
export function reportObjects(spec: ReportSpec): StixObject[] {
  const created = spec.published;
  const report: StixObject = {
    type: 'report',
    spec_version: '2.1',
    id: spec.id ?? id('report'),
    created,
    modified: spec.modified ?? created,
    name: spec.name,
    published: spec.published,
    report_types: ['threat-report'],
    confidence: spec.confidence ?? 70,
    object_refs: spec.refs.map((o) => o.id),
    ...(spec.source === undefined ? {} : { created_by_ref: spec.source.id }),
    ...(spec.markings === undefined ? {} : { object_marking_refs: [...spec.markings] }),
    ...(spec.window === undefined ? {} : { x_tearline_window: spec.window }),
  };
  return [...(spec.source === undefined ? [] : [spec.source]), ...spec.refs, report];
}

const T0 = '2025-01-01T00:00:00.000Z';
export const sdo = (type: string, props: Record<string, unknown>): StixObject => ({ type, spec_version: '2.1', id: id(type), created: T0, modified: T0, ...props });
export const source = (name: string, reliability: string): StixObject => sdo('identity', { name, identity_class: 'organization', x_tearline_reliability: reliability });
export const group = (name: string, aliases: string[] = []): StixObject => sdo('intrusion-set', { name, ...(aliases.length > 0 ? { aliases } : {}) });
export const site = (name: string, lat?: number, lon?: number): StixObject => sdo('location', { name, country: 'SY', x_tearline_place_kind: 'site', ...(lat === undefined ? {} : { latitude: lat, longitude: lon }) });
export const city = (name: string, lat: number, lon: number): StixObject => sdo('location', { name, city: name, country: 'SY', latitude: lat, longitude: lon });
export const method = (name: string): StixObject => sdo('attack-pattern', { name });
export const phone = (value: string): StixObject => ({ type: 'x-tearline-phone-number', spec_version: '2.1', id: `x-tearline-phone-number--00000000-0000-5000-8000-${String((counter += 1)).padStart(12, '0')}`, value });
export const ip = (value: string): StixObject => ({ type: 'ipv4-addr', spec_version: '2.1', id: `ipv4-addr--00000000-0000-5000-8000-${String((counter += 1)).padStart(12, '0')}`, value });

export async function ingest(store: Store, clock: Clock, objects: readonly StixObject[]): Promise<void> {
  const outcome = await ingestObjects(objects, {}, { store, clock });
  if (!outcome.committed) throw new Error(`ingest refused: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
}

export function memoryStore(): Store {
  return openSqliteStore({ path: ':memory:' });
}

/** The report id of the last report in a list of objects. */
export function reportId(objects: readonly StixObject[]): string {
  const report = [...objects].reverse().find((o) => o.type === 'report');
  if (report === undefined) throw new Error('no report');
  return report.id;
}

/** A server on `store` and a bearer token of an analyst cleared TS (reads threats, decides on them). */
export async function serverWithAnalyst(store: Store, clock: Clock, scopes: readonly string[] = ['objects.read', 'warnings.draft']): Promise<{ app: FastifyInstance; auth: { authorization: string } }> {
  const ctx = { store, clock, passwordParams: { N: 1024, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } };
  const user = await createUser({ username: 'ana', roles: ['analyst'], clearance: 'TS', password: 'correct horse battery staple 42' }, 'system:test', ctx);
  if (!user.ok) throw new Error(`user: ${user.problem.message}`);
  const token = await createApiToken({ username: 'ana', name: 'tests', scopes }, 'system:test', ctx);
  if (!token.ok) throw new Error(`token: ${token.problem.message}`);
  const app = await buildServer({ store, clock, maxBodyBytes: 1024 * 1024, version: 'test', auth: { passwordParams: ctx.passwordParams } });
  return { app, auth: { authorization: `Bearer ${token.value.token}` } };
}
