// What an ingest reports back: to the CLI's JSON summary, the REST API and TAXII status.

export interface IngestIssue {
  /** The object's id when it has a readable one. */
  readonly objectId?: string;
  /** Position of the object in the input, when the input was a list. */
  readonly index?: number;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface IngestOutcome {
  /** Whether anything was written. False when the input was rejected as a whole. */
  readonly committed: boolean;
  readonly received: number;
  readonly stored: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Errors: the reasons objects (or the whole input) were rejected. */
  readonly errors: readonly IngestIssue[];
  readonly warnings: readonly IngestIssue[];
  /** Per-object results, in input order, for callers that report per object (TAXII status). */
  readonly results: readonly ObjectResult[];
}

export interface ObjectResult {
  readonly id: string;
  readonly version: string;
  readonly status: 'stored' | 'unchanged' | 'rejected';
}

export function rejectedWhole(received: number, errors: readonly IngestIssue[], warnings: readonly IngestIssue[] = []): IngestOutcome {
  return { committed: false, received, stored: 0, unchanged: 0, rejected: received, errors, warnings, results: [] };
}
