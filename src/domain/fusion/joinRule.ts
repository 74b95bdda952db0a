// The joining rule (issue 6): a report joins a threat when
//   1. the link's score (the sum of its evidence weights) reaches the join threshold, and
//   2. the link is anchored by specific evidence:
//      - an exact shared observable, or
//      - the same place (a named site, or sites within `nearKm`), or
//      - two of: the same actor, the same area (city or within `areaKm`), the same named target.
// So the same group alone never joins (ISIS in Nigeria is not ISIS in Syria), the same country
// never counts, and time overlap, methods and target categories only add weight: they
// rank candidates and tip an anchored link over the threshold, never join on their own.
// Windows that are known on both sides and far apart count against (`time-disjoint`).
import { round, type Evidence, type EvidenceRule } from './evidence.ts';

export interface LinkJudgement {
  readonly score: number;
  readonly anchored: boolean;
  /** Which anchor held, in words, or why none did. */
  readonly anchor: string;
  readonly joinable: boolean;
}

const PAIRED_ANCHORS: readonly EvidenceRule[] = ['actor', 'area', 'target'];

export function judgeLink(evidence: readonly Evidence[], joinThreshold: number): LinkJudgement {
  const score = round(evidence.reduce((sum, e) => sum + e.weight, 0));
  const rules = new Set(evidence.map((e) => e.rule));
  const paired = PAIRED_ANCHORS.filter((rule) => rules.has(rule));
  let anchor: string;
  if (rules.has('observable')) anchor = 'anchored by a shared observable';
  else if (rules.has('place')) anchor = 'anchored by the same place';
  else if (paired.length >= 2) anchor = `anchored by ${paired.join(' + ')}`;
  else anchor = 'not anchored: needs an observable, the same place, or two of actor, area and named target';
  const anchored = anchor.startsWith('anchored');
  return { score, anchored, anchor, joinable: anchored && score >= joinThreshold };
}
