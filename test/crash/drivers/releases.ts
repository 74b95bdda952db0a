// Warning cases driven to an approved release over the REST API while the server runs, a
// few at a time, each step as the person whose role it needs (the drafter never approves):
// screen, establish duty, draft (the tearline torn, frozen and hashed), submit, and the two
// officers' approvals — the last of which requests one delivery per channel in its write.
// Before each step the case is read back, so a step the kill took before its answer is
// never sent twice. Between restarts the pool of open cases is topped up (world.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProductChannel } from '../../../src/app/ports/warnings.ts';
import type { CampaignState, CrashDriver } from '../plugins.ts';
import { stateRank, type ReleaseRecord, type ReleaseStep } from '../releaseLedger.ts';
import { sentObject } from '../ledger.ts';
import { bringToReleaseReview, openCases, PARTNER, screeningCommand, type Person } from '../world.ts';

export interface ReleaseDriverOptions {
  /** Cases worked on at once. */
  readonly workers: number;
  /** Open (unreleased) cases kept in the pool; topped up between restarts. */
  readonly pool: number;
  /** Of the first cases, how many start in release_review (world.ts bringToReleaseReview), so short campaigns reach approvals and deliveries. */
  readonly headStart?: number;
}

const REQUEST_TIMEOUT_MS = 120_000;
const ALL_CHANNELS: readonly ProductChannel[] = ['taxii', 'webhook', 'email'];

export function releaseDriver(options: ReleaseDriverOptions): CrashDriver {
  return {
    name: 'releases',
    async whileDown(state) {
      const missing = options.pool - state.releases.open().length;
      if (missing <= 0) return;
      const first = state.releases.opened;
      state.releases.opened += missing;
      const { caseIds, objects } = await openCases(state.db, state.rng, first, missing);
      // The reports behind the cases are STIX writes like any other: checked with the rest.
      const write = state.ledger.record('setup', objects.map((o) => sentObject(o)), 'atomic', false);
      write.attempts = 1;
      write.acknowledged = true;
      for (const caseId of caseIds) {
        const record = state.releases.add(caseId, chooseChannels(state), state.rng.chance(0.5) ? 'olga' : 'finn');
        if (state.releases.cases.length > (options.headStart ?? 0)) continue;
        // Committed before the server starts: acknowledged steps like any other.
        record.productSha256 = await bringToReleaseReview(state.db, caseId, record.channels);
        record.observedState = 'release_review';
        for (const command of ['screen', 'establish_duty', 'draft_warning', 'submit_for_release']) record.steps.push({ command, by: 'ana', acknowledged: true, unanswered: false });
      }
      state.tally.add('release.cases opened', caseIds.length);
    },
    async whileUp(state, url, stopped) {
      await Promise.all(Array.from({ length: options.workers }, () => worker(state, url, stopped)));
    },
  };
}

/** Every channel most of the time; sometimes one or two, so rows of one case do not always travel together. */
function chooseChannels(state: CampaignState): ProductChannel[] {
  if (state.rng.chance(0.6)) return [...ALL_CHANNELS];
  const chosen = ALL_CHANNELS.filter(() => state.rng.chance(0.5));
  return chosen.length > 0 ? chosen : [state.rng.pick(ALL_CHANNELS)];
}

async function worker(state: CampaignState, url: string, stopped: AbortSignal): Promise<void> {
  while (!stopped.aborted) {
    const candidates = state.releases.open().filter((c) => !c.busy);
    if (candidates.length === 0) {
      await sleep(50);
      continue;
    }
    // The case furthest along first: releases complete (and deliveries start) sooner.
    const furthest = Math.max(...candidates.map((c) => stateRank(c.observedState)));
    const record = state.rng.pick(candidates.filter((c) => stateRank(c.observedState) === furthest));
    record.busy = true;
    try {
      if (!(await advance(state, url, record, stopped))) return;
    } finally {
      record.busy = false;
    }
  }
}

interface CaseSeen {
  readonly state: string;
  readonly productHash: string | null;
  readonly approvedRoles: readonly string[];
}

/** What each case looked like in the last answer of this life; read again when unknown. */
const lastSeen = new WeakMap<ReleaseRecord, { readonly life: number; readonly seen: CaseSeen }>();

