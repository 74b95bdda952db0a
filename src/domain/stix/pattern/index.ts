// Placeholder: the STIX patterning parser lands here (parser.ts, ast.ts). Keep this export.
export interface PatternSyntaxError {
  readonly message: string;
  /** 0-based character offset in the pattern text where the error was found. */
  readonly offset: number;
}
export type PatternParseResult =
  | { readonly ok: true; readonly ast: unknown }
  | { readonly ok: false; readonly error: PatternSyntaxError };

export function parsePattern(_text: string): PatternParseResult {
  throw new Error('pattern parser not implemented yet');
}
