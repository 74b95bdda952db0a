// Builders for the warning workflow tests: a SQLite store in a temp file (reopenable, so a
// restart can be simulated), users with roles, a stored partner profile, and the founding
// scenario's three reports ingested through the real ingest + fusion path.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestObjects } from '../../src/app/ingest/ingestObjects.ts';
import type { Clock, Store } from '../../src/app/ports.ts';
import type { Actor, Role, UserActor } from '../../src/domain/warning/index.ts';
import { foundingReports, type DemoReport } from '../../src/demo/foundingScenario.ts';
import { extractFromText } from '../../src/ingest/text/index.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { addUser } from '../auth/support.ts';

export const MINUTE = 60_000;

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private ms: number) {}
  now(): string {
    return new Date(this.ms).toISOString();
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advanceMinutes(minutes: number): void {
    this.ms += minutes * MINUTE;
  }
}

export interface TempDb {
  readonly path: string;
  open(): Store;
  cleanup(): void;
}

export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'tearline-warning-'));
  const path = join(dir, 'store.db');
  return { path, open: () => openSqliteStore({ path }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The people of the founding scenario: a drafter and two others who approve. */
export const PEOPLE = {
  ana: ['analyst'],
  olga: ['duty_to_warn_officer'],
  lena: ['legal_counsel'],
  finn: ['foreign_disclosure_officer'],
  dan: ['delivery_officer'],
  vera: ['oversight'],
} as const satisfies Record<string, readonly Role[]>;
export type Person = keyof typeof PEOPLE;

export function actor(name: Person): UserActor {
  return { kind: 'user', userId: name, roles: [...PEOPLE[name]] };
}

export const SCHEDULER: Actor = { kind: 'system', systemId: 'warning-scheduler' };

/** Creates every person of PEOPLE as a user account (cheap password hashing). */
export async function addPeople(store: Store, clock: Clock): Promise<void> {
  for (const [name, roles] of Object.entries(PEOPLE)) await addUser(store, clock, { roles: [...roles], clearance: 'TS' }, name);
}

export const SYRIA = {
  name: 'Syrian General Security Service, liaison desk',
  identity_ref: 'identity--5f1c7c2e-8f5e-4a7b-9d86-2b1e6a4c3d01',
  country: 'SYR',
  organization: 'General Security Service',
  clearance: 'S',
  communities: ['levant-ct-liaison'],
  channels: [{ kind: 'taxii', address: 'partner collection' }, { kind: 'in-person', note: 'liaison meeting, Damascus station' }],
  sharing_scopes: ['FOREIGNGOV'],
};

export async function putPartner(store: Store, at: string, name = 'syria-gss', profile: Record<string, unknown> = SYRIA): Promise<void> {
  const result = await store.write((tx) => tx.partners.putPartner({ name, profileJson: JSON.stringify(profile), identityRef: profile.identity_ref as string, at, actor: 'system:test' }));
  assert.ok(result.outcome === 'created' || result.outcome === 'updated' || result.outcome === 'unchanged', JSON.stringify(result));
}

/**
 * The founding scenario's three texts (a partner cable, an intercept summary, a news report),
 * each extracted and ingested at its arrival time: fusion makes them one threat, a
 * duty-to-warn candidate with imminence I1. Returns the arrivals.
 */
export async function ingestFoundingReports(store: Store, now: Date): Promise<readonly string[]> {
  const arrivals: string[] = [];
  for (const report of foundingReports(now)) arrivals.push(await ingestReport(store, report));
  return arrivals;
}

/** One founding report, extracted and ingested at its arrival time; returns the arrival. */
export async function ingestReport(store: Store, report: DemoReport): Promise<string> {
  const { bundle } = extractFromText(report.text, { published: report.published, now: report.arrival });
  const outcome = await ingestObjects(bundle.objects ?? [], {}, { store, clock: { now: () => report.arrival } });
  assert.ok(outcome.committed, JSON.stringify(outcome.errors.slice(0, 3)));
  return report.arrival;
}

/** The one case the intake opened (ingest opens cases for flagged threats in its own write). */
export async function onlyOpenCase(store: Store): Promise<{ readonly caseId: string; readonly threatId: string }> {
  const page = await store.warnings.listCases({ limit: 10 });
  if (page.items.length !== 1) throw new Error(`expected the intake to have opened one case, found ${page.items.length}`);
  const stored = page.items[0] as (typeof page.items)[number];
  return { caseId: stored.case.id, threatId: stored.threatId ?? '' };
}
