// A Server-Sent Events client for tests, over real HTTP (fetch): it keeps every event it
// reads (WHATWG HTML §9.2.6 parsing: `id`, `event`, `data`; comment lines are counted as
// heartbeats) and lets a test wait for one.
export interface SseEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  /** Comment lines (`: ping`) seen. */
  heartbeats = 0;
  /** Resolves when the server ends the stream (or the client closes it). */
  readonly ended: Promise<void>;
  readonly #abort: AbortController;
  readonly #waiters = new Set<() => void>();
  #done = false;

  private constructor(body: ReadableStream<Uint8Array>, abort: AbortController) {
    this.#abort = abort;
    this.ended = this.#read(body);
  }

  /** Opens the stream; rejects unless the answer is 200 text/event-stream. */
  static async open(url: string, headers: Readonly<Record<string, string>> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (res.status !== 200 || res.body === null || !String(res.headers.get('content-type')).startsWith('text/event-stream')) {
      const body = await res.text().catch(() => '');
      throw new Error(`GET ${url}: ${res.status} ${res.headers.get('content-type')} ${body.slice(0, 200)}`);
    }
    return new SseClient(res.body, abort);
  }

  get done(): boolean {
    return this.#done;
  }

  /** The first event (already read or still to come) that matches; rejects after `timeoutMs`. */
  async waitFor(match: (event: SseEvent) => boolean, timeoutMs = 10_000, what = 'an event'): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found !== undefined) return found;
      if (this.#done) throw new Error(`the stream ended before ${what}; got ${this.describe()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; got ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
  }

  /** Events of one kind, data parsed. */
  dataOf<T = Record<string, unknown>>(event: string): T[] {
    return this.events.filter((e) => e.event === event).map((e) => JSON.parse(e.data) as T);
  }

  describe(): string {
    return this.events.map((e) => `${e.event}${e.id === undefined ? '' : `#${e.id}`} ${e.data}`).join(' | ') || '(nothing)';
  }

  close(): void {
    this.#abort.abort();
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          this.#block(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // Aborted by close(), or the connection broke: either way the stream is over.
    } finally {
      this.#done = true;
      this.#wake();
    }
  }

  #block(block: string): void {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    let fields = 0;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.heartbeats += 1;
        continue;
      }
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (name === 'id') id = value;
      else if (name === 'event') event = value;
      else if (name === 'data') data.push(value);
      else continue;
      fields += 1;
    }
    if (fields === 0 || data.length === 0) {
      this.#wake();
      return;
    }
    this.events.push({ id, event, data: data.join('\n') });
    this.#wake();
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}
