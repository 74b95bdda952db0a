// Port of the warnings facet (issue 7, DOMAIN.md §1): duty-to-warn cases with every version
// and event, the deadline keys the scheduler has acted on, and the frozen products that were
// approved for release. The domain (src/domain/warning) decides; the store only keeps.
//
// Invariants every adapter keeps:
// - case versions are numbered 1, 2, 3… per case with no gaps; `saveCase` with an
//   `expectedVersion` other than the current one fails with WarningVersionConflictError
//   (two writers never both advance the same case from the same version);
// - at most one case per threat (`threatId` is unique when not null);
// - events are append-only, numbered per case in order of recording;
// - a fired deadline key is recorded at most once, ever: `recordFiredDeadline` answers
//   false for a key already there (a unique constraint, so two schedulers racing on one
//   database cannot both fire it);
// - frozen products are immutable: no method updates or removes one, and adapters refuse
//   UPDATE and DELETE in the database itself.
import type { WarningCase, WarningEvent, WarningState } from '../../domain/warning/index.ts';
import type { Page } from '../ports.ts';

export interface StoredCase {
  readonly case: WarningCase;
  /** 1 for the opening, +1 per applied command. */
  readonly version: number;
  /** The threat (STIX grouping id) that raised the case, when one did. */
  readonly threatId: string | null;
}

export interface CaseVersionRecord {
  readonly caseId: string;
  readonly version: number;
  readonly state: WarningState;
  /** The case's `updatedAt` at that version. */
  readonly at: string;
  readonly case: WarningCase;
}

export interface StoredWarningEvent {
  readonly caseId: string;
  /** 1, 2, 3… per case in the order recorded. */
  readonly seq: number;
  /** The case version this event produced. */
  readonly version: number;
  readonly event: WarningEvent;
}

/** Channels that leave the partner a copy and go through the delivery outbox. */
export type ProductChannel = 'taxii' | 'webhook' | 'email';

/** The exact product approved for release: stored once, never changed (DOMAIN.md §1 release). */
export interface FrozenProductRecord {
  /** `product--<sha256>`: one id per exact byte sequence. */
  readonly productId: string;
  readonly caseId: string;
  /** SHA-256 hex of the UTF-8 bytes of `bundleJson`. */
  readonly sha256: string;
  readonly bundleJson: string;
  readonly banner: string;
  readonly warningText: string;
  readonly partnerName: string;
  /** The partner's electronic channels chosen at drafting: delivery is requested on each once approved. */
  readonly channels: readonly ProductChannel[];
  readonly mediaType: 'application/stix+json;version=2.1';
  readonly frozenAt: string;
  readonly frozenBy: string;
}

export interface FiredDeadlineRecord {
  readonly key: string;
  readonly caseId: string;
  readonly firedAt: string;
  /** What the scheduler did: 'escalated', 'breach-recorded', 'reopened'. */
  readonly action: string;
}

export interface CaseListQuery {
  /** At most 1000. */
  readonly limit: number;
  readonly cursor?: string;
  /** Only cases in one of these states. */
  readonly states?: readonly WarningState[];
}

export interface WarningsReads {
  getCase(caseId: string): Promise<StoredCase | null>;
  /** The case raised by this threat, or null. */
  caseOfThreat(threatId: string): Promise<StoredCase | null>;
  /**
   * Latest versions ordered by case id, keyset-paged. An unreadable cursor throws the
   * store's invalid-cursor error (`code === 'invalid_cursor'`).
   */
  listCases(query: CaseListQuery): Promise<Page<StoredCase>>;
  /** Every version of one case, oldest first. */
  caseVersions(caseId: string): Promise<readonly CaseVersionRecord[]>;
  /** Events of one case in the order recorded. */
  events(caseId: string): Promise<readonly StoredWarningEvent[]>;
  hasFiredDeadline(key: string): Promise<boolean>;
  /** Fired deadlines of one case, in the order fired. */
  firedDeadlines(caseId: string): Promise<readonly FiredDeadlineRecord[]>;
  getProduct(productId: string): Promise<FrozenProductRecord | null>;
  /** Frozen products of one case, in the order frozen. */
  productsOf(caseId: string): Promise<readonly FrozenProductRecord[]>;
}

export interface WarningsWrites extends WarningsReads {
  /**
   * Stores version 1 of a new case and its opening events. Returns false (writing nothing)
   * when the case id, or the threat id, already has a case.
   */
  createCase(opened: WarningCase, events: readonly WarningEvent[], threatId: string | null): Promise<boolean>;
  /**
   * Stores the next version of a case and the events that produced it. Throws
   * WarningVersionConflictError unless the stored version is `expectedVersion`. Returns
   * the new version.
   */
  saveCase(next: WarningCase, expectedVersion: number, events: readonly WarningEvent[]): Promise<number>;
  /** Records a deadline key as acted on; false when it was already recorded (nothing written). */
  recordFiredDeadline(record: FiredDeadlineRecord): Promise<boolean>;
  /**
   * Stores a frozen product. 'stored' when new, 'unchanged' when the same id holds the same
   * bytes for the same case; 'conflict' otherwise (nothing written).
   */
  putProduct(product: FrozenProductRecord): Promise<'stored' | 'unchanged' | 'conflict'>;
}

export class WarningVersionConflictError extends Error {
  readonly code = 'case-version-conflict';
  constructor(
    readonly caseId: string,
    readonly expected: number,
    readonly actual: number | null,
  ) {
    super(`warning case ${caseId} is at version ${actual ?? 'none'}, not ${expected}`);
    this.name = 'WarningVersionConflictError';
  }
}
