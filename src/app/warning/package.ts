// The package a warning is torn from: the threat's reports and everything they reference,
// with the marking-definitions that mark any of it. The tearline engine then decides, per
// partner, what of it may go (ARCHITECTURE.md "Release: the invariant"). The threat's own
// grouping stays out: it carries our internal assessment, not intelligence for a partner.
import type { StixObject } from '../../domain/stix/object.ts';
import type { StoreReader } from '../ports.ts';

/** A package larger than this is refused rather than torn in a request. */
export const MAX_PACKAGE_OBJECTS = 20_000;

export type PackageResult =
  | { readonly ok: true; readonly objects: readonly StixObject[]; readonly reportIds: readonly string[] }
  | { readonly ok: false; readonly code: 'threat-not-found' | 'package-too-large'; readonly message: string };

export async function threatPackage(reader: StoreReader, threatId: string): Promise<PackageResult> {
  const members = await reader.threats.members([threatId]);
  if (members.length === 0) return { ok: false, code: 'threat-not-found', message: `threat ${threatId} has no reports` };
  const reportIds = members.map((member) => member.reportId);
  const seen = new Set<string>();
  const objects: StixObject[] = [];
  const queue = [...reportIds];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    if (seen.size > MAX_PACKAGE_OBJECTS) {
      return { ok: false, code: 'package-too-large', message: `the threat's package has more than ${MAX_PACKAGE_OBJECTS} objects` };
    }
    const record = await reader.getLatestObject(id);
    // A dangling reference is simply not in the package: what is not there cannot leak.
    if (record === null) continue;
    objects.push(JSON.parse(record.json) as StixObject);
    for (const edge of await reader.refsFrom(id)) if (!seen.has(edge.targetId)) queue.push(edge.targetId);
    for (const row of await reader.markingsOf(id)) if (!seen.has(row.markingRef)) queue.push(row.markingRef);
  }
  return { ok: true, objects, reportIds };
}
