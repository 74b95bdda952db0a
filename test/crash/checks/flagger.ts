// Violations of one check after one restart, at most a few messages per kind so that one
// systematic fault does not flood the report (the rest are counted as suppressed).
import type { Tally, Violation } from '../plugins.ts';

export const MAX_MESSAGES_PER_KIND = 5;

export type Flag = (kind: Violation['kind'], message: string) => void;

export function flagger(check: string, restart: number, into: Violation[], tally: Tally): Flag {
  const counted = new Map<string, number>();
  return (kind, message) => {
    const n = (counted.get(kind) ?? 0) + 1;
    counted.set(kind, n);
    if (n <= MAX_MESSAGES_PER_KIND) into.push({ kind, check, message: `after restart ${restart}: ${message}` });
    else tally.add(`suppressed.${kind}`);
  };
}
