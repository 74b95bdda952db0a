// `tearline serve` as a child process for the load run: test/crash/server.ts's child, with
// `--trace-gc` (the V8 heap left after each full collection, to tell it apart from resident
// memory, which also holds SQLite's page caches and the allocator's slack) and preloaded
// hooks (serverHooks.mjs): a full collection on SIGUSR2, and the time of every accept.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, TEARLINE_BIN, childEnv, exitOf, type Exit } from '../crash/server.ts';

export interface LoadServer {
  readonly pid: number;
  readonly ready: Promise<string>;
  readonly exited: Promise<Exit>;
  stop(): Promise<Exit>;
  kill(): Promise<Exit>;
  /** What the process wrote, without the GC trace. */
  output(): string;
  /** Full collections (Mark-Compact) of the main isolate so far. */
  fullCollections(): readonly FullCollection[];
  /** When the server accepted the connection from this client port (epoch ms) at or after `since`; undefined if it did not. */
  acceptedAt(clientPort: number, since: number): number | undefined;
  /** Runs a full garbage collection in the server and answers the memory it left. */
  collectGarbage(timeoutMs?: number): Promise<CollectedMemory>;
}

/** process.memoryUsage() in the server right after a forced full collection, in bytes. */
export interface CollectedMemory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

const HOOKS = fileURLToPath(new URL('./serverHooks.mjs', import.meta.url));

export interface FullCollection {
  /** When, in ms since the process started (V8's clock). */
  readonly atMs: number;
  /** Live heap after the collection, MB as V8 prints it. */
  readonly heapAfterMB: number;
}

const GC_LINE = /^\[\d+:(0x[0-9a-f]+)\]\s+(\d+) ms: (Mark-Compact|Scavenge|Minor Mark-Sweep|Mark-Compact \(reduce\))[^\n]*?([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/;

export function startLoadServer(db: string, readyTimeoutMs = 120_000): LoadServer {
  const child = spawn(process.execPath, ['--trace-gc', '--expose-gc', '--import', HOOKS, TEARLINE_BIN, 'serve', '--db', db, '--port', '0', '--host', '127.0.0.1'], {
    cwd: REPO_ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const gc = new Map<string, { lines: number; full: FullCollection[] }>();
  const exited = exitOf(child);
  let pending = '';
  const collected: ((memory: CollectedMemory) => void)[] = [];
  const accepts = new Map<number, number[]>();
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen within ${readyTimeoutMs} ms`)), readyTimeoutMs);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('tearline-load-accept: ')) {
          const [port, at] = line.slice('tearline-load-accept: '.length).split(' ').map(Number) as [number, number];
          const times = accepts.get(port);
          if (times === undefined) accepts.set(port, [at]);
          else times.push(at);
          continue;
        }
        if (line.startsWith('tearline-load-gc: ')) {
          const memory = JSON.parse(line.slice('tearline-load-gc: '.length)) as CollectedMemory;
          for (const resolve of collected.splice(0)) resolve(memory);
          continue;
        }
        const match = GC_LINE.exec(line);
        if (match === null) {
          output.push(line);
          const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
          if (url !== undefined) {
            clearTimeout(timer);
            resolve(url);
          }
          continue;
        }
        const [, isolate, at, kind, , , after] = match as unknown as [string, string, string, string, string, string, string];
        let seen = gc.get(isolate);
        if (seen === undefined) gc.set(isolate, (seen = { lines: 0, full: [] }));
        seen.lines += 1;
        if (kind.startsWith('Mark-Compact')) seen.full.push({ atMs: Number(at), heapAfterMB: Number(after) });
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => output.push(text));
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${exit.code}, signal ${exit.signal})`));
    });
  });
  ready.catch(() => undefined);
  const signal = async (name: NodeJS.Signals): Promise<Exit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    return exited;
  };
  return {
    pid: child.pid ?? -1,
    ready,
    exited,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    output: () => output.join('\n'),
    // The main isolate collects most often; worker threads (the checkpointer) have their own heaps.
    fullCollections: () => [...gc.values()].sort((a, b) => b.lines - a.lines)[0]?.full ?? [],
    // A port may be used again by a later connection: the first accept after the connect counts
    // (clocks of one machine; a second's slack for the two processes' readings).
    acceptedAt: (clientPort, since) => accepts.get(clientPort)?.find((at) => at >= since - 1000),
    collectGarbage: (timeoutMs = 30_000) =>
      new Promise<CollectedMemory>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the server did not report a garbage collection within ${timeoutMs} ms`)), timeoutMs);
        collected.push((memory) => {
          clearTimeout(timer);
          resolve(memory);
        });
        child.kill('SIGUSR2');
      }),
  };
}
