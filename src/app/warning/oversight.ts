// The oversight report (issue 7 "Time to warn"; `tearline report oversight`, GET
// /api/oversight): for each case the first report, the flag, the trigger, the decision, the
// approval, the delivery and the acknowledgement; over the period, counts, the median and
// 90th percentile of time-to-warn per stage, deadline breaches, waivers by reason,
// deliveries by channel and the acknowledgement latency. A case belongs to the period in
// which its first report arrived. Read-only.
import {
  DELIVERY_CHANNELS,
  OUTCOMES,
  WAIVER_REASONS,
  WARNING_STATES,
  timeline,
  type WarningCase,
  type WarningEvent,
} from '../../domain/warning/index.ts';
import type { StoreReader } from '../ports.ts';

export interface OversightQuery {
  /** Cases whose first report arrived at or after this time. */
  readonly from?: string;
  /** … and strictly before this one. */
  readonly to?: string;
}

export interface StageFigures {
  readonly count: number;
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
}

export interface CaseTimes {
  readonly caseId: string;
  readonly summary: string;
  readonly state: string;
  readonly reportedAt: string;
  /** When the intake opened the case for the flagged threat (the automatic trigger). */
  readonly flaggedAt: string | null;
  /** When the duty to warn was established (DOMAIN.md §1 trigger). */
  readonly triggeredAt: string | null;
  readonly decidedAt: string | null;
  readonly decision: string | null;
  readonly approvedAt: string | null;
  readonly deliveredAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly closedAt: string | null;
  readonly outcome: string | null;
  readonly breaches: number;
}

/** Stage name -> [from milestone, to milestone]. */
export const STAGES = {
  reportToFlag: ['reportedAt', 'flaggedAt'],
  reportToTrigger: ['reportedAt', 'triggeredAt'],
  triggerToDecision: ['triggeredAt', 'decidedAt'],
  decisionToApproval: ['decidedAt', 'approvedAt'],
  approvalToDelivery: ['approvedAt', 'deliveredAt'],
  triggerToDelivery: ['triggeredAt', 'deliveredAt'],
  reportToDelivery: ['reportedAt', 'deliveredAt'],
  deliveryToAcknowledgement: ['deliveredAt', 'acknowledgedAt'],
} as const satisfies Record<string, readonly [keyof CaseTimes, keyof CaseTimes]>;
export type Stage = keyof typeof STAGES;

export interface OversightReport {
  readonly from: string | null;
  readonly to: string | null;
  readonly cases: {
    readonly total: number;
    readonly byState: Readonly<Record<string, number>>;
    readonly byOutcome: Readonly<Record<string, number>>;
    readonly byDecision: Readonly<Record<string, number>>;
  };
  readonly timeToWarn: Readonly<Record<Stage, StageFigures>>;
  readonly deadlineBreaches: { readonly total: number; readonly byStage: Readonly<Record<string, number>>; readonly cases: number };
  readonly waivers: {
    readonly proposed: number;
    readonly approved: number;
    readonly rejected: number;
    readonly byReason: Readonly<Record<string, { readonly proposed: number; readonly approved: number; readonly rejected: number }>>;
  };
  readonly deliveries: {
    readonly total: number;
    readonly byChannel: Readonly<Record<string, { readonly delivered: number; readonly failedAttempts: number }>>;
    readonly byKind: Readonly<Record<string, number>>;
  };
  readonly acknowledgement: StageFigures & { readonly unacknowledged: number };
  readonly threats: readonly CaseTimes[];
}

const PAGE = 500;

/** Nearest-rank percentile of sorted values (p in 0..100); null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export function figures(values: readonly number[]): StageFigures {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, medianMs: percentile(sorted, 50), p90Ms: percentile(sorted, 90) };
}

function zeroes(keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, 0]));
}

function between(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? ms : null;
}

/** The stage of a deadline key `${caseId}:${stage}:${dueAt}` (case ids hold no ':'). */
function stageOfKey(key: string | null): string {
  return key?.split(':')[1] ?? 'unknown';
}

function timesOf(c: WarningCase, events: readonly WarningEvent[]): CaseTimes {
  const t = timeline(c);
  const breaches = events.filter((e) => (e.type === 'escalated' && e.cause === 'deadline_breach') || e.type === 'deadline_breach_recorded').length;
  return {
    caseId: c.id,
    summary: c.summary,
    state: c.state,
    reportedAt: t.reportedAt,
    flaggedAt: events.find((e) => e.type === 'case_opened')?.at ?? null,
    triggeredAt: t.triggeredAt,
    decidedAt: t.decidedAt,
    decision: t.decision,
    approvedAt: t.approvedAt,
    deliveredAt: t.deliveredAt,
    acknowledgedAt: t.acknowledgedAt,
    closedAt: t.closedAt,
    outcome: t.outcome,
    breaches,
  };
}

