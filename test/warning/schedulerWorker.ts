// A scheduler in a process of its own, for the race test: opens the database at argv[2] and
// runs `runDeadlines` at argv[3] `argv[4]` times, starting at the wall-clock time argv[5]
// (epoch ms) so that two workers start together, then prints what it fired as JSON.
import { runDeadlines, type FiredDeadline } from '../../src/app/warning/runDeadlines.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';

const [path, now, rounds, startAt] = process.argv.slice(2) as [string, string, string, string];
const store = openSqliteStore({ path });
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const fired: FiredDeadline[] = [];
let already = 0;
for (let i = 0; i < Number(rounds); i++) {
  const result = await runDeadlines(store, now, { openCases: false });
  fired.push(...result.fired);
  already += result.alreadyFired;
}
await store.close();
process.stdout.write(`${JSON.stringify({ fired, already })}\n`);
