// Deadlines by imminence class, breach escalation, and re-review of waivers (DOMAIN.md §1).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { apply, type ApplyResult } from './apply.ts';
import type { OnwardCommand } from './commands.ts';
import { openCase, type WarningCase } from './case.ts';
import { deadlineKey, dueDeadlines, runningDeadlines, type Deadline, type DueDeadline } from './deadlines.ts';
import { makeWarningSettings, type ImminenceClass } from './settings.ts';
import {
  ANALYST,
  at,
  COMMANDS,
  COUNSEL,
  DELIVERER,
  FDO,
  OFFICER,
  open,
  play,
  type Play,
  reach,
  SCHEDULER,
  SCREENING,
  type Played,
} from './testFixtures.ts';

function code(result: ApplyResult): string | null {
  return result.ok ? null : result.code;
}

function due(c: WarningCase, minute: number): readonly DueDeadline[] {
  const result = dueDeadlines(c, at(minute));
  assert.ok(result.ok);
  return result.due;
}

function stage(deadlines: readonly Deadline[], name: Deadline['stage']): Deadline | undefined {
  return deadlines.find((candidate) => candidate.stage === name);
}

function opened(options: { provisionalImminence?: ImminenceClass; settings?: ReturnType<typeof makeWarningSettings> } = {}): Played {
  const settings = options.settings?.ok ? options.settings.value : undefined;
  const result = openCase({ id: 'case-1', summary: 'A threat', provisionalImminence: options.provisionalImminence, settings }, ANALYST, at(0));
  assert.ok(result.ok);
  return { case: result.case, events: result.events, minute: 0 };
}

const H = 60;
// From a screened case to delivered, as in the fixture's ordinary path (delivery at minute 7).
const PATH_TO_DELIVERED = [
  [COMMANDS.establishDuty, ANALYST, 2],
  [COMMANDS.draft(), ANALYST, 3],
  [COMMANDS.submit, ANALYST, 4],
  [COMMANDS.approveRelease('duty_to_warn_officer'), OFFICER, 5],
  [COMMANDS.approveRelease('foreign_disclosure_officer'), FDO, 6],
  [COMMANDS.deliver(), DELIVERER, 7],
] as const satisfies readonly Play[];
const PATH_TO_DELIVERED_SCREENED: readonly Play[] = [[COMMANDS.screen, ANALYST, 1], ...PATH_TO_DELIVERED];
const D = 24 * H;
// DOMAIN.md §1 table, in minutes: screen from the report, decide and deliver from the trigger.
const TABLE: Record<ImminenceClass, { screen: number; decide: number; deliver: number }> = {
  I1: { screen: 1 * H, decide: 2 * H, deliver: 6 * H },
  I2: { screen: 24 * H, decide: 48 * H, deliver: 72 * H },
  I3: { screen: 5 * D, decide: 5 * D, deliver: 5 * D },
};

