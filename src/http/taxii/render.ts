// TAXII 2.1 resources as JSON text. Envelopes join the objects' stored JSON as it is: a page
// is never parsed and re-serialised. §2: empty lists are never sent (the key is omitted).
import type { CollectionAccess, CollectionManifestEntry, StatusDetail, TaxiiStatus } from '../../app/ports/taxii.ts';
import type { Page } from '../../app/ports.ts';
import { taxiiVersion } from '../../app/taxii/statusResource.ts';
import { taxiiTimestamp } from '../../app/taxii/timestamps.ts';

const STIX_MEDIA_TYPE_PREFIX = 'application/stix+json;version=';

/**
 * §3.7 envelope: more (always said), next when there is more, objects when there are any.
 *
 * A page is some 50 KB of stored JSON, and each copy of it counts. The text comes from one
 * join, so it is flat from the start: counting its UTF-8 bytes for Content-Length copies
 * nothing, where a text made of pieces (a template around the joined objects) is first
 * flattened into a copy of the whole page.
 */
export function envelopeJson(page: Page<{ readonly json: string }>): string {
  const more = page.next !== undefined;
  const head = `{"more":${more}${more ? `,"next":${JSON.stringify(page.next)}` : ''}`;
  const items = page.items;
  if (items.length === 0) return `${head}}`;
  const parts = items.map((item) => item.json);
  parts[0] = `${head},"objects":[${parts[0] as string}`;
  parts[parts.length - 1] = `${parts[parts.length - 1] as string}]}`;
  return parts.join(',');
}

/** §5.3.1 manifest with manifest-records. */
export function manifestJson(page: Page<CollectionManifestEntry>): string {
  const objects = page.items.map((item) => ({
    id: item.id,
    date_added: taxiiTimestamp(item.dateAdded),
    version: taxiiVersion(item.version),
    media_type: `${STIX_MEDIA_TYPE_PREFIX}${item.specVersion}`,
  }));
  return JSON.stringify({
    more: page.next !== undefined,
    ...(page.next === undefined ? {} : { next: page.next }),
    ...(objects.length === 0 ? {} : { objects }),
  });
}

/** §5.8.1 versions. */
export function versionsJson(page: Page<CollectionManifestEntry>): string {
  return JSON.stringify({
    more: page.next !== undefined,
    ...(page.next === undefined ? {} : { next: page.next }),
    ...(page.items.length === 0 ? {} : { versions: page.items.map((item) => taxiiVersion(item.version)) }),
  });
}

/** §3.2 X-TAXII-Date-Added-First/Last: the date_added of the first and last object of the response. */
export function dateAddedHeaders(items: readonly { readonly dateAdded: string }[]): Record<string, string> {
  const first = items[0];
  const last = items[items.length - 1];
  if (first === undefined || last === undefined) return {};
  return { 'X-TAXII-Date-Added-First': taxiiTimestamp(first.dateAdded), 'X-TAXII-Date-Added-Last': taxiiTimestamp(last.dateAdded) };
}

/** §5.2.1 collection as the requesting account sees it. */
export function collectionResource(access: CollectionAccess): Record<string, unknown> {
  const c = access.collection;
  return {
    id: c.id,
    title: c.title,
    ...(c.description === null ? {} : { description: c.description }),
    ...(c.alias === null ? {} : { alias: c.alias }),
    can_read: access.canRead,
    can_write: access.canWrite,
    ...(c.mediaTypes.length === 0 ? {} : { media_types: c.mediaTypes }),
  };
}

/** §4.3.1 status; the account that asked is ours to know, not part of the resource. */
export function statusJson(status: TaxiiStatus): string {
  const details = (items: readonly StatusDetail[]): StatusDetail[] | undefined => (items.length === 0 ? undefined : [...items]);
  return JSON.stringify({
    id: status.id,
    status: status.status,
    request_timestamp: taxiiTimestamp(status.requestTimestamp),
    total_count: status.totalCount,
    success_count: status.successCount,
    successes: details(status.successes),
    failure_count: status.failureCount,
    failures: details(status.failures),
    pending_count: status.pendingCount,
    pendings: details(status.pendings),
  });
}
