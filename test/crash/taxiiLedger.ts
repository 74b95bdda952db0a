// What the TAXII driver sent (TAXII 2.1 §5.5 Add Objects) and what came back: the write its
// valid objects form (in the STIX ledger), the object spoiled on purpose that the status must
// list as a failure, and the status resource the 202 carried, to be polled and found again.
import type { WriteRecord } from './ledger.ts';

export interface StatusSeen {
  readonly id: string;
  readonly totalCount: number;
  readonly successCount: number;
  readonly failureCount: number;
}

export interface TaxiiPost {
  /** e.g. `taxii#4`. */
  readonly key: string;
  /** envelope: a TAXII envelope (valid objects, maybe one spoiled); rejected: a body refused whole (422), nothing stored. */
  readonly kind: 'envelope' | 'rejected';
  /** The valid objects (an atomic write), or for `rejected` the objects of the refused body. */
  readonly write: WriteRecord;
  /** The spoiled object the status must list under failures (a refused write), if any. */
  readonly spoiled: WriteRecord | null;
  attempts: number;
  /** A 202 was received for at least one attempt. */
  acknowledged: boolean;
  unanswered: number;
  /** Statuses the 202s carried (one per answered attempt whose body arrived). */
  readonly statuses: StatusSeen[];
}

export class TaxiiLedger {
  readonly posts: TaxiiPost[] = [];
  #counter = 0;

  record(kind: TaxiiPost['kind'], write: WriteRecord, spoiled: WriteRecord | null): TaxiiPost {
    const post: TaxiiPost = { key: `taxii#${++this.#counter}`, kind, write, spoiled, attempts: 0, acknowledged: false, unanswered: 0, statuses: [] };
    this.posts.push(post);
    return post;
  }

  acknowledged(): TaxiiPost[] {
    return this.posts.filter((p) => p.acknowledged);
  }

  statuses(): StatusSeen[] {
    return this.posts.flatMap((p) => p.statuses);
  }
}
