// Use case: re-fusion from scratch (issue 6). Every report is grouped again by the rules
// with every analyst decision kept (domain/fusion refuse), threat ids are kept for the
// groups that continue, and every report's links are recomputed against the new threats.
// Run it after changing the correlation settings, or on a store whose reports were stored
// before fusion existed (`rederive` reads every stored report's facts again).
import { blockingKeys, correlate, correlationOptions, refuse, resolveDecisions } from '../../domain/fusion/index.ts';
import type { AnalystDecision, ReportFacts, ThreatFacts } from '../../domain/fusion/index.ts';
import type { Clock, Store, StoreWriter } from '../ports.ts';
import type { ThreatLink, ThreatMember } from '../ports/threats.ts';
import { groupMembers } from './fuseReport.ts';
import { threatIdSource } from './ids.ts';
import { loadReport, type ObjectCache } from './reportFacts.ts';
import { audit, ensureDefinitions, retireThreat, saveActiveThreat, type WriteContext } from './saveThreat.ts';
import { DEFAULT_FUSION_SETTINGS, type FusionSettings } from './settings.ts';

export interface RefuseOptions {
  /** Read every stored report's facts again (default true); false re-groups the stored facts. */
  readonly rederive?: boolean;
  readonly settings?: FusionSettings;
  readonly actor?: string;
}

export interface RefuseResult {
  readonly reports: number;
  readonly threats: number;
  /** Threats created, changed in membership, or retired; sorted. */
  readonly created: readonly string[];
  readonly changed: readonly string[];
  readonly retired: readonly string[];
}

export async function refuseAll(context: { readonly store: Store; readonly clock: Clock }, options: RefuseOptions = {}): Promise<RefuseResult> {
  const now = context.clock.now();
  return context.store.write(async (tx) => {
    const ctx: WriteContext = { tx, now, settings: options.settings ?? DEFAULT_FUSION_SETTINGS, actor: options.actor ?? 'system:fusion' };
    await ensureDefinitions(tx);
    const previousIds = await tx.threats.activeIds();
    const members = new Map((await tx.threats.members(previousIds)).map((m) => [m.reportId, m]));
    const previous = new Map([...members.values()].map((m) => [m.reportId, m.threatId]));
    const current = options.rederive === false ? members : await rederive(tx, members, now);
    const decisions = (await tx.threats.decisions()).map((d) => d.decision);
    const nextId = threatIdSource(new Set(await tx.threats.allIds()));
    const threats = refuse([...current.values()].map((m) => m.facts), decisions, {
      ...ctx.settings.correlation,
      previous,
      newThreatId: (report) => nextId(report.id),
    });

    const reasons = await storeLinks(tx, threats, decisions, ctx);
    const assigned = new Map<string, string>();
    for (const threat of threats) for (const report of threat.reports) assigned.set(report.id, threat.id);
    const created: string[] = [];
    for (const threat of threats) {
      const row = await tx.threats.get(threat.id);
      if (row !== null && row.status === 'active') continue;
      created.push(threat.id);
      await tx.threats.putThreat({ id: threat.id, status: 'active', mergedInto: null, name: '', createdAt: row?.createdAt ?? now, updatedAt: now, reportCount: 0, summary: null, signature: null, nextCheckAt: null, stixVersion: row?.stixVersion ?? null });
    }
    const moved: ThreatMember[] = [];
    for (const [reportId, threatId] of assigned) {
      const member = current.get(reportId) as ThreatMember;
      const same = previous.get(reportId) === threatId;
      moved.push({ ...member, threatId, reason: reasons.get(reportId) ?? member.reason, addedAt: same ? member.addedAt : now });
    }
    await tx.threats.putMembers(moved);

    const retired: string[] = [];
    const live = new Set(threats.map((t) => t.id));
    for (const id of previousIds) {
      if (live.has(id)) continue;
      retired.push(id);
      const successor = mostCommon([...previous].filter(([, t]) => t === id).map(([r]) => assigned.get(r)));
      await retireThreat(ctx, id, successor === undefined ? 'retired' : 'merged', successor ?? null);
      if (successor !== undefined) await tx.threats.retargetLinks(id, successor);
    }
    const changed: string[] = [];
    const byThreat = groupMembers(moved);
    const warningList = correlationOptions(ctx.settings.correlation).warningList;
    for (const threat of threats) {
      const list = byThreat.get(threat.id) ?? [];
      const membershipChanged = list.some((m) => previous.get(m.reportId) !== threat.id) || [...previous].some(([r, t]) => t === threat.id && assigned.get(r) !== threat.id);
      if (membershipChanged) changed.push(threat.id);
      await tx.threats.replaceKeys(threat.id, blockingKeys(threat, warningList));
      await saveActiveThreat(ctx, threat.id, list, 'refusion', membershipChanged || options.rederive !== false);
    }
    const result: RefuseResult = { reports: assigned.size, threats: threats.length, created: created.sort(), changed: changed.sort(), retired: retired.sort() };
    await audit(ctx, 'threat.refuse', 'threats', null, { reports: result.reports, threats: result.threats, created: result.created.length, changed: result.changed.length, retired: result.retired.length });
    return result;
  });
}

