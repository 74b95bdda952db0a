// Latency figures: every sample is kept (a 60 s run makes tens of thousands, a few hundred
// KiB), so percentiles are exact rather than bucketed.

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** The nearest-rank percentile (p in 0..100) of samples; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function summarise(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  const total = list.reduce((sum, x) => sum + x, 0);
  return {
    count: list.length,
    p50: round(percentile(list, 50)),
    p90: round(percentile(list, 90)),
    p99: round(percentile(list, 99)),
    max: round(list.length === 0 ? Number.NaN : (list[list.length - 1] as number)),
    mean: round(list.length === 0 ? Number.NaN : total / list.length),
  };
}

/** The median of numbers (for memory samples); NaN when there are none. */
export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** Two decimals, NaN kept (JSON writes it as null). */
export function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 100) / 100 : Number.NaN;
}

/** Latencies by request kind, for one phase of the run. */
export class LatencyLog {
  readonly #byKind = new Map<string, number[]>();

  add(kind: string, ms: number): void {
    let list = this.#byKind.get(kind);
    if (list === undefined) this.#byKind.set(kind, (list = []));
    list.push(ms);
  }

  kinds(): string[] {
    return [...this.#byKind.keys()].sort();
  }

  samples(kind: string): readonly number[] {
    return this.#byKind.get(kind) ?? [];
  }

  count(kind: string): number {
    return this.samples(kind).length;
  }
}
