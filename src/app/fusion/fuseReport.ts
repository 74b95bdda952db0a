// Use case: fuse stored reports into threats (issue 6 "Correlation, on every ingest"). Runs
// inside the write that stored the reports (app/ingest/ingestObjects.ts), so a report and
// the threats it changes commit together. Per report:
//   1. read its facts from the store (reportFacts.ts);
//   2. find candidate threats through the blocking-key index (candidates.ts), plus the
//      threat it is already in and the one an analyst pinned it to;
//   3. apply the rules (domain/fusion correlate: links with evidence, join, new threat or
//      merge), with every analyst decision, as domain fuseReport applies them in memory;
//   (a revoked report leaves its threat instead, STIX 2.1 §3.6;)
//   4. store the result: members, index keys, links with evidence, retired threats, and for
//      each changed threat a new assessment and grouping version (saveThreat.ts).
import { blockingKeys, correlate, correlationOptions, resolveDecisions } from '../../domain/fusion/index.ts';
import type { AnalystDecision, ReportFacts, ThreatFacts } from '../../domain/fusion/index.ts';
import type { Store, StoreWriter } from '../ports.ts';
import type { AssessmentTrigger, ThreatLink, ThreatMember } from '../ports/threats.ts';
import { findCandidates } from './candidates.ts';
import { freshThreatId } from './ids.ts';
import { loadReport, type LoadedReport, type ObjectCache } from './reportFacts.ts';
import { afterLoss, audit, ensureDefinitions, retireThreat, saveActiveThreat, type WriteContext } from './saveThreat.ts';
import { DEFAULT_FUSION_SETTINGS, type FusionSettings } from './settings.ts';
import { TEARLINE_IDENTITY_ID } from '../../domain/markings/extension.ts';

export interface FusedReport {
  readonly reportId: string;
  /** The threat the report is now in. */
  readonly threatId: string;
  readonly newThreat: boolean;
  /** Threats the rules merged into `threatId` because of this report. */
  readonly merged: readonly string[];
  readonly reason: string;
  /** How many candidate threats it was compared with. */
  readonly candidates: number;
  readonly links: number;
}

export interface FuseOptions {
  readonly settings?: FusionSettings;
  /** Audit actor; default `system:fusion`. */
  readonly actor?: string;
  readonly trigger?: AssessmentTrigger;
}

/** Fuses reports already stored in this write, in the order given. Objects that are not reports are skipped. */
export async function fuseStoredReports(tx: StoreWriter, reportIds: readonly string[], now: string, options: FuseOptions = {}): Promise<FusedReport[]> {
  if (reportIds.length === 0) return [];
  const ctx: WriteContext = { tx, now, settings: options.settings ?? DEFAULT_FUSION_SETTINGS, actor: options.actor ?? 'system:fusion' };
  await ensureDefinitions(tx);
  const decisions = (await tx.threats.decisions()).map((d) => d.decision);
  const cache: ObjectCache = new Map();
  const reserved = new Set<string>();
  const out: FusedReport[] = [];
  for (const reportId of new Set(reportIds)) {
    const loaded = await loadReport(tx, reportId, cache);
    if (!loaded.ok) {
      if (loaded.code === 'revoked') await withdrawReport(ctx, reportId);
      continue;
    }
    // Our own released derivatives (a tearline delivered into a partner collection) come back
    // through ingest; fusing them again would count our reporting as corroboration of itself.
    if (loaded.report.facts.sourceId === TEARLINE_IDENTITY_ID) continue;
    out.push(await placeReport(ctx, loaded.report, decisions, reserved, options.trigger ?? 'new-reporting'));
  }
  return out;
}

/** The same, in a write of its own: for reports stored earlier (and tests). */
export async function fuseReport(reportId: string, context: { readonly store: Store; readonly now: string; readonly settings?: FusionSettings }): Promise<FusedReport | null> {
  const [fused] = await context.store.write((tx) => fuseStoredReports(tx, [reportId], context.now, context.settings === undefined ? {} : { settings: context.settings }));
  return fused ?? null;
}

/**
 * Puts one report where the rules and the analysts' decisions say, and stores the changes.
 * Also used to re-place a report an analyst rejected from its threat.
 */