describe('deadlines per imminence class', () => {
  for (const imminence of ['I1', 'I2', 'I3'] as const) {
    test(`${imminence}: screen from the report, decide and deliver from the trigger`, () => {
      const reported = opened({ provisionalImminence: imminence });
      assert.equal(stage(runningDeadlines(reported.case), 'screen')?.dueAt, at(TABLE[imminence].screen));
      const duty = play(reported, [
        [{ type: 'screen', screening: { ...SCREENING, imminence } }, ANALYST, 10],
        [COMMANDS.establishDuty, ANALYST, 20],
      ]);
      const running = runningDeadlines(duty.case);
      assert.equal(stage(running, 'screen'), undefined, 'the screening finding meets the screen deadline');
      assert.equal(stage(running, 'decide')?.dueAt, at(20 + TABLE[imminence].decide));
      assert.equal(stage(running, 'deliver')?.dueAt, at(20 + TABLE[imminence].deliver));
      assert.equal(stage(running, 'decide')?.measuredFrom, 'trigger');
      assert.equal(stage(running, 'decide')?.key, `case-1:decide:${at(20 + TABLE[imminence].decide)}`);
    });
  }

  test('an unscreened case without a provisional class runs on I1 deadlines', () => {
    assert.equal(stage(runningDeadlines(opened().case), 'screen')?.dueAt, at(60));
  });

  test('deadlines are configurable, and a case keeps the settings it was opened with', () => {
    const settings = makeWarningSettings({ deadlines: { I1: { screenMs: 30 * 60_000 } } });
    assert.ok(settings.ok);
    assert.equal(settings.value.deadlines.I1.decideMs, 2 * 3_600_000, 'unchanged stages keep their defaults');
    assert.equal(stage(runningDeadlines(opened({ settings }).case), 'screen')?.dueAt, at(30));
    const bad = makeWarningSettings({ deadlines: { I2: { deliverMs: -1 } } });
    assert.deepEqual(bad.ok ? null : bad.code, 'invalid-settings');
  });

  test('decisions and deliveries meet their deadlines', () => {
    const rejected = play(reach('waiver_review'), [[{ type: 'reject_waiver', reason: 'Warn them; sources are safe.' }, COUNSEL, 4]]);
    const running = runningDeadlines(rejected.case);
    assert.equal(stage(running, 'decide'), undefined, 'refusing the waiver is the decision to warn');
    assert.ok(stage(running, 'deliver') !== undefined, 'the delivery deadline still runs');
    assert.deepEqual(runningDeadlines(reach('delivered').case).map((deadline) => deadline.stage), ['acknowledge'], 'only the acknowledgement is awaited');
    assert.deepEqual(runningDeadlines(reach('acknowledged').case), []);
    assert.deepEqual(runningDeadlines(reach('closed').case), []);
    assert.deepEqual(runningDeadlines(reach('not_triggered').case), []);
  });

  test('the delivery deadline keeps running while a waiver is under review', () => {
    const review = reach('waiver_review');
    assert.deepEqual(runningDeadlines(review.case).map((deadline) => deadline.stage).sort(), ['decide', 'deliver']);
  });
});

