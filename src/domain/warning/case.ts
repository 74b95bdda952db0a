// The warning case: one immutable value holding everything the workflow of DOMAIN.md §1
// needs to decide the next step. History that oversight must see (every waiver, approval,
// delivery attempt and escalation) is kept on the case; the per-pass facts of screening,
// duty and decision live in the current cycle, which a re-opening replaces.
import type { Outcome } from './commands.ts';
import type { AcknowledgementRecord, DeliveryAttempt, DeliveryRecord } from './delivery.ts';
import type { Decision, EscalationCause, WarningEvent } from './events.ts';
import { isFields, readEnum, readInstant, readText } from './read.ts';
import type { ReleaseApproval, WarningProduct } from './release.ts';
import { accept, refuse, type Checked, type Refusal } from './result.ts';
import { actorId, isActor, isReadOnly, type Actor } from './roles.ts';
import type { ScreeningRecord } from './screening.ts';
import { DEFAULT_WARNING_SETTINGS, IMMINENCE_CLASSES, type ImminenceClass, type WarningSettings } from './settings.ts';
import type { WarningState } from './states.ts';
import { formatInstant, parseInstant } from './time.ts';
import type { Waiver } from './waiver.ts';

export interface DutyRecord {
  /** The trigger: decide and deliver deadlines run from here. */
  readonly establishedAt: string;
  readonly establishedBy: string;
  readonly basis: string;
}

export interface NotTriggeredRecord {
  readonly foundAt: string;
  readonly foundBy: string;
  readonly reason: string;
}

/** One pass from screening to a decision. A re-opened case starts a new cycle. */
export interface WarningCycle {
  readonly number: number;
  /** Report arrival for cycle 1, the re-opening afterwards: the screen deadline runs from here. */
  readonly startedAt: string;
  readonly screening: ScreeningRecord | null;
  readonly duty: DutyRecord | null;
  readonly notTriggered: NotTriggeredRecord | null;
  /** The latest decision of this cycle; the decide deadline is met by any. */
  readonly decision: { readonly kind: Decision; readonly at: string } | null;
  readonly warning: WarningProduct | null;
  /** Everyone who drafted any version of this cycle's warning: none of them may approve it. */
  readonly drafters: readonly string[];
  readonly releaseApprovals: readonly ReleaseApproval[];
  readonly submittedAt: string | null;
  readonly releaseApprovedAt: string | null;
}

export interface EscalationRecord {
  readonly from: WarningState;
  readonly cause: EscalationCause;
  readonly reason: string;
  readonly deadlineKey: string | null;
  readonly at: string;
  readonly by: string;
  readonly resolution: {
    readonly at: string;
    readonly by: string;
    readonly reason: string;
    readonly resumedTo: WarningState;
  } | null;
}

/** First occurrences, never overwritten: the oversight report's time-to-warn figures. */
export interface Milestones {
  readonly reportedAt: string;
  readonly screenedAt: string | null;
  readonly triggeredAt: string | null;
  readonly decidedAt: string | null;
  readonly decision: Decision | null;
  readonly approvedAt: string | null;
  readonly deliveredAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly closedAt: string | null;
}

export interface Closure {
  readonly outcome: Outcome;
  readonly note: string | null;
  readonly at: string;
  readonly by: string;
}

export interface WarningCase {
  readonly id: string;
  readonly summary: string;
  /** STIX ids of the reports that raised the case. */
  readonly reportRefs: readonly string[];
  readonly state: WarningState;
  /** An ORCON source: the originator must consent to release. Once set, never cleared. */
  readonly orcon: boolean;
  readonly settings: WarningSettings;
  /** Best known imminence before (re-)screening: sets the screen deadline. */
  readonly imminenceHint: ImminenceClass;
  readonly cycle: WarningCycle;
  readonly waivers: readonly Waiver[];
  readonly deliveryAttempts: readonly DeliveryAttempt[];
  readonly deliveries: readonly DeliveryRecord[];
  readonly acknowledgement: AcknowledgementRecord | null;
  readonly monitoringStartedAt: string | null;
  readonly closure: Closure | null;
  readonly escalations: readonly EscalationRecord[];
  /** Deadline keys already acted on: `dueDeadlines` never returns them again. */
  readonly firedDeadlines: readonly string[];
  readonly milestones: Milestones;
  /** Time of the last applied command; a later command may not be earlier. */
  readonly updatedAt: string;
}

export interface OpenCaseInput {
  /** Chosen by the caller; no whitespace and no ':' (deadline keys use ':' as separator). */
  readonly id: string;
  readonly summary: string;
  /** When the report arrived; defaults to `now`, may not be later. */
  readonly reportedAt?: string;
  readonly reportRefs?: readonly string[];
  readonly orcon?: boolean;
  /**
   * Imminence guessed at intake. Without one, an unscreened case is treated as I1: until
   * someone has looked, the most urgent deadline is the safe one.
   */
  readonly provisionalImminence?: ImminenceClass;
  readonly settings?: WarningSettings;
}

