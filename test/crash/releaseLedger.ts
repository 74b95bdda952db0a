// Warning cases the release driver takes from `reported` to an approved release, and every
// workflow command it sent for them over HTTP with what came back. A command is recorded
// before it is sent, so one the server committed but never answered is still known.
import type { ProductChannel } from '../../src/app/ports/warnings.ts';
import type { Person } from './world.ts';

export interface ReleaseStep {
  /** The workflow command (`screen`, `draft_warning` for POST …/draft, `approve_release`…). */
  readonly command: string;
  readonly by: Person;
  /** approve_release: the role signed as. */
  readonly role?: string;
  /** approve_release: the product hash approved. */
  readonly productSha256?: string;
  /** A 200 came back. */
  acknowledged: boolean;
  /** The kill took the answer. */
  unanswered: boolean;
  /** Any other answer: status and body, a violation in itself. */
  refusal?: string;
}

export interface ReleaseRecord {
  readonly caseId: string;
  /** Channels the draft asks for (the outbox gets one row per channel on approval). */
  readonly channels: readonly ProductChannel[];
  /** Which officer approves first. */
  readonly firstApprover: 'olga' | 'finn';
  readonly steps: ReleaseStep[];
  /** The state the case had when last read over HTTP. */
  observedState: string;
  /** The product hash, from the draft's answer or from reading the case. */
  productSha256: string | null;
  /** The final approval was acknowledged: the case must be in `delivery` or later with its outbox rows. */
  released: boolean;
  /** A worker is on it. */
  busy: boolean;
}

/** The workflow's states in the order a warning passes them (DOMAIN.md §1). */
export const STATE_ORDER = ['reported', 'screening', 'duty_established', 'warning_prep', 'release_review', 'delivery', 'delivered', 'acknowledged', 'monitoring', 'closed'] as const;

export function stateRank(state: string): number {
  return STATE_ORDER.findIndex((s) => s === state);
}

/** The least state a case is in once this acknowledged command committed. */
export function stateAfter(step: ReleaseStep): string {
  switch (step.command) {
    case 'screen':
      return 'screening';
    case 'establish_duty':
      return 'duty_established';
    case 'draft_warning':
      return 'warning_prep';
    case 'submit_for_release':
    case 'approve_release':
      return 'release_review';
    default:
      return 'reported';
  }
}

export class ReleaseLedger {
  readonly cases: ReleaseRecord[] = [];
  /** Cases opened so far (the next case number). */
  opened = 0;

  add(caseId: string, channels: readonly ProductChannel[], firstApprover: 'olga' | 'finn'): ReleaseRecord {
    const record: ReleaseRecord = { caseId, channels, firstApprover, steps: [], observedState: 'reported', productSha256: null, released: false, busy: false };
    this.cases.push(record);
    return record;
  }

  /** Cases not yet released (as far as the driver knows). */
  open(): ReleaseRecord[] {
    return this.cases.filter((c) => stateRank(c.observedState) < stateRank('delivery') && !c.released);
  }

  releasedCount(): number {
    return this.cases.filter((c) => c.released).length;
  }
}
