// Analyst decisions about grouping. They override the rules and survive re-fusion, so they
// are kept as facts about reports (report X belongs / does not belong to threat T), not about
// the groups of the moment, which re-fusion rebuilds. A merge pins every report of the merged
// threats to the surviving id; a split pins each part's reports to its own id. Later
// decisions overrule earlier ones about the same report.

export type AnalystDecision =
  | { readonly kind: 'pin'; readonly reportId: string; readonly threatId: string }
  | { readonly kind: 'reject'; readonly reportId: string; readonly threatId: string }
  | { readonly kind: 'merge'; readonly threatId: string; readonly reportIds: readonly string[] }
  | { readonly kind: 'split'; readonly parts: readonly { readonly threatId: string; readonly reportIds: readonly string[] }[] };

export interface ResolvedDecisions {
  /** report id -> the threat an analyst put it in. */
  readonly pinned: ReadonlyMap<string, string>;
  /** report id -> threats an analyst said it does not belong to. */
  readonly rejected: ReadonlyMap<string, ReadonlySet<string>>;
  /** Threat ids that hold at least one pinned report: the rules never merge such a threat away. */
  readonly pinnedThreats: ReadonlySet<string>;
}

export function resolveDecisions(decisions: readonly AnalystDecision[]): ResolvedDecisions {
  const pinned = new Map<string, string>();
  const rejected = new Map<string, Set<string>>();
  const pin = (reportId: string, threatId: string): void => {
    pinned.set(reportId, threatId);
    rejected.get(reportId)?.delete(threatId);
  };
  for (const decision of decisions) {
    switch (decision.kind) {
      case 'pin':
        pin(decision.reportId, decision.threatId);
        break;
      case 'reject': {
        if (pinned.get(decision.reportId) === decision.threatId) pinned.delete(decision.reportId);
        const set = rejected.get(decision.reportId) ?? new Set<string>();
        set.add(decision.threatId);
        rejected.set(decision.reportId, set);
        break;
      }
      case 'merge':
        for (const reportId of decision.reportIds) pin(reportId, decision.threatId);
        break;
      case 'split':
        for (const part of decision.parts) for (const reportId of part.reportIds) pin(reportId, part.threatId);
        break;
    }
  }
  return { pinned, rejected, pinnedThreats: new Set(pinned.values()) };
}

export function isRejected(resolved: ResolvedDecisions, reportId: string, threatId: string): boolean {
  return resolved.rejected.get(reportId)?.has(threatId) ?? false;
}
