// Use case: what an analyst reads about threats (issue 6): the list by priority with the
// duty-to-warn flag, imminence, credibility and specificity; one threat with its members,
// its links and their evidence, its current assessment with the explanation, its history
// and the decisions about it. Plain values, shared by the CLI and the REST API.
import type { Assessment } from '../../domain/assessment/index.ts';
import { admiraltyCode, type ImminenceClass } from '../../domain/assessment/index.ts';
import type { AnalystDecision, Evidence, SuppressedValue } from '../../domain/fusion/index.ts';
import type { StoreReader } from '../ports.ts';
import type { AssessmentTrigger, ThreatRecord, ThreatStatus, ThreatSummary } from '../ports/threats.ts';

const HOUR_MS = 3_600_000;
const HISTORY = 50;

export interface ThreatListItem {
  readonly id: string;
  readonly name: string;
  readonly status: ThreatStatus;
  readonly mergedInto: string | null;
  readonly reportCount: number;
  readonly priority: { readonly band: string; readonly score: number } | null;
  readonly dutyToWarn: boolean;
  readonly imminence: ImminenceClass | null;
  /** Hours from now to the window's start (negative once open), at the time of reading. */
  readonly hoursToStart: number | null;
  /**
   * The next deadline of the duty-to-warn workflow (screen, decide, deliver: DOMAIN.md §1).
   * A placeholder until warning cases exist: always null here.
   */
  readonly nextDeadline: string | null;
  /** When the clock next changes the assessment (an imminence boundary or the sunset). */
  readonly nextReassessment: string | null;
  readonly credibility: { readonly grade: number; readonly confidence: number | null } | null;
  readonly specificity: { readonly vector: ThreatSummary['specificity']['vector']; readonly total: number } | null;
  readonly harm: string | null;
  readonly severity: number | null;
  readonly window: { readonly start: string; readonly end: string } | null;
  readonly assessedAt: string | null;
  readonly updatedAt: string;
}

export interface ThreatReportView {
  readonly id: string;
  readonly title: string;
  readonly published: string | null;
  readonly sourceId: string | null;
  /** Admiralty code as graded by the source, e.g. "B2". */
  readonly grade: string;
  readonly automatic: boolean;
  readonly addedAt: string;
  /** Why it is in this threat. */
  readonly reason: string;
  readonly window: { readonly start: string; readonly end: string } | null;
  readonly suppressed: readonly SuppressedValue[];
}

export interface ThreatLinkView {
  readonly reportId: string;
  readonly reportTitle: string | null;
  /** The report is a member of this threat (else it is a suggested link from elsewhere). */
  readonly member: boolean;
  readonly againstId: string;
  readonly score: number;
  readonly joinable: boolean;
  readonly anchor: string;
  readonly rejected: boolean;
  readonly evidence: readonly Evidence[];
  readonly computedAt: string;
}

export interface ThreatHistoryItem {
  readonly seq: number;
  readonly assessedAt: string;
  readonly trigger: AssessmentTrigger;
  readonly summary: ThreatSummary;
}

export interface ThreatDecisionView {
  readonly seq: number;
  readonly decidedAt: string;
  readonly actor: string;
  readonly decision: AnalystDecision;
  readonly note: string | null;
}

export interface ThreatDetail extends ThreatListItem {
  readonly reports: readonly ThreatReportView[];
  readonly actors: readonly { readonly id: string; readonly names: readonly string[]; readonly kind: string; readonly reportIds: readonly string[] }[];
  readonly places: readonly { readonly id: string; readonly name: string; readonly kind: string; readonly lat?: number; readonly lon?: number; readonly reportIds: readonly string[] }[];
  readonly methods: readonly { readonly id: string; readonly name: string; readonly kind: string; readonly reportIds: readonly string[] }[];
  readonly targets: readonly { readonly id: string; readonly name: string; readonly role: string; readonly specific: boolean; readonly reportIds: readonly string[] }[];
  readonly observables: readonly { readonly type: string; readonly value: string; readonly reportIds: readonly string[] }[];
  readonly links: readonly ThreatLinkView[];
  /** The current assessment, every input and sub-score, and its explanation lines. */
  readonly assessment: Assessment | null;
  readonly history: readonly ThreatHistoryItem[];
  readonly decisions: readonly ThreatDecisionView[];
}

export interface ThreatListQuery {
  readonly limit?: number;
  readonly cursor?: string;
  readonly status?: ThreatStatus;
}

export async function listThreats(reader: StoreReader, query: ThreatListQuery, now: string): Promise<{ readonly threats: readonly ThreatListItem[]; readonly next?: string }> {
  const page = await reader.threats.list({ limit: query.limit ?? 100, ...(query.cursor === undefined ? {} : { cursor: query.cursor }), ...(query.status === undefined ? {} : { status: query.status }) });
  const threats = page.items.map((t) => listItem(t, now));
  return page.next === undefined ? { threats } : { threats, next: page.next };
}

