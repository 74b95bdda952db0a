// Facts about the line an offset is on: all-capitals headers and banners read differently
// from prose ("FROM: BRITISH LIAISON OFFICER, BAGHDAD").

export interface LineInfo {
  /** Whether the line holding `offset` has letters and no lower-case ones. */
  isUpper(offset: number): boolean;
  /** Start and end of the line holding `offset`. */
  lineOf(offset: number): { start: number; end: number };
}

export function lineInfo(text: string): LineInfo {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const upper = new Map<number, boolean>();
  const lineIndex = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const bounds = (i: number): { start: number; end: number } => ({ start: starts[i] ?? 0, end: (starts[i + 1] ?? text.length + 1) - 1 });
  return {
    lineOf: (offset) => bounds(lineIndex(offset)),
    isUpper: (offset) => {
      const i = lineIndex(offset);
      let value = upper.get(i);
      if (value === undefined) {
        const { start, end } = bounds(i);
        const line = text.slice(start, end);
        value = /\p{Lu}{2}/u.test(line) && !/\p{Ll}/u.test(line);
        upper.set(i, value);
      }
      return value;
    },
  };
}
