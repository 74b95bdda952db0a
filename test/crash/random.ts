// Seeded choices for the crash campaign: the same seed makes the same bundles, sizes and
// kill delays, so a failing run can be replayed (the moments the kills land still depend on
// the machine's speed, so a replay repeats the plan, not the exact interleaving).
import { seededRandom } from '../../bench/synthetic.ts';

export class Rng {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = seededRandom(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.#next();
  }

  /** Whole number in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.#next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.#next() * items.length)] as T;
  }

  /** A fresh 32-bit seed for a sub-generator. */
  seed(): number {
    return Math.floor(this.#next() * 2 ** 32);
  }
}

/** A seed when none was given: different on every run, printed so it can be replayed. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
