// Opening duty-to-warn cases (issue 7, DOMAIN.md §1 "reported"): when fusion flags a threat
// as a duty-to-warn candidate (its assessment's `dutyToWarn.triggered`), a case is opened in
// `reported` and the screening deadline starts from the threat's first report. One case per
// threat, ever: the store refuses a second, so the intake can run after every fusion and on
// every scheduler tick without doubling anything.
import { buildMarkingIndex } from '../../domain/markings/index.ts';
import type { StixObject } from '../../domain/stix/object.ts';
import {
  DEFAULT_WARNING_SETTINGS,
  IMMINENCE_CLASSES,
  openCase,
  type ImminenceClass,
  type WarningSettings,
} from '../../domain/warning/index.ts';
import type { Store, StoreReader, StoreWriter } from '../ports.ts';
import type { ThreatRecord } from '../ports/threats.ts';
import { INTAKE_ACTOR } from './actors.ts';
import { auditWarningChange } from './auditCase.ts';
import { caseIdForThreat } from './ids.ts';

export interface OpenCasesOptions {
  /** Deadlines and limits copied onto each new case (default DEFAULT_WARNING_SETTINGS). */
  readonly settings?: WarningSettings;
}

export interface OpenedCase {
  readonly caseId: string;
  readonly threatId: string;
}

/** Threats read per page while looking for candidates without a case. */
const PAGE = 200;

function isCandidate(threat: ThreatRecord | null): threat is ThreatRecord {
  return threat !== null && threat.status === 'active' && threat.summary?.dutyToWarn === true;
}

/**
 * DOMAIN.md §2 "ORCON: originator must consent to further dissemination": a threat with any
 * ORCON portion among its reports makes the case ORCON, so its release needs the originator.
 */
async function hasOrconSource(reader: StoreReader, markingRefs: ReadonlySet<string>): Promise<boolean> {
  const definitions: StixObject[] = [];
  for (const ref of markingRefs) {
    const record = await reader.getLatestObject(ref);
    if (record !== null) definitions.push(JSON.parse(record.json) as StixObject);
  }
  const index = buildMarkingIndex(definitions);
  for (const ref of markingRefs) {
    const parsed = index.resolve(ref);
    if (parsed?.known === true && parsed.marking.orcon) return true;
  }
  return false;
}

function provisionalImminence(threat: ThreatRecord): ImminenceClass | undefined {
  const imminence = threat.summary?.imminence;
  return IMMINENCE_CLASSES.find((candidate) => candidate === imminence);
}

/**
 * Opens the case of one flagged threat inside the caller's write. Returns null when the
 * threat is not (or no longer) a candidate, or already has its case.
 */
export async function openCaseForThreat(tx: StoreWriter, threatId: string, now: string, options: OpenCasesOptions = {}): Promise<OpenedCase | null> {
  const threat = await tx.threats.get(threatId);
  if (!isCandidate(threat)) return null;
  if ((await tx.warnings.caseOfThreat(threat.id)) !== null) return null;
  const members = await tx.threats.members([threat.id]);
  // The screening deadline runs from the first report's arrival (DOMAIN.md §1 table), not
  // from when the intake noticed it.
  const arrivals = members.map((member) => member.addedAt).filter((at) => at <= now).sort();
  const reportedAt = arrivals[0] ?? (threat.createdAt <= now ? threat.createdAt : now);
  const orcon = await hasOrconSource(tx, new Set(members.flatMap((member) => member.markings)));
  const imminence = provisionalImminence(threat);
  const opened = openCase(
    {
      id: caseIdForThreat(threat.id),
      summary: threat.name,
      reportedAt,
      reportRefs: members.map((member) => member.reportId),
      orcon,
      ...(imminence === undefined ? {} : { provisionalImminence: imminence }),
      settings: options.settings ?? DEFAULT_WARNING_SETTINGS,
    },
    INTAKE_ACTOR,
    now,
  );
  // The inputs come from our own store; a refusal here is a bug, not bad input.
  if (!opened.ok) throw new Error(`cannot open a warning case for ${threat.id}: ${opened.code}: ${opened.message}`);
  if (!(await tx.warnings.createCase(opened.case, opened.events, threat.id))) return null;
  await auditWarningChange(tx, { before: null, after: opened.case, events: opened.events, actor: INTAKE_ACTOR, version: 1, threatId: threat.id, command: 'open' });
  return { caseId: opened.case.id, threatId: threat.id };
}

/** The same for several threats (those a fusion just changed), inside the caller's write. */
export async function openCasesForThreats(tx: StoreWriter, threatIds: readonly string[], now: string, options: OpenCasesOptions = {}): Promise<readonly OpenedCase[]> {
  const opened: OpenedCase[] = [];
  for (const threatId of new Set(threatIds)) {
    const result = await openCaseForThreat(tx, threatId, now, options);
    if (result !== null) opened.push(result);
  }
  return opened;
}

/**
 * Opens a case for every active duty-to-warn candidate that has none: run after fusion and
 * by the scheduler. Each case opens in its own write, so one failure leaves the others.
 */
export async function openCasesForTriggeredThreats(store: Store, now: string, options: OpenCasesOptions = {}): Promise<readonly OpenedCase[]> {
  const pending: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.threats.list({ limit: PAGE, status: 'active', ...(cursor === undefined ? {} : { cursor }) });
    for (const threat of page.items) {
      if (isCandidate(threat) && (await store.warnings.caseOfThreat(threat.id)) === null) pending.push(threat.id);
    }
    cursor = page.next;
  } while (cursor !== undefined);
  const opened: OpenedCase[] = [];
  for (const threatId of pending) {
    const result = await store.write((tx) => openCaseForThreat(tx, threatId, now, options));
    if (result !== null) opened.push(result);
  }
  return opened;
}
