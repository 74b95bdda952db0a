// A probe on its own connection: GET /taxii2/ (server discovery) every `everyMs`. The answer
// costs the server next to nothing (the account's token is verified once, then cached), so its
// latency is the time a request waits for the server's event loop: what slow clients or a
// saturated server do to everyone. (Not /api/health: it counts the whole store.)
import type { LoadClient } from './client.ts';
import type { Recorder } from './recorder.ts';

export const PROBE = 'probe GET /taxii2/';

export class HealthProbe {
  #timer: NodeJS.Timeout | undefined;
  #busy = false;
  #last: Promise<void> = Promise.resolve();

  constructor(private readonly client: LoadClient, private readonly recorder: Recorder, private readonly auth: string) {}

  start(everyMs: number): void {
    this.#timer = setInterval(() => {
      if (this.#busy) return; // one at a time: a probe measures waiting, it does not add to it
      this.#busy = true;
      this.#last = this.#probe().finally(() => (this.#busy = false));
    }, everyMs);
  }

  async #probe(): Promise<void> {
    try {
      const answer = await this.client.request('GET', '/taxii2/', { accept: 'application/taxii+json;version=2.1', authorization: this.auth });
      if (answer.status === 200) this.recorder.ok(PROBE, answer.ms);
      else this.recorder.failed(PROBE, `HTTP ${answer.status}`, answer.body);
    } catch (error) {
      this.recorder.noAnswer(PROBE, error);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#last;
  }
}
