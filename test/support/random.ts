// Seeded choices for the crash and load suites: the same seed makes the same bundles, sizes,
// delays and poller behaviour, so a failing run can be replayed with its printed seed (how
// kills and requests interleave still depends on the machine's speed).
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

  /** A random version-4 UUID drawn from this generator. */
  uuid4(): string {
    const hex = (n: number): string => Math.floor(this.#next() * 16 ** n).toString(16).padStart(n, '0');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(this.#next() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
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
