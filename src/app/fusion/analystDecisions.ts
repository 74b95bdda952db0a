// Use cases: an analyst merges threats, splits one, pins a report to a threat or rejects a
// link (issue 6: "their choices win over the rules and are kept across re-fusion"). Each
// decision is stored as a fact about reports (domain/fusion/decisions.ts), applied at once,
// and read again by every later fusion and re-fusion. Bad requests come back as typed
// errors, never thrown.
import { blockingKeys, type AnalystDecision, type ReportFacts } from '../../domain/fusion/index.ts';
import type { Clock, Store, StoreWriter } from '../ports.ts';
import type { DecisionRecord, ThreatMember, ThreatRecord } from '../ports/threats.ts';
import { placeReport } from './fuseReport.ts';
import { freshThreatId } from './ids.ts';
import { afterLoss, audit, retireThreat, saveActiveThreat, type WriteContext } from './saveThreat.ts';
import { DEFAULT_FUSION_SETTINGS, type FusionSettings } from './settings.ts';

export interface DecisionContext {
  readonly store: Store;
  readonly clock: Clock;
  /** Who decides, as the audit log names actors (`user:<name>`); `anonymous` until auth names the caller. */
  readonly actor?: string;
  readonly settings?: FusionSettings;
}

/**
 * unknown-threat: the threat addressed does not exist; threat-not-active: it was merged or
 * retired; unknown-report / unknown-other-threat / invalid-request: the request names
 * reports or threats that do not fit.
 */
export type DecisionErrorCode = 'unknown-threat' | 'threat-not-active' | 'unknown-report' | 'unknown-other-threat' | 'invalid-request';

export type DecisionResult =
  | { readonly ok: true; readonly decision: DecisionRecord; readonly affected: readonly string[] }
  | { readonly ok: false; readonly error: { readonly code: DecisionErrorCode; readonly message: string } };

export interface MergeInput {
  readonly threatId: string;
  /** Threats folded into `threatId`. */
  readonly otherIds: readonly string[];
  readonly note?: string;
}

export interface SplitInput {
  readonly threatId: string;
  /** Reports of `threatId` that leave it for a new threat. */
  readonly reportIds: readonly string[];
  readonly note?: string;
}

export interface LinkInput {
  readonly threatId: string;
  readonly reportId: string;
  readonly note?: string;
}

type Failure = Extract<DecisionResult, { ok: false }>;
const fail = (code: DecisionErrorCode, message: string): Failure => ({ ok: false, error: { code, message } });

/** Runs one decision in one write: validate, record, apply. */
async function decide(
  context: DecisionContext,
  apply: (ctx: WriteContext, record: (decision: AnalystDecision, note: string | undefined) => Promise<DecisionRecord>) => Promise<DecisionResult>,
): Promise<DecisionResult> {
  const actor = context.actor ?? 'anonymous';
  const now = context.clock.now();
  return context.store.write(async (tx) => {
    const ctx: WriteContext = { tx, now, settings: context.settings ?? DEFAULT_FUSION_SETTINGS, actor };
    const record = async (decision: AnalystDecision, note: string | undefined): Promise<DecisionRecord> => {
      const draft = { decidedAt: now, actor, decision, note: note ?? null };
      const seq = await tx.threats.appendDecision(draft);
      return { seq, ...draft };
    };
    return apply(ctx, record);
  });
}

async function activeThreat(tx: StoreWriter, id: string): Promise<ThreatRecord | Failure> {
  const threat = await tx.threats.get(id);
  if (threat === null) return fail('unknown-threat', `no threat ${id}`);
  if (threat.status !== 'active') {
    return fail('threat-not-active', `threat ${id} is ${threat.status}${threat.mergedInto === null ? '' : ` into ${threat.mergedInto}`}`);
  }
  return threat;
}

function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && 'ok' in value && (value as { ok: unknown }).ok === false;
}

function keysOf(reports: readonly ReportFacts[], ctx: WriteContext): string[] {
  return blockingKeys({ id: '', reports }, ctx.settings.correlation.warningList);
}

/** Folds other threats into one: their reports are pinned to it (the rules never undo it). */
export async function mergeThreats(input: MergeInput, context: DecisionContext): Promise<DecisionResult> {
  return decide(context, async (ctx, record) => {
    const { tx } = ctx;
    const target = await activeThreat(tx, input.threatId);
    if (isFailure(target)) return target;
    const others = [...new Set(input.otherIds)];
    if (others.length === 0) return fail('invalid-request', 'name at least one other threat to merge');
    if (others.includes(input.threatId)) return fail('invalid-request', 'a threat cannot be merged into itself');
    for (const id of others) {
      const other = await tx.threats.get(id);
      if (other === null || other.status !== 'active') return fail('unknown-other-threat', `no active threat ${id} to merge`);
    }
    const members = await tx.threats.members([input.threatId, ...others]);
    const decision = await record({ kind: 'merge', threatId: input.threatId, reportIds: members.map((m) => m.reportId) }, input.note);
    const moved = members.filter((m) => m.threatId !== input.threatId).map((m) => ({ ...m, threatId: input.threatId, reason: `merged by ${ctx.actor} from ${m.threatId}`, addedAt: ctx.now }));
    await tx.threats.putMembers(moved);
    for (const id of others) {
      await retireThreat(ctx, id, 'merged', input.threatId);
      await tx.threats.retargetLinks(id, input.threatId);
    }
    await tx.threats.addKeys(input.threatId, keysOf(moved.map((m) => m.facts), ctx));
    const all = [...members.filter((m) => m.threatId === input.threatId), ...moved];
    await saveActiveThreat(ctx, input.threatId, all, 'analyst-decision', true);
    await audit(ctx, 'threat.merge', input.threatId, input.threatId, { merged: others, reports: all.length, decision: decision.seq }, input.note ?? null);
    return { ok: true, decision, affected: [input.threatId, ...others] };
  });
}

