// Small helpers every facet uses to run its named statements.
import type { Sql } from './sql.ts';
import { requireStorable, storable } from './text.ts';

/** A fixed SQL text with the name pg prepares it under (once per connection). */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

export function run<R>(sql: Sql, statement: Statement, values: readonly unknown[] = []): Promise<R[]> {
  return sql.query<R>(statement.text, values, statement.name);
}

/**
 * Runs a statement keyed by text values; when one of them is text PostgreSQL could never
 * have stored (text.ts), no row can match: answers none without asking (and without an
 * error that would doom the write it runs in).
 */
export function lookup<R>(sql: Sql, statement: Statement, values: readonly unknown[]): Promise<R[]> {
  return values.every((value) => typeof value !== 'string' || storable(value)) ? run<R>(sql, statement, values) : Promise.resolve([]);
}

/** Refuses, before anything is written, text PostgreSQL cannot store (text.ts). */
export function requireAll(what: string, texts: readonly (string | null | undefined)[]): void {
  for (const text of texts) requireStorable(what, text ?? null);
}
