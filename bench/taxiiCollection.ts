// The benchmark TAXII collection (issues 3 and 10): seeded synthetic objects added in batches,
// each batch with its own date_added one second after the last, and a token account that may
// read and write it. Shared by the SQLite and PostgreSQL TAXII benchmarks, so both serve the
// same collection and pick random cursors the same way.
import type { Store } from '../src/app/ports.ts';
import { toObjectWrite } from '../src/app/objectWrite.ts';
import { addAccount } from '../src/app/taxii/manageAccounts.ts';
import { addCollection } from '../src/app/taxii/manageCollections.ts';
import { syntheticObjects } from './synthetic.ts';

/** Objects per seeding batch, i.e. per date_added. */
export const SEED_BATCH = 10_000;

/** date_added of seeding batch `b`: one second apart. */
export const batchDate = (b: number): string => new Date(Date.UTC(2025, 0, 1) + b * 1000).toISOString();
/** Its sortable key, as the store writes it (version-key.ts: 9 fraction digits, no 'Z'). */
export const batchKey = (b: number): string => `${batchDate(b).slice(0, 19)}.000000000`;

/** A random position in a collection of `objects`: member `i` (mseq) was added in batch floor((i-1)/SEED_BATCH). */
export function randomPosition(objects: number): [string, number] {
  const mseq = 1 + Math.floor(Math.random() * objects);
  return [batchKey(Math.floor((mseq - 1) / SEED_BATCH)), mseq];
}

/** Creates collection `collectionId` with `objects` synthetic objects and a token account `bench`; returns the token. */
export async function seedTaxiiCollection(store: Store, collectionId: string, objects: number): Promise<{ seconds: number; token: string }> {
  const clock = { now: () => new Date().toISOString() };
  const manage = { store, clock, actor: 'system:bench' };
  const collection = await addCollection({ id: collectionId, title: 'Benchmark' }, manage);
  if (!collection.ok) throw new Error(collection.message);
  const account = await addAccount({ name: 'bench', token: true, read: [collectionId], write: [collectionId] }, manage);
  if (!account.ok || account.value.token === undefined) throw new Error('no token');
  const start = performance.now();
  let batch: ReturnType<typeof toObjectWrite>[] = [];
  let b = 0;
  const flush = async (): Promise<void> => {
    const rows = batch;
    batch = [];
    await store.write(async (tx) => {
      await tx.putObjects(rows);
      await tx.addToCollection(collectionId, rows.map((r) => ({ id: r.id, version: r.version })), batchDate(b));
    });
    b += 1;
  };
  for (const object of syntheticObjects(objects, 7)) {
    batch.push(toObjectWrite(object));
    if (batch.length === SEED_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return { seconds: (performance.now() - start) / 1000, token: account.value.token };
}
