// POST /api/ingest from a few concurrent clients while the server runs. A 200 acknowledges
// the write; a kill leaves the writes in flight unanswered.
import { setTimeout as sleep } from 'node:timers/promises';
import { uuid4 } from '../bundles.ts';
import type { CampaignState, CrashDriver } from '../plugins.ts';
import { bundleText, planWrite } from './writes.ts';

const CLIENTS = 2;
/** A client waits up to this long between requests, so the store does not grow past what the checks can re-read after every restart. */
const MAX_THINK_MS = 200;
/** Only a safety net: a request the kill took fails within milliseconds. */
const REQUEST_TIMEOUT_MS = 120_000;

export const restIngestDriver: CrashDriver = {
  name: 'rest-ingest',
  async whileUp(state, url, stopped) {
    await Promise.all(Array.from({ length: CLIENTS }, () => client(state, url, stopped)));
  },
};

async function client(state: CampaignState, url: string, stopped: AbortSignal): Promise<void> {
  while (!stopped.aborted) {
    const { record, objectJson } = planWrite(state, 'rest');
    record.attempts += 1;
    state.tally.add('rest.requests');
    let status: number;
    let body = '';
    try {
      const response = await fetch(`${url}/api/ingest`, {
        method: 'POST',
        headers: { ...state.apiHeaders, 'content-type': 'application/json' },
        body: bundleText(`bundle--${uuid4(state.rng)}`, objectJson),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      status = response.status;
      // The status line alone acknowledges: the server answers only after its commit.
      if (status === 200) record.acknowledged = true;
      body = await response.text().catch(() => '');
    } catch {
      record.unanswered += 1;
      state.tally.add('rest.unanswered');
      if (!stopped.aborted) state.log(`rest: ${record.key} got no answer while the server was up`);
      return;
    }
    judgeAnswer(state, record.key, record.expectation, status, body, objectJson.length);
    if (status === 422) record.refusals += 1;
    await sleep(state.rng.int(0, MAX_THINK_MS));
  }
}

function judgeAnswer(state: CampaignState, key: string, expectation: 'atomic' | 'refused', status: number, body: string, count: number): void {
  if (expectation === 'refused') {
    if (status === 422) return state.tally.add('rest.refused');
    return state.report({ kind: status === 200 ? 'refused-stored' : 'wrong-answer', check: 'rest-ingest', message: `${key}: invalid bundle answered ${status}, expected 422: ${body.slice(0, 300)}` });
  }
  if (status !== 200) {
    return state.report({ kind: 'wrong-answer', check: 'rest-ingest', message: `${key}: valid bundle answered ${status}: ${body.slice(0, 300)}` });
  }
  state.tally.add('rest.acknowledged');
  if (body === '') return; // the kill cut the body short; the status already acknowledged it
  try {
    const answer = JSON.parse(body) as { committed?: boolean; received?: number; stored?: number; unchanged?: number };
    if (answer.committed !== true || answer.received !== count || (answer.stored ?? 0) + (answer.unchanged ?? 0) !== count) {
      state.report({ kind: 'wrong-answer', check: 'rest-ingest', message: `${key}: 200 with a summary that does not add up to ${count} objects: ${body.slice(0, 300)}` });
    }
  } catch {
    // A body cut short by the kill; the status was enough.
  }
}
