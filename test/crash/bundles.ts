// Bundles the drivers send: fresh self-contained bundles of varying sizes (bench's seeded
// synthetic objects), new versions of objects an acknowledged write stored, and bundles made
// invalid on purpose (one bad object), which must be refused whole.
import { syntheticObjects } from '../../bench/synthetic.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import type { Rng } from '../support/random.ts';
import type { WriteRecord } from './ledger.ts';

export interface SizeProfile {
  /** Largest bundle, in objects. */
  readonly maxObjects: number;
}

/** Mostly small, sometimes large: a large write keeps a transaction open long enough for a kill to land in it. */
export function bundleSize(rng: Rng, profile: SizeProfile): number {
  const roll = rng.float();
  const max = profile.maxObjects;
  if (roll < 0.15) return 1;
  if (roll < 0.45) return rng.int(2, Math.min(30, max));
  if (roll < 0.75) return rng.int(Math.min(31, max), Math.min(400, max));
  if (roll < 0.92) return rng.int(Math.min(401, max), Math.min(3000, max));
  return rng.int(Math.min(3001, max), max);
}

export function freshObjects(rng: Rng, count: number): StixObject[] {
  return [...syntheticObjects(count, rng.seed())];
}

/** New versions (a later `modified`, a changed name) of up to `max` objects of an acknowledged write. */
export function bumpedObjects(rng: Rng, source: WriteRecord, max: number, stamp: number): StixObject[] {
  const originals = source.objects.filter((o) => !o.id.startsWith('relationship--') || rng.chance(0.5));
  const count = Math.min(max, originals.length, rng.int(1, max));
  const start = rng.int(0, Math.max(0, originals.length - count));
  // Every bump gets its own instant, so no two writes carry the same (id, version).
  const modified = new Date(Date.UTC(2025, 0, 1) + stamp).toISOString();
  return originals.slice(start, start + count).map((sent) => {
    const object = JSON.parse(sent.json) as Record<string, unknown>;
    const changed: Record<string, unknown> = { ...object, modified };
    if (typeof object.name === 'string') changed.name = `${object.name} (rev ${stamp})`;
    return changed as StixObject;
  });
}

/** Breaks one object (`created` must be a timestamp, STIX 2.1 §3.2), so the whole bundle is invalid. */
export function spoil(rng: Rng, objects: StixObject[]): StixObject[] {
  const at = rng.int(0, objects.length - 1);
  return objects.map((object, i) => (i === at ? { ...object, created: 'yesterday' } : object));
}

export function uuid4(rng: Rng): string {
  const hex = (n: number): string => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + rng.int(0, 3)).toString(16)}${hex(3)}-${hex(12)}`;
}

export function bundleJson(rng: Rng, objects: readonly StixObject[]): string {
  return JSON.stringify({ type: 'bundle', id: `bundle--${uuid4(rng)}`, objects });
}
