// Port of the threats facet (issue 6): threats, the reports fused into them, the blocking-key
// index that finds a new report's candidate threats, the links with their evidence, the
// history of assessments and the analyst decisions. Plain values in, plain values out; the
// application decides, the store only keeps.
//
// Invariants every adapter keeps:
// - a report belongs to at most one threat (members are keyed by report id);
// - only active threats have blocking keys: `putThreat` with another status drops its keys;
// - assessments and decisions are append-only, numbered 1, 2, 3… (per threat / globally).
import type { Assessment, ImminenceClass, PriorityBand, SeverityLevel, SpecificityVector } from '../../domain/assessment/index.ts';
import type { AnalystDecision, Credibility, Evidence, Harm, ReportFacts, SuppressedValue } from '../../domain/fusion/index.ts';
import type { Page } from '../ports.ts';

/** active: holds reports; merged: folded into `mergedInto`; retired: lost its last report. */
export type ThreatStatus = 'active' | 'merged' | 'retired';

/** The current assessment in a few fields: what lists sort and filter on. */
export interface ThreatSummary {
  readonly assessedAt: string;
  readonly priority: { readonly band: PriorityBand; readonly score: number };
  readonly dutyToWarn: boolean;
  readonly imminence: ImminenceClass;
  readonly credibility: { readonly grade: Credibility; readonly confidence: number | null };
  readonly specificity: { readonly vector: SpecificityVector; readonly total: number };
  readonly harm: Harm;
  readonly severity: SeverityLevel;
  readonly window: { readonly start: string; readonly end: string } | null;
  /** End of the window: a warning issued now lapses then. */
  readonly sunset: string | null;
}

export interface ThreatRecord {
  /** The id of the threat's STIX `grouping`. */
  readonly id: string;
  readonly status: ThreatStatus;
  readonly mergedInto: string | null;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly reportCount: number;
  /** Null until the first assessment. */
  readonly summary: ThreatSummary | null;
  /** What the current assessment depends on; a re-assessment with the same signature changes nothing. */
  readonly signature: string | null;
  /** When the clock next crosses a class boundary (imminence, sunset); null when it never will. */
  readonly nextCheckAt: string | null;
  /** `modified` of the latest stored version of the threat's grouping. */
  readonly stixVersion: string | null;
}

/** One report in one threat, with the facts fusion read from it. */
export interface ThreatMember {
  readonly reportId: string;
  readonly threatId: string;
  readonly title: string;
  readonly facts: ReportFacts;
  /** Object marking refs of the report and of the objects its facts came from. */
  readonly markings: readonly string[];
  /** Shared values that made no link when it was fused (warning list, correlation cap). */
  readonly suppressed: readonly SuppressedValue[];
  /** Why it is in this threat (the fusion decision or the analyst's). */
  readonly reason: string;
  readonly addedAt: string;
}

/** A link from a report to a threat it was compared with, and the evidence. */
export interface ThreatLink {
  readonly reportId: string;
  /** The threat the report was compared with. */
  readonly againstId: string;
  /** Where that threat's reports are now (differs from `againstId` after a merge). */
  readonly threatId: string;
  readonly score: number;
  readonly joinable: boolean;
  readonly anchored: boolean;
  readonly anchor: string;
  /** An analyst said the report does not belong to this threat. */
  readonly rejected: boolean;
  readonly evidence: readonly Evidence[];
  readonly computedAt: string;
}

/** Why an assessment row was written. */
export type AssessmentTrigger = 'new-reporting' | 'clock' | 'analyst-decision' | 'refusion';

export interface AssessmentRecord {
  readonly threatId: string;
  readonly seq: number;
  readonly assessedAt: string;
  readonly trigger: AssessmentTrigger;
  readonly signature: string;
  readonly summary: ThreatSummary;
  /** Every input, sub-score and explanation line (domain/assessment assess()). */
  readonly assessment: Assessment;
}

export interface DecisionRecord {
  readonly seq: number;
  readonly decidedAt: string;
  /** Who decided; 'unknown' until authentication names the caller. */
  readonly actor: string;
  readonly decision: AnalystDecision;
  readonly note: string | null;
}

export interface ThreatListQuery {
  readonly limit: number;
  readonly cursor?: string;
  /** Default 'active'. */
  readonly status?: ThreatStatus;
}

export interface ThreatsReads {
  get(id: string): Promise<ThreatRecord | null>;
  /**
   * Threats of one status in priority order: band P1 first (no summary last), then score
   * high to low, then id; keyset-paged, limit at most 1000.
   */
  list(query: ThreatListQuery): Promise<Page<ThreatRecord>>;
  /** Every threat id ever used, any status (new ids must not collide with them). */
  allIds(): Promise<readonly string[]>;
  /** Ids of active threats, sorted. */
  activeIds(): Promise<readonly string[]>;
  /** Active threats whose nextCheckAt is at or before `now`, soonest first, at most `limit`. */
  due(now: string, limit: number): Promise<readonly string[]>;
  /** The threat a report is in, or null. */
  threatOf(reportId: string): Promise<string | null>;
  member(reportId: string): Promise<ThreatMember | null>;
  /** Members of these threats, by threat id then order of arrival. */
  members(threatIds: readonly string[]): Promise<readonly ThreatMember[]>;
  /** How many active threats hold each key; keys held by none are absent. */
  postingCounts(keys: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** Active threats holding at least `minShared` of the keys, sorted by id, at most `limit`. */
  threatsWithKeys(keys: readonly string[], query: { readonly minShared: number; readonly limit: number }): Promise<readonly string[]>;
  /** The keys a threat is indexed under, sorted. */
  keysOf(threatId: string): Promise<readonly string[]>;
  /** Links computed for these reports, by report then score (high first) then againstId. */
  linksOfReports(reportIds: readonly string[]): Promise<readonly ThreatLink[]>;
  /** Links whose current threat is this one (from reports in it or elsewhere), by score high first. */
  linksToThreat(threatId: string): Promise<readonly ThreatLink[]>;
  /** Newest first, at most `limit`. */
  assessments(threatId: string, limit: number): Promise<readonly AssessmentRecord[]>;
  /** Every analyst decision, oldest first: later ones overrule earlier ones. */
  decisions(): Promise<readonly DecisionRecord[]>;
}

export interface ThreatsWrites extends ThreatsReads {
  /** Inserts or replaces the threat row; a status other than active drops its keys. */
  putThreat(threat: ThreatRecord): Promise<void>;
  /** Inserts or replaces members by report id (a report changing threat moves). */
  putMembers(members: readonly ThreatMember[]): Promise<void>;
  removeMembers(reportIds: readonly string[]): Promise<void>;
  /** Adds keys to a threat's index entries (existing ones stay). */
  addKeys(threatId: string, keys: readonly string[]): Promise<void>;
  /** Replaces a threat's index entries. */
  replaceKeys(threatId: string, keys: readonly string[]): Promise<void>;
  /** Replaces every link of one report. */
  replaceLinks(reportId: string, links: readonly ThreatLink[]): Promise<void>;
  /** Points links whose current threat is `from` at `to` (after a merge). Returns how many. */
  retargetLinks(from: string, to: string): Promise<number>;
  /** Marks the links of a report whose current threat is `threatId`. Returns how many. */
  setLinkRejected(reportId: string, threatId: string, rejected: boolean): Promise<number>;
  /** Appends to the threat's history; returns its seq. */
  appendAssessment(record: Omit<AssessmentRecord, 'seq'>): Promise<number>;
  /** Appends a decision; returns its seq. */
  appendDecision(record: Omit<DecisionRecord, 'seq'>): Promise<number>;
}
