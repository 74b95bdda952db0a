// Errors of the pattern parser. Bad input is expected, so the public API returns these as
// values. Inside the parser a failure unwinds with `PatternFailure` (a dozen nested calls
// would otherwise each have to pass a result back up); `parsePattern` catches it at the
// boundary and nothing else escapes.

export interface PatternSyntaxError {
  readonly message: string;
  /** 0-based offset in the pattern text where the error was found, counted as JavaScript string indexes (UTF-16 code units). */
  readonly offset: number;
}

/** Every message ends with "at offset N" so that it reads well on its own in a log line. */
export function patternError(offset: number, description: string): PatternSyntaxError {
  return { message: `${description} at offset ${offset}`, offset };
}

export class PatternFailure extends Error {
  readonly error: PatternSyntaxError;
  constructor(offset: number, description: string) {
    const error = patternError(offset, description);
    super(error.message);
    this.error = error;
  }
}

/** Quote a piece of the source for a message, cut short so one bad token cannot flood a log. */
export function quoteForMessage(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `'${short}'`;
}
