// A steady stream of writes at a fixed rate, whatever the answers' speed (an open loop: a
// slow server does not slow the offered load down): every tick one bundle, alternately as a
// TAXII Add Objects (202 and a complete status with no failures) and as POST /api/ingest
// (200, committed, nothing rejected). A tick that finds `maxInFlight` writes still waiting is
// skipped and counted: the server is not keeping up.
import type { Answer, LoadClient } from './client.ts';
import { Gate } from './gate.ts';
import type { ObjectSource, StixJson } from './bundles.ts';
import type { Recorder } from './recorder.ts';

export const TAXII_POST = 'taxii POST objects';
export const REST_INGEST = 'rest POST /api/ingest';
const TAXII = 'application/taxii+json;version=2.1';

export interface IngestSettings {
  readonly everyMs: number;
  readonly bundleObjects: number;
  readonly maxInFlight: number;
}

export interface IngestAuth {
  readonly taxiiObjectsPath: string;
  /** Authorization header of the TAXII account that may write the collection. */
  readonly taxii: string;
  /** Authorization header of the API token with objects.ingest. */
  readonly rest: string;
}

export class IngestStream {
  readonly #stop = new AbortController();
  readonly gate = new Gate(this.#stop.signal);
  #timer: NodeJS.Timeout | undefined;
  #inFlight = 0;
  #sent = 0;
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly client: LoadClient,
    private readonly recorder: Recorder,
    private readonly source: ObjectSource,
    private readonly auth: IngestAuth,
    private readonly settings: IngestSettings,
  ) {}

  start(): void {
    this.#timer = setInterval(() => this.#tick(), this.settings.everyMs);
  }

  #tick(): void {
    if (!this.gate.isOpen || this.#stop.signal.aborted) return;
    if (this.#inFlight >= this.settings.maxInFlight) {
      this.recorder.count('ingest ticks skipped');
      return;
    }
    this.#inFlight += 1;
    const viaTaxii = this.#sent++ % 2 === 0;
    const objects = this.source.bundle(this.settings.bundleObjects);
    const write = (viaTaxii ? this.#taxii(objects) : this.#rest(objects)).finally(() => {
      this.#inFlight -= 1;
      this.#pending.delete(write);
    });
    this.#pending.add(write);
  }

  async #taxii(objects: StixJson[]): Promise<void> {
    const body = JSON.stringify({ objects });
    const answer = await this.#send(TAXII_POST, this.auth.taxiiObjectsPath, { accept: TAXII, 'content-type': TAXII, authorization: this.auth.taxii }, body);
    if (answer === undefined) return;
    if (answer.status !== 202) return this.recorder.failed(TAXII_POST, `HTTP ${answer.status}`, answer.body);
    const status = parseJson<{ status?: string; success_count?: number; failure_count?: number }>(answer.body);
    if (status?.status !== 'complete' || status.failure_count !== 0 || status.success_count !== objects.length) {
      return this.recorder.failed(TAXII_POST, 'status not complete and whole', answer.body);
    }
    this.#stored(TAXII_POST, answer, objects);
  }

  async #rest(objects: StixJson[]): Promise<void> {
    const body = JSON.stringify({ type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects });
    const answer = await this.#send(REST_INGEST, '/api/ingest', { accept: 'application/json', 'content-type': 'application/stix+json', authorization: this.auth.rest }, body);
    if (answer === undefined) return;
    if (answer.status !== 200) return this.recorder.failed(REST_INGEST, `HTTP ${answer.status}`, answer.body);
    const outcome = parseJson<{ committed?: boolean; rejected?: number }>(answer.body);
    if (outcome?.committed !== true || outcome.rejected !== 0) return this.recorder.failed(REST_INGEST, 'not committed whole', answer.body);
    this.#stored(REST_INGEST, answer, objects);
  }

  async #send(kind: string, path: string, headers: Record<string, string>, body: string): Promise<Answer | undefined> {
    try {
      return await this.gate.run(() => this.client.request('POST', path, headers, body));
    } catch (error) {
      this.recorder.noAnswer(kind, error);
      return undefined;
    }
  }

  #stored(kind: string, answer: Answer, objects: StixJson[]): void {
    this.recorder.ok(kind, answer.ms);
    this.recorder.count('objects stored', objects.length);
    this.source.acknowledged(objects);
  }

  /** No new ticks, and the writes in flight answered. */
  async pause(): Promise<void> {
    this.gate.close();
    await Promise.all(this.#pending);
  }

  resume(): void {
    this.gate.open();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    clearInterval(this.#timer);
    await Promise.all(this.#pending);
  }
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
