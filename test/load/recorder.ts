// What the run saw: latencies by phase and request kind, every failure by kind and cause
// (with a sample of the answer), and counters (objects served and stored, bundles skipped).
import { LatencyLog } from './stats.ts';
import { NoAnswer } from './client.ts';

/** warmup: the load, no slow clients; clean: the run's first part; attack: slow clients connected. */
export type Phase = 'warmup' | 'clean' | 'attack';

/** The time the generator's new connections took to open (by the client's clock). */
export const CONNECT = 'generator connect';

export interface FailureCount {
  readonly kind: string;
  readonly cause: string;
  count: number;
  readonly sample: string;
  readonly phase: Phase;
}

export class Recorder {
  phase: Phase = 'warmup';
  readonly latency: Record<Phase, LatencyLog> = { warmup: new LatencyLog(), clean: new LatencyLog(), attack: new LatencyLog() };
  readonly #failures = new Map<string, FailureCount>();
  readonly counters = new Map<string, number>();
  /** New connections the generator opened (client port, epoch ms of the connect), to match with the server's accepts. */
  readonly newConnections: { port: number; at: number }[] = [];
  readonly #started = performance.now();
  /** Answers and failures per second of the run: a stall shows as a gap. */
  readonly timeline: { second: number; answered: number; failed: number; slowestMs: number }[] = [];

  ok(kind: string, ms: number): void {
    this.latency[this.phase].add(kind, ms);
    const slot = this.#slot();
    slot.answered += 1;
    slot.slowestMs = Math.max(slot.slowestMs, Math.round(ms));
  }

  #slot(): { answered: number; failed: number; slowestMs: number } {
    const second = Math.floor((performance.now() - this.#started) / 1000);
    while (this.timeline.length <= second) this.timeline.push({ second: this.timeline.length, answered: 0, failed: 0, slowestMs: 0 });
    return this.timeline[second] as { answered: number; failed: number; slowestMs: number };
  }

  /** A non-2xx answer, no answer, or an answer that breaks its contract (a wrong page, a partial status). */
  failed(kind: string, cause: string, sample: string): void {
    this.#slot().failed += 1;
    const key = `${kind} ${cause}`;
    const known = this.#failures.get(key);
    if (known !== undefined) known.count += 1;
    else this.#failures.set(key, { kind, cause, count: 1, sample: sample.slice(0, 300), phase: this.phase });
  }

  /** A new connection of the generator: its time to connect, and its port for matching with the server's accept. */
  connected(port: number, at: number, ms: number): void {
    this.latency[this.phase].add(CONNECT, ms);
    this.newConnections.push({ port, at });
  }

  /** Records a thrown request error; anything but NoAnswer is a bug in the generator and rethrown. */
  noAnswer(kind: string, error: unknown): void {
    if (!(error instanceof NoAnswer)) throw error;
    const at = (performance.now() - this.#started) / 1000;
    this.failed(kind, `no answer (${error.code})`, `${error.message} after ${Math.round(error.ms)} ms (sent ${(at - error.ms / 1000).toFixed(1)} s into the run)`);
  }

  /** Adds to `name` and, outside the warm-up, to `<name> run` (the measured run's share). */
  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
    if (this.phase !== 'warmup') this.counters.set(`${name} run`, (this.counters.get(`${name} run`) ?? 0) + by);
  }

  failures(): FailureCount[] {
    return [...this.#failures.values()].sort((a, b) => b.count - a.count);
  }

  failureTotal(): number {
    return this.failures().reduce((n, f) => n + f.count, 0);
  }
}
