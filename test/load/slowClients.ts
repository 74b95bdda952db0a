// Slowloris-style clients: each holds a socket open by sending as little as it can, and
// reconnects when the server cuts it off. Three kinds: `headers` trickles one header byte a
// second and never ends the headers; `body` sends whole headers for POST /api/ingest (a
// valid token, a 1 MB Content-Length) and trickles the body a byte a second; `silent`
// connects and sends nothing. The server must cut each within its timeout (CLIENT_TIMEOUTS).
import net from 'node:net';

export type SlowKind = 'headers' | 'body' | 'silent';
export const SLOW_KINDS: readonly SlowKind[] = ['headers', 'body', 'silent'];

/** One slow connection, by the client's clock (epoch ms). */
export interface SlowConnection {
  readonly kind: SlowKind;
  readonly localPort: number;
  readonly connectedAt: number;
  closedAt: number | undefined;
  /** Closed by the server (an answer and close, an end, a reset), not by our stop. */
  cutByServer: boolean;
  /** The status line's code when the server answered before closing, else 'none'. */
  answer: string;
}

export interface SlowSettings {
  readonly count: number;
  readonly trickleMs: number;
  /** Authorization header for POST /api/ingest, so the body is read. */
  readonly ingestAuth: string;
}

export class SlowClients {
  readonly connections: SlowConnection[] = [];
  readonly #open = new Set<net.Socket>();
  #stopped = false;
  #stoppedAt = 0;
  readonly #loops: Promise<void>[] = [];
  refused = 0;

  constructor(private readonly baseUrl: string, private readonly settings: SlowSettings) {}

  start(): void {
    for (let i = 0; i < this.settings.count; i += 1) this.#loops.push(this.#loop(SLOW_KINDS[i % SLOW_KINDS.length] as SlowKind));
  }

  async #loop(kind: SlowKind): Promise<void> {
    while (!this.#stopped) {
      await this.#hold(kind);
      if (!this.#stopped) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** One connection, held until the server (or the stop) closes it. */
  #hold(kind: SlowKind): Promise<void> {
    const url = new URL(this.baseUrl);
    return new Promise((resolve) => {
      const socket = net.connect({ host: url.hostname, port: Number(url.port) });
      this.#open.add(socket);
      let connection: SlowConnection | undefined;
      let received = '';
      let trickle: NodeJS.Timeout | undefined;
      socket.on('connect', () => {
        connection = { kind, localPort: socket.localPort ?? 0, connectedAt: Date.now(), closedAt: undefined, cutByServer: false, answer: 'none' };
        this.connections.push(connection);
        if (kind === 'headers') socket.write(`GET /api/health HTTP/1.1\r\nHost: ${url.host}\r\nX-Slow: `);
        if (kind === 'body') {
          socket.write(`POST /api/ingest HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${this.settings.ingestAuth}\r\nContent-Type: application/stix+json\r\nContent-Length: 1000000\r\n\r\n{`);
        }
        if (kind !== 'silent') trickle = setInterval(() => socket.write(kind === 'headers' ? 'a' : ' '), this.settings.trickleMs);
      });
      socket.on('data', (chunk: Buffer) => {
        if (received.length < 200) received += chunk.toString('latin1');
      });
      socket.on('error', () => undefined); // a reset is the server cutting us off; 'close' follows
      socket.on('close', () => {
        clearInterval(trickle);
        this.#open.delete(socket);
        if (connection === undefined) this.refused += 1;
        else {
          connection.closedAt = this.#stopped ? this.#stoppedAt : Date.now();
          connection.cutByServer = !this.#stopped;
          connection.answer = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 'none';
        }
        resolve();
      });
    });
  }

  /** Closes every connection still open. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stoppedAt = Date.now();
    for (const socket of this.#open) socket.destroy();
    await Promise.all(this.#loops);
  }
}

export interface SlowKindReport {
  readonly kind: SlowKind;
  readonly connections: number;
  /** Closed by the server, and how many of those got an HTTP answer first, by status. */
  readonly cutByServer: number;
  readonly answers: Record<string, number>;
  /** Open when the run stopped (closed by us). */
  readonly openAtStop: number;
  /** The longest a connection stayed open, by the client's clock (connect to close). */
  readonly maxLifetimeMs: number;
  /** The longest the server held a connection after accepting it: what its timeouts bound. */
  readonly maxHeldAfterAcceptMs: number;
  /** How long connections waited in the kernel's queue before the server accepted them. */
  readonly acceptLagMs: { p50: number; max: number };
  /** Connections the server had not accepted when they closed. */
  readonly neverAccepted: number;
  /** The longest the server may hold this kind. */
  readonly boundMs: number;
}

/** Each kind's figures; `acceptedAt` says when the server accepted a client port (serverHooks.mjs). */
export function slowReports(connections: readonly SlowConnection[], bounds: Record<SlowKind, number>, acceptedAt: (port: number, since: number) => number | undefined): SlowKindReport[] {
  return SLOW_KINDS.map((kind) => {
    const mine = connections.filter((c) => c.kind === kind);
    const answers: Record<string, number> = {};
    const lags: number[] = [];
    let maxLifetimeMs = 0;
    let maxHeldAfterAcceptMs = 0;
    let neverAccepted = 0;
    for (const c of mine) {
      const closedAt = c.closedAt ?? Date.now();
      maxLifetimeMs = Math.max(maxLifetimeMs, closedAt - c.connectedAt);
      if (c.cutByServer) answers[c.answer] = (answers[c.answer] ?? 0) + 1;
      const accepted = acceptedAt(c.localPort, c.connectedAt);
      if (accepted === undefined || accepted > closedAt) {
        neverAccepted += 1;
        continue;
      }
      lags.push(Math.max(0, accepted - c.connectedAt));
      maxHeldAfterAcceptMs = Math.max(maxHeldAfterAcceptMs, closedAt - accepted);
    }
    lags.sort((a, b) => a - b);
    return {
      kind,
      connections: mine.length,
      cutByServer: mine.filter((c) => c.cutByServer).length,
      answers,
      openAtStop: mine.filter((c) => !c.cutByServer).length,
      maxLifetimeMs,
      maxHeldAfterAcceptMs,
      acceptLagMs: { p50: lags[Math.floor((lags.length - 1) / 2)] ?? 0, max: lags[lags.length - 1] ?? 0 },
      neverAccepted,
      boundMs: bounds[kind],
    };
  });
}
