// The load generator's HTTP client: node:http over one keep-alive agent with a socket per
// concurrent caller, so connection set-up is not what is measured.
import http from 'node:http';

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly ms: number;
}

/** A request that got no HTTP answer: refused, reset, timed out. */
export class NoAnswer extends Error {
  constructor(readonly code: string, message: string, readonly ms: number) {
    super(message);
  }
}

export interface ClientOptions {
  readonly baseUrl: string;
  readonly sockets: number;
  readonly timeoutMs: number;
  /** Told of every new connection: its local port, when it connected (epoch ms) and how long that took. */
  readonly onConnect?: (port: number, at: number, ms: number) => void;
}

export class LoadClient {
  readonly #agent: http.Agent;
  readonly #base: URL;
  readonly #timeoutMs: number;
  readonly #onConnect: ClientOptions['onConnect'];

  constructor(options: ClientOptions) {
    // An agent `timeout` makes Node honour the server's `Keep-Alive: timeout=N` hint (an idle
    // socket is dropped a second before the server would drop it); without one it ignores the
    // hint. It must differ from the requests' timeout: Node re-arms a reused socket's timer
    // only when the two differ, else the idle timer (4 s) would cut the next request short.
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: options.sockets, maxFreeSockets: options.sockets, timeout: options.timeoutMs * 2 });
    this.#base = new URL(options.baseUrl);
    this.#timeoutMs = options.timeoutMs;
    this.#onConnect = options.onConnect;
  }

  request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
    const started = performance.now();
    return new Promise<Answer>((resolve, reject) => {
      const req = http.request({
        agent: this.#agent,
        host: this.#base.hostname,
        port: this.#base.port,
        method,
        path,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: this.#timeoutMs,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', (error: NodeJS.ErrnoException) => reject(new NoAnswer(error.code ?? 'response-error', error.message, performance.now() - started)));
      });
      req.on('socket', (socket) => {
        if (socket.connecting) socket.once('connect', () => this.#onConnect?.(socket.localPort ?? 0, Date.now(), performance.now() - started));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${this.#timeoutMs} ms`), { code: 'TIMEOUT' })));
      req.on('error', (error: NodeJS.ErrnoException) => reject(new NoAnswer(error.code ?? 'request-error', error.message, performance.now() - started)));
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
