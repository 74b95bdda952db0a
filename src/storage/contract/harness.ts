// How the contract suite gets stores from an adapter, and the per-test wrapper that always
// closes them.
import { test } from 'node:test';
import type { Store } from '../../app/ports.ts';

/** One fresh, empty store for one test, as an adapter provides it. */
export interface StoreSubject {
  readonly store: Store;
  /** Opens the same database again, after `store.close()`. Absent when the store does not persist. */
  readonly reopen?: () => Promise<Store>;
  /** Removes what the subject left behind (temp files, schemas). Runs after its stores are closed. */
  readonly dispose?: () => Promise<void>;
}

export interface StoreContractOptions {
  readonly open: () => Promise<StoreSubject>;
  /**
   * Reads outside a write never see that write's uncommitted changes. True for every
   * adapter meant for production; SQLite ':memory:' reads through the writer connection.
   */
  readonly isolatedReads: boolean;
}

export interface StoreTestContext {
  readonly store: Store;
  /** Closes nothing: close the current store first, then reopen. Undefined when not persistent. */
  readonly reopen: (() => Promise<Store>) | undefined;
}

export type StoreTest = (name: string, body: (context: StoreTestContext) => Promise<void>, needs?: { readonly reopen?: boolean; readonly isolatedReads?: boolean }) => void;

export function storeTestFor(options: StoreContractOptions): StoreTest {
  return (name, body, needs = {}) => {
    test(name, async (t) => {
      if (needs.isolatedReads === true && !options.isolatedReads) {
        t.skip('this store does not isolate reads from a write in progress');
        return;
      }
      const subject = await options.open();
      if (needs.reopen === true && subject.reopen === undefined) {
        await subject.store.close();
        await subject.dispose?.();
        t.skip('this store does not persist across reopen');
        return;
      }
      const opened: Store[] = [subject.store];
      const reopen = subject.reopen === undefined ? undefined : async (): Promise<Store> => {
        const store = await (subject.reopen as () => Promise<Store>)();
        opened.push(store);
        return store;
      };
      try {
        await body({ store: subject.store, reopen });
      } finally {
        // close() must be idempotent: a test may already have closed a store.
        for (const store of opened) await store.close();
        await subject.dispose?.();
      }
    });
  };
}