/** Sends the case's next step (reading the case first unless this life's last answer showed it). False when the server stopped answering. */
async function advance(state: CampaignState, url: string, record: ReleaseRecord, stopped: AbortSignal): Promise<boolean> {
  const known = lastSeen.get(record);
  lastSeen.delete(record);
  const seen = known !== undefined && known.life === state.life() ? known.seen : await readCase(state, url, record);
  if (seen === null) return false;
  if (stopped.aborted) return false;
  record.observedState = seen.state;
  if (seen.productHash !== null) record.productSha256 = seen.productHash;
  const next = nextStep(state, record, seen);
  if (next === null) {
    await sleep(50); // nothing to do for this case now (an approval the kill took is being re-read)
    return true;
  }
  const step: ReleaseStep = { ...next.step, acknowledged: false, unanswered: false };
  record.steps.push(step);
  state.tally.add('release.steps');
  let status: number;
  let body = '';
  try {
    const response = await fetch(`${url}/api/warnings/${encodeURIComponent(record.caseId)}/${next.path}`, {
      method: 'POST',
      headers: { ...state.world.headers[step.by], 'content-type': 'application/json' },
      body: JSON.stringify(next.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = response.status;
    // The status line acknowledges: the server answers only after its commit.
    if (status === 200) step.acknowledged = true;
    body = await response.text().catch(() => '');
  } catch {
    step.unanswered = true;
    state.tally.add('release.unanswered');
    return false;
  }
  if (status !== 200) {
    step.refusal = `${status} ${body.slice(0, 300)}`;
    state.report({ kind: 'wrong-answer', check: 'releases', message: `${record.caseId}: ${step.command} by ${step.by} answered ${status}: ${body.slice(0, 300)}` });
    return true;
  }
  state.tally.add('release.acknowledged');
  if (next.final) {
    record.released = true;
    state.tally.add('releases acknowledged');
  }
  if (step.command === 'draft_warning') {
    const hash = parse<{ product?: { sha256?: string } }>(body)?.product?.sha256;
    if (hash !== undefined) record.productSha256 = hash;
  }
  const answered = seenIn(parse<CaseBody>(body)?.case);
  if (answered !== null) {
    record.observedState = answered.state;
    lastSeen.set(record, { life: state.life(), seen: answered });
  }
  return true;
}

interface CaseBody {
  readonly case?: { readonly state?: string; readonly cycle?: { readonly warning: { readonly productHash: string } | null; readonly releaseApprovals: readonly { readonly role: string }[] } };
}

function seenIn(c: CaseBody['case']): CaseSeen | null {
  if (c?.state === undefined || c.cycle === undefined) return null;
  return { state: c.state, productHash: c.cycle.warning?.productHash ?? null, approvedRoles: c.cycle.releaseApprovals.map((a) => a.role) };
}

async function readCase(state: CampaignState, url: string, record: ReleaseRecord): Promise<CaseSeen | null> {
  try {
    const response = await fetch(`${url}/api/warnings/${encodeURIComponent(record.caseId)}`, { headers: state.world.headers.ana, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    if (response.status !== 200) {
      state.report({ kind: 'wrong-answer', check: 'releases', message: `${record.caseId}: reading the case answered ${response.status}: ${text.slice(0, 300)}` });
      return null;
    }
    return seenIn((JSON.parse(text) as CaseBody).case);
  } catch {
    return null; // the kill, or a body it cut short
  }
}

interface NextStep {
  readonly step: Omit<ReleaseStep, 'acknowledged' | 'unanswered'>;
  readonly path: 'commands' | 'draft';
  readonly body: unknown;
  /** The last approval: it releases the product and requests the deliveries. */
  readonly final: boolean;
}

const ROLE_OF: Readonly<Record<'olga' | 'finn', string>> = { olga: 'duty_to_warn_officer', finn: 'foreign_disclosure_officer' };

function nextStep(state: CampaignState, record: ReleaseRecord, seen: CaseSeen): NextStep | null {
  const command = (by: Person, body: { type: string } & Record<string, unknown>, extra: Partial<ReleaseStep> = {}, final = false): NextStep => ({
    step: { command: body.type, by, ...extra },
    path: 'commands',
    body,
    final,
  });
  switch (seen.state) {
    case 'reported':
      return command('ana', screeningCommand(record.caseId));
    case 'screening':
      return command('ana', { type: 'establish_duty', basis: `Credible, specific plot (${record.caseId}) within the window.` });
    case 'duty_established':
    case 'warning_prep':
      if (seen.state === 'warning_prep' && seen.productHash !== null) return command('ana', { type: 'submit_for_release' });
      return {
        step: { command: 'draft_warning', by: 'ana' },
        path: 'draft',
        body: { partnerName: PARTNER, warningText: `An attack is planned (${record.caseId}). Protect the venue ${state.rng.int(1, 1000)}.`, channels: record.channels },
        final: false,
      };
    case 'release_review': {
      if (seen.productHash === null) return null;
      const order: ('olga' | 'finn')[] = record.firstApprover === 'olga' ? ['olga', 'finn'] : ['finn', 'olga'];
      const who = order.find((p) => !seen.approvedRoles.includes(ROLE_OF[p]));
      if (who === undefined) return null;
      const final = order.every((p) => p === who || seen.approvedRoles.includes(ROLE_OF[p]));
      return command(who, { type: 'approve_release', as: ROLE_OF[who], productHash: seen.productHash }, { role: ROLE_OF[who], productSha256: seen.productHash }, final);
    }
    default:
      // delivery and later: released; anything else (an escalation) is left for the checks to report.
      return null;
  }
}

function parse<T>(body: string): T | undefined {
  try {
    return JSON.parse(body) as T;
  } catch {
    return undefined; // a body the kill cut short
  }
}
