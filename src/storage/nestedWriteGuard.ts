// Tells a store whether the calling async context is already inside one of its writes, so a
// nested write is refused instead of deadlocking on the store's write mutex. Both adapters
// share it.
//
// It is an AsyncLocalStorage, and on Node 20 and 22 an enabled one runs a hook on every promise
// the process makes, a write or not: a SQLite server that had written once answered TAXII pages
// with 3-8% more CPU each (alternating runs). So the store ends it after every write. Writes run
// one at a time, so none is inside one then, and the next write enables it again.
import { AsyncLocalStorage } from 'node:async_hooks';

export class NestedWriteGuard {
  readonly #inside = new AsyncLocalStorage<true>();

  /** Whether the calling async context runs inside a write of this store. */
  get inside(): boolean {
    return this.#inside.getStore() === true;
  }

  /** Runs a write's work marked as inside it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.#inside.run(true, work);
  }

  /** The write has ended: call it before the write mutex lets the next write start. */
  writeEnded(): void {
    this.#inside.disable();
  }
}
