// tearline export --format misp --id REPORT-OR-THREAT: one report (or a threat's grouping)
// with everything it references, as a MISP event JSON that MISP's import accepts.
import type { StixObject } from '../../domain/stix/object.ts';
import type { Store } from '../../app/ports.ts';
import { exportMispEvent } from '../../ingest/misp/index.ts';

/** Loads `rootId` and the closure of what it references; null when the root is not stored. */
export async function loadClosure(store: Store, rootId: string): Promise<StixObject[] | null> {
  const root = await store.getLatestObject(rootId);
  if (root === null) return null;
  const seen = new Map<string, StixObject>([[rootId, JSON.parse(root.json) as StixObject]]);
  const queue = [rootId];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    const targets = [...(await store.refsFrom(id)).map((edge) => edge.targetId), ...(await store.markingsOf(id)).map((m) => m.markingRef)];
    for (const target of targets) {
      if (seen.has(target)) continue;
      const record = await store.getLatestObject(target);
      if (record === null) continue;
      seen.set(target, JSON.parse(record.json) as StixObject);
      queue.push(target);
    }
  }
  return [...seen.values()];
}

export async function mispEventFor(store: Store, rootId: string, now: string): Promise<unknown | null> {
  const objects = await loadClosure(store, rootId);
  return objects === null ? null : exportMispEvent(objects, { containerId: rootId, now });
}
