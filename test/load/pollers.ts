// TAXII pollers: each one pages through the collection's objects with its own filter and page
// size (match[type], limit), follows `next` to the end, waits a think time, and polls again
// from the X-TAXII-Date-Added-Last it saw, as a partner's client would. Every page is checked:
// 200, an envelope whose `more`/`next` agree, objects only of the requested types.
import { setMaxListeners } from 'node:events';
import type { LoadClient } from './client.ts';
import { Gate, sleep } from './gate.ts';
import type { Rng } from '../support/random.ts';
import type { Recorder } from './recorder.ts';

export const POLL = 'taxii GET objects';
const TAXII = 'application/taxii+json;version=2.1';
/** The filters pollers choose from; undefined: every type. */
const FILTERS: readonly (string | undefined)[] = [undefined, 'indicator', 'indicator,malware', 'report', 'relationship', 'malware,intrusion-set'];
const PAGE_SIZES = [100, 250, 500] as const;

export interface PollerSettings {
  readonly count: number;
  readonly thinkMs: readonly [number, number];
  /** The share of pollers that start from the beginning of the collection (a full first sync). */
  readonly fullSyncShare: number;
}

interface Poller {
  readonly types: string | undefined;
  readonly limit: number;
  addedAfter: string | undefined;
}

export class PollerFleet {
  readonly #stop = new AbortController();
  readonly gate: Gate;
  readonly #loops: Promise<void>[] = [];

  constructor(
    private readonly client: LoadClient,
    private readonly recorder: Recorder,
    private readonly rng: Rng,
    private readonly objectsPath: string,
    private readonly auth: string,
    spreadMs: number,
  ) {
    this.gate = new Gate(this.#stop.signal, spreadMs);
    // Every sleeping poller listens for the stop.
    setMaxListeners(0, this.#stop.signal);
  }

  /** Starts the pollers; each begins at the start of the collection or at one of `startPoints` (date_added values). */
  start(settings: PollerSettings, startPoints: readonly string[]): void {
    for (let i = 0; i < settings.count; i += 1) {
      const poller: Poller = {
        types: this.rng.pick(FILTERS),
        limit: this.rng.pick(PAGE_SIZES),
        addedAfter: this.rng.float() < settings.fullSyncShare || startPoints.length === 0 ? undefined : this.rng.pick(startPoints),
      };
      const think = (): number => this.rng.int(settings.thinkMs[0], settings.thinkMs[1]);
      // Spread the first polls over one think time, as clients that did not start together.
      this.#loops.push(sleep(think(), this.#stop.signal).then(() => this.#loop(poller, think)));
    }
  }

  async #loop(poller: Poller, think: () => number): Promise<void> {
    while (!this.#stop.signal.aborted) {
      await this.#pollToEnd(poller);
      await sleep(think(), this.#stop.signal);
    }
  }

  async #pollToEnd(poller: Poller): Promise<void> {
    let next: string | undefined;
    do {
      const query = new URLSearchParams({ limit: String(poller.limit) });
      if (poller.types !== undefined) query.set('match[type]', poller.types);
      if (poller.addedAfter !== undefined) query.set('added_after', poller.addedAfter);
      if (next !== undefined) query.set('next', next);
      let answer;
      try {
        answer = await this.gate.run(() => this.client.request('GET', `${this.objectsPath}?${query}`, { accept: TAXII, authorization: this.auth }));
      } catch (error) {
        this.recorder.noAnswer(POLL, error);
        return;
      }
      if (answer === undefined) return; // stopped
      if (answer.status !== 200) {
        this.recorder.failed(POLL, `HTTP ${answer.status}`, answer.body);
        return;
      }
      const page = checkPage(answer.body, poller.types);
      if (typeof page === 'string') {
        this.recorder.failed(POLL, 'bad page', page);
        return;
      }
      this.recorder.ok(POLL, answer.ms);
      this.recorder.count('objects served', page.objects);
      this.recorder.count('bytes served', answer.body.length);
      const last = answer.headers['x-taxii-date-added-last'];
      if (typeof last === 'string') poller.addedAfter = last;
      next = page.next;
    } while (next !== undefined);
  }

  /** Stops sending; the next resume() picks up where each poller was. */
  async pause(): Promise<void> {
    this.gate.close();
    await this.gate.drain();
  }

  resume(): void {
    this.gate.open();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    await Promise.all(this.#loops);
  }
}

/** The page's object count and `next`, or what is wrong with it. */
export function checkPage(body: string, types: string | undefined): { objects: number; next: string | undefined } | string {
  let envelope: { more?: unknown; next?: unknown; objects?: { type?: unknown }[] };
  try {
    envelope = JSON.parse(body) as typeof envelope;
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  if (typeof envelope.more !== 'boolean') return `no boolean "more": ${body.slice(0, 200)}`;
  if (envelope.more !== (typeof envelope.next === 'string')) return `"more" ${envelope.more} with next ${JSON.stringify(envelope.next)}`;
  const objects = envelope.objects ?? [];
  if (types !== undefined) {
    const wanted = new Set(types.split(','));
    const stray = objects.find((o) => !wanted.has(String(o.type)));
    if (stray !== undefined) return `match[type]=${types} served a ${String(stray.type)}`;
  }
  return { objects: objects.length, next: envelope.more ? (envelope.next as string) : undefined };
}
