// What a fuzz target is: how to make inputs (from the corpus), how to write one down (the
// regression files and the messages to the worker thread use the same JSON form), and how to
// run the code under test once and say what, if anything, is wrong with what it did.
import type fc from 'fast-check';
import type { Corpus } from './corpus.ts';

export interface FuzzTarget<I> {
  readonly name: string;
  /** One line: what is fuzzed and what must hold. */
  readonly description: string;
  /** May be async: a target can look things up first (the HTTP target reads the server's route table). */
  inputs(corpus: Corpus): fc.Arbitrary<I> | Promise<fc.Arbitrary<I>>;
  /** A JSON-safe form of an input (strings and plain data only). */
  encode(input: I): unknown;
  decode(encoded: unknown): I;
  /**
   * Runs the code under test on one input. Returns what is wrong (empty: the properties
   * hold). A throw from here is itself reported: the code under test let an exception escape.
   */
  run(input: I): Promise<readonly string[]>;
  /** Loads what the first call would otherwise pay for (dictionaries, a server), untimed. */
  warmUp?(): Promise<void>;
  /** Which failures count as the same bug (default: the first problem with numbers and quotes blanked). */
  signature?(problems: readonly string[]): string;
}

/** Widens a target for lists of mixed targets. */
export type AnyTarget = FuzzTarget<unknown>;

export function anyTarget<I>(target: FuzzTarget<I>): AnyTarget {
  return target as unknown as AnyTarget;
}
