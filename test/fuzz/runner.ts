// Drives one target: fast-check generates inputs here, a worker thread runs them (so a call
// that never returns can be cut off and reported), failing inputs are shrunk, and after a
// failure the search goes on with a fresh seed until the time budget is spent.
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { CALL_BOUND_MS } from './execute.ts';
import type { Corpus } from './corpus.ts';
import type { AnyTarget } from './target.ts';
import { defaultSignature } from './signature.ts';
import type { Reply, Request } from './workerMain.ts';

/** A call with no answer after this long is a hang: the worker is terminated and replaced. */
export const HANG_MS = Math.max(10_000, 5 * CALL_BOUND_MS);

/** A request without its id (the worker client numbers them). */
type RequestBody = Request extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
type Pending = { readonly resolve: (reply: Reply) => void };

export class FuzzWorker {
  #worker: Worker | undefined;
  #ready: Promise<void> | undefined;
  readonly #pending = new Map<number, Pending>();
  readonly #warmed = new Set<string>();
  #next = 1;
  /** Workers replaced after a hang or a crash. */
  restarts = 0;

  async #ensure(): Promise<Worker> {
    if (this.#worker === undefined) {
      const worker = new Worker(new URL('./worker.mjs', import.meta.url));
      this.#worker = worker;
      this.#ready = new Promise((resolve) => {
        const first = (reply: Reply): void => {
          if (reply.id === 0) {
            worker.off('message', first);
            resolve();
          }
        };
        worker.on('message', first);
      });
      worker.on('message', (reply: Reply) => {
        const pending = this.#pending.get(reply.id);
        this.#pending.delete(reply.id);
        pending?.resolve(reply);
      });
      const fail = (why: string): void => {
        if (this.#worker !== worker) return;
        this.#worker = undefined;
        this.#warmed.clear();
        for (const [id, pending] of this.#pending) pending.resolve({ id, problems: [why], ms: 0 });
        this.#pending.clear();
      };
      worker.on('error', (error: Error) => fail(`the worker thread crashed: ${error.name}: ${error.message}`));
      worker.on('exit', (code) => fail(`the worker thread exited (code ${code})`));
    }
    await this.#ready;
    return this.#worker;
  }

  async #call(request: RequestBody, timeoutMs: number): Promise<Reply> {
    const worker = await this.#ensure();
    const id = this.#next++;
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        // fast-check may give up on a property call when its time is up and go on, so other
        // calls can be queued behind the hung one: they are cancelled and sent again.
        for (const [other, pending] of this.#pending) pending.resolve({ id: other, problems: [], ms: 0, cancelled: true });
        this.#pending.clear();
        this.#worker = undefined;
        this.#warmed.clear();
        this.restarts += 1;
        void worker.terminate();
        resolve({ id, problems: [`hung: no answer after ${timeoutMs} ms (the worker was terminated)`], ms: timeoutMs });
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
      });
      worker.postMessage({ ...request, id } as Request);
    });
  }

  /** Starts the thread and loads the target (dictionaries, a server), outside any time budget. */
  async warm(target: string): Promise<Reply | undefined> {
    for (;;) {
      if (this.#warmed.has(target)) return undefined;
      const warm = await this.#call({ kind: 'warm', target }, 120_000);
      if (warm.cancelled === true) continue;
      if (warm.problems.length > 0) return warm;
      this.#warmed.add(target);
    }
  }

  async run(target: string, encoded: unknown): Promise<Reply> {
    for (;;) {
      const failed = await this.warm(target);
      if (failed !== undefined) return failed;
      const reply = await this.#call({ kind: 'run', target, encoded }, HANG_MS);
      if (reply.cancelled !== true) return reply;
    }
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }
}

export interface Budget {
  readonly ms: number;
  readonly maxRuns?: number;
  readonly seed: number;
  /** Keep searching after a failure (with new seeds) for other, different failures. */
  readonly continueAfterFailure: boolean;
  /** Signatures of bugs already recorded as open: met again, they are counted, not reported. */
  readonly known?: ReadonlySet<string>;
}

export interface FoundCase {
  readonly target: string;
  readonly encoded: unknown;
  readonly problems: readonly string[];
  /** The fast-check seed and path that found it (replay: same seed, same target). */
  readonly seed: number;
  readonly path?: string;
}

export interface TargetReport {
  readonly target: string;
  readonly runs: number;
  readonly failures: readonly FoundCase[];
  readonly ms: number;
  /** Calls over the time bound that were fast on a second try (a busy machine, not a hang). */
  readonly slowRetried: number;
  /** Failures matching a known open bug (the search went on past them). */
  readonly knownHits: number;
}

class FuzzFailure extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly encoded: unknown,
  ) {
    super(problems.join('\n'));
  }
}

const isOnlySlow = (problems: readonly string[]): boolean => problems.length > 0 && problems.every((p) => p.startsWith('took '));

/** Which failures count as the same bug, so each is reported (and recorded) once. */
export function signature(target: AnyTarget, problems: readonly string[]): string {
  return `${target.name}: ${target.signature?.(problems) ?? defaultSignature(problems)}`;
}

export async function fuzzTarget(target: AnyTarget, corpus: Corpus, worker: FuzzWorker, budget: Budget): Promise<TargetReport> {
  const inputs = await target.inputs(corpus);
  const warm = await worker.warm(target.name);
  if (warm !== undefined) return { target: target.name, runs: 0, failures: [{ target: target.name, encoded: null, problems: warm.problems, seed: budget.seed }], ms: 0, slowRetried: 0, knownHits: 0 };
  const started = performance.now();
  let runs = 0;
  let slowRetried = 0;
  let knownHits = 0;
  const failures: FoundCase[] = [];
  const seen = new Set<string>();
  const property = fc.asyncProperty(inputs, async (input) => {
    const encoded = target.encode(input);
    let reply = await worker.run(target.name, encoded);
    if (isOnlySlow(reply.problems)) {
      const again = await worker.run(target.name, encoded);
      if (again.problems.length === 0) {
        slowRetried += 1;
        reply = again;
      }
    }
    if (reply.problems.length === 0) return;
    // A bug already recorded as open passes here: counted, not shrunk or reported again.
    if (budget.known?.has(signature(target, reply.problems)) === true) {
      knownHits += 1;
      return;
    }
    throw new FuzzFailure(reply.problems, encoded);
  });
  let seed = budget.seed;
  for (;;) {
    const left = budget.ms - (performance.now() - started);
    const runsLeft = (budget.maxRuns ?? Number.MAX_SAFE_INTEGER) - runs;
    if (left <= 0 || runsLeft <= 0) break;
    const details = await fc.check(property, { seed, numRuns: runsLeft, interruptAfterTimeLimit: Math.ceil(left), markInterruptAsFailure: false });
    runs += details.numRuns;
    if (!details.failed) break;
    const error = details.errorInstance;
    if (error instanceof FuzzFailure) {
      const key = signature(target, error.problems);
      if (!seen.has(key)) {
        seen.add(key);
        failures.push({ target: target.name, encoded: error.encoded, problems: error.problems, seed, ...(details.counterexamplePath === null ? {} : { path: details.counterexamplePath }) });
      }
    } else {
      failures.push({ target: target.name, encoded: null, problems: [`the generator or harness failed: ${String(error)}`], seed });
      break;
    }
    if (!budget.continueAfterFailure && failures.length > 0) break;
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
  }
  return { target: target.name, runs, failures, ms: performance.now() - started, slowRetried, knownHits };
}
