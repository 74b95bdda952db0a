// correlate: a new report against candidate threats the application pre-filtered through
// its blocking-key index (blocking.ts). Pure and independent of the candidates' order: the
// links come back sorted by score, then threat id, and ties go to the smaller id.
import { resolveDecisions, isRejected, type ResolvedDecisions } from './decisions.ts';
import { compareProfiles, type CapCheck, type Evidence, type SuppressedValue } from './evidence.ts';
import type { ReportFacts, ThreatFacts } from './facts.ts';
import { judgeLink } from './joinRule.ts';
import { correlationOptions, type CorrelationOptions, type CorrelationOverrides } from './options.ts';
import { profileOfReports, reportProfile, threatProfile, type FactsProfile } from './profile.ts';

export interface Link {
  readonly threatId: string;
  readonly score: number;
  readonly evidence: readonly Evidence[];
  readonly anchored: boolean;
  readonly anchor: string;
  /** Meets the joining rule (joinRule.ts). */
  readonly joinable: boolean;
  /** An analyst said this report is not part of this threat: the link is shown, never joined. */
  readonly rejectedByAnalyst: boolean;
}

export interface FusionDecision {
  /** The threat the report joins, or null. */
  readonly join: string | null;
  readonly newThreat: boolean;
  /**
   * Other candidates the rules now find to be the same threat as `join` (the report bridges
   * them, or the joined threat, grown by the report, links to them): the app merges them
   * into `join`. Never a threat holding analyst-pinned reports.
   */
  readonly merge: readonly string[];
  readonly reason: string;
}

export interface CorrelationResult {
  readonly links: readonly Link[];
  readonly decision: FusionDecision;
  /** Shared values that made no link (warning list, correlation cap). */
  readonly suppressed: readonly SuppressedValue[];
}

export function correlate(newReport: ReportFacts, candidateThreats: readonly ThreatFacts[], overrides: CorrelationOverrides = {}): CorrelationResult {
  const options = correlationOptions(overrides);
  const decisions = resolveDecisions(options.decisions);
  const candidates = canonicalCandidates(newReport, candidateThreats);
  const incoming = reportProfile(newReport);
  const capCheck = capChecker(candidates, options);

  const suppressed = new Map<string, SuppressedValue>();
  const links: Link[] = [];
  for (const threat of candidates) {
    const comparison = compareProfiles(incoming, threatProfile(threat), options, capCheck);
    for (const s of comparison.suppressed) suppressed.set(`${s.reason}:${s.value}`, s);
    if (!comparison.evidence.some((e) => e.weight > 0)) continue;
    const judgement = judgeLink(comparison.evidence, options.joinThreshold);
    const rejectedByAnalyst = isRejected(decisions, newReport.id, threat.id);
    links.push({
      threatId: threat.id,
      score: judgement.score,
      evidence: comparison.evidence,
      anchored: judgement.anchored,
      anchor: judgement.anchor,
      joinable: judgement.joinable && !rejectedByAnalyst,
      rejectedByAnalyst,
    });
  }
  links.sort(byScoreThenId);
  const decision = decide(newReport, links, candidates, decisions, options, capCheck);
  return { links, decision, suppressed: [...suppressed.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)) };
}

