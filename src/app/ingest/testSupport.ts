// For tests of the judge threads: rows come back from a thread with their JSON as UTF-8 bytes.
import { withJsonText } from '../ports.ts';
import type { JudgedValue } from './judge.ts';

/** The same items with every row's JSON as text, to compare what was sent with what arrived. */
export function judgedAsText(judged: readonly JudgedValue[]): JudgedValue[] {
  return judged.map((item) => (item.row === undefined ? item : { ...item, row: withJsonText(item.row) }));
}
