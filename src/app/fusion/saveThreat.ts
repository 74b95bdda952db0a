// Writing a threat's state after its reports changed or the clock moved: assess it, append
// an assessment when anything changed (issue 6: history with inputs), keep the row and its
// summary, and store a new version of its STIX grouping. Used by every use case here.
import { assess, type Assessment } from '../../domain/assessment/index.ts';
import { blockingKeys } from '../../domain/fusion/index.ts';
import type { JsonValue } from '../ports/audit.ts';
import type { StoreWriter } from '../ports.ts';
import type { AssessmentTrigger, ThreatMember, ThreatRecord, ThreatStatus } from '../ports/threats.ts';
import { toObjectWrite } from '../objectWrite.ts';
import type { FusionSettings } from './settings.ts';
import { nextCheckAt, signatureOf, summaryOf, threatName } from './summary.ts';
import { FUSION_IDENTITY, nextVersion, THREAT_EXTENSION_DEFINITION, threatGrouping } from './threatObject.ts';

export interface WriteContext {
  readonly tx: StoreWriter;
  /** RFC 3339 UTC with milliseconds. */
  readonly now: string;
  readonly settings: FusionSettings;
  /** Who caused the write, as the audit log names actors (`system:fusion`, `user:…`). */
  readonly actor: string;
}

export interface SavedThreat {
  readonly record: ThreatRecord;
  readonly assessment: Assessment;
  /** An assessment row was appended. */
  readonly reassessed: boolean;
}

/** Stores the fusion identity and the x-tearline-threat definition the groupings refer to (idempotent). */
export async function ensureDefinitions(tx: StoreWriter): Promise<void> {
  if ((await tx.getLatestObject(THREAT_EXTENSION_DEFINITION.id)) !== null) return;
  await tx.putObjects([toObjectWrite(FUSION_IDENTITY), toObjectWrite(THREAT_EXTENSION_DEFINITION)]);
}

/**
 * Saves an active threat with these members. `membershipChanged`: its reports or their
 * facts changed, so the grouping gets a new version even if the assessment did not move.
 */
export async function saveActiveThreat(
  ctx: WriteContext,
  id: string,
  members: readonly ThreatMember[],
  trigger: AssessmentTrigger,
  membershipChanged: boolean,
  /** The threat's row when the caller already read it (a batch re-assessment). */
  known?: ThreatRecord | null,
): Promise<SavedThreat> {
  const { tx, now } = ctx;
  const previous = known === undefined ? await tx.threats.get(id) : known;
  const reports = members.map((m) => m.facts);
  const assessment = assess({ id, reports }, new Date(now), ctx.settings.assessment);
  const signature = signatureOf(assessment);
  const reassessed = previous?.signature !== signature;
  const summary = reassessed || previous?.summary == null ? summaryOf(assessment) : previous.summary;
  // The name changes only with the reports.
  const name = membershipChanged || previous === null ? threatName(reports, new Map(members.map((m) => [m.reportId, m.title]))) : previous.name;
  if (reassessed) {
    await tx.threats.appendAssessment({ threatId: id, assessedAt: now, trigger, signature, summary, assessment });
    await audit(ctx, 'threat.assess', id, id, {
      trigger,
      priority: summary.priority.band,
      score: summary.priority.score,
      imminence: summary.imminence,
      dutyToWarn: summary.dutyToWarn,
      credibility: summary.credibility.grade,
    });
  }
  const wasActive = previous?.status === 'active';
  const writeObject = reassessed || membershipChanged || !wasActive || previous?.name !== name;
  let stixVersion = previous?.stixVersion ?? null;
  const createdAt = previous?.createdAt ?? now;
  if (writeObject) {
    stixVersion = nextVersion(stixVersion, now);
    const markings = [...new Set(members.flatMap((m) => m.markings))].sort();
    const grouping = threatGrouping({ id, name, createdAt, modified: stixVersion, status: 'active', mergedInto: null, reports, markings, summary });
    await tx.putObjects([toObjectWrite(grouping)]);
  }
  const record: ThreatRecord = {
    id,
    status: 'active',
    mergedInto: null,
    name,
    createdAt,
    updatedAt: writeObject ? now : (previous?.updatedAt ?? now),
    reportCount: members.length,
    summary,
    signature,
    nextCheckAt: nextCheckAt(assessment),
    stixVersion,
  };
  const same = previous !== null && !writeObject && previous.status === 'active' && previous.reportCount === record.reportCount && previous.nextCheckAt === record.nextCheckAt;
  // Nothing moved: write nothing (a timer pass over unchanged threats leaves the store as it was).
  if (!same) await tx.threats.putThreat(record);
  return { record: same ? previous : record, assessment, reassessed };
}

/** Retires a threat that was merged into another or lost its last report; its grouping's last version is revoked. */
export async function retireThreat(ctx: WriteContext, id: string, status: Exclude<ThreatStatus, 'active'>, mergedInto: string | null): Promise<void> {
  const { tx, now } = ctx;
  const previous = await tx.threats.get(id);
  if (previous === null || previous.status !== 'active') return;
  const stixVersion = nextVersion(previous.stixVersion, now);
  const stored = await tx.getLatestObject(id);
  const last = stored === null ? null : (JSON.parse(stored.json) as { object_refs?: unknown; object_marking_refs?: unknown });
  const grouping = threatGrouping({
    id,
    name: previous.name,
    createdAt: previous.createdAt,
    modified: stixVersion,
    status,
    mergedInto,
    reports: [],
    markings: stringList(last?.object_marking_refs),
    summary: previous.summary,
    previousRefs: stringList(last?.object_refs),
  });
  await tx.putObjects([toObjectWrite(grouping)]);
  await tx.threats.putThreat({ ...previous, status, mergedInto, reportCount: 0, updatedAt: now, nextCheckAt: null, stixVersion });
}

/** A threat that lost a report: retired when empty, else re-indexed and re-assessed. */
export async function afterLoss(ctx: WriteContext, threatId: string, trigger: AssessmentTrigger): Promise<void> {
  const rest = await ctx.tx.threats.members([threatId]);
  if (rest.length === 0) {
    await retireThreat(ctx, threatId, 'retired', null);
    return;
  }
  await ctx.tx.threats.replaceKeys(threatId, blockingKeys({ id: threatId, reports: rest.map((m) => m.facts) }, ctx.settings.correlation.warningList));
  await saveActiveThreat(ctx, threatId, rest, trigger, true);
}

/** Records a consequential write in the audit log, inside the same write (ports/audit.ts). */
export async function audit(ctx: WriteContext, action: string, subject: string, threat: string | null, details: JsonValue, reason: string | null = null): Promise<void> {
  await ctx.tx.audit.append({ at: new Date(ctx.now).toISOString(), actor: ctx.actor, action, subject, threat, reason, details });
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