describe('dueDeadlines', () => {
  test('returns a breach once, with the command that escalates it, and never again after it fired', () => {
    const screening = reach('screening');
    assert.deepEqual(due(screening.case, 59), [], 'not yet due');
    const breached = due(screening.case, 61);
    assert.equal(breached.length, 1);
    const [screen] = breached;
    assert.ok(screen !== undefined);
    assert.equal(screen.key, deadlineKey('case-1', 'screen', at(60)));
    assert.deepEqual(screen.command, { type: 'escalate', cause: 'deadline_breach', deadlineKey: screen.key });

    const escalated = apply(screening.case, screen.command, SCHEDULER, at(61));
    assert.ok(escalated.ok);
    assert.equal(escalated.case.state, 'escalated');
    assert.ok(escalated.case.firedDeadlines.includes(screen.key));
    assert.deepEqual(due(escalated.case, 62), []);
    assert.equal(code(apply(escalated.case, screen.command, SCHEDULER, at(62))), 'deadline-already-fired');

    const resumed = apply(escalated.case, { type: 'resolve_escalation', reason: 'Screening handed to the night desk.' }, OFFICER, at(63));
    assert.ok(resumed.ok);
    assert.equal(resumed.case.state, 'screening');
    assert.deepEqual(due(resumed.case, 600), [], 'the same screen deadline never fires twice');
  });

  test('a deadline that is not due cannot be escalated, and an invalid clock is refused', () => {
    const screening = reach('screening');
    const early = { type: 'escalate', cause: 'deadline_breach', deadlineKey: deadlineKey('case-1', 'screen', at(60)) } as const;
    assert.equal(code(apply(screening.case, early, SCHEDULER, at(30))), 'deadline-not-due');
    assert.equal(code(apply(screening.case, { ...early, deadlineKey: 'case-1:screen:whenever' }, SCHEDULER, at(90))), 'deadline-not-due');
    const invalid = dueDeadlines(screening.case, 'soon');
    assert.deepEqual(invalid.ok ? null : invalid.code, 'invalid-timestamp');
  });

  test('a second breach while escalated is logged on the open escalation', () => {
    const disputed = play(reach('duty_established'), [[COMMANDS.dispute, COUNSEL, 3]]);
    const [decide] = due(disputed.case, 2 + 121);
    assert.equal(decide?.stage, 'decide');
    assert.ok(decide !== undefined);
    const logged = apply(disputed.case, decide.command, SCHEDULER, at(123));
    assert.ok(logged.ok);
    assert.equal(logged.case.state, 'escalated');
    assert.deepEqual(logged.events.map((event) => event.type), ['deadline_breach_recorded']);
    assert.equal(logged.case.escalations.length, 1);
    assert.equal(logged.case.escalations[0]?.from, 'duty_established');
  });

  test('the scheduler can only act on its own triggers', () => {
    const start = reach('release_review');
    assert.equal(code(apply(start.case, COMMANDS.dispute, SCHEDULER, at(10))), 'system-not-permitted');
    assert.equal(code(apply(start.case, COMMANDS.approveRelease('duty_to_warn_officer'), SCHEDULER, at(10))), 'system-not-permitted');
    const waived = reach('waived');
    const reopen = { type: 'reopen', reason: 'new_information', note: 'A new report came in.' } as const;
    assert.equal(code(apply(waived.case, reopen, SCHEDULER, at(10))), 'system-not-permitted');
  });

  test('property: polling and acting on due deadlines never returns a fired key and never fires a key twice', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('reported', 'screening', 'duty_established', 'waiver_review', 'warning_prep', 'release_review', 'delivery', 'delivered', 'waived') as fc.Arbitrary<
          'reported' | 'screening' | 'duty_established' | 'waiver_review' | 'warning_prep' | 'release_review' | 'delivery' | 'delivered' | 'waived'
        >,
        fc.array(fc.tuple(fc.integer({ min: 1, max: 4 * D }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        (state, polls) => {
          let current = reach(state).case;
          let minute = 20;
          const fired = new Set<string>();
          for (const [gap, resolve] of polls) {
            minute += gap;
            for (const deadline of due(current, minute)) {
              assert.ok(!current.firedDeadlines.includes(deadline.key), 'a fired key is never returned');
              assert.ok(!fired.has(deadline.key), `key ${deadline.key} returned twice`);
              const result = apply(current, deadline.command, SCHEDULER, at(minute));
              assert.ok(result.ok, result.ok ? '' : result.message);
              fired.add(deadline.key);
              current = result.case;
            }
            if (resolve && current.state === 'escalated') {
              const result = apply(current, { type: 'resolve_escalation', reason: 'Reviewed by the duty officer.' }, OFFICER, at(minute));
              assert.ok(result.ok);
              current = result.case;
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('acknowledgement deadline', () => {
  // The fixture records its (first) delivery at minute 7.
  const ACK: Record<ImminenceClass, number> = { I1: 1 * H, I2: 12 * H, I3: 72 * H };

  for (const imminence of ['I1', 'I2', 'I3'] as const) {
    test(`${imminence}: runs from the first delivery of the cycle`, () => {
      const screened = play(open(), [
        [{ type: 'screen', screening: { ...SCREENING, imminence } }, ANALYST, 1],
        ...PATH_TO_DELIVERED,
      ]);
      assert.equal(screened.case.state, 'delivered');
      const ack = stage(runningDeadlines(screened.case), 'acknowledge');
      assert.equal(ack?.dueAt, at(7 + ACK[imminence]));
      assert.equal(ack?.measuredFrom, 'first_delivery');
      assert.equal(ack?.imminence, imminence);
      assert.equal(ack?.key, deadlineKey('case-1', 'acknowledge', at(7 + ACK[imminence])));
    });
  }

  test('a further channel does not move it; a delivery recorded late but made earlier does', () => {
    const later = play(reach('delivered'), [[{ ...COMMANDS.deliver(), channel: 'phone_call', deliveredAt: at(8) } as OnwardCommand, DELIVERER, 20]]);
    assert.equal(stage(runningDeadlines(later.case), 'acknowledge')?.dueAt, at(7 + H));
    const earlier = play(reach('delivered'), [[{ ...COMMANDS.deliver(), channel: 'phone_call', deliveredAt: at(6) } as OnwardCommand, DELIVERER, 20]]);
    assert.equal(stage(runningDeadlines(earlier.case), 'acknowledge')?.dueAt, at(6 + H));
  });

  test('is configurable per class, and a case stored before the setting existed runs on the default', () => {
    const settings = makeWarningSettings({ deadlines: { I1: { acknowledgeMs: 15 * 60_000 } } });
    assert.ok(settings.ok);
    assert.equal(settings.value.deadlines.I2.acknowledgeMs, 12 * 3_600_000);
    const custom = play({ ...open(), case: { ...open().case, settings: settings.value } }, PATH_TO_DELIVERED_SCREENED);
    assert.equal(stage(runningDeadlines(custom.case), 'acknowledge')?.dueAt, at(7 + 15));
    const bad = makeWarningSettings({ deadlines: { I3: { acknowledgeMs: 0 } } });
    assert.deepEqual(bad.ok ? null : bad.code, 'invalid-settings');
    // Settings as stored before the acknowledgement stage: no acknowledgeMs in the row.
    const delivered = reach('delivered').case;
    const legacyRow = { screenMs: H * 60_000, decideMs: 2 * H * 60_000, deliverMs: 6 * H * 60_000 };
    const legacy = { ...delivered, settings: { ...delivered.settings, deadlines: { ...delivered.settings.deadlines, I1: legacyRow as never } } };
    assert.equal(stage(runningDeadlines(legacy), 'acknowledge')?.dueAt, at(7 + H));
  });

  test('when it passes unacknowledged the scheduler escalates, once; the acknowledgement stops it', () => {
    const delivered = reach('delivered');
    assert.deepEqual(due(delivered.case, 7 + H - 1), [], 'not before the hour');
    const [breach, ...rest] = due(delivered.case, 7 + H);
    assert.deepEqual(rest, []);
    assert.ok(breach !== undefined);
    assert.equal(breach.stage, 'acknowledge');
    assert.deepEqual(breach.command, { type: 'escalate', cause: 'deadline_breach', deadlineKey: breach.key });
    const escalated = apply(delivered.case, breach.command, SCHEDULER, at(7 + H));
    assert.ok(escalated.ok, escalated.ok ? '' : escalated.message);
    assert.equal(escalated.case.state, 'escalated');
    assert.equal(escalated.case.escalations[0]?.from, 'delivered');
    assert.match(escalated.case.escalations[0]?.reason ?? '', /I1 acknowledge deadline/);
    assert.deepEqual(escalated.events.map((e) => e.type), ['escalated']);
    assert.deepEqual(due(escalated.case, 7 + 10 * H), [], 'never twice while escalated');
    assert.equal(code(apply(escalated.case, breach.command, SCHEDULER, at(7 + H + 1))), 'deadline-already-fired');
    // Resolved onward with the acknowledgement that came late: nothing more runs.
    const resolved = apply(
      escalated.case,
      { type: 'resolve_escalation', reason: 'Partner answered by phone.', then: COMMANDS.acknowledge as OnwardCommand },
      OFFICER,
      at(7 + H + 5),
    );
    assert.ok(resolved.ok, resolved.ok ? '' : resolved.message);
    assert.equal(resolved.case.state, 'acknowledged');
    assert.deepEqual(runningDeadlines(resolved.case), []);
    // Resolved back to delivered without one: the same deadline never fires again.
    const back = apply(escalated.case, { type: 'resolve_escalation', reason: 'Chasing the partner by phone.' }, OFFICER, at(7 + H + 5));
    assert.ok(back.ok);
    assert.equal(back.case.state, 'delivered');
    assert.deepEqual(due(back.case, 7 + 100 * H), []);
  });

  test('acknowledged in time, or monitored with a written reason, nothing is due', () => {
    assert.deepEqual(due(reach('acknowledged').case, 7 + 100 * H), []);
    const monitored = play(reach('delivered'), [[{ type: 'start_monitoring', unacknowledgedReason: 'The partner never acknowledges in writing; confirmed by phone.' }, ANALYST, 30]]);
    assert.deepEqual(due(monitored.case, 7 + 100 * H), []);
  });
});

describe('re-review of a waiver', () => {
  // The fixture's waiver has its re-review date 7 days after T0.
  const reReview = 7 * D;

  test('before the date nothing is due and the scheduler cannot re-open', () => {
    const waived = reach('waived');
    assert.deepEqual(due(waived.case, reReview - 1), []);
    assert.equal(code(apply(waived.case, { type: 'reopen', reason: 're_review_due' }, SCHEDULER, at(reReview - 1))), 're-review-not-due');
  });

  test('on the date the case re-opens into a new screening cycle', () => {
    const waived = reach('waived');
    const [item] = due(waived.case, reReview);
    assert.ok(item !== undefined);
    assert.equal(item.stage, 're_review');
    assert.equal(item.key, `case-1:re_review:${at(reReview)}`);
    assert.deepEqual(item.command, { type: 'reopen', reason: 're_review_due' });
    const reopened = apply(waived.case, item.command, SCHEDULER, at(reReview));
    assert.ok(reopened.ok);
    assert.equal(reopened.case.state, 'screening');
    assert.equal(reopened.case.cycle.number, 2);
    assert.equal(reopened.case.cycle.screening, null, 'the new cycle must be screened afresh');
    assert.equal(reopened.case.waivers.at(-1)?.status, 'approved', 'the waiver stays on record for oversight');
    assert.ok(reopened.case.firedDeadlines.includes(item.key));
    // The new screen deadline runs from the re-opening, on the last known class (I1).
    const [screen] = runningDeadlines(reopened.case);
    assert.equal(screen?.measuredFrom, 'reopen');
    assert.equal(screen?.dueAt, at(reReview + 60));
    assert.equal(code(apply(reopened.case, COMMANDS.establishDuty, ANALYST, at(reReview + 1))), 'screening-missing');
  });

  test('a re-review date passing while the waived case is escalated waits for the resolution', () => {
    const disputed = play(reach('waived'), [[COMMANDS.dispute, COUNSEL, 10]]);
    assert.deepEqual(due(disputed.case, reReview + 5), [], 'not due while escalated');
    const resolved = apply(disputed.case, { type: 'resolve_escalation', reason: 'Waiver stands until review.' }, OFFICER, at(reReview + 5));
    assert.ok(resolved.ok);
    assert.deepEqual(due(resolved.case, reReview + 6).map((item) => item.command), [{ type: 'reopen', reason: 're_review_due' }]);
    const onward = apply(
      disputed.case,
      { type: 'resolve_escalation', reason: 'Re-review is due: re-open.', then: { type: 'reopen', reason: 're_review_due' } },
      OFFICER,
      at(reReview + 5),
    );
    assert.ok(onward.ok);
    assert.equal(onward.case.state, 'screening');
  });

  test('new information re-opens a waived case at any time', () => {
    const waived = reach('waived');
    const reopened = apply(waived.case, { type: 'reopen', reason: 'new_information', note: 'Partner reports the cell moved the date.' }, ANALYST, at(20));
    assert.ok(reopened.ok);
    assert.equal(reopened.case.state, 'screening');
  });
});

describe('resolving an escalation', () => {
  const disputedReview = (): Played =>
    play(reach('release_review'), [
      [COMMANDS.approveRelease('foreign_disclosure_officer'), FDO, 5],
      [COMMANDS.dispute, COUNSEL, 6],
    ]);

  test('back to the state it came from, with the reason kept', () => {
    const resolved = apply(disputedReview().case, { type: 'resolve_escalation', reason: 'Counsel satisfied after review.' }, OFFICER, at(7));
    assert.ok(resolved.ok);
    assert.equal(resolved.case.state, 'release_review');
    assert.equal(resolved.case.escalations[0]?.resolution?.reason, 'Counsel satisfied after review.');
  });

  test('onward with one ordinary command, whose guards all apply', () => {
    const onward = apply(
      disputedReview().case,
      { type: 'resolve_escalation', reason: 'Officer reviewed and approves.', then: COMMANDS.approveRelease('duty_to_warn_officer') as OnwardCommand },
      OFFICER,
      at(7),
    );
    assert.ok(onward.ok);
    assert.equal(onward.case.state, 'delivery');
    assert.deepEqual(onward.events.map((event) => event.type).slice(0, 2), ['escalation_resolved', 'release_approval_recorded']);

    // Onward cannot skip a step or an approval.
    const skip = apply(disputedReview().case, { type: 'resolve_escalation', reason: 'Just send it now.', then: COMMANDS.deliver() as OnwardCommand }, OFFICER, at(7));
    assert.equal(code(skip), 'transition-not-allowed');
    const wrongPerson = { type: 'resolve_escalation', reason: 'Approve it myself.', then: COMMANDS.approveRelease('foreign_disclosure_officer') as OnwardCommand } as const;
    assert.equal(code(apply(disputedReview().case, wrongPerson, OFFICER, at(7))), 'role-not-permitted');
    const nested = { type: 'resolve_escalation', reason: 'Escalate it further.', then: COMMANDS.dispute } as unknown as Parameters<typeof apply>[1];
    assert.equal(code(apply(disputedReview().case, nested, OFFICER, at(7))), 'invalid-field');
  });

  test('only the duty-to-warn officer resolves', () => {
    assert.equal(code(apply(disputedReview().case, { type: 'resolve_escalation', reason: 'I resolve this one.' }, COUNSEL, at(7))), 'role-not-permitted');
  });
});
