// copyStore: a whole Tearline store from one adapter to another (issue 10, `tearline db
// copy`), table by table over the adapters' raw connections, as stored: every object version
// with its refs and markings, collection memberships with their date_added and insertion
// order, and every facet's rows, the audit chain included, with keys and hashes unchanged.
//
// - The source is read from one snapshot (sqlite.ts, postgres.ts), so a server may go on
//   writing to it meanwhile; what it writes after the snapshot is not copied.
// - The target is written in one transaction: a refusal or a failure half-way leaves it as
//   empty as it was. A target that already holds rows is refused before anything is read.
// - plan.ts maps the tables and refuses, naming them, tables or columns it cannot place.
import type { CopiedTable, StoreCopyOptions, StoreCopyOutcome, StoreLocation } from '../../app/ports/storeCopy.ts';
import { LEDGERS, planCopy } from './plan.ts';
import { PgCopySource, PgCopyTarget } from './postgres.ts';
import { CopyRefusedError, type CopySource, type CopyTarget } from './shape.ts';
import { SqliteCopySource, SqliteCopyTarget } from './sqlite.ts';

export async function copyStore(from: StoreLocation, to: StoreLocation, options: StoreCopyOptions = {}): Promise<StoreCopyOutcome> {
  let source: CopySource | undefined;
  let target: CopyTarget | undefined;
  try {
    source = from.kind === 'sqlite' ? SqliteCopySource.open(from.path) : await PgCopySource.open(from);
    target = to.kind === 'sqlite' ? await SqliteCopyTarget.open(to.path) : await PgCopyTarget.open(to);
    const targetTables = await target.tables();
    const plan = planCopy(await source.tables(), targetTables);
    const filled = await target.begin(targetTables.map((t) => t.name).filter((name) => !LEDGERS.has(name)));
    if (filled.length > 0) {
      throw new CopyRefusedError('target-not-empty', `the target already holds a store (rows in ${filled.join(', ')}); db copy writes only into an empty one`);
    }
    const copied: CopiedTable[] = [];
    for (const table of plan.tables) {
      let read = 0;
      let stored = 0;
      for await (const batch of source.rows(table.table.name, table.select)) {
        read += batch.length;
        stored += await target.insert(table.table, table.columns, batch.map((row) => table.toTarget(row)));
      }
      if (stored !== read) throw new Error(`${table.table.name}: read ${read} rows from the source but the target stored ${stored}`);
      const done = { table: table.table.name, rows: stored };
      copied.push(done);
      options.onTable?.(done);
    }
    await target.commit();
    return { ok: true, tables: copied, rows: copied.reduce((sum, t) => sum + t.rows, 0) };
  } catch (error) {
    await target?.rollback();
    if (error instanceof CopyRefusedError) return { ok: false, code: error.code, message: error.message };
    throw error;
  } finally {
    await target?.close();
    await source?.close();
  }
}