function decide(
  report: ReportFacts,
  links: readonly Link[],
  candidates: readonly ThreatFacts[],
  decisions: ResolvedDecisions,
  options: CorrelationOptions,
  capCheck: CapCheck,
): FusionDecision {
  const pinnedTo = decisions.pinned.get(report.id);
  const joinable = links.filter((l) => l.joinable);
  let join: string;
  let reason: string;
  if (pinnedTo !== undefined) {
    join = pinnedTo;
    reason = `pinned by an analyst to ${pinnedTo}`;
  } else {
    const best = joinable[0];
    if (best === undefined) {
      const top = links[0];
      const why = top === undefined ? 'no candidate shares anything with it' : `best link ${top.threatId} scores ${top.score} (threshold ${options.joinThreshold}), ${top.anchor}`;
      return { join: null, newThreat: true, merge: [], reason: `new threat: ${why}` };
    }
    join = best.threatId;
    reason = `joins ${join}: score ${best.score} >= ${options.joinThreshold}, ${best.anchor}`;
  }

  const joined = candidates.find((t) => t.id === join);
  // A merge must not put together reports an analyst kept apart, in either direction.
  const joinedReports = [...(joined?.reports ?? []), report];
  const mergeable = (threat: ThreatFacts): boolean =>
    threat.id !== join &&
    !decisions.pinnedThreats.has(threat.id) &&
    !threat.reports.some((r) => isRejected(decisions, r.id, join)) &&
    !joinedReports.some((r) => isRejected(decisions, r.id, threat.id));
  const merge = new Set(joinable.map((l) => l.threatId).filter((id) => {
    const threat = candidates.find((t) => t.id === id);
    return threat !== undefined && mergeable(threat);
  }));
  // The joined threat grown by this report may now link to a threat the report alone does
  // not: "a shrine near Damascus" (cable) meets the shrine's coordinates (news) only once
  // the news has joined the intercept that named the shrine.
  const grown = profileOfReports(joinedReports);
  for (const threat of candidates) {
    if (merge.has(threat.id) || !mergeable(threat)) continue;
    if (anyReportJoins(threat, grown, options, capCheck)) merge.add(threat.id);
  }
  const mergeList = [...merge].sort();
  if (mergeList.length > 0) reason += `; the same threat as ${mergeList.join(', ')}, merge`;
  return { join, newThreat: false, merge: mergeList, reason };
}

function anyReportJoins(threat: ThreatFacts, into: FactsProfile, options: CorrelationOptions, capCheck: CapCheck): boolean {
  return threat.reports.some((r) => judgeLink(compareProfiles(reportProfile(r), into, options, capCheck).evidence, options.joinThreshold).joinable);
}

/**
 * One entry per threat id, sorted by id (the result must not depend on the caller's order).
 * A report already in a candidate (re-correlating an updated report) is compared with the
 * rest of that threat, not with itself.
 */
function canonicalCandidates(report: ReportFacts, threats: readonly ThreatFacts[]): ThreatFacts[] {
  const byId = new Map<string, ThreatFacts[]>();
  for (const threat of threats) byId.set(threat.id, [...(byId.get(threat.id) ?? []), threat]);
  const out: ThreatFacts[] = [];
  for (const [id, group] of byId) {
    const only = group.length === 1 ? group[0] : undefined;
    const reports = only !== undefined ? only.reports : uniqueReports(group.flatMap((t) => t.reports));
    if (reports.some((r) => r.id === report.id)) {
      const rest = reports.filter((r) => r.id !== report.id);
      if (rest.length > 0) out.push({ id, reports: rest });
    } else if (reports.length > 0) {
      out.push(only ?? { id, reports });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function uniqueReports(reports: readonly ReportFacts[]): ReportFacts[] {
  const byId = new Map<string, ReportFacts>();
  for (const r of reports) if (!byId.has(r.id)) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** MISP-style cap: the larger of the app's count and the candidates holding the value. */
function capChecker(candidates: readonly ThreatFacts[], options: CorrelationOptions): CapCheck {
  const memo = new Map<string, { capped: boolean; linkedThreats: number }>();
  return (key) => {
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let among = 0;
    for (const threat of candidates) if (threatProfile(threat).observables.has(key)) among++;
    const linkedThreats = Math.max(among, options.valueThreatCounts.get(`obs:${key}`) ?? 0);
    const result = { capped: linkedThreats > options.correlationCap, linkedThreats };
    memo.set(key, result);
    return result;
  };
}

function byScoreThenId(a: Link, b: Link): number {
  return b.score - a.score || (a.threatId < b.threatId ? -1 : a.threatId > b.threatId ? 1 : 0);
}
