// Pausing a fleet of request loops: close the gate, then wait for the requests already sent
// to finish, so memory is sampled with nothing in flight.
export class Gate {
  #open = true;
  #opened: Promise<void> = Promise.resolve();
  #release: () => void = () => undefined;
  #inFlight = 0;
  #drained: (() => void)[] = [];
  readonly #stop: AbortSignal;

  readonly #spreadMs: number;

  /**
   * Once `stop` aborts, run() sends nothing more and answers undefined. A request held while
   * closed waits up to `spreadMs` more (at random) after the gate reopens, so a fleet resumes
   * spread out rather than all in the same millisecond.
   */
  constructor(stop: AbortSignal, spreadMs = 0) {
    this.#stop = stop;
    this.#spreadMs = spreadMs;
    stop.addEventListener('abort', () => this.open(), { once: true });
  }

  get isOpen(): boolean {
    return this.#open;
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#opened = new Promise((resolve) => (this.#release = resolve));
  }

  open(): void {
    if (this.#open) return;
    this.#open = true;
    this.#release();
  }

  /** Waits while closed, then runs one request that drain() waits for (the check and the count are one step). */
  async run<T>(request: () => Promise<T>): Promise<T | undefined> {
    while (!this.#open) {
      await this.#opened;
      if (this.#spreadMs > 0) await sleep(Math.random() * this.#spreadMs, this.#stop);
    }
    if (this.#stop.aborted) return undefined;
    this.#inFlight += 1;
    try {
      return await request();
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) for (const resolve of this.#drained.splice(0)) resolve();
    }
  }

  /** Resolves when no tracked request is in flight. */
  drain(): Promise<void> {
    return this.#inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.#drained.push(resolve));
  }
}

/** A sleep that a stop cuts short. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
