// Opening a case, and the time and actor checks every command passes first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apply } from './apply.ts';
import { openCase, type OpenCaseInput } from './case.ts';
import type { WarningCommand } from './commands.ts';
import { ADMIN, ANALYST, at, COMMANDS, OVERSIGHT, reach, SCHEDULER } from './testFixtures.ts';
import { formatInstant, parseInstant } from './time.ts';

function refusal(result: { ok: boolean; code?: string }): string | null {
  return result.ok ? null : (result.code ?? null);
}

describe('openCase', () => {
  const input: OpenCaseInput = { id: 'case-9', summary: 'A threat to a shrine' };

  test('starts in reported with the report time as first milestone', () => {
    const opened = openCase({ ...input, reportedAt: '2025-03-07T09:00:00+01:00' }, ANALYST, at(30));
    assert.ok(opened.ok);
    assert.equal(opened.case.state, 'reported');
    assert.equal(opened.case.milestones.reportedAt, at(0), 'stored in one canonical UTC spelling');
    assert.deepEqual(opened.events.map((event) => [event.type, event.from, event.to]), [['case_opened', null, 'reported']]);
    assert.ok(Object.isFrozen(opened.case.milestones));
  });

  test('the scheduler may open a case (automatic detection); oversight and bare administrators may not', () => {
    assert.ok(openCase(input, SCHEDULER, at(0)).ok);
    assert.equal(refusal(openCase(input, OVERSIGHT, at(0))), 'read-only-role');
    assert.equal(refusal(openCase(input, ADMIN, at(0))), 'role-not-permitted');
  });

  test('bad input is refused as a value', () => {
    assert.equal(refusal(openCase({ ...input, id: 'has:colon' }, ANALYST, at(0))), 'invalid-field');
    assert.equal(refusal(openCase({ ...input, summary: ' ' }, ANALYST, at(0))), 'missing-field');
    assert.equal(refusal(openCase({ ...input, reportedAt: at(10) }, ANALYST, at(0))), 'time-out-of-range');
    assert.equal(refusal(openCase({ ...input, provisionalImminence: 'I9' } as unknown as OpenCaseInput, ANALYST, at(0))), 'invalid-field');
    assert.equal(refusal(openCase(input, ANALYST, 'now')), 'invalid-timestamp');
    assert.equal(refusal(openCase(input, { kind: 'user', userId: 'x', roles: ['wizard'] } as never, at(0))), 'invalid-actor');
  });
});

describe('apply: checks before any transition', () => {
  const start = reach('screening');

  test('unknown or malformed commands and actors are refused, not thrown', () => {
    assert.equal(refusal(apply(start.case, { type: 'teleport' } as unknown as WarningCommand, ANALYST, at(5))), 'unknown-command');
    assert.equal(refusal(apply(start.case, null as unknown as WarningCommand, ANALYST, at(5))), 'unknown-command');
    assert.equal(refusal(apply(start.case, COMMANDS.establishDuty, null as never, at(5))), 'invalid-actor');
    assert.equal(refusal(apply(start.case, { type: 'establish_duty' } as WarningCommand, ANALYST, at(5))), 'missing-field');
  });

  test('the input case is never modified', () => {
    const before = JSON.stringify(start.case);
    const result = apply(start.case, COMMANDS.establishDuty, ANALYST, at(5));
    assert.ok(result.ok);
    assert.equal(JSON.stringify(start.case), before);
    assert.equal(start.case.state, 'screening');
  });
});

describe('timestamps', () => {
  test('RFC 3339 instants only, with real calendar dates', () => {
    assert.equal(parseInstant('2025-03-07T08:00:00Z'), Date.UTC(2025, 2, 7, 8));
    assert.equal(parseInstant('2025-03-07T09:00:00.5+01:00'), Date.UTC(2025, 2, 7, 8, 0, 0, 500));
    assert.equal(parseInstant('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
    for (const bad of ['2025-02-29T00:00:00Z', '2025-04-31T00:00:00Z', '2025-03-07', '2025-03-07T08:00:00', '2025-03-07T24:00:00Z', 17, null]) {
      assert.equal(parseInstant(bad), null, String(bad));
    }
    assert.equal(formatInstant(Date.UTC(2025, 2, 7, 8)), '2025-03-07T08:00:00.000Z');
  });
});
