// Shared test fixtures: people, a well-formed screening, and a way to bring a case to any
// state of the workflow along the ordinary path. Used only by the *.test.ts files here.
import assert from 'node:assert/strict';
import { apply } from './apply.ts';
import { openCase, type WarningCase } from './case.ts';
import type { WarningCommand } from './commands.ts';
import type { WarningEvent } from './events.ts';
import type { Actor, Role, UserActor } from './roles.ts';
import type { ScreeningInput } from './screening.ts';
import type { WarningState } from './states.ts';
import { formatInstant, MINUTE_MS, parseInstant } from './time.ts';

export const T0 = '2025-03-07T08:00:00.000Z';
const T0_MS = parseInstant(T0) ?? 0;

/** The instant `minutes` after T0. */
export function at(minutes: number): string {
  return formatInstant(T0_MS + minutes * MINUTE_MS);
}

export function user(userId: string, ...roles: Role[]): UserActor {
  return { kind: 'user', userId, roles };
}

export const ANALYST = user('ana', 'analyst');
export const OFFICER = user('olga', 'duty_to_warn_officer');
export const OFFICER_2 = user('otto', 'duty_to_warn_officer');
export const COUNSEL = user('lena', 'legal_counsel');
export const FDO = user('finn', 'foreign_disclosure_officer');
export const ORIGINATOR = user('rosa', 'originator');
export const DELIVERER = user('dan', 'delivery_officer');
export const OVERSIGHT = user('vera', 'oversight');
export const ADMIN = user('max', 'administrator');
export const SCHEDULER: Actor = { kind: 'system', systemId: 'scheduler' };

export const HASH_A = 'a'.repeat(64);
export const HASH_B = 'b'.repeat(64);

export const SCREENING: ScreeningInput = {
  harmType: 'killing',
  victim: { identity: 'Pilgrims at the Sayyida Zaynab shrine', nationality: 'Syrian and foreign pilgrims', country: 'SYR' },
  credibility: { sourceReliability: 'B', informationCredibility: 2 },
  specificity: { who: 2, target: 2, when: 2, how: 2, victim: 1, location: 2 },
  imminence: 'I1',
  window: { start: at(48 * 60), end: at(60 * 60) },
};

export const RECIPIENT = { name: 'Duty desk', organisation: 'Partner liaison service', country: 'SYR' };

export const JUSTIFICATION = 'Warning now would expose the intercept and the partner cell source.';

export const COMMANDS = {
  screen: { type: 'screen', screening: SCREENING },
  establishDuty: { type: 'establish_duty', basis: 'Credible, specific plot to bomb the shrine within 72 hours.' },
  notTriggered: { type: 'find_not_triggered', reason: 'Threat is rhetorical; no capability or target.' },
  proposeWaiver: (reReviewMinutes = 7 * 24 * 60): WarningCommand => ({
    type: 'propose_waiver',
    reasons: [{ reason: 'endangers_sources_or_operations', justification: JUSTIFICATION }],
    reReviewAt: at(reReviewMinutes),
  }),
  draft: (productHash = HASH_A): WarningCommand => ({
    type: 'draft_warning',
    productHash,
    summary: 'Warning: vehicle bomb planned against the Sayyida Zaynab shrine before Friday prayers.',
    recipient: RECIPIENT,
    sunset: at(60 * 60),
  }),
  submit: { type: 'submit_for_release' },
  approveRelease: (as: 'duty_to_warn_officer' | 'foreign_disclosure_officer' | 'originator', productHash = HASH_A): WarningCommand => ({
    type: 'approve_release',
    as,
    productHash,
  }),
  deliver: (productHash = HASH_A): WarningCommand => ({
    type: 'record_delivery',
    channel: 'liaison_meeting',
    kind: 'disclosure',
    recipient: RECIPIENT,
    productHash,
  }),
  acknowledge: { type: 'record_acknowledgement', acknowledgedBy: 'Duty officer of the partner service', channel: 'liaison_meeting' },
  monitor: { type: 'start_monitoring' },
  close: { type: 'close', outcome: 'foiled', note: 'Partner stopped the vehicle at a checkpoint.' },
  dispute: { type: 'escalate', cause: 'dispute', reason: 'Counsel disputes the imminence class.' },
} satisfies Record<string, WarningCommand | ((...args: never[]) => WarningCommand)>;

export type Play = readonly [command: WarningCommand, actor: Actor, minute: number];

export interface Played {
  readonly case: WarningCase;
  readonly events: readonly WarningEvent[];
  /** Minute of the last step: the next step should be later. */
  readonly minute: number;
}

export function open(options: { orcon?: boolean; minute?: number } = {}): Played {
  const minute = options.minute ?? 0;
  const opened = openCase(
    { id: 'case-1', summary: 'Plot against the Sayyida Zaynab shrine', orcon: options.orcon ?? false, reportRefs: ['report--1'] },
    ANALYST,
    at(minute),
  );
  assert.ok(opened.ok, opened.ok ? '' : opened.message);
  return { case: opened.case, events: opened.events, minute };
}

/** Applies each step, failing the test at the first refusal. */
export function play(from: Played, steps: readonly Play[]): Played {
  let current = from;
  for (const [command, actor, minute] of steps) {
    const result = apply(current.case, command, actor, at(minute));
    assert.ok(result.ok, result.ok ? '' : `${command.type} refused: ${result.code}: ${result.message}`);
    current = { case: result.case, events: [...current.events, ...result.events], minute };
  }
  return current;
}

const PATHS: Readonly<Record<WarningState, readonly Play[]>> = (() => {
  const screening: Play[] = [[COMMANDS.screen, ANALYST, 1]];
  const duty: Play[] = [...screening, [COMMANDS.establishDuty, ANALYST, 2]];
  const waiverReview: Play[] = [...duty, [COMMANDS.proposeWaiver(), ANALYST, 3]];
  const prep: Play[] = [...duty, [COMMANDS.draft(), ANALYST, 3]];
  const review: Play[] = [...prep, [COMMANDS.submit, ANALYST, 4]];
  const delivery: Play[] = [
    ...review,
    [COMMANDS.approveRelease('duty_to_warn_officer'), OFFICER, 5],
    [COMMANDS.approveRelease('foreign_disclosure_officer'), FDO, 6],
  ];
  const delivered: Play[] = [...delivery, [COMMANDS.deliver(), DELIVERER, 7]];
  const acknowledged: Play[] = [...delivered, [COMMANDS.acknowledge, DELIVERER, 8]];
  const monitoring: Play[] = [...acknowledged, [COMMANDS.monitor, ANALYST, 9]];
  return {
    reported: [],
    screening,
    not_triggered: [...screening, [COMMANDS.notTriggered, ANALYST, 2]],
    duty_established: duty,
    waiver_review: waiverReview,
    waived: [
      ...waiverReview,
      [{ type: 'approve_waiver', as: 'duty_to_warn_officer' }, OFFICER, 4],
      [{ type: 'approve_waiver', as: 'legal_counsel' }, COUNSEL, 5],
    ],
    warning_prep: prep,
    release_review: review,
    delivery,
    delivered,
    acknowledged,
    monitoring,
    closed: [...monitoring, [COMMANDS.close, OFFICER, 10]],
    escalated: [...screening, [COMMANDS.dispute, COUNSEL, 2]],
  };
})();

/** A case brought to `state` along the ordinary path (ORCON off unless asked). */
export function reach(state: WarningState, options: { orcon?: boolean } = {}): Played {
  const played = play(open(options), PATHS[state]);
  assert.equal(played.case.state, state);
  return played;
}
