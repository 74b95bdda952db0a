// Use case: re-assess threats as the clock moves (issue 6: "a new assessment row whenever
// new reporting arrives or the clock crosses a class boundary"). New reporting is assessed
// when it is fused; this covers the clock. By default only threats whose next class
// boundary (summary.ts nextCheckAt) has passed are looked at, which is what a timer runs
// every minute; `all` re-assesses every active threat (after a configuration change). A
// threat is written only when its assessment's signature changed.
import type { Store, StoreReader } from '../ports.ts';
import type { ThreatRecord } from '../ports/threats.ts';
import { groupMembers } from './fuseReport.ts';
import { saveActiveThreat, type WriteContext } from './saveThreat.ts';
import { DEFAULT_FUSION_SETTINGS, type FusionSettings } from './settings.ts';

export interface ReassessOptions {
  /** Every active threat, not only those whose class boundary has passed. */
  readonly all?: boolean;
  readonly settings?: FusionSettings;
  /** Threats loaded per round trip. */
  readonly batchSize?: number;
}

export interface ReassessResult {
  readonly examined: number;
  /** Threats that got a new assessment, sorted. */
  readonly changed: readonly string[];
}

const DEFAULT_BATCH = 500;
/** The timer's pass looks at no more than this many due threats; the next pass takes the rest. */
const MAX_DUE = 10_000;

export async function reassess(now: string, context: { readonly store: Store }, options: ReassessOptions = {}): Promise<ReassessResult> {
  const settings = options.settings ?? DEFAULT_FUSION_SETTINGS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  // Cheap check outside the write: most timer ticks find nothing due and take no lock.
  if (options.all !== true && (await context.store.threats.due(now, 1)).length === 0) return { examined: 0, changed: [] };
  return context.store.write(async (tx) => {
    const ctx: WriteContext = { tx, now, settings, actor: 'system:assessment' };
    const records = options.all === true ? await allActive(tx) : await byIds(tx, await tx.threats.due(now, MAX_DUE));
    const ids = [...records.keys()];
    const changed: string[] = [];
    for (let i = 0; i < ids.length; i += batchSize) {
      const members = groupMembers(await tx.threats.members(ids.slice(i, i + batchSize)));
      for (const [id, list] of members) {
        const saved = await saveActiveThreat(ctx, id, list, 'clock', false, records.get(id) ?? null);
        if (saved.reassessed) changed.push(id);
      }
    }
    return { examined: ids.length, changed: changed.sort() };
  });
}

/** Every active threat's row, read before any is re-written (priority pages move as priorities change). */
async function allActive(reader: StoreReader): Promise<Map<string, ThreatRecord>> {
  const out = new Map<string, ThreatRecord>();
  let cursor: string | undefined;
  do {
    const page = await reader.threats.list({ limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    for (const record of page.items) out.set(record.id, record);
    cursor = page.next;
  } while (cursor !== undefined);
  return out;
}

async function byIds(reader: StoreReader, ids: readonly string[]): Promise<Map<string, ThreatRecord>> {
  const out = new Map<string, ThreatRecord>();
  for (const id of ids) {
    const record = await reader.threats.get(id);
    if (record !== null) out.set(id, record);
  }
  return out;
}
