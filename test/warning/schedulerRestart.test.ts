// The deadline scheduler of a real `tearline serve` process (issue 7 "It survives a restart
// (state in the store, not in timers) and never fires twice for one deadline"): a case whose
// I1 screening deadline has passed is escalated by the server's own timer; the server is
// killed (SIGKILL) and started again, and its ticks after the restart find that deadline
// fired and do nothing more; a second case found overdue while it is down fires once after
// the restart.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { openCase } from '../../src/domain/warning/index.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { tempDir } from '../support/cli.ts';
import { freePort } from '../delivery/support.ts';
import { actor, MINUTE } from './support.ts';
import { eventually, serveProcess, type ServedProcess } from './serverProcess.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('a real server escalates a breached deadline once; killed and restarted, it never fires it again', { timeout: 180_000 }, async () => {
  const dir = tempDir('tearline-scheduler-');
  cleanups.push(() => dir.cleanup());
  const iso = (ms: number): string => new Date(ms).toISOString();
  const store = openSqliteStore({ path: dir.db });
  cleanups.push(() => store.close());
  // Reported 61 minutes ago, with I1's one hour to screen: overdue.
  const overdueCase = async (id: string): Promise<void> => {
    const reportedAt = iso(Date.now() - 61 * MINUTE);
    const opened = openCase({ id, summary: `Plot ${id}`, reportedAt, provisionalImminence: 'I1' }, actor('ana'), reportedAt);
    assert.ok(opened.ok);
    await store.write((tx) => tx.warnings.createCase(opened.case, opened.events, null));
  };
  await overdueCase('case-late');
  const escalations = async (id: string): Promise<number> => (await store.warnings.events(id)).filter((e) => e.event.type === 'escalated').length;

  let server: ServedProcess = await serveProcess(dir.db, await freePort(), {});
  cleanups.push(() => server.stop());
  await eventually('the overdue case escalated by the server', async () => ((await escalations('case-late')) === 1 ? true : undefined), 30_000);
  assert.equal((await store.warnings.getCase('case-late'))?.case.state, 'escalated');
  assert.equal(await server.kill(), null, 'killed by SIGKILL');

  // While the server is down, another case's deadline is overdue too.
  await overdueCase('case-soon');
  server = await serveProcess(dir.db, await freePort(), {});
  await eventually('the deadline that came due while the server was down', async () => ((await escalations('case-soon')) === 1 ? true : undefined), 30_000);
  // Two more ticks (every 5 s) after the restart.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  assert.equal(await escalations('case-late'), 1, 'never fired twice, across the kill');
  assert.equal(await escalations('case-soon'), 1);
  for (const id of ['case-late', 'case-soon']) {
    const fired = await store.warnings.firedDeadlines(id);
    assert.deepEqual(fired.map((f) => [f.key.split(':')[1], f.action]), [['screen', 'escalated']], id);
  }
  assert.equal(await server.stop(), 0);
});
