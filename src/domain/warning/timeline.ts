// The time-to-warn figures of one case for the oversight report: when the report came in,
// when the duty was triggered, decided, approved, delivered and acknowledged (first
// occurrences), and the intervals between them.
import type { WarningCase } from './case.ts';
import type { Outcome } from './commands.ts';
import type { Decision } from './events.ts';
import type { WarningState } from './states.ts';
import { parseInstant } from './time.ts';

export interface WarningTimeline {
  readonly caseId: string;
  readonly state: WarningState;
  readonly reportedAt: string;
  readonly screenedAt: string | null;
  readonly triggeredAt: string | null;
  readonly decidedAt: string | null;
  readonly decision: Decision | null;
  readonly approvedAt: string | null;
  readonly deliveredAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly closedAt: string | null;
  readonly outcome: Outcome | null;
  /** Milliseconds; null while either end is missing. */
  readonly reportToTriggerMs: number | null;
  readonly triggerToDecisionMs: number | null;
  readonly triggerToDeliveryMs: number | null;
  readonly reportToDeliveryMs: number | null;
  readonly deliveryToAcknowledgementMs: number | null;
}

function between(start: string | null, end: string | null): number | null {
  const from = parseInstant(start);
  const to = parseInstant(end);
  return from === null || to === null ? null : to - from;
}

export function timeline(c: WarningCase): WarningTimeline {
  const m = c.milestones;
  return {
    caseId: c.id,
    state: c.state,
    reportedAt: m.reportedAt,
    screenedAt: m.screenedAt,
    triggeredAt: m.triggeredAt,
    decidedAt: m.decidedAt,
    decision: m.decision,
    approvedAt: m.approvedAt,
    deliveredAt: m.deliveredAt,
    acknowledgedAt: m.acknowledgedAt,
    closedAt: m.closedAt,
    outcome: c.closure?.outcome ?? null,
    reportToTriggerMs: between(m.reportedAt, m.triggeredAt),
    triggerToDecisionMs: between(m.triggeredAt, m.decidedAt),
    triggerToDeliveryMs: between(m.triggeredAt, m.deliveredAt),
    reportToDeliveryMs: between(m.reportedAt, m.deliveredAt),
    deliveryToAcknowledgementMs: between(m.deliveredAt, m.acknowledgedAt),
  };
}
