// Seeded choices, so a run's data and poller behaviour can be replayed with --seed.
import { seededRandom } from '../../bench/synthetic.ts';

export class Rng {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = seededRandom(seed);
  }

  float(): number {
    return this.#next();
  }

  /** Whole number in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.#next() * items.length)] as T;
  }

  uuid4(): string {
    const hex = (n: number): string => Math.floor(this.#next() * 16 ** n).toString(16).padStart(n, '0');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(this.#next() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
  }

  /** A fresh 32-bit seed for a sub-generator. */
  seed(): number {
    return Math.floor(this.#next() * 2 ** 32);
  }
}
