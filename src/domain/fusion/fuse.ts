// Applying correlate()'s decision: the report joins a threat (and threats it bridges are
// merged in) or starts a new one. The application layer does the same against its store;
// fuseReport is the reference, used by refuse() and by the tests.
import { correlate, type CorrelationResult } from './correlate.ts';
import type { ReportFacts, ThreatFacts } from './facts.ts';
import { correlationOptions, type CorrelationOverrides } from './options.ts';
import { ThreatSet } from './threatSet.ts';

export interface FuseOptions extends CorrelationOverrides {
  /** The id of a new threat started by `report`; must not collide with existing ids. */
  readonly newThreatId?: (report: ReportFacts) => string;
}

export interface FuseOutcome {
  readonly threats: readonly ThreatFacts[];
  /** The threat the report is now in. */
  readonly threatId: string;
  readonly result: CorrelationResult;
}

export function defaultThreatId(report: ReportFacts): string {
  return `threat:${report.id}`;
}

/** Fuses one report into a set of threats, finding candidates by blocking keys. */
export function fuseReport(threats: readonly ThreatFacts[], report: ReportFacts, options: FuseOptions = {}): FuseOutcome {
  const set = new ThreatSet(correlationOptions(options).warningList);
  for (const threat of threats) for (const r of threat.reports) if (r.id !== report.id) set.add(threat.id, r);
  const threatId = fuseInto(set, report, options);
  return { threats: set.all(), threatId: threatId.id, result: threatId.result };
}

/** Correlates `report` against the set's candidates and applies the decision in place. */
export function fuseInto(set: ThreatSet, report: ReportFacts, options: FuseOptions): { id: string; result: CorrelationResult } {
  const result = correlate(report, set.candidates(report), { ...options, valueThreatCounts: mergeCounts(options.valueThreatCounts, set.observableCounts(report)) });
  const id = result.decision.join ?? uniqueId(set, (options.newThreatId ?? defaultThreatId)(report));
  applyDecision(set, report, id, result);
  return { id, result };
}

/** Puts the report in threat `id` and folds in the threats the decision merges. */
export function applyDecision(set: ThreatSet, report: ReportFacts, id: string, result: CorrelationResult): void {
  set.add(id, report);
  for (const other of result.decision.merge) set.merge(id, other);
}

export function uniqueId(set: ThreatSet, base: string): string {
  let id = base;
  for (let n = 2; set.has(id); n++) id = `${base}#${n}`;
  return id;
}

function mergeCounts(given: ReadonlyMap<string, number> | undefined, local: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map(local);
  for (const [key, count] of given ?? []) out.set(key, Math.max(count, out.get(key) ?? 0));
  return out;
}
