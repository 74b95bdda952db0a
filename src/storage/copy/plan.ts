// How one store's tables map onto another's, decided before a row moves (pure).
//
// Nothing is skipped silently: every table of the source must exist in the target and
// every column on one side must have its counterpart on the other, unless it is listed
// below with the reason it differs. A facet that adds a table or a column to one adapter
// only therefore makes `db copy` refuse, naming it, until the difference is listed here.
import { idHash } from '../id-hash.ts';
import { CopyRefusedError, type ColumnShape, type CopyValue, type SelectItem, type TableShape } from './shape.ts';

/** Migration ledgers: each end keeps its own, written by its own migrations when it opens. */
export const LEDGERS: ReadonlySet<string> = new Set(['schema_migrations', 'facet_migrations']);

/**
 * Tables that exist on one adapter only, with why; the copy leaves them out. None today:
 * both adapters keep the same tables.
 */
export const ADAPTER_ONLY_TABLES: Readonly<Record<string, string>> = {};

type Derivation =
  /** A SQL expression over the source row, valid on both adapters. */
  | { readonly why: string; readonly expression: string }
  /** Computed here from one column of the source row. */
  | { readonly why: string; readonly from: string; readonly compute: (value: CopyValue) => CopyValue };

/** Columns one adapter keeps and the other does not, keyed `table.column`, and how to fill them. */
export const DERIVED_COLUMNS: Readonly<Record<string, Derivation>> = {
  'objects.id_hash': {
    why: 'SQLite indexes object ids by their id-hash.ts hash; PostgreSQL indexes the id itself',
    from: 'id',
    compute: (id) => (typeof id === 'string' ? idHash(id) : null),
  },
  'objects.latest_key': {
    why: "PostgreSQL keeps the latest version's key on the object row (postgres/schema-v1.ts)",
    expression: '(SELECT v.version_key FROM object_versions v WHERE v.seq = objects.latest_seq)',
  },
};

export interface TablePlan {
  readonly table: TableShape;
  /** What the source reads, in this order. */
  readonly select: readonly SelectItem[];
  /** The target's columns, in the order `toTarget` produces values. */
  readonly columns: readonly ColumnShape[];
  /** A source row (select order) to a target row (columns order). */
  toTarget(row: readonly CopyValue[]): CopyValue[];
}

export interface CopyPlan {
  /** In an order where every table comes after the tables it references. */
  readonly tables: readonly TablePlan[];
}

export function planCopy(source: readonly TableShape[], target: readonly TableShape[]): CopyPlan {
  const sources = byName(source);
  const targets = byName(target);
  const problems: string[] = [];
  for (const name of sources.keys()) {
    if (!targets.has(name) && ADAPTER_ONLY_TABLES[name] === undefined) problems.push(`table ${name} is in the source but not in the target`);
  }
  for (const name of targets.keys()) {
    if (!sources.has(name) && ADAPTER_ONLY_TABLES[name] === undefined) problems.push(`table ${name} is in the target but not in the source`);
  }
  const plans: TablePlan[] = [];
  for (const [name, to] of targets) {
    const from = sources.get(name);
    if (from === undefined) continue;
    const plan = planTable(from, to, problems);
    if (plan !== null) plans.push(plan);
  }
  if (problems.length > 0) {
    throw new CopyRefusedError('schema-mismatch', `the two stores' tables do not match, nothing copied:\n  ${problems.join('\n  ')}`);
  }
  return { tables: dependencyOrder(plans) };
}

function planTable(from: TableShape, to: TableShape, problems: string[]): TablePlan | null {
  const sourceColumns = new Map(from.columns.map((c) => [c.name, c]));
  const targetColumns = new Set(to.columns.map((c) => c.name));
  const before = problems.length;
  for (const column of from.columns) {
    if (!targetColumns.has(column.name) && DERIVED_COLUMNS[`${from.name}.${column.name}`] === undefined) {
      problems.push(`column ${from.name}.${column.name} is in the source but not in the target`);
    }
  }
  const select: SelectItem[] = [];
  const indexOf = new Map<string, number>();
  const selectColumn = (name: string): number => {
    let index = indexOf.get(name);
    if (index === undefined) {
      index = select.length;
      indexOf.set(name, index);
      select.push({ column: name, kind: (sourceColumns.get(name) as ColumnShape).kind });
    }
    return index;
  };
  const producers: ((row: readonly CopyValue[]) => CopyValue)[] = [];
  for (const column of to.columns) {
    if (sourceColumns.has(column.name)) {
      const index = selectColumn(column.name);
      producers.push((row) => row[index] as CopyValue);
      continue;
    }
    const derived = DERIVED_COLUMNS[`${to.name}.${column.name}`];
    if (derived === undefined) {
      problems.push(`column ${to.name}.${column.name} is in the target but not in the source`);
    } else if ('expression' in derived) {
      const index = select.length;
      select.push({ expression: derived.expression, as: column.name });
      producers.push((row) => row[index] as CopyValue);
    } else if (!sourceColumns.has(derived.from)) {
      problems.push(`column ${to.name}.${column.name} is derived from ${derived.from}, which the source lacks`);
    } else {
      const index = selectColumn(derived.from);
      producers.push((row) => derived.compute(row[index] as CopyValue));
    }
  }
  if (problems.length > before) return null;
  return { table: to, select, columns: to.columns, toTarget: (row) => producers.map((produce) => produce(row)) };
}

/** Referenced tables first; the rest by name, so the order is the same on every run. */
function dependencyOrder(plans: readonly TablePlan[]): TablePlan[] {
  const pending = new Map([...plans].sort((a, b) => a.table.name.localeCompare(b.table.name)).map((p) => [p.table.name, p]));
  const ordered: TablePlan[] = [];
  while (pending.size > 0) {
    const ready = [...pending.values()].find((p) => p.table.references.every((r) => r === p.table.name || !pending.has(r)));
    if (ready === undefined) {
      throw new CopyRefusedError('schema-mismatch', `foreign keys form a cycle among ${[...pending.keys()].join(', ')}: no order to copy them in`);
    }
    ordered.push(ready);
    pending.delete(ready.table.name);
  }
  return ordered;
}

function byName(tables: readonly TableShape[]): Map<string, TableShape> {
  return new Map(tables.filter((t) => !LEDGERS.has(t.name)).map((t) => [t.name, t]));
}
