// The founding scenario (src/demo/foundingScenario.ts) through the duty-to-warn workflow:
// a plot to bomb the Sayyida Zaynab shrine near Damascus, about 48 hours away. The waiver
// (to protect the intercept) is refused, the warning is drafted by one analyst, cleared by
// two other people, disclosed at a liaison meeting, acknowledged, monitored, and the plot
// is foiled. Every step is checked, then the oversight timeline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apply } from './apply.ts';
import { openCase, type WarningCase } from './case.ts';
import type { WarningCommand } from './commands.ts';
import { dueDeadlines } from './deadlines.ts';
import type { WarningEvent } from './events.ts';
import type { Actor } from './roles.ts';
import { timeline } from './timeline.ts';
import { ANALYST, at, COUNSEL, DELIVERER, FDO, HASH_A, OFFICER, OVERSIGHT, SCREENING } from './testFixtures.ts';

const PARTNER = { name: 'Duty desk', organisation: 'Partner liaison service', country: 'SYR' };

test('founding scenario: waiver refused, warning cleared by two others, delivered, acknowledged, foiled', () => {
  // The partner cable arrived at T0; the analyst opened the case five minutes later.
  const opened = openCase(
    {
      id: 'shrine-plot',
      summary: 'ISIS cell preparing a vehicle bomb against the Sayyida Zaynab shrine',
      reportedAt: at(0),
      reportRefs: ['report--5f7a9c1e-3b5d-4f7a-9c1e-3b5d7f9a1c08', 'report--8a0c2e4f-6b8d-4a0c-ae4f-6b8d0a2c4e09'],
      provisionalImminence: 'I1',
    },
    ANALYST,
    at(5),
  );
  assert.ok(opened.ok);
  let c: WarningCase = opened.case;
  const events: WarningEvent[] = [...opened.events];

  const step = (command: WarningCommand, actor: Actor, minute: number, expected: WarningCase['state']): void => {
    const result = apply(c, command, actor, at(minute));
    assert.ok(result.ok, result.ok ? '' : `${command.type}: ${result.code}: ${result.message}`);
    assert.equal(result.case.state, expected, command.type);
    c = result.case;
    events.push(...result.events);
    const due = dueDeadlines(c, at(minute));
    assert.ok(due.ok);
    assert.deepEqual(due.due, [], `no I1 deadline is breached at minute ${minute}`);
  };

  step({ type: 'screen', screening: SCREENING }, ANALYST, 15, 'screening');
  step({ type: 'establish_duty', basis: 'Credible, specific plot: named cell, shrine, car bomb, before Friday prayers.' }, OFFICER, 25, 'duty_established');
  step(
    {
      type: 'propose_waiver',
      reasons: [{ reason: 'endangers_sources_or_operations', justification: 'A warning could reveal the intercept of the cell’s handset.' }],
      reReviewAt: at(7 * 24 * 60),
    },
    ANALYST,
    35,
    'waiver_review',
  );
  step({ type: 'reject_waiver', reason: 'The partner cable alone supports a tearline; the intercept stays out of it.' }, COUNSEL, 50, 'warning_prep');
  step(
    {
      type: 'draft_warning',
      productHash: HASH_A,
      summary: 'Vehicle bomb planned against the Sayyida Zaynab shrine before Friday prayers.',
      recipient: PARTNER,
      sunset: at(60 * 60),
    },
    ANALYST,
    60,
    'warning_prep',
  );
  step({ type: 'submit_for_release' }, ANALYST, 65, 'release_review');
  step({ type: 'approve_release', as: 'duty_to_warn_officer', productHash: HASH_A }, OFFICER, 80, 'release_review');
  step({ type: 'approve_release', as: 'foreign_disclosure_officer', productHash: HASH_A }, FDO, 90, 'delivery');
  step(
    { type: 'record_delivery', channel: 'liaison_meeting', kind: 'disclosure', recipient: PARTNER, productHash: HASH_A, deliveredAt: at(140) },
    DELIVERER,
    150,
    'delivered',
  );
  step({ type: 'record_acknowledgement', acknowledgedBy: 'Head of the partner duty desk', channel: 'liaison_meeting', acknowledgedAt: at(145) }, DELIVERER, 160, 'acknowledged');
  step({ type: 'start_monitoring' }, ANALYST, 170, 'monitoring');
  step({ type: 'close', outcome: 'foiled', note: 'Partner stopped the vehicle at a checkpoint on the shrine road.' }, OFFICER, 62 * 60, 'closed');

  assert.deepEqual(
    events.map((event) => event.type),
    [
      'case_opened',
      'screened',
      'duty_established',
      'waiver_proposed',
      'waiver_rejected',
      'decision_recorded',
      'warning_drafted',
      'submitted_for_release',
      'release_approval_recorded',
      'release_approval_recorded',
      'release_approved',
      'delivered',
      'acknowledged',
      'monitoring_started',
      'closed',
    ],
  );
  // The drafter never approved: the approvals came from two other people.
  const approvers = events.filter((event) => event.type === 'release_approval_recorded').map((event) => event.actorId);
  assert.deepEqual(approvers, ['olga', 'finn']);
  assert.ok(!approvers.includes('ana'));
  // The refused waiver stays on the case for oversight.
  assert.equal(c.waivers.length, 1);
  assert.equal(c.waivers[0]?.status, 'rejected');

  assert.deepEqual(timeline(c), {
    caseId: 'shrine-plot',
    state: 'closed',
    reportedAt: at(0),
    screenedAt: at(25),
    triggeredAt: at(25),
    decidedAt: at(50),
    decision: 'warn',
    approvedAt: at(90),
    deliveredAt: at(140),
    acknowledgedAt: at(145),
    closedAt: at(62 * 60),
    outcome: 'foiled',
    reportToTriggerMs: 25 * 60_000,
    triggerToDecisionMs: 25 * 60_000,
    triggerToDeliveryMs: 115 * 60_000,
    reportToDeliveryMs: 140 * 60_000,
    deliveryToAcknowledgementMs: 5 * 60_000,
  });

  // Oversight reads everything and changes nothing.
  const meddling = apply(c, { type: 'escalate', cause: 'dispute', reason: 'Oversight wants another look.' }, OVERSIGHT, at(63 * 60));
  assert.deepEqual(meddling.ok ? null : meddling.code, 'read-only-role');
});
