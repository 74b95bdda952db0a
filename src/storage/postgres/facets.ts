// Facets on PostgreSQL: the same mechanism as src/storage/sqlite/facets.ts (read it first),
// with PostgreSQL's own registry. Each concept adds `src/storage/postgres/<concept>.ts`
// exporting a PgFacet and one line in PG_FACETS; the contract suite then runs its tests
// here too.
//
// Differences from SQLite, all because pg is asynchronous and the server is shared:
// - nothing is prepared per connection: pass a `name` to `query` for fixed SQL and pg
//   prepares it once on each connection that runs it;
// - `reads(sql, guard)` gets the pool (committed data); `writes(tx, guard)` gets the write's
//   client, where every statement is part of the write's transaction;
// - a write method that can fail after it has written wraps itself in `tx.atomic(...)` (a
//   SAVEPOINT), the counterpart of SQLite's `db.transaction(...)`; one that checks first and
//   writes last needs none (an error inside PostgreSQL dooms the whole write anyway, so
//   nothing partial can commit). A read-then-write method that must not interleave with
//   the write's other calls wraps itself in `tx.serial(...)`.
import type { Sql, TxSql } from './sql.ts';
import { auditFacet } from './audit.ts';
import { usersFacet } from './users.ts';
import { taxiiFacet } from './taxii.ts';
import { partnersFacet } from './partners.ts';
import { threatsFacet } from './threats.ts';
import { warningsFacet } from './warnings.ts';
import { deliveriesFacet } from './deliveries.ts';

/** Throws once the store is closed or the owning write has ended. */
export type Guard = () => void;

export interface FacetMigration {
  /** 1, 2, 3… per facet, with no gaps. */
  readonly version: number;
  readonly name: string;
  /** PostgreSQL DDL; it runs inside the migration transaction (DDL is transactional here). */
  readonly sql: string;
}

export interface PgFacet<R, W> {
  /** The property name on the store and tx, and the key of its migrations in the ledger. */
  readonly name: string;
  readonly migrations: readonly FacetMigration[];
  /** Reads on committed data; called once per store. */
  reads(sql: Sql, guard: Guard): R;
  /** Reads and writes inside one write; called once per write, so keep it cheap. */
  writes(tx: TxSql, guard: Guard): W;
}

/** Every facet, by name. Add a concept here (one line) once its module exists. */
export const PG_FACETS = {
  users: usersFacet,
  audit: auditFacet,
  threats: threatsFacet,
  taxii: taxiiFacet,
  partners: partnersFacet,
  warnings: warningsFacet,
  deliveries: deliveriesFacet,
} as const satisfies Record<string, PgFacet<unknown, unknown>>;

type Facets = typeof PG_FACETS;
export type PgFacetReads = { readonly [K in keyof Facets]: Facets[K] extends PgFacet<infer R, unknown> ? R : never };
export type PgFacetWrites = { readonly [K in keyof Facets]: Facets[K] extends PgFacet<unknown, infer W> ? W : never };

type AnyFacets = Readonly<Record<string, PgFacet<unknown, unknown>>>;

export function facetReads(sql: Sql, guard: Guard, facets: AnyFacets = PG_FACETS): PgFacetReads {
  return Object.fromEntries(Object.entries(facets).map(([name, facet]) => [name, facet.reads(sql, guard)])) as PgFacetReads;
}

export function facetWrites(tx: TxSql, guard: Guard, facets: AnyFacets = PG_FACETS): PgFacetWrites {
  return Object.fromEntries(Object.entries(facets).map(([name, facet]) => [name, facet.writes(tx, guard)])) as PgFacetWrites;
}

const CREATE_FACET_LEDGER = `CREATE TABLE IF NOT EXISTS facet_migrations (
  facet      text    NOT NULL,
  version    integer NOT NULL,
  name       text    NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (facet, version)
)`;

/**
 * Applies each facet's pending migrations. Runs inside the core migration's transaction,
 * under its advisory lock, so a failure leaves the database as it was and two nodes never
 * both apply a step. Refuses a facet whose recorded version is newer than the code knows.
 * Returns the steps applied, as `facet:version`.
 */
export async function migrateFacets(sql: Sql, facets: AnyFacets = PG_FACETS): Promise<string[]> {
  await sql.query(CREATE_FACET_LEDGER);
  const applied: string[] = [];
  for (const [name, facet] of Object.entries(facets)) {
    facet.migrations.forEach((step, i) => {
      if (step.version !== i + 1) throw new Error(`facet ${name}: migration ${step.name} is numbered ${step.version}, expected ${i + 1}`);
    });
    const [row] = await sql.query<{ at: number }>('SELECT coalesce(max(version), 0)::int AS at FROM facet_migrations WHERE facet = $1', [name]);
    const at = row?.at ?? 0;
    if (at > facet.migrations.length) {
      throw new Error(`facet ${name}: the database is at version ${at}, this Tearline knows ${facet.migrations.length}; upgrade Tearline to open it`);
    }
    for (const step of facet.migrations.slice(at)) {
      await sql.query(step.sql);
      await sql.query('INSERT INTO facet_migrations (facet, version, name) VALUES ($1, $2, $3)', [name, step.version, step.name]);
      applied.push(`${name}:${step.version}`);
    }
  }
  return applied;
}
