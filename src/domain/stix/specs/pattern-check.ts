// Indicator patterns (§4.7): a `stix` pattern is checked with the STIX patterning parser
// (§9). The parser is another module; if it throws (e.g. not yet implemented, or a bug) the
// pattern is reported as unchecked rather than failing the whole validation.

import { parsePattern } from '../pattern/index.ts';
import { childPath } from '../validate/issues.ts';
import type { JsonObject } from '../json.ts';
import type { Ctx, ObjectCheck } from './kinds.ts';

export type PatternParser = (text: string) =>
  | { readonly ok: true }
  | { readonly ok: false; readonly error: { readonly message: string; readonly offset: number } };

/** The indicator pattern check, with the parser passed in (tests pass one that throws). */
export function makeStixPatternCheck(parse: PatternParser): ObjectCheck {
  return (indicator: JsonObject, base: string, ctx: Ctx): void => {
    const pattern = indicator['pattern'];
    if (indicator['pattern_type'] !== 'stix' || typeof pattern !== 'string') return;
    const path = childPath(base, 'pattern');
    let result: ReturnType<PatternParser>;
    try {
      result = parse(pattern);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      ctx.sink.warn(path, 'pattern-unchecked', `the STIX pattern could not be checked: ${reason}`);
      return;
    }
    if (!result.ok) {
      ctx.sink.error(path, 'invalid-pattern', `invalid STIX pattern at offset ${result.error.offset}: ${result.error.message} (§9)`);
    }
  };
}

export const checkStixPattern: ObjectCheck = makeStixPatternCheck(parsePattern);
