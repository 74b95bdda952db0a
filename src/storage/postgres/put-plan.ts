// Which of a putObjects batch to insert, decided in memory from what the store already holds
// (the ports.ts rules): a new (id, version) is stored; the same (id, version) as a stored
// one, or as an earlier one in the same batch, is unchanged when the JSON is identical and a
// conflict otherwise; an object's latest version is its greatest version key.
import type { TextObjectWrite as ObjectWrite, PutResult } from '../../app/ports.ts';

export interface KnownObject {
  readonly oid: number;
  readonly latestKey: string;
}

export interface PutPlan {
  /** One per input, in input order. */
  readonly results: readonly PutResult[];
  /** Input indexes of the versions to insert, in input order. */
  readonly inserts: readonly number[];
  /** Ids the store does not hold yet, in first-seen order. */
  readonly newIds: readonly string[];
  /**
   * The input index of each object's new latest version: for every new id, and for known
   * ids whose greatest new version is greater than their current latest.
   */
  readonly latest: ReadonlyMap<string, number>;
}

/**
 * `keys[i]` is versionKey(objects[i].version); `stored` holds the JSON of the stored
 * versions of known ids that the batch names, by id then key.
 */
export function planPut(
  objects: readonly ObjectWrite[],
  keys: readonly string[],
  known: ReadonlyMap<string, KnownObject>,
  stored: ReadonlyMap<string, ReadonlyMap<string, string>>,
): PutPlan {
  const results: PutResult[] = [];
  const inserts: number[] = [];
  const newIds: string[] = [];
  const latest = new Map<string, number>();
  /** Versions inserted by this batch so far, by id then key. */
  const batch = new Map<string, Map<string, string>>();
  objects.forEach((object, i) => {
    const key = keys[i] as string;
    const prior = batch.get(object.id)?.get(key) ?? stored.get(object.id)?.get(key);
    if (prior !== undefined) {
      results.push({ id: object.id, version: object.version, outcome: prior === object.json ? 'unchanged' : 'conflict' });
      return;
    }
    let versions = batch.get(object.id);
    if (versions === undefined) {
      versions = new Map();
      batch.set(object.id, versions);
      if (!known.has(object.id)) newIds.push(object.id);
    }
    versions.set(key, object.json);
    inserts.push(i);
    results.push({ id: object.id, version: object.version, outcome: 'stored' });
    const candidate = latest.get(object.id);
    const current = candidate === undefined ? known.get(object.id)?.latestKey : keys[candidate];
    if (current === undefined || compareKeys(key, current) > 0) latest.set(object.id, i);
  });
  return { results, inserts, newIds, latest };
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Byte order of the UTF-8 encodings, as PostgreSQL's "C" collation (and SQLite) compare
 * keys. JavaScript's `<` compares UTF-16 units, which agrees for ASCII (every timestamp key)
 * but not for every other text.
 */
export function compareKeys(a: string, b: string): number {
  if (ASCII.test(a) && ASCII.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
