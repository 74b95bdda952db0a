// Threat ids: the id of the threat's STIX grouping. Derived from the report that starts the
// threat (UUIDv5; STIX 2.1 §2.9 allows it with a namespace of one's own), so the same input
// fuses to the same ids on every instance; a counter skips ids already used, including
// those of merged and retired threats.
import { createHash } from 'node:crypto';
import type { StoreReader } from '../ports.ts';

/** Tearline's namespace for threat ids (not the SCO namespace, STIX 2.1 §2.9). */
const THREAT_NAMESPACE = '7ea0c8d2-c4f6-4cd2-ac34-7b981b334a0d';

export function uuidv5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function derivedThreatId(reportId: string, n: number): string {
  return `grouping--${uuidv5(THREAT_NAMESPACE, n === 0 ? reportId : `${reportId}#${n}`)}`;
}

/** A source of fresh threat ids that never repeats one in `used` (which it extends): for re-fusion. */
export function threatIdSource(used: Set<string>): (reportId: string) => string {
  return (reportId) => {
    for (let n = 0; ; n++) {
      const id = derivedThreatId(reportId, n);
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
}

/** The id a new threat started by `reportId` gets: not stored yet, not in `reserved` (which it extends). */
export async function freshThreatId(reader: StoreReader, reportId: string, reserved: Set<string>): Promise<string> {
  for (let n = 0; ; n++) {
    const id = derivedThreatId(reportId, n);
    if (reserved.has(id) || (await reader.threats.get(id)) !== null || (await reader.getLatestObject(id)) !== null) continue;
    reserved.add(id);
    return id;
  }
}
