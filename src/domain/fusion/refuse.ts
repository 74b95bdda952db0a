// Re-fusion from scratch: regroup every report by the rules while keeping every analyst
// decision (pins, rejections, merges, splits: decisions.ts). Deterministic: reports are
// taken by publication time, then id, whatever order they come in; previous threat ids are
// reused so that decisions and links made against them stay meaningful.
import { correlate } from './correlate.ts';
import { resolveDecisions, isRejected, type AnalystDecision, type ResolvedDecisions } from './decisions.ts';
import type { ReportFacts, ThreatFacts } from './facts.ts';
import { applyDecision, defaultThreatId, uniqueId, type FuseOptions } from './fuse.ts';
import { correlationOptions } from './options.ts';
import { ThreatSet } from './threatSet.ts';

export interface RefuseOptions extends Omit<FuseOptions, 'decisions'> {
  /** report id -> the threat it was in before: a new group takes its first report's old id when free. */
  readonly previous?: ReadonlyMap<string, string>;
}

export function refuse(allReports: readonly ReportFacts[], analystDecisions: readonly AnalystDecision[], options: RefuseOptions = {}): ThreatFacts[] {
  const decisions = resolveDecisions(analystDecisions);
  const set = new ThreatSet(correlationOptions(options).warningList);
  const reports = canonicalOrder(allReports);

  // Analyst pins first: they are not up for the rules to decide.
  for (const report of reports) {
    const pinned = decisions.pinned.get(report.id);
    if (pinned !== undefined) set.add(pinned, report);
  }
  const fuseOptions: FuseOptions = { ...options, decisions: analystDecisions };
  // Ids the rules have given to a group; a pinned id not yet claimed is continued by the
  // first report that was in that threat before (the analyst pinned a report *to it*).
  const claimed = new Set<string>();
  for (const report of reports) {
    if (decisions.pinned.has(report.id)) continue;
    const result = correlate(report, set.candidates(report), { ...fuseOptions, valueThreatCounts: set.observableCounts(report) });
    const id = result.decision.join ?? continuedId(report, set, claimed, decisions, options);
    claimed.add(id);
    applyDecision(set, report, id, result);
  }
  mergeUntilStable(set, decisions, fuseOptions);
  return set.all().map((t) => ({ id: t.id, reports: canonicalOrder(t.reports) }));
}

/** Folds together threats that a report of one now joins the other, until nothing changes. */
function mergeUntilStable(set: ThreatSet, decisions: ResolvedDecisions, options: FuseOptions): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of set.ids()) {
      let into = set.threat(id);
      if (into === undefined) continue;
      for (const other of set.candidates(into)) {
        if (!set.has(other.id) || decisions.pinnedThreats.has(other.id)) continue;
        if (other.reports.some((r) => isRejected(decisions, r.id, id)) || into.reports.some((r) => isRejected(decisions, r.id, other.id))) continue;
        const target = into;
        const joins = other.reports.some((r) => correlate(r, [target], { ...options, valueThreatCounts: set.observableCounts(r) }).links[0]?.joinable === true);
        if (!joins) continue;
        set.merge(id, other.id);
        into = set.threat(id) ?? into;
        changed = true;
      }
    }
  }
}

/**
 * The id of the threat a report starts: its previous threat's id when that is free, or held
 * only by reports analysts pinned there; else a new id.
 */
function continuedId(report: ReportFacts, set: ThreatSet, claimed: ReadonlySet<string>, decisions: ResolvedDecisions, options: RefuseOptions): string {
  const previous = options.previous?.get(report.id);
  if (previous !== undefined && !claimed.has(previous) && !isRejected(decisions, report.id, previous)) return previous;
  return uniqueId(set, (options.newThreatId ?? defaultThreatId)(report));
}

function canonicalOrder(reports: readonly ReportFacts[]): ReportFacts[] {
  const byId = new Map<string, ReportFacts>();
  for (const report of reports) if (!byId.has(report.id)) byId.set(report.id, report);
  return [...byId.values()].sort((a, b) => publishedMs(a) - publishedMs(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Unknown publication times go last. */
function publishedMs(report: ReportFacts): number {
  const ms = report.published === null ? NaN : Date.parse(report.published);
  return Number.isNaN(ms) ? Number.MAX_SAFE_INTEGER : ms;
}