export async function placeReport(
  ctx: WriteContext,
  loaded: LoadedReport,
  decisions: readonly AnalystDecision[],
  reserved: Set<string>,
  trigger: AssessmentTrigger,
  options: { readonly keepAloneId?: boolean } = {},
): Promise<FusedReport> {
  const { tx, now, settings } = ctx;
  const facts = loaded.facts;
  const warningList = correlationOptions(settings.correlation).warningList;
  const keys = blockingKeys(facts, warningList);
  const current = await tx.threats.threatOf(facts.id);
  const pinned = resolveDecisions(decisions).pinned.get(facts.id);
  const found = await findCandidates(tx, keys, settings);
  const ids = new Set(found.threatIds);
  if (current !== null) ids.add(current);
  if (pinned !== undefined) ids.add(pinned);

  const before = groupMembers(await tx.threats.members([...ids]));
  const candidates: ThreatFacts[] = [...before].map(([id, members]) => ({ id, reports: members.map((m) => m.facts) }));
  // The rules (domain/fusion correlate), applied here to the store as domain fuseReport
  // applies them to a set in memory: the candidates are already the index's.
  const result = correlate(facts, candidates, { ...settings.correlation, decisions, valueThreatCounts: found.valueThreatCounts });
  const { decision, links } = result;
  const suppressed = [...result.suppressed, ...found.suppressed.filter((s) => !result.suppressed.some((r) => r.value === s.value))];
  // A threat of this report alone keeps its id when the report, updated, still stands alone
  // (not when an analyst just rejected the report from it).
  const alone = options.keepAloneId !== false && current !== null && before.get(current)?.every((m) => m.reportId === facts.id) === true;
  const joined = decision.join ?? (alone ? current : await freshThreatId(tx, facts.id, reserved));

  const merged = new Set(decision.merge);
  const previous = before.get(current ?? '')?.find((m) => m.reportId === facts.id);
  const reportMember: ThreatMember = {
    reportId: facts.id,
    threatId: joined,
    title: loaded.title,
    facts,
    markings: loaded.markings,
    suppressed,
    reason: decision.reason,
    addedAt: previous?.threatId === joined ? previous.addedAt : now,
  };
  const changedMembers: ThreatMember[] = [reportMember];
  const after = new Map<string, ThreatMember[]>();
  const moved: ThreatMember[] = [];
  for (const [id, members] of before) {
    const rest = members.filter((m) => m.reportId !== facts.id);
    if (merged.has(id)) {
      for (const m of rest) moved.push({ ...m, threatId: joined, reason: `${m.reason}; merged into ${joined}: ${decision.reason}`, addedAt: now });
    } else if (rest.length > 0) {
      after.set(id, rest);
    }
  }
  changedMembers.push(...moved);
  after.set(joined, [...(after.get(joined) ?? []), ...moved, reportMember]);

  // New threats first: members refer to their threat.
  for (const id of after.keys()) {
    if (!before.has(id) && (await tx.threats.get(id)) === null) {
      await tx.threats.putThreat({ id, status: 'active', mergedInto: null, name: '', createdAt: now, updatedAt: now, reportCount: 0, summary: null, signature: null, nextCheckAt: null, stixVersion: null });
    }
  }
  await tx.threats.putMembers(changedMembers);
  for (const id of before.keys()) {
    if (after.has(id)) continue;
    const wasMerged = merged.has(id);
    await retireThreat(ctx, id, wasMerged ? 'merged' : 'retired', wasMerged ? joined : null);
    if (wasMerged) await tx.threats.retargetLinks(id, joined);
  }
  for (const [id, members] of after) {
    const had = before.get(id)?.map((m) => m.reportId) ?? [];
    const has = new Set(members.map((m) => m.reportId));
    const lost = had.some((r) => !has.has(r));
    if (!lost && id !== joined) continue;
    // A threat that lost a report, or whose report changed (a new version), is indexed
    // afresh; the joined threat otherwise only gains keys.
    if (lost || had.includes(facts.id)) await tx.threats.replaceKeys(id, threatKeys(members.map((m) => m.facts), warningList));
    else await tx.threats.addKeys(id, moved.length === 0 ? keys : [...new Set([...keys, ...threatKeys(moved.map((m) => m.facts), warningList)])]);
    await saveActiveThreat(ctx, id, members, trigger, true);
  }

  const stored: ThreatLink[] = links.map((l) => ({
    reportId: facts.id,
    againstId: l.threatId,
    threatId: merged.has(l.threatId) ? joined : l.threatId,
    score: l.score,
    joinable: l.joinable,
    anchored: l.anchored,
    anchor: l.anchor,
    rejected: l.rejectedByAnalyst,
    evidence: l.evidence,
    computedAt: now,
  }));
  await tx.threats.replaceLinks(facts.id, stored);
  const fused: FusedReport = {
    reportId: facts.id,
    threatId: joined,
    newThreat: decision.join === null,
    merged: decision.merge,
    reason: decision.reason,
    candidates: candidates.length,
    links: links.length,
  };
  await audit(ctx, 'threat.fuse', facts.id, joined, { newThreat: fused.newThreat, merged: [...fused.merged], candidates: fused.candidates, links: fused.links }, decision.reason);
  return fused;
}

/** A revoked report leaves its threat, and its links go (the domain's rules read only valid reports). */
async function withdrawReport(ctx: WriteContext, reportId: string): Promise<void> {
  const threatId = await ctx.tx.threats.threatOf(reportId);
  if (threatId === null) return;
  await ctx.tx.threats.removeMembers([reportId]);
  await ctx.tx.threats.replaceLinks(reportId, []);
  await afterLoss(ctx, threatId, 'new-reporting');
  await audit(ctx, 'threat.withdraw', reportId, threatId, { reason: 'revoked' }, 'the report was revoked');
}

export function groupMembers(members: readonly ThreatMember[]): Map<string, ThreatMember[]> {
  const out = new Map<string, ThreatMember[]>();
  for (const m of members) {
    const list = out.get(m.threatId);
    if (list === undefined) out.set(m.threatId, [m]);
    else list.push(m);
  }
  return out;
}

function threatKeys(reports: readonly ReportFacts[], warningList: ReturnType<typeof correlationOptions>['warningList']): string[] {
  return blockingKeys({ id: '', reports }, warningList);
}