export async function showThreat(reader: StoreReader, id: string, now: string): Promise<ThreatDetail | null> {
  const threat = await reader.threats.get(id);
  if (threat === null) return null;
  const members = await reader.threats.members([id]);
  const memberIds = new Set(members.map((m) => m.reportId));
  const [latest, ...older] = await reader.threats.assessments(id, HISTORY);
  const inbound = await reader.threats.linksToThreat(id);
  const outbound = await reader.threats.linksOfReports([...memberIds]);
  const seen = new Set<string>();
  const titles = new Map(members.map((m) => [m.reportId, m.title]));
  const links: ThreatLinkView[] = [];
  for (const l of [...inbound, ...outbound.filter((o) => o.threatId === id)]) {
    const key = `${l.reportId}|${l.againstId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push({
      reportId: l.reportId,
      reportTitle: titles.get(l.reportId) ?? (await reader.threats.member(l.reportId))?.title ?? null,
      member: memberIds.has(l.reportId),
      againstId: l.againstId,
      score: l.score,
      joinable: l.joinable,
      anchor: l.anchor,
      rejected: l.rejected,
      evidence: l.evidence,
      computedAt: l.computedAt,
    });
  }
  links.sort((a, b) => b.score - a.score || (a.reportId < b.reportId ? -1 : 1));

  const collect = <T extends { id: string }>(pick: (facts: (typeof members)[number]['facts']) => readonly T[]) => {
    const out = new Map<string, { fact: T; reportIds: string[] }>();
    for (const m of members) {
      for (const fact of pick(m.facts)) {
        const entry = out.get(fact.id);
        if (entry === undefined) out.set(fact.id, { fact, reportIds: [m.reportId] });
        else if (!entry.reportIds.includes(m.reportId)) entry.reportIds.push(m.reportId);
      }
    }
    return [...out.values()];
  };
  const observables = new Map<string, { type: string; value: string; reportIds: string[] }>();
  for (const m of members) {
    for (const o of m.facts.observables) {
      const key = `${o.type}\u0000${o.value}`;
      const entry = observables.get(key) ?? { type: o.type, value: o.value, reportIds: [] };
      if (!entry.reportIds.includes(m.reportId)) entry.reportIds.push(m.reportId);
      observables.set(key, entry);
    }
  }
  const decisions = (await reader.threats.decisions()).filter((d) => concerns(d.decision, id, memberIds));

  return {
    ...listItem(threat, now),
    reports: members.map((m) => ({
      id: m.reportId,
      title: m.title,
      published: m.facts.published,
      sourceId: m.facts.sourceId,
      grade: admiraltyCode(m.facts.reliability, m.facts.credibility),
      automatic: m.facts.automatic && !m.facts.analystConfirmed,
      addedAt: m.addedAt,
      reason: m.reason,
      window: m.facts.window,
      suppressed: m.suppressed,
    })),
    actors: collect((f) => f.actors).map(({ fact, reportIds }) => ({ id: fact.id, names: fact.names, kind: fact.kind, reportIds })),
    places: collect((f) => f.places).map(({ fact, reportIds }) => ({
      id: fact.id,
      name: fact.name,
      kind: fact.kind,
      ...(fact.lat === undefined || fact.lon === undefined ? {} : { lat: fact.lat, lon: fact.lon }),
      reportIds,
    })),
    methods: collect((f) => f.methods).map(({ fact, reportIds }) => ({ id: fact.id, name: fact.name, kind: fact.kind, reportIds })),
    targets: collect((f) => f.targets).map(({ fact, reportIds }) => ({ id: fact.id, name: fact.name, role: fact.role, specific: fact.specific, reportIds })),
    observables: [...observables.values()],
    links,
    assessment: latest?.assessment ?? null,
    history: [latest, ...older].flatMap((a) => (a === undefined ? [] : [{ seq: a.seq, assessedAt: a.assessedAt, trigger: a.trigger, summary: a.summary }])),
    decisions: decisions.map((d) => ({ seq: d.seq, decidedAt: d.decidedAt, actor: d.actor, decision: d.decision, note: d.note })),
  };
}

function listItem(t: ThreatRecord, now: string): ThreatListItem {
  const s = t.summary;
  const start = s?.window == null ? NaN : Date.parse(s.window.start);
  return {
    id: t.id,
    name: t.name,
    status: t.status,
    mergedInto: t.mergedInto,
    reportCount: t.reportCount,
    priority: s === null ? null : s.priority,
    dutyToWarn: s?.dutyToWarn ?? false,
    imminence: s?.imminence ?? null,
    hoursToStart: Number.isNaN(start) ? null : Math.round(((start - Date.parse(now)) / HOUR_MS) * 10) / 10,
    nextDeadline: null,
    nextReassessment: t.nextCheckAt,
    credibility: s === null ? null : s.credibility,
    specificity: s === null ? null : s.specificity,
    harm: s?.harm ?? null,
    severity: s?.severity ?? null,
    window: s?.window ?? null,
    assessedAt: s?.assessedAt ?? null,
    updatedAt: t.updatedAt,
  };
}

/** Whether a decision is about this threat or one of its reports. */
function concerns(decision: AnalystDecision, threatId: string, reportIds: ReadonlySet<string>): boolean {
  switch (decision.kind) {
    case 'pin':
    case 'reject':
      return decision.threatId === threatId || reportIds.has(decision.reportId);
    case 'merge':
      return decision.threatId === threatId || decision.reportIds.some((r) => reportIds.has(r));
    case 'split':
      return decision.parts.some((p) => p.threatId === threatId || p.reportIds.some((r) => reportIds.has(r)));
  }
}
