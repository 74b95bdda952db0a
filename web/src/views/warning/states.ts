// The duty-to-warn workflow in words (DOMAIN.md §1 "Workflow states"), and which of its
// commands the workbench offers in which state to which role. This mirrors the transition
// table of src/domain/warning/states.ts for display only: the server applies the real one and
// refuses anything else, with a reason the UI shows.
import type { RoleName, WarningStateName } from '../../../../src/http/wire.ts';

const STATE_LABEL: Readonly<Record<WarningStateName, string>> = {
  reported: 'Reported',
  screening: 'Screening',
  not_triggered: 'Not triggered',
  duty_established: 'Duty established',
  waiver_review: 'Waiver review',
  waived: 'Waived',
  warning_prep: 'Warning in preparation',
  release_review: 'Release review',
  delivery: 'Delivery',
  delivered: 'Delivered',
  acknowledged: 'Acknowledged',
  monitoring: 'Monitoring',
  closed: 'Closed',
  escalated: 'Escalated',
};

export function stateLabel(state: string): string {
  return STATE_LABEL[state as WarningStateName] ?? state;
}

/** The main path of a case, in order, for the progress line. */
export const MAIN_PATH: readonly WarningStateName[] = ['reported', 'screening', 'duty_established', 'warning_prep', 'release_review', 'delivery', 'delivered', 'acknowledged', 'monitoring', 'closed'];

const DRAFTERS: readonly RoleName[] = ['analyst', 'duty_to_warn_officer'];
const RELEASE_APPROVERS: readonly RoleName[] = ['duty_to_warn_officer', 'foreign_disclosure_officer', 'originator'];
const PARTICIPANTS: readonly RoleName[] = ['analyst', 'duty_to_warn_officer', 'legal_counsel', 'foreign_disclosure_officer', 'originator', 'delivery_officer'];

/** DOMAIN.md §1 transition table: the commands with forms in the workbench. */
export const OFFERED_COMMANDS = {
  screen: { from: ['reported', 'screening'], roles: DRAFTERS, label: 'Record screening' },
  establish_duty: { from: ['screening'], roles: DRAFTERS, label: 'Establish the duty to warn' },
  find_not_triggered: { from: ['screening'], roles: DRAFTERS, label: 'Find the duty not triggered' },
  draft_warning: { from: ['duty_established', 'warning_prep', 'release_review'], roles: DRAFTERS, label: 'Draft the warning' },
  submit_for_release: { from: ['warning_prep'], roles: DRAFTERS, label: 'Submit for release' },
  approve_release: { from: ['release_review'], roles: RELEASE_APPROVERS, label: 'Approve release' },
  reject_release: { from: ['release_review'], roles: RELEASE_APPROVERS, label: 'Reject release' },
  escalate: { from: MAIN_PATH.filter((s) => s !== 'closed').concat(['waiver_review', 'waived', 'not_triggered']), roles: PARTICIPANTS, label: 'Escalate (dispute)' },
} as const satisfies Record<string, { readonly from: readonly WarningStateName[]; readonly roles: readonly RoleName[]; readonly label: string }>;

export type OfferedCommand = keyof typeof OFFERED_COMMANDS;

export function offered(command: OfferedCommand, state: WarningStateName, roles: readonly RoleName[]): boolean {
  const rule = OFFERED_COMMANDS[command];
  return (rule.from as readonly WarningStateName[]).includes(state) && rule.roles.some((role) => roles.includes(role));
}

/** The roles a user may approve a release in (DOMAIN.md §1: officer, foreign disclosure, originator if ORCON). */
export function approverRolesOf(roles: readonly RoleName[]): readonly RoleName[] {
  return RELEASE_APPROVERS.filter((role) => roles.includes(role));
}