export async function oversightReport(reader: StoreReader, query: OversightQuery = {}): Promise<OversightReport> {
  const threats: CaseTimes[] = [];
  const byState = zeroes(WARNING_STATES);
  const byOutcome = zeroes(OUTCOMES);
  const byDecision = zeroes(['warn', 'waive']);
  const breachStages = zeroes(['screen', 'decide', 'deliver', 'acknowledge']);
  let breachTotal = 0;
  let breachCases = 0;
  const waiverReasons = Object.fromEntries(WAIVER_REASONS.map((r) => [r, { proposed: 0, approved: 0, rejected: 0 }]));
  const waivers = { proposed: 0, approved: 0, rejected: 0 };
  const channels = Object.fromEntries(DELIVERY_CHANNELS.map((ch) => [ch, { delivered: 0, failedAttempts: 0 }]));
  const kinds = zeroes(['release', 'disclosure']);
  let deliveryTotal = 0;
  let unacknowledged = 0;

  let cursor: string | undefined;
  do {
    const page = await reader.warnings.listCases({ limit: PAGE, ...(cursor === undefined ? {} : { cursor }) });
    for (const { case: c } of page.items) {
      const reported = c.milestones.reportedAt;
      if (query.from !== undefined && reported < query.from) continue;
      if (query.to !== undefined && reported >= query.to) continue;
      const events = (await reader.warnings.events(c.id)).map((e) => e.event);
      const times = timesOf(c, events);
      threats.push(times);
      byState[c.state] = (byState[c.state] ?? 0) + 1;
      if (times.outcome !== null) byOutcome[times.outcome] = (byOutcome[times.outcome] ?? 0) + 1;
      if (times.decision !== null) byDecision[times.decision] = (byDecision[times.decision] ?? 0) + 1;
      if (times.breaches > 0) breachCases += 1;
      for (const e of events) {
        if ((e.type === 'escalated' && e.cause === 'deadline_breach') || e.type === 'deadline_breach_recorded') {
          breachTotal += 1;
          const stage = stageOfKey(e.deadlineKey);
          breachStages[stage] = (breachStages[stage] ?? 0) + 1;
        }
      }
      for (const w of c.waivers) {
        waivers.proposed += 1;
        if (w.status === 'approved') waivers.approved += 1;
        if (w.status === 'rejected') waivers.rejected += 1;
        for (const r of w.reasons) {
          const row = waiverReasons[r.reason];
          if (row === undefined) continue;
          row.proposed += 1;
          if (w.status === 'approved') row.approved += 1;
          if (w.status === 'rejected') row.rejected += 1;
        }
      }
      for (const d of c.deliveries) {
        deliveryTotal += 1;
        const row = channels[d.channel];
        if (row !== undefined) row.delivered += 1;
        kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
      }
      for (const a of c.deliveryAttempts) {
        const row = channels[a.channel];
        if (row !== undefined) row.failedAttempts += 1;
      }
      if (times.deliveredAt !== null && times.acknowledgedAt === null) unacknowledged += 1;
    }
    cursor = page.next;
  } while (cursor !== undefined);

  const timeToWarn = Object.fromEntries(
    (Object.entries(STAGES) as [Stage, readonly [keyof CaseTimes, keyof CaseTimes]][]).map(([stage, [from, to]]) => {
      const values = threats
        .map((t) => between(t[from] as string | null, t[to] as string | null))
        .filter((v): v is number => v !== null);
      return [stage, figures(values)];
    }),
  ) as Record<Stage, StageFigures>;
  threats.sort((a, b) => a.reportedAt.localeCompare(b.reportedAt) || a.caseId.localeCompare(b.caseId));
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    cases: { total: threats.length, byState, byOutcome, byDecision },
    timeToWarn,
    deadlineBreaches: { total: breachTotal, byStage: breachStages, cases: breachCases },
    waivers: { ...waivers, byReason: waiverReasons },
    deliveries: { total: deliveryTotal, byChannel: channels, byKind: kinds },
    acknowledgement: { ...timeToWarn.deliveryToAcknowledgement, unacknowledged },
    threats,
  };
}
