// The status resource (TAXII 2.1 §4.3.1) of an Add Objects request, from the ingest outcome.
import type { IngestIssueLike, IngestOutcomeLike } from './ingestPort.ts';
import type { StatusDetail, TaxiiStatus } from '../ports/taxii.ts';

/**
 * The version TAXII shows for an object version (§3.4.1, §4.3.1, §5.3.1): `modified`, else
 * `created`; an object with neither (an SCO) gets this fixed value, "a value for the version
 * that is consistent to the server", which match[version] also accepts for it.
 */
export const UNVERSIONED = '1970-01-01T00:00:00.000Z';

export function taxiiVersion(version: string): string {
  return version === '' ? UNVERSIONED : version;
}

const MAX_MESSAGE_CHARS = 1000;

export interface StatusRequest {
  readonly id: string;
  readonly collectionId: string;
  readonly account: string;
  readonly requestTimestamp: string;
  /** The envelope's objects, to name the ones that failed. */
  readonly objects: readonly unknown[];
}

/** A complete status: every object either succeeded (stored, or already there) or failed with its reasons. */
export function completedStatus(request: StatusRequest, outcome: IngestOutcomeLike): TaxiiStatus {
  const successes: StatusDetail[] = outcome.results.map((result) =>
    // §5.5: an exact duplicate of an object already present is not an error; say so.
    (result.status === 'stored' ? { id: result.id, version: taxiiVersion(result.version) } : { id: result.id, version: taxiiVersion(result.version), message: 'already present' }));
  const failures = failuresOf(request.objects, outcome.errors);
  return {
    id: request.id,
    collectionId: request.collectionId,
    account: request.account,
    requestTimestamp: request.requestTimestamp,
    status: 'complete',
    totalCount: request.objects.length,
    successCount: successes.length,
    failureCount: failures.length,
    pendingCount: 0,
    successes,
    failures,
    pendings: [],
  };
}

function failuresOf(objects: readonly unknown[], errors: readonly IngestIssueLike[]): StatusDetail[] {
  const byIndex = new Map<number, IngestIssueLike[]>();
  for (const error of errors) {
    const index = error.index ?? -1;
    byIndex.set(index, [...(byIndex.get(index) ?? []), error]);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, issues]) => {
      const object = objects[index];
      const message = issues.map((issue) => `${issue.code}: ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`).join('; ');
      return {
        // §4.3.1 status-details: the STIX id when there is one, else any value.
        id: issues[0]?.objectId ?? readable(object, 'id') ?? `objects[${index}]`,
        version: readable(object, 'modified') ?? readable(object, 'created') ?? '',
        message: message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…` : message,
      };
    });
}

function readable(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const property = (value as Record<string, unknown>)[key];
  return typeof property === 'string' && property.length <= 300 ? property : undefined;
}
