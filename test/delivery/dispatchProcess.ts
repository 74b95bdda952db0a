// A dispatcher in a process of its own, for the race test: opens the database file it is
// given, runs one dispatch pass at the given time under its own lease owner, prints the
// report as JSON and exits. Usage: node --import tsx dispatchProcess.ts <db> <now> <owner>
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { dispatchDue } from '../../src/app/delivery/dispatch.ts';
import { dispatchContext } from './support.ts';

const [path, now, owner] = process.argv.slice(2) as [string, string, string];
const store = openSqliteStore({ path });
try {
  const report = await dispatchDue(dispatchContext(store, { now: () => now }, { owner }));
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  await store.close();
}
