/*
 * States of a duty-to-warn case: DOMAIN.md §1 "Workflow states" (our design, modelled on
 * ICD 191, 2015). Command names are on the arrows; [..] are the guards `apply` enforces.
 *
 *  reported ──screen──▶ screening ◀───── reopen [new information] ──────────────── not_triggered
 *                        │  │  ▲  └──find_not_triggered [screening recorded, reason] ──────▲
 *                        │  │  └──── reopen [re-review date reached | new information] ─── waived
 *       establish_duty   │  screen (correct it)                                            ▲
 *  [screening recorded,  ▼                                                                 │ approve_waiver
 *   harm is killing,  duty_established ──propose_waiver──▶ waiver_review ───────────────────┘ [duty-to-warn officer
 *   injury or             │           [>= 1 of 5 reasons,   │  ▲                              AND legal counsel:
 *   kidnapping]           │            each justified in    │  │                              two people, neither
 *                         │            writing; re-review   │  │                              the proposer]
 *           draft_warning │            date <= maximum]     │  │
 *                         ▼                                 │  │
 *                    warning_prep ◀────reject_waiver────────┘  │
 *                       │   ▲  └───────propose_waiver──────────┘
 *    submit_for_release │   │ reject_release, or draft_warning (the product changed)
 *                       ▼   │
 *                    release_review
 *                       │ approve_release [officer + foreign-disclosure officer (+ originator if
 *                       │   ORCON): different people, none a drafter, all of the current hash]
 *                       ▼
 *                    delivery ──record_delivery_attempt (failed: stays in delivery)
 *                       │  └──propose_waiver [reason 5 only after failed attempts on two
 *                       │       channels] ──▶ waiver_review (refused: back to delivery)
 *       record_delivery │ [the approved product hash; release or disclosure]
 *                       ▼
 *                    delivered ──record_acknowledgement──▶ acknowledged
 *                       │                                       │ start_monitoring
 *                       └──start_monitoring [written reason]──▶ monitoring ──close [outcome]──▶ closed
 *
 *  One warning often goes out on several channels (TAXII and email, then a liaison meeting):
 *  in delivered, acknowledged and monitoring, record_delivery and record_delivery_attempt
 *  add a further delivery or failed attempt (never the same record twice), and
 *  record_acknowledgement a further acknowledgement; the state stays, and the milestones
 *  keep their first occurrences. The system may record these three only for a machine
 *  channel (TAXII, webhook, email): what the dispatcher sent or failed to send, and an
 *  acknowledgement that came back on one (a signed link, a TAXII note); never a meeting.
 *
 *  any state ──escalate [deadline breach | dispute]──▶ escalated
 *  escalated ──resolve_escalation [reason]──▶ the state it came from, or onward: `then`
 *             applies one ordinary command from that state, with all of its guards.
 */
import type { CommandType } from './commands.ts';
import type { Role } from './roles.ts';

export const WARNING_STATES = [
  'reported',
  'screening',
  'not_triggered',
  'duty_established',
  'waiver_review',
  'waived',
  'warning_prep',
  'release_review',
  'delivery',
  'delivered',
  'acknowledged',
  'monitoring',
  'closed',
  'escalated',
] as const;
export type WarningState = (typeof WARNING_STATES)[number];

export interface TransitionRule {
  /** States in which the command is accepted. */
  readonly from: readonly WarningState[];
  /** States the command can lead to (several when a guard decides, e.g. the last approval). */
  readonly to: readonly WarningState[];
  /** Roles that may perform it; holding any one is enough (approvals name the role acted in). */
  readonly roles: readonly Role[];
  /** Whether the deadline scheduler may perform it (only for its own triggers). */
  readonly system: boolean;
}

