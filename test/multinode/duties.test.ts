// The schedulers run only while their node leads (issue 10): with one node (SQLite) they start
// at once and stop on close; with two nodes on PostgreSQL only the leader's run, and closing
// the leader starts the other's.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaderDuties, type RunningDuty } from '../../src/app/leadership/duties.ts';
import { singleNodeLeadership } from '../../src/storage/sqlite/leader.ts';
import { postgresLeadership } from '../../src/storage/postgres/leader.ts';
import { pgTestSkipReason, testSchema } from '../../src/storage/postgres/test-database.ts';

/** A duty that counts its runs; stopping waits a little, as a tick in progress would. */
function countingDuty(): { start: () => RunningDuty; running: () => boolean; starts: () => number } {
  let active = false;
  let starts = 0;
  return {
    start: () => {
      active = true;
      starts += 1;
      return {
        stop: async () => {
          await new Promise((r) => setTimeout(r, 20));
          active = false;
        },
      };
    },
    running: () => active,
    starts: () => starts,
  };
}

async function until(ok: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('duties of the leader', () => {
  test('one node leads always: duties start, also those added later, and stop on close', async () => {
    const lines: string[] = [];
    const duties = new LeaderDuties(singleNodeLeadership(), { line: (l) => lines.push(l), announce: false });
    const early = countingDuty();
    const late = countingDuty();
    duties.add('early', early.start);
    duties.begin();
    duties.add('late', late.start);
    await until(() => early.running() && late.running(), 'both duties running');
    assert.equal(duties.state, 'leader');
    assert.deepEqual([...duties.running].sort(), ['early', 'late']);
    await duties.close();
    assert.equal(early.running() || late.running(), false, 'close waits for the duties to stop');
    assert.deepEqual([early.starts(), late.starts()], [1, 1]);
    assert.deepEqual(lines, [], 'a single node has nothing to announce');
  });

  test('two nodes on PostgreSQL: only the leader runs its duties; closing it starts the other', { skip: pgTestSkipReason() ?? false }, async () => {
    const target = await testSchema();
    const lines: string[][] = [[], []];
    const work = [countingDuty(), countingDuty()];
    const nodes = [0, 1].map((i) => {
      const duties = new LeaderDuties(postgresLeadership({ url: target.url, schema: target.schema, retryMs: 100, checkMs: 100 }), { line: (l) => lines[i]?.push(l) });
      duties.add('dispatch', (work[i] as ReturnType<typeof countingDuty>).start);
      duties.begin();
      return duties;
    });
    try {
      await until(() => work.some((w) => w.running()), 'a leader running its duty');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(work.filter((w) => w.running()).length, 1, 'one node runs the duty');
      const leader = work[0]?.running() === true ? 0 : 1;
      const other = 1 - leader;
      assert.match(lines[leader]?.join('\n') ?? '', /scheduler: leader/);

      await nodes[leader]?.close();
      assert.equal(work[leader]?.running(), false);
      await until(() => work[other]?.running() === true, 'the other node taking over', 3000);
      assert.equal(nodes[other]?.state, 'leader');
    } finally {
      for (const node of nodes) await node.close();
      await target.drop();
    }
  });
});
