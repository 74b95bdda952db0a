// A command that waits behind another writer of the same case takes its time after that
// write, not before it. Two nodes on one PostgreSQL database once refused the loser of a
// simultaneous approval with `clock-regression` (CI run of stop 13): its time was read when
// the request arrived, and the winner's later commit made it look as if the clock had run
// backwards. Here the winner holds the store's write while the other command is queued.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from '../../src/app/ports.ts';
import { applyWarningCommand } from '../../src/app/warning/applyCommand.ts';
import { runWarningCommand } from '../../src/app/warning/runCommand.ts';
import { openCase, type WarningCommand } from '../../src/domain/warning/index.ts';
import { actor, tempDb } from './support.ts';

const dbs: { cleanup(): void }[] = [];
after(() => dbs.forEach((d) => d.cleanup()));

/** Each reading is one second after the one before. */
function ticking(start: string): Clock & { readings: number } {
  let t = Date.parse(start);
  return {
    readings: 0,
    now() {
      this.readings += 1;
      t += 1_000;
      return new Date(t).toISOString();
    },
  };
}

test('a queued command reads the clock after the case it applies to is loaded, so a concurrent earlier commit is no clock regression', async () => {
  const db = tempDb();
  dbs.push(db);
  const store = db.open();
  const clock = ticking('2025-07-01T08:00:00.000Z');
  const opened = openCase({ id: 'case-race', summary: 'Plot against the shrine' }, actor('ana'), clock.now());
  assert.ok(opened.ok);
  await store.write((tx) => tx.warnings.createCase(opened.case, opened.events, null));

  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const note: WarningCommand = { type: 'escalate', cause: 'dispute', reason: 'The partner desk changed its duty officer.' };
  // The winner: holds the write until the other command is queued, then changes the case.
  const winner = store.write(async (tx) => {
    await gate;
    return applyWarningCommand(tx, 'case-race', note, actor('olga'), clock);
  });
  const readingsBefore = clock.readings;
  const queued = runWarningCommand(store, 'case-race', { type: 'resolve_escalation', reason: 'New duty officer confirmed.' }, actor('olga'), clock);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(clock.readings, readingsBefore, 'the queued command has not read the clock while it waits');
  release();

  const [first, second] = await Promise.all([winner, queued]);
  assert.ok(first.ok, first.ok ? '' : first.code);
  assert.ok(second.ok, second.ok ? '' : `${second.code}: ${second.message}`);
  assert.ok(second.case.updatedAt > first.case.updatedAt, 'the later write carries the later time');
  const stored = await store.warnings.getCase('case-race');
  assert.equal(stored?.case.state, opened.case.state, 'escalated, then resolved back to where it was');
  await store.close();
});