/** Every stored report, its facts read again; reports never fused before join in. */
async function rederive(tx: StoreWriter, members: ReadonlyMap<string, ThreatMember>, now: string): Promise<Map<string, ThreatMember>> {
  const out = new Map<string, ThreatMember>();
  const cache: ObjectCache = new Map();
  for await (const record of tx.scanLatestObjects({ types: ['report'] })) {
    const loaded = await loadReport(tx, record.id, cache);
    if (!loaded.ok) continue;
    const old = members.get(record.id);
    out.set(record.id, {
      reportId: record.id,
      threatId: old?.threatId ?? '',
      title: loaded.report.title,
      facts: loaded.report.facts,
      markings: loaded.report.markings,
      suppressed: old?.suppressed ?? [],
      reason: old?.reason ?? 'fused by re-fusion',
      addedAt: old?.addedAt ?? now,
    });
  }
  // A fused report the scan did not return (it cannot be read as a report any more) keeps its facts.
  for (const [id, member] of members) if (!out.has(id)) out.set(id, member);
  return out;
}

/**
 * Recomputes every report's links against the threats it now shares a blocking key with,
 * and returns why each report is where it is (its pin, or its link to its own threat).
 */
async function storeLinks(tx: StoreWriter, threats: readonly ThreatFacts[], decisions: readonly AnalystDecision[], ctx: WriteContext): Promise<Map<string, string>> {
  const warningList = correlationOptions(ctx.settings.correlation).warningList;
  const index = new Map<string, Set<string>>();
  const byId = new Map(threats.map((t) => [t.id, t]));
  for (const threat of threats) {
    for (const key of blockingKeys(threat, warningList)) {
      const posting = index.get(key) ?? new Set<string>();
      posting.add(threat.id);
      index.set(key, posting);
    }
  }
  const pinned = resolveDecisions(decisions).pinned;
  const reasons = new Map<string, string>();
  for (const threat of threats) {
    for (const report of threat.reports) {
      const keys = blockingKeys(report, warningList);
      const ids = new Set<string>();
      const valueThreatCounts = new Map<string, number>();
      for (const key of keys) {
        const posting = index.get(key);
        if (posting === undefined) continue;
        for (const id of posting) ids.add(id);
        if (key.startsWith('obs:')) valueThreatCounts.set(key, posting.size);
      }
      ids.add(threat.id);
      const candidates = [...ids].flatMap((id) => byId.get(id) ?? []);
      const result = correlate(report, candidates, { ...ctx.settings.correlation, decisions, valueThreatCounts });
      const links: ThreatLink[] = result.links.map((l) => ({
        reportId: report.id,
        againstId: l.threatId,
        threatId: l.threatId,
        score: l.score,
        joinable: l.joinable,
        anchored: l.anchored,
        anchor: l.anchor,
        rejected: l.rejectedByAnalyst,
        evidence: l.evidence,
        computedAt: ctx.now,
      }));
      await tx.threats.replaceLinks(report.id, links);
      reasons.set(report.id, reasonFor(report, threat.id, pinned, links));
    }
  }
  return reasons;
}

function reasonFor(report: ReportFacts, threatId: string, pinned: ReadonlyMap<string, string>, links: readonly ThreatLink[]): string {
  if (pinned.get(report.id) === threatId) return `re-fusion: pinned by an analyst to ${threatId}`;
  const own = links.find((l) => l.threatId === threatId);
  if (own === undefined) return `re-fusion: the first report of ${threatId}`;
  return `re-fusion: ${own.joinable ? 'joins' : 'linked to'} ${threatId}: score ${own.score}, ${own.anchor}`;
}

function mostCommon(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = v;
  return best;
}
