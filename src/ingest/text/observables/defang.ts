// Defanged indicator forms seen in reports: hxxp://, [.], (.), {.}, [dot], (dot), [@], [at],
// [:]. The regex pieces accept them in place; refang() turns a match into its normal form.

/** One dot, plain or defanged. */
export const DOT = String.raw`(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\[DOT\]|\(DOT\)|\s\[dot\]\s|\s\(dot\)\s|\.)`;
/** One @, plain or defanged. */
export const AT = String.raw`(?:\[@\]|\(@\)|\{@\}|\[at\]|\(at\)|\[AT\]|\(AT\)|\s\[at\]\s|\s\(at\)\s|@)`;
/** A URL scheme with its separator, plain or defanged. */
export const SCHEME = String.raw`(?:[hH](?:tt|xx|XX|\*\*)[pP][sS]?|[fF](?:t|x)[pP])(?:\[:\]|:)//`;

export function refang(text: string): string {
  return text
    .replace(/\s?[[({](?:\.|dot|DOT)[\])}]\s?/g, '.')
    .replace(/\s?[[({](?:@|at|AT)[\])}]\s?/g, '@')
    .replace(/\[:\]/g, ':')
    .replace(/^h(?:xx|XX|\*\*)p/i, 'http')
    .replace(/^f(?:x)p/i, 'ftp');
}

export function isDefanged(text: string): boolean {
  return refang(text) !== text;
}
