// Scheduler leadership on PostgreSQL (issue 10): of the nodes of one schema exactly one
// leads; when the leader's connection dies (the server ends it, as when its process is
// killed) it steps down and another leads within seconds; closing hands over at once;
// other schemas elect their own leaders.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Leadership, LeadershipState } from '../../app/ports/leadership.ts';
import { postgresLeadership } from './leader.ts';
import { LOCK_CLASS, schemaLockId } from './locks.ts';
import { pgTestSkipReason, testSchema, type TestSchema } from './test-database.ts';

const skip = pgTestSkipReason();

interface Candidate {
  readonly leadership: Leadership;
  readonly changes: LeadershipState[];
}

function candidate(target: TestSchema, errors: string[] = []): Candidate {
  const changes: LeadershipState[] = [];
  const leadership = postgresLeadership({ url: target.url, schema: target.schema, retryMs: 200, checkMs: 200, onError: (e) => errors.push(e.message) });
  leadership.start((state) => changes.push(state));
  return { leadership, changes };
}

async function until(ok: () => boolean, what: string, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

const leaders = (candidates: readonly Candidate[]): Candidate[] => candidates.filter((c) => c.leadership.state === 'leader');

describe('PostgreSQL scheduler leadership', { skip: skip ?? false }, () => {
  test('one of three leads; a killed leader connection hands over within seconds; closing hands over at once', async () => {
    const target = await testSchema();
    const errors: string[] = [];
    const all = [candidate(target, errors), candidate(target, errors), candidate(target, errors)];
    try {
      await until(() => leaders(all).length === 1, 'a leader');
      await new Promise((r) => setTimeout(r, 600)); // several retries of the others
      assert.equal(leaders(all).length, 1, 'exactly one leader');
      const first = leaders(all)[0] as Candidate;

      // The server ends the session holding the lock, as it does when the process dies.
      const killed = await target.admin<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_locks
          WHERE locktype = 'advisory' AND classid = $1::oid AND objid = $2::oid AND objsubid = 2 AND granted`,
        [LOCK_CLASS.scheduler >>> 0, schemaLockId(target.schema) >>> 0],
      );
      assert.equal(killed.length, 1, 'one session holds the lock');
      const handover = await until(() => leaders(all).length === 1 && leaders(all)[0] !== first, 'a new leader');
      assert.ok(handover < 5000, `handover took ${handover} ms`);
      await until(() => first.leadership.state === 'standby', 'the old leader stepping down');
      assert.deepEqual(first.changes.slice(0, 2), ['leader', 'standby']);
      assert.ok(errors.some((e) => /lock connection failed/.test(e)), errors.join('; '));

      const second = leaders(all)[0] as Candidate;
      await second.leadership.close();
      const closing = await until(() => leaders(all).length === 1 && leaders(all)[0] !== second, 'a leader after close');
      assert.ok(closing < 2000, `handover after close took ${closing} ms`);
      assert.equal(second.leadership.state, 'standby');
    } finally {
      for (const c of all) await c.leadership.close();
      await target.drop();
    }
  });

  test('each schema elects its own leader', async () => {
    const a = await testSchema();
    const b = await testSchema();
    const onA = candidate(a);
    const onB = candidate(b);
    try {
      await until(() => onA.leadership.state === 'leader' && onB.leadership.state === 'leader', 'both leaders');
    } finally {
      await onA.leadership.close();
      await onB.leadership.close();
      await a.drop();
      await b.drop();
    }
  });
});
