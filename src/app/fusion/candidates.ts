// A new report's candidate threats from the blocking-key index (domain/fusion/blocking.ts),
// so that fusing it compares it with a handful of threats, never with all of them.
//   - a key held by at most `maxThreatsPerKey` threats finds them;
//   - busier keys (a capital city, a well-known group) find only threats that hold busy
//     keys of two different kinds (place, actor, target): "ISIS" and "Damascus" together;
//     a place's city and its geohash cells are one kind, they say the same thing;
//   - an observable held by more threats than the correlation cap can make no link (its
//     evidence is suppressed, domain/fusion/evidence.ts); when it is also busy it is not
//     looked up, and reported as suppressed here.
// The counts of the observable keys go to correlate() for its correlation cap.
import type { SuppressedValue } from '../../domain/fusion/index.ts';
import type { StoreReader } from '../ports.ts';
import { correlationCap, type FusionSettings } from './settings.ts';

export interface Candidates {
  readonly threatIds: readonly string[];
  /** Threats holding each `obs:` key, for the correlation cap. */
  readonly valueThreatCounts: ReadonlyMap<string, number>;
  /** Observables over the cap that were not looked up at all. */
  readonly suppressed: readonly SuppressedValue[];
}

/** Busy keys scanned per kind when pairing (a bound on the work, not on correctness in practice). */
const MAX_PAIRED_SCAN = 20_000;

function kindOf(key: string): string {
  const prefix = key.slice(0, key.indexOf(':'));
  return prefix === 'site' || prefix === 'city' || prefix === 'geo4' ? 'place' : prefix;
}

export async function findCandidates(reader: StoreReader, keys: readonly string[], settings: FusionSettings): Promise<Candidates> {
  const counts = await reader.threats.postingCounts(keys);
  const cap = correlationCap(settings);
  const alone: string[] = [];
  const busy = new Map<string, string[]>();
  const valueThreatCounts = new Map<string, number>();
  const suppressed: SuppressedValue[] = [];
  for (const [key, count] of counts) {
    const isObservable = key.startsWith('obs:');
    if (isObservable) valueThreatCounts.set(key, count);
    if (count <= settings.maxThreatsPerKey) {
      alone.push(key);
    } else if (isObservable) {
      if (count > cap) suppressed.push({ value: key.slice(key.indexOf(':', 4) + 1), reason: 'cap', detail: `already linked to ${count} threats (cap ${cap}); not looked up` });
    } else {
      const kind = kindOf(key);
      busy.set(kind, [...(busy.get(kind) ?? []), key]);
    }
  }
  const ids = new Set(await reader.threats.threatsWithKeys(alone, { minShared: 1, limit: settings.maxCandidates }));
  if (busy.size >= 2 && ids.size < settings.maxCandidates) {
    const seen = new Map<string, number>();
    for (const kindKeys of busy.values()) {
      for (const id of await reader.threats.threatsWithKeys(kindKeys, { minShared: 1, limit: MAX_PAIRED_SCAN })) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    for (const [id, kinds] of [...seen].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (ids.size >= settings.maxCandidates) break;
      if (kinds >= 2) ids.add(id);
    }
  }
  return { threatIds: [...ids].sort(), valueThreatCounts, suppressed };
}
