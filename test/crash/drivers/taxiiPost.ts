// TAXII 2.1 §5.5 Add Objects while the server runs, as the campaign's TAXII account: envelopes
// of fresh objects, new versions and re-sends; some with one object spoiled on purpose (a
// partial success: the status lists it under failures, the rest is stored); some bodies
// refused whole (a JSON array, not an envelope: 422, nothing stored, no status). A 202
// acknowledges. Each up phase first polls a few statuses from earlier lives (§4.3 Get
// Status): they must survive the kills.
import { setTimeout as sleep } from 'node:timers/promises';
import { freshObjects, uuid4 } from '../bundles.ts';
import type { CampaignState, CrashDriver } from '../plugins.ts';
import type { StatusSeen, TaxiiPost } from '../taxiiLedger.ts';
import { fromObjects, planWrite, type WriteMix } from './writes.ts';

const TAXII = 'application/taxii+json;version=2.1';
const MIX: WriteMix = { bump: 0.1, resend: 0.1, spoiled: 0, resendRefused: false, maxObjects: 400 };
const MAX_THINK_MS = 200;
const REQUEST_TIMEOUT_MS = 120_000;
const POLLS_PER_LIFE = 3;

export const taxiiPostDriver: CrashDriver = {
  name: 'taxii-post',
  async whileUp(state, url, stopped) {
    if (!(await pollStatuses(state, url))) return;
    while (!stopped.aborted) {
      if (!(await postOnce(state, url))) return;
      await sleep(state.rng.int(0, MAX_THINK_MS));
    }
  },
};

function headers(state: CampaignState): Record<string, string> {
  return { authorization: state.world.taxii.authorization, accept: TAXII, 'content-type': TAXII };
}

function planPost(state: CampaignState): { post: TaxiiPost; body: string } {
  const roll = state.rng.float();
  if (roll < 0.05) {
    // Refused whole: the objects are valid, but not in an envelope. Never re-sent by another driver.
    const planned = fromObjects(state, 'taxii-refused', freshObjects(state.rng, state.rng.int(1, 10)), 'refused', false);
    return { post: state.taxii.record('rejected', planned.record, null), body: `[${planned.objectJson.join(',')}]` };
  }
  const planned = planWrite(state, 'taxii', MIX);
  let spoiled = null;
  let objects = planned.objectJson;
  if (roll < 0.2) {
    // An indicator whose pattern does not parse: the status must list it, and only it, as failed.
    const at = '2025-01-01T00:00:00.000Z';
    const bad = { type: 'indicator', spec_version: '2.1', id: `indicator--${uuid4(state.rng)}`, created: at, modified: at, name: 'spoiled on purpose', pattern: "[ipv4-addr:value = '198.51.100.1'", pattern_type: 'stix', valid_from: at };
    const spoiledWrite = fromObjects(state, 'taxii-spoiled', [bad], 'refused');
    spoiled = spoiledWrite.record;
    objects = [...objects, ...spoiledWrite.objectJson];
  }
  return { post: state.taxii.record('envelope', planned.record, spoiled), body: `{"objects":[${objects.join(',')}]}` };
}

/** False when the server stopped answering. */
async function postOnce(state: CampaignState, url: string): Promise<boolean> {
  const { post, body } = planPost(state);
  post.attempts += 1;
  post.write.attempts += 1;
  if (post.spoiled !== null) post.spoiled.attempts += 1;
  state.tally.add('taxii.posts');
  let status: number;
  let text = '';
  try {
    const response = await fetch(`${url}/taxii2/root/collections/${state.world.taxii.collectionId}/objects/`, { method: 'POST', headers: headers(state), body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    status = response.status;
    if (status === 202 && post.kind === 'envelope') {
      post.acknowledged = true;
      post.write.acknowledged = true;
    }
    text = await response.text().catch(() => '');
  } catch {
    post.unanswered += 1;
    post.write.unanswered += 1;
    if (post.spoiled !== null) post.spoiled.unanswered += 1;
    state.tally.add('taxii.unanswered');
    return false;
  }
  if (post.kind === 'rejected') {
    if (status === 422) {
      post.write.refusals += 1;
      state.tally.add('taxii.refused whole');
    } else {
      state.report({ kind: status === 202 ? 'refused-stored' : 'wrong-answer', check: 'taxii-post', message: `${post.key}: a body that is not an envelope answered ${status}, expected 422: ${text.slice(0, 300)}` });
    }
    return true;
  }
  if (status !== 202) {
    state.report({ kind: 'wrong-answer', check: 'taxii-post', message: `${post.key} (${post.write.key}): answered ${status}, expected 202: ${text.slice(0, 300)}` });
    return true;
  }
  state.tally.add('taxii.acknowledged');
  if (post.spoiled !== null) post.spoiled.refusals += 1;
  const answer = parse(text);
  if (answer === undefined) return true; // the kill cut the body short; the 202 acknowledged it
  post.statuses.push({ id: answer.id, totalCount: answer.total_count, successCount: answer.success_count, failureCount: answer.failure_count });
  const failedIds = (answer.failures ?? []).map((f) => f.id);
  const expectedFailures = post.spoiled === null ? [] : post.spoiled.objects.map((o) => o.id);
  if (answer.status !== 'complete' || answer.success_count !== post.write.objects.length || JSON.stringify(failedIds) !== JSON.stringify(expectedFailures)) {
    state.report({
      kind: 'wrong-answer',
      check: 'taxii-post',
      message: `${post.key}: the status says ${answer.success_count} succeeded, failed [${failedIds.join(', ')}]; expected ${post.write.objects.length} and [${expectedFailures.join(', ')}]: ${text.slice(0, 300)}`,
    });
  }
  return true;
}

interface StatusAnswer {
  readonly id: string;
  readonly status: string;
  readonly total_count: number;
  readonly success_count: number;
  readonly failure_count: number;
  readonly failures?: readonly { readonly id: string }[];
}

function parse(text: string): StatusAnswer | undefined {
  try {
    const value = JSON.parse(text) as StatusAnswer;
    return typeof value.id === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** §4.3 Get Status of a few statuses acknowledged earlier: present, and saying what it said then. */
async function pollStatuses(state: CampaignState, url: string): Promise<boolean> {
  const known = state.taxii.statuses();
  for (let i = 0; i < Math.min(POLLS_PER_LIFE, known.length); i += 1) {
    const seen: StatusSeen = state.rng.pick(known);
    let status: number;
    let text: string;
    try {
      const response = await fetch(`${url}/taxii2/root/status/${seen.id}/`, { headers: headers(state), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      status = response.status;
      text = await response.text();
    } catch {
      return false;
    }
    state.tally.add('taxii.status polls');
    const answer = status === 200 ? parse(text) : undefined;
    if (answer === undefined) {
      state.report({ kind: status === 404 ? 'lost' : 'wrong-answer', check: 'taxii-post', message: `status ${seen.id} answered ${status} after a restart: ${text.slice(0, 200)}` });
    } else if (answer.total_count !== seen.totalCount || answer.success_count !== seen.successCount || answer.failure_count !== seen.failureCount) {
      state.report({ kind: 'wrong-answer', check: 'taxii-post', message: `status ${seen.id} changed after a restart: ${text.slice(0, 300)}` });
    }
  }
  return true;
}
