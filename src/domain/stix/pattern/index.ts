// STIX 2.1 patterning (STIX 2.1 §9): parse, check, print, and list the equality tests.
//
//   parsePattern(text)        -> { ok: true, ast } | { ok: false, error: { message, offset } }
//   formatPattern(ast)        -> canonical text; parsePattern(formatPattern(ast)) gives ast back
//   patternObservables(ast)   -> the `=` / `IN` tests, for correlation with observed data

import type { Pattern } from './ast.ts';
import { PatternFailure, type PatternSyntaxError } from './errors.ts';
import { parseSyntax } from './parser.ts';
import { validatePattern } from './validate.ts';

export type * from './ast.ts';
export type { PatternSyntaxError } from './errors.ts';
export type { PatternObservable } from './observables.ts';
export { formatPattern } from './format.ts';
export { patternObservables } from './observables.ts';
export { MAX_NESTING_DEPTH } from './parser.ts';

export type PatternParseResult =
  | { readonly ok: true; readonly ast: Pattern }
  | { readonly ok: false; readonly error: PatternSyntaxError };

/**
 * Parse and validate a STIX pattern. Never throws for any input string: syntax errors and
 * broken spec rules come back as `{ ok: false, error }`, with the offset of the fault.
 */
export function parsePattern(text: string): PatternParseResult {
  try {
    const { ast, spans } = parseSyntax(text);
    validatePattern(ast, spans);
    return { ok: true, ast };
  } catch (failure) {
    if (failure instanceof PatternFailure) return { ok: false, error: failure.error };
    throw failure;
  }
}
