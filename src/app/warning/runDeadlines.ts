// The scheduler's tick (issue 7 "a background scheduler escalates breaches and re-opens
// waived threats at their re-review date"): a use case over the store, with no state of its
// own, so a restart loses nothing and any number of ticks (or of processes) can run it.
//
// Exactly once per deadline: each firing runs in one write that first records the deadline
// key in the facet (a unique key: a second scheduler, or the same one after a restart, gets
// `false` and does nothing), then applies the domain's command as the system actor. The key
// and the case change commit together or not at all.
import { dueDeadlines, type DueDeadline, type WarningSettings, type WarningState } from '../../domain/warning/index.ts';
import type { Store, StoreWriter } from '../ports.ts';
import { WarningVersionConflictError } from '../ports/warnings.ts';
import { auditActorOf, SCHEDULER_ACTOR } from './actors.ts';
import { applyWarningCommand } from './applyCommand.ts';
import { openCasesForTriggeredThreats, type OpenedCase } from './openCases.ts';

export interface RunDeadlinesOptions {
  /** Settings for cases the intake opens on this tick. */
  readonly settings?: WarningSettings;
  /** Open cases for flagged threats first (default true). */
  readonly openCases?: boolean;
}

export interface FiredDeadline {
  readonly caseId: string;
  readonly key: string;
  readonly stage: DueDeadline['stage'];
  /** escalated | breach-recorded | reopened | refused:<code> */
  readonly action: string;
}

export interface RunDeadlinesResult {
  readonly opened: readonly OpenedCase[];
  readonly fired: readonly FiredDeadline[];
  /** Deadlines another scheduler fired first (seen due, found recorded). */
  readonly alreadyFired: number;
}

/** States whose deadlines can still come due (closed cases have none; `delivered` waits for its acknowledgement). */
const LIVE_STATES: readonly WarningState[] = [
  'reported', 'screening', 'duty_established', 'waiver_review', 'waived', 'warning_prep', 'release_review', 'delivery', 'delivered', 'escalated',
];
const PAGE = 200;

function actionOf(due: DueDeadline, wasEscalated: boolean): string {
  if (due.stage === 're_review') return 'reopened';
  // DOMAIN.md §1 "A breach escalates and is logged": an escalated case logs further breaches.
  return wasEscalated ? 'breach-recorded' : 'escalated';
}

/** Fires one deadline inside a write, if it is still due and not yet recorded. */
async function fire(tx: StoreWriter, caseId: string, key: string, now: string): Promise<FiredDeadline | 'already' | null> {
  const stored = await tx.warnings.getCase(caseId);
  if (stored === null) return null;
  const due = dueDeadlines(stored.case, now);
  if (!due.ok) return null;
  const deadline = due.due.find((candidate) => candidate.key === key);
  // Met, or acted on, since the scan: nothing to do.
  if (deadline === undefined) return null;
  if (await tx.warnings.hasFiredDeadline(key)) return 'already';
  const wasEscalated = stored.case.state === 'escalated';
  const applied = await applyWarningCommand(tx, caseId, deadline.command, SCHEDULER_ACTOR, now);
  // Our clock is behind the case's last change (another process's clock): try on a later tick.
  if (!applied.ok && applied.code === 'clock-regression') return null;
  // A refusal is recorded too, so that a deadline the domain will not act on is not retried
  // forever; the refusal code is kept for oversight.
  const action = applied.ok ? actionOf(deadline, wasEscalated) : `refused:${applied.code}`;
  if (!applied.ok) {
    // An accepted firing is audited with the case change (applyCommand.ts); a refused one here.
    await tx.audit.append({ at: now, actor: auditActorOf(SCHEDULER_ACTOR), action: 'warning.deadline-refused', subject: caseId, reason: applied.message, threat: stored.threatId ?? caseId, details: { key, code: applied.code } });
  }
  const recorded = await tx.warnings.recordFiredDeadline({ key, caseId, firedAt: now, action });
  // The unique key is the last word: if another scheduler recorded it after our check, our
  // change rolls back and theirs stands.
  if (!recorded) throw new AlreadyFired();
  return { caseId, key, stage: deadline.stage, action };
}

class AlreadyFired extends Error {}

export async function runDeadlines(store: Store, now: string, options: RunDeadlinesOptions = {}): Promise<RunDeadlinesResult> {
  const opened = options.openCases === false ? [] : await openCasesForTriggeredThreats(store, now, options.settings === undefined ? {} : { settings: options.settings });
  const candidates: { caseId: string; key: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.warnings.listCases({ limit: PAGE, states: LIVE_STATES, ...(cursor === undefined ? {} : { cursor }) });
    for (const stored of page.items) {
      const due = dueDeadlines(stored.case, now);
      if (!due.ok) continue;
      for (const deadline of due.due) candidates.push({ caseId: stored.case.id, key: deadline.key });
    }
    cursor = page.next;
  } while (cursor !== undefined);

  const fired: FiredDeadline[] = [];
  let alreadyFired = 0;
  for (const { caseId, key } of candidates) {
    if (await store.warnings.hasFiredDeadline(key)) {
      alreadyFired += 1;
      continue;
    }
    try {
      const result = await store.write((tx) => fire(tx, caseId, key, now));
      if (result === 'already') alreadyFired += 1;
      else if (result !== null) fired.push(result);
    } catch (error) {
      // Another scheduler won the race for this deadline or this case: theirs stands.
      if (error instanceof AlreadyFired || error instanceof WarningVersionConflictError) {
        alreadyFired += 1;
        continue;
      }
      throw error;
    }
  }
  return { opened, fired, alreadyFired };
}
