// Facets: the stores of concepts beyond STIX objects (TAXII statuses, accounts, audit,
// threats, warnings...). Each concept keeps its port in src/app/ports/<concept>.ts, its
// SQLite code and migrations in src/storage/sqlite/<concept>.ts, and its contract tests in
// src/storage/contract/<concept>.ts; this registry is the only shared line it needs.
//
// A facet appears on the store and on every write's `tx` under its name:
// `store.<name>` answers reads from committed data, `tx.<name>` reads and writes inside
// the write. Statements are prepared once per connection; the per-tx wrapper is cheap.
import type { Connection } from './connection.ts';
import { usersFacet } from './users.ts';
import { auditFacet } from './audit.ts';
import { threatsFacet } from './threats.ts';
import { taxiiFacet } from './taxii.ts';
import { partnersFacet } from './partners.ts';
import { warningsFacet } from './warnings.ts';
import { deliveriesFacet } from './deliveries.ts';

/** Throws once the store is closed or the owning write has ended. */
export type Guard = () => void;

export interface FacetMigration {
  /** 1, 2, 3… per facet, with no gaps. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export interface PreparedFacet<R, W> {
  reads(guard: Guard): R;
  writes(guard: Guard): W;
}

export interface SqliteFacet<R, W> {
  /** The property name on the store and tx, and the key of its migrations in the ledger. */
  readonly name: string;
  readonly migrations: readonly FacetMigration[];
  /** Prepares statements on one connection; called once per connection after migrations. */
  prepare(db: Connection): PreparedFacet<R, W>;
}

/** Every facet, by name. Add a concept here (one line) once its module exists. */
export const FACETS = {
  users: usersFacet,
  audit: auditFacet,
  threats: threatsFacet,
  taxii: taxiiFacet,
  partners: partnersFacet,
  warnings: warningsFacet,
  deliveries: deliveriesFacet,
} as const satisfies Record<string, SqliteFacet<unknown, unknown>>;

type Facets = typeof FACETS;
export type FacetReads = { readonly [K in keyof Facets]: Facets[K] extends SqliteFacet<infer R, unknown> ? R : never };
export type FacetWrites = { readonly [K in keyof Facets]: Facets[K] extends SqliteFacet<unknown, infer W> ? W : never };

export interface PreparedFacets {
  reads(guard: Guard): FacetReads;
  writes(guard: Guard): FacetWrites;
}

export function prepareFacets(db: Connection): PreparedFacets {
  const prepared = Object.entries(FACETS as Record<string, SqliteFacet<unknown, unknown>>).map(
    ([name, facet]) => [name, facet.prepare(db)] as const,
  );
  return {
    reads: (guard) => Object.fromEntries(prepared.map(([name, p]) => [name, p.reads(guard)])) as FacetReads,
    writes: (guard) => Object.fromEntries(prepared.map(([name, p]) => [name, p.writes(guard)])) as FacetWrites,
  };
}

const CREATE_FACET_LEDGER = `CREATE TABLE IF NOT EXISTS facet_migrations (
  facet      TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  name       TEXT    NOT NULL,
  applied_at TEXT    NOT NULL,
  PRIMARY KEY (facet, version)
)`;

/**
 * Applies each facet's pending migrations. Runs inside the core migration's IMMEDIATE
 * transaction, so a failure leaves the database as it was. Refuses a facet whose recorded
 * version is newer than the code knows.
 */
export function migrateFacets(db: Connection, facets: Readonly<Record<string, SqliteFacet<unknown, unknown>>> = FACETS): void {
  db.exec(CREATE_FACET_LEDGER);
  const current = db.prepare('SELECT coalesce(max(version), 0) FROM facet_migrations WHERE facet = ?').pluck();
  const record = db.prepare("INSERT INTO facet_migrations (facet, version, name, applied_at) VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
  for (const [name, facet] of Object.entries(facets)) {
    facet.migrations.forEach((step, i) => {
      if (step.version !== i + 1) throw new Error(`facet ${name}: migration ${step.name} is numbered ${step.version}, expected ${i + 1}`);
    });
    const at = current.get(name) as number;
    if (at > facet.migrations.length) {
      throw new Error(`facet ${name}: the database is at version ${at}, this Tearline knows ${facet.migrations.length}; upgrade Tearline to open it`);
    }
    for (const step of facet.migrations.slice(at)) {
      db.exec(step.sql);
      record.run(name, step.version, step.name);
    }
  }
}
