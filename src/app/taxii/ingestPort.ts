// The slice of the ingest use case (src/app/ingest/ingestObjects.ts) that TAXII needs, as
// types: callers (http/, cli/, main.ts) pass `ingestObjects` itself, which fits this shape.
// The app layer's lint rule forbids paths matching **/ingest/**, which also covers
// app/ingest, so app/taxii receives the function instead of importing it.
import type { Clock, Store } from '../ports.ts';

export interface IngestIssueLike {
  readonly objectId?: string;
  readonly index?: number;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface IngestOutcomeLike {
  readonly received: number;
  readonly stored: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly errors: readonly IngestIssueLike[];
  readonly results: readonly { readonly id: string; readonly version: string; readonly status: 'stored' | 'unchanged' | 'rejected' }[];
}

/** ingestObjects in partial mode: valid objects stored (and joined to the collections), each invalid one reported. */
export type IngestFn = (
  input: readonly unknown[],
  options: { readonly partial: true; readonly collectionIds?: readonly string[] },
  context: { readonly store: Store; readonly clock: Clock },
) => Promise<IngestOutcomeLike>;
