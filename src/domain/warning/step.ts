// What every transition handler receives and returns. Handlers are pure: they build the
// next case value and the events that describe the change, or refuse.
import type { WarningCase } from './case.ts';
import type { WarningEvent, WarningEventBody } from './events.ts';
import type { Refusal } from './result.ts';
import type { Actor } from './roles.ts';
import type { WarningState } from './states.ts';

export interface Step {
  readonly c: WarningCase;
  readonly actor: Actor;
  readonly actorId: string;
  /** `now`, canonicalised. */
  readonly now: string;
  readonly nowMs: number;
}

export type ApplyResult =
  | { readonly ok: true; readonly case: WarningCase; readonly events: readonly WarningEvent[] }
  | Refusal;

export function event(step: Step, to: WarningState, body: WarningEventBody): WarningEvent {
  return { ...body, caseId: step.c.id, at: step.now, actorId: step.actorId, from: step.c.state, to };
}

export function done(next: WarningCase, events: readonly WarningEvent[]): ApplyResult {
  return { ok: true, case: next, events };
}

/** Milestones record first occurrences: an existing value is never overwritten. */
export function firstTime<T>(existing: T | null, value: T): T {
  return existing ?? value;
}