export type OpenCaseResult =
  | { readonly ok: true; readonly case: WarningCase; readonly events: readonly WarningEvent[] }
  | Refusal;

const CASE_ID = /^[^\s:]+$/;

export function newCycle(number: number, startedAt: string): WarningCycle {
  return {
    number,
    startedAt,
    screening: null,
    duty: null,
    notTriggered: null,
    decision: null,
    warning: null,
    drafters: [],
    releaseApprovals: [],
    submittedAt: null,
    releaseApprovedAt: null,
  };
}

/** The open escalation, when the case is escalated. */
export function currentEscalation(c: WarningCase): EscalationRecord | null {
  const last = c.escalations.at(-1);
  return c.state === 'escalated' && last !== undefined && last.resolution === null ? last : null;
}

/** The state whose obligations still run: the escalated-from state while escalated. */
export function effectiveState(c: WarningCase): WarningState {
  return currentEscalation(c)?.from ?? c.state;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function readReportRefs(value: unknown): Checked<readonly string[]> {
  if (value === undefined || value === null) return accept([]);
  if (!Array.isArray(value) || !value.every((ref) => typeof ref === 'string' && ref.length > 0)) {
    return refuse('invalid-field', 'reportRefs must be a list of STIX ids');
  }
  return accept([...(value as string[])]);
}

/** A new case in `reported`, opened by an analyst, a duty-to-warn officer or the system. */
export function openCase(input: OpenCaseInput, actor: Actor, now: string): OpenCaseResult {
  const nowMs = parseInstant(now);
  if (nowMs === null) return refuse('invalid-timestamp', 'now must be an RFC 3339 timestamp');
  if (!isActor(actor)) return refuse('invalid-actor', 'the actor must be a user with a list of roles, or the system');
  if (actor.kind === 'user' && !actor.roles.some((role) => role === 'analyst' || role === 'duty_to_warn_officer')) {
    return isReadOnly(actor)
      ? refuse('read-only-role', 'oversight is read-only and cannot open a case')
      : refuse('role-not-permitted', 'opening a case needs the analyst or duty_to_warn_officer role');
  }
  if (!isFields(input)) return refuse('missing-field', 'the case input is required');
  if (typeof input.id !== 'string' || !CASE_ID.test(input.id)) {
    return refuse('invalid-field', 'id must be a non-empty string without whitespace or ":"');
  }
  const summary = readText(input.summary, 'summary');
  if (!summary.ok) return summary;
  let reportedMs = nowMs;
  if (input.reportedAt !== undefined) {
    const reported = readInstant(input.reportedAt, 'reportedAt');
    if (!reported.ok) return reported;
    if (reported.value > nowMs) return refuse('time-out-of-range', 'reportedAt cannot be in the future');
    reportedMs = reported.value;
  }
  const refs = readReportRefs(input.reportRefs);
  if (!refs.ok) return refs;
  let hint: ImminenceClass = 'I1';
  if (input.provisionalImminence !== undefined) {
    const checked = readEnum(input.provisionalImminence, IMMINENCE_CLASSES, 'provisionalImminence');
    if (!checked.ok) return checked;
    hint = checked.value;
  }
  if (input.orcon !== undefined && typeof input.orcon !== 'boolean') return refuse('invalid-field', 'orcon must be true or false');
  const reportedAt = formatInstant(reportedMs);
  const at = formatInstant(nowMs);
  const opened: WarningCase = {
    id: input.id,
    summary: summary.value,
    reportRefs: refs.value,
    state: 'reported',
    orcon: input.orcon === true,
    settings: input.settings ?? DEFAULT_WARNING_SETTINGS,
    imminenceHint: hint,
    cycle: newCycle(1, reportedAt),
    waivers: [],
    deliveryAttempts: [],
    deliveries: [],
    acknowledgement: null,
    monitoringStartedAt: null,
    closure: null,
    escalations: [],
    firedDeadlines: [],
    milestones: {
      reportedAt,
      screenedAt: null,
      triggeredAt: null,
      decidedAt: null,
      decision: null,
      approvedAt: null,
      deliveredAt: null,
      acknowledgedAt: null,
      closedAt: null,
    },
    updatedAt: at,
  };
  const event: WarningEvent = {
    type: 'case_opened',
    caseId: opened.id,
    at,
    actorId: actorId(actor),
    from: null,
    to: 'reported',
    reportedAt,
    summary: opened.summary,
    orcon: opened.orcon,
  };
  return { ok: true, case: deepFreeze(opened), events: deepFreeze([event]) };
}
