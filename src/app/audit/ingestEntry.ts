// The audit entry of one committed ingest (issue 8 "Records: ingests"), appended by
// ingestObjects inside the same write as the objects.
import type { AuditDraft } from '../ports/audit.ts';
import { systemActor } from './actors.ts';
import { digestOfList } from './digest.ts';

export interface IngestFacts {
  readonly at: string;
  /** Who ingested; absent: an unattributed caller (recorded as `system:ingest`). */
  readonly actor: string | undefined;
  readonly partial: boolean;
  readonly received: number;
  readonly stored: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly collectionIds: readonly string[] | undefined;
  /** Each stored or unchanged version, in input order. */
  readonly results: readonly { readonly id: string; readonly version: string; readonly status: string }[];
}

export function ingestAuditEntry(facts: IngestFacts): AuditDraft {
  return {
    at: facts.at,
    actor: facts.actor ?? systemActor('ingest'),
    action: 'objects.ingest',
    subject: 'objects',
    // What the store holds after the ingest, provably: the versions written or confirmed.
    after: digestOfList(facts.results.map((r) => `${r.id}|${r.version}|${r.status}`)),
    details: {
      partial: facts.partial,
      received: facts.received,
      stored: facts.stored,
      unchanged: facts.unchanged,
      rejected: facts.rejected,
      collections: [...(facts.collectionIds ?? [])],
    },
  };
}
