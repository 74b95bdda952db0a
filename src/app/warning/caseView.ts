// What people read about warning cases (GET /api/warnings, /api/warnings/:caseId, `tearline
// warning list|show`): the case, every version, every event, the deadlines with their
// status, the approvals with who and in which role, the frozen products and the deliveries.
//
// DOMAIN.md §1 "oversight (read-only, sees everything incl. waivers)": a waiver's reasons and
// justifications are shown only to readers allowed to read waivers; others see that a waiver
// exists and its status, with the reasons withheld.
import {
  runningDeadlines,
  timeline,
  type WarningCase,
  type WarningEvent,
  type WarningState,
  type WarningTimeline,
} from '../../domain/warning/index.ts';
import type { Page, StoreReader } from '../ports.ts';
import type { DeliveryRow } from '../ports/deliveries.ts';
import type { FiredDeadlineRecord, FrozenProductRecord, StoredCase } from '../ports/warnings.ts';

export interface ViewOptions {
  /** Whether the reader may read waiver reasons and justifications (permission waivers.read). */
  readonly showWaivers: boolean;
  /** Now, for deadline status. */
  readonly now: string;
}

export interface CaseListItem {
  readonly caseId: string;
  readonly threatId: string | null;
  readonly version: number;
  readonly state: WarningState;
  readonly summary: string;
  readonly reportedAt: string;
  readonly updatedAt: string;
  readonly orcon: boolean;
  readonly imminence: string;
  /** The soonest deadline still running and not fired, if any. */
  readonly nextDeadline: { readonly stage: string; readonly dueAt: string; readonly overdue: boolean } | null;
}

export interface DeadlineView {
  readonly key: string;
  readonly stage: string;
  readonly dueAt: string;
  readonly measuredFrom: string;
  readonly imminence: string | null;
  /** running: not yet due; due: passed, not yet acted on; fired: the scheduler acted on it. */
  readonly status: 'running' | 'due' | 'fired';
}

export interface ApprovalView {
  readonly kind: 'release' | 'waiver';
  readonly by: string;
  readonly role: string;
  readonly at: string;
  readonly cycle: number;
  /** The product hash approved (releases only). */
  readonly productHash: string | null;
}

export interface CaseVersionView {
  readonly version: number;
  readonly state: WarningState;
  readonly at: string;
  readonly by: string | null;
  readonly events: readonly string[];
}

export interface CaseDetail {
  readonly case: WarningCase;
  readonly version: number;
  readonly threatId: string | null;
  readonly timeline: WarningTimeline & { readonly flaggedAt: string | null };
  readonly deadlines: readonly DeadlineView[];
  readonly firedDeadlines: readonly FiredDeadlineRecord[];
  readonly approvals: readonly ApprovalView[];
  readonly history: readonly CaseVersionView[];
  readonly events: readonly WarningEvent[];
  readonly products: readonly FrozenProductRecord[];
  /** The delivery outbox rows of this case, without the bundle bytes (those are in `products`). */
  readonly deliveries: readonly Omit<DeliveryRow, 'bundleJson'>[];
  readonly waiversVisible: boolean;
}

const WITHHELD = 'withheld: reading waivers needs the waivers.read permission';

/** The case with waiver reasons removed for readers who may not read them. */
export function caseForReader(c: WarningCase, showWaivers: boolean): WarningCase {
  if (showWaivers) return c;
  return { ...c, waivers: c.waivers.map((w) => ({ ...w, reasons: w.reasons.map((r) => ({ reason: r.reason, justification: WITHHELD })) })) };
}

function eventForReader(event: WarningEvent, showWaivers: boolean): WarningEvent {
  if (showWaivers || event.type !== 'waiver_proposed') return event;
  return { ...event, reasons: event.reasons.map((r) => ({ reason: r.reason, justification: WITHHELD })) };
}

function toListItem(stored: StoredCase, now: string): CaseListItem {
  const c = stored.case;
  const pending = runningDeadlines(c)
    .filter((d) => !c.firedDeadlines.includes(d.key))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const next = pending[0];
  return {
    caseId: c.id,
    threatId: stored.threatId,
    version: stored.version,
    state: c.state,
    summary: c.summary,
    reportedAt: c.milestones.reportedAt,
    updatedAt: c.updatedAt,
    orcon: c.orcon,
    imminence: c.cycle.screening?.imminence ?? c.imminenceHint,
    nextDeadline: next === undefined ? null : { stage: next.stage, dueAt: next.dueAt, overdue: next.dueAt <= now },
  };
}

export async function listWarningCases(
  reader: StoreReader,
  query: { readonly limit: number; readonly cursor?: string; readonly states?: readonly WarningState[] },
  now: string,
): Promise<Page<CaseListItem>> {
  const page = await reader.warnings.listCases(query);
  return { items: page.items.map((stored) => toListItem(stored, now)), ...(page.next === undefined ? {} : { next: page.next }) };
}

function approvalsOf(events: readonly WarningEvent[], cycleAt: (at: string) => number): ApprovalView[] {
  const out: ApprovalView[] = [];
  for (const event of events) {
    if (event.type === 'release_approval_recorded') {
      out.push({ kind: 'release', by: event.actorId, role: event.role, at: event.at, cycle: cycleAt(event.at), productHash: event.productHash });
    } else if (event.type === 'waiver_approval_recorded') {
      out.push({ kind: 'waiver', by: event.actorId, role: event.role, at: event.at, cycle: cycleAt(event.at), productHash: null });
    }
  }
  return out;
}

export async function showWarningCase(reader: StoreReader, caseId: string, options: ViewOptions): Promise<CaseDetail | null> {
  const stored = await reader.warnings.getCase(caseId);
  if (stored === null) return null;
  const c = stored.case;
  const [versions, storedEvents, fired, products, outbox] = await Promise.all([
    reader.warnings.caseVersions(caseId),
    reader.warnings.events(caseId),
    reader.warnings.firedDeadlines(caseId),
    reader.warnings.productsOf(caseId),
    reader.deliveries.list({ limit: 1000, caseId }),
  ]);
  const events = storedEvents.map((e) => eventForReader(e.event, options.showWaivers));
  const reopenings = events.filter((e) => e.type === 'reopened').map((e) => e.at);
  const cycleAt = (at: string): number => 1 + reopenings.filter((r) => r <= at).length;
  const firedKeys = new Set([...c.firedDeadlines, ...fired.map((f) => f.key)]);
  const deadlines = runningDeadlines(c).map((d): DeadlineView => ({
    key: d.key,
    stage: d.stage,
    dueAt: d.dueAt,
    measuredFrom: d.measuredFrom,
    imminence: d.imminence,
    status: firedKeys.has(d.key) ? 'fired' : d.dueAt <= options.now ? 'due' : 'running',
  }));
  const history = versions.map((v): CaseVersionView => {
    const of = storedEvents.filter((e) => e.version === v.version);
    return { version: v.version, state: v.state, at: v.at, by: of[0]?.event.actorId ?? null, events: of.map((e) => e.event.type) };
  });
  const opened = events.find((e) => e.type === 'case_opened');
  return {
    case: caseForReader(c, options.showWaivers),
    version: stored.version,
    threatId: stored.threatId,
    timeline: { ...timeline(c), flaggedAt: opened?.at ?? null },
    deadlines,
    firedDeadlines: fired,
    approvals: approvalsOf(events, cycleAt),
    history,
    events,
    products,
    deliveries: outbox.items.map(({ bundleJson: _bytes, ...row }) => row),
    waiversVisible: options.showWaivers,
  };
}