const DRAFTERS: readonly Role[] = ['analyst', 'duty_to_warn_officer'];
const DELIVERERS: readonly Role[] = ['delivery_officer', 'duty_to_warn_officer'];
/** Anyone who works cases may raise a dispute; oversight and bare administrators may not. */
const PARTICIPANTS: readonly Role[] = [
  'analyst',
  'duty_to_warn_officer',
  'legal_counsel',
  'foreign_disclosure_officer',
  'originator',
  'delivery_officer',
];
const ALL_STATES = WARNING_STATES;
/** The warning has reached the recipient on at least one channel. */
const DELIVERED: readonly WarningState[] = ['delivered', 'acknowledged', 'monitoring'];

/** The transition table of DOMAIN.md §1; `apply` refuses anything it does not list. */
export const TRANSITIONS: Readonly<Record<CommandType, TransitionRule>> = {
  screen: { from: ['reported', 'screening'], to: ['screening'], roles: DRAFTERS, system: false },
  establish_duty: { from: ['screening'], to: ['duty_established'], roles: DRAFTERS, system: false },
  find_not_triggered: { from: ['screening'], to: ['not_triggered'], roles: DRAFTERS, system: false },
  propose_waiver: {
    from: ['duty_established', 'warning_prep', 'delivery'],
    to: ['waiver_review'],
    roles: DRAFTERS,
    system: false,
  },
  approve_waiver: { from: ['waiver_review'], to: ['waiver_review', 'waived'], roles: ['duty_to_warn_officer', 'legal_counsel'], system: false },
  reject_waiver: { from: ['waiver_review'], to: ['warning_prep', 'delivery'], roles: ['duty_to_warn_officer', 'legal_counsel'], system: false },
  draft_warning: { from: ['duty_established', 'warning_prep', 'release_review'], to: ['warning_prep'], roles: DRAFTERS, system: false },
  submit_for_release: { from: ['warning_prep'], to: ['release_review'], roles: DRAFTERS, system: false },
  approve_release: {
    from: ['release_review'],
    to: ['release_review', 'delivery'],
    roles: ['duty_to_warn_officer', 'foreign_disclosure_officer', 'originator'],
    system: false,
  },
  reject_release: {
    from: ['release_review'],
    to: ['warning_prep'],
    roles: ['duty_to_warn_officer', 'foreign_disclosure_officer', 'originator'],
    system: false,
  },
  // The system records only what a machine channel itself did (apply.ts authorise).
  record_delivery_attempt: { from: ['delivery', ...DELIVERED], to: ['delivery', ...DELIVERED], roles: DELIVERERS, system: true },
  record_delivery: { from: ['delivery', ...DELIVERED], to: DELIVERED, roles: DELIVERERS, system: true },
  record_acknowledgement: { from: DELIVERED, to: ['acknowledged', 'monitoring'], roles: DELIVERERS, system: true },
  start_monitoring: { from: ['acknowledged', 'delivered'], to: ['monitoring'], roles: DRAFTERS, system: false },
  close: { from: ['monitoring'], to: ['closed'], roles: ['duty_to_warn_officer'], system: false },
  // DOMAIN.md §1: "escalated from any state on a deadline breach or dispute". While already
  // escalated, only a further deadline breach is accepted (it is logged, the state stays).
  escalate: { from: ALL_STATES, to: ['escalated'], roles: PARTICIPANTS, system: true },
  resolve_escalation: {
    from: ['escalated'],
    to: ALL_STATES.filter((state) => state !== 'escalated'),
    roles: ['duty_to_warn_officer'],
    system: false,
  },
  // DOMAIN.md §1: "waived -> screening at the mandatory re-review date or on new information".
  // Our addition: a not_triggered finding can be re-screened on new information too.
  reopen: { from: ['waived', 'not_triggered'], to: ['screening'], roles: DRAFTERS, system: true },
};

export const COMMAND_TYPES = Object.keys(TRANSITIONS) as readonly CommandType[];

export function isCommandType(value: unknown): value is CommandType {
  return typeof value === 'string' && Object.hasOwn(TRANSITIONS, value);
}