/** Moves some reports of a threat into a new threat; both parts are pinned. */
export async function splitThreat(input: SplitInput, context: DecisionContext): Promise<DecisionResult> {
  return decide(context, async (ctx, record) => {
    const { tx } = ctx;
    const threat = await activeThreat(tx, input.threatId);
    if (isFailure(threat)) return threat;
    const leaving = [...new Set(input.reportIds)];
    if (leaving.length === 0) return fail('invalid-request', 'name at least one report to split off');
    const members = await tx.threats.members([input.threatId]);
    const held = new Set(members.map((m) => m.reportId));
    const unknown = leaving.filter((id) => !held.has(id));
    if (unknown.length > 0) return fail('unknown-report', `not in threat ${input.threatId}: ${unknown.join(', ')}`);
    if (leaving.length === members.length) return fail('invalid-request', 'a split must leave at least one report in the threat');
    const newId = await freshThreatId(tx, leaving[0] as string, new Set());
    const staying = members.filter((m) => !leaving.includes(m.reportId));
    const moved = members.filter((m) => leaving.includes(m.reportId)).map((m) => ({ ...m, threatId: newId, reason: `split off ${input.threatId} by ${ctx.actor}`, addedAt: ctx.now }));
    const decision = await record(
      { kind: 'split', parts: [{ threatId: input.threatId, reportIds: staying.map((m) => m.reportId) }, { threatId: newId, reportIds: moved.map((m) => m.reportId) }] },
      input.note,
    );
    await tx.threats.putThreat({ id: newId, status: 'active', mergedInto: null, name: '', createdAt: ctx.now, updatedAt: ctx.now, reportCount: 0, summary: null, signature: null, nextCheckAt: null, stixVersion: null });
    await tx.threats.putMembers(moved);
    await tx.threats.replaceKeys(input.threatId, keysOf(staying.map((m) => m.facts), ctx));
    await tx.threats.replaceKeys(newId, keysOf(moved.map((m) => m.facts), ctx));
    await saveActiveThreat(ctx, input.threatId, staying, 'analyst-decision', true);
    await saveActiveThreat(ctx, newId, moved, 'analyst-decision', true);
    await audit(ctx, 'threat.split', input.threatId, input.threatId, { newThreat: newId, reports: moved.map((m) => m.reportId), decision: decision.seq }, input.note ?? null);
    return { ok: true, decision, affected: [input.threatId, newId] };
  });
}

/** Puts a report in a threat (accepting a suggested link): the rules never move it again. */
export async function pinReport(input: LinkInput, context: DecisionContext): Promise<DecisionResult> {
  return decide(context, async (ctx, record) => {
    const { tx } = ctx;
    const threat = await activeThreat(tx, input.threatId);
    if (isFailure(threat)) return threat;
    const member = await tx.threats.member(input.reportId);
    if (member === null) return fail('unknown-report', `no fused report ${input.reportId}`);
    const decision = await record({ kind: 'pin', reportId: input.reportId, threatId: input.threatId }, input.note);
    await tx.threats.setLinkRejected(input.reportId, input.threatId, false);
    const affected = [input.threatId];
    if (member.threatId !== input.threatId) {
      const from = member.threatId;
      affected.push(from);
      const moved: ThreatMember = { ...member, threatId: input.threatId, reason: `pinned by ${ctx.actor}`, addedAt: ctx.now };
      await tx.threats.putMembers([moved]);
      await afterLoss(ctx, from, 'analyst-decision');
      await tx.threats.addKeys(input.threatId, keysOf([member.facts], ctx));
      await saveActiveThreat(ctx, input.threatId, [...(await tx.threats.members([input.threatId]))], 'analyst-decision', true);
    }
    await audit(ctx, 'threat.pin', input.reportId, input.threatId, { from: member.threatId, decision: decision.seq }, input.note ?? null);
    return { ok: true, decision, affected };
  });
}

/**
 * Says a report does not belong to a threat. If it is in it, it leaves and is placed again
 * by the rules, which now never join it there (it may start a threat of its own).
 */
export async function rejectLink(input: LinkInput, context: DecisionContext): Promise<DecisionResult> {
  return decide(context, async (ctx, record) => {
    const { tx } = ctx;
    const threat = await activeThreat(tx, input.threatId);
    if (isFailure(threat)) return threat;
    const member = await tx.threats.member(input.reportId);
    if (member === null) return fail('unknown-report', `no fused report ${input.reportId}`);
    const decision = await record({ kind: 'reject', reportId: input.reportId, threatId: input.threatId }, input.note);
    const affected = [input.threatId];
    if (member.threatId === input.threatId) {
      const decisions = (await tx.threats.decisions()).map((d) => d.decision);
      const placed = await placeReport(ctx, { facts: member.facts, title: member.title, markings: member.markings, unresolvedRefs: [] }, decisions, new Set(), 'analyst-decision', { keepAloneId: false });
      affected.push(placed.threatId);
    }
    await tx.threats.setLinkRejected(input.reportId, input.threatId, true);
    await audit(ctx, 'threat.reject', input.reportId, input.threatId, { from: member.threatId, decision: decision.seq }, input.note ?? null);
    return { ok: true, decision, affected: [...new Set(affected)] };
  });
}
