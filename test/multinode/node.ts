// A `tearline serve` node as a real child process on a PostgreSQL store (issue 10): started
// with TEARLINE_DATABASE_URL and port 0, awaited until it prints its URL; its stderr kept
// line by line so a test can wait for one (the scheduler's leadership lines).
import { spawn } from 'node:child_process';
import { REPO_ROOT, TEARLINE_BIN, childEnv, exitOf, type Exit } from '../crash/server.ts';

export interface NodeProcess {
  readonly name: string;
  readonly pid: number;
  /** The base URL once it listens. */
  readonly url: Promise<string>;
  readonly exited: Promise<Exit>;
  stderrLines(): readonly string[];
  /** Resolves with the first stderr line matching (already written or still to come). */
  waitForStderr(pattern: RegExp, timeoutMs: number): Promise<string>;
  signal(name: NodeJS.Signals): void;
  /** SIGTERM (the graceful path) and wait; SIGKILL when it does not stop in time. */
  stop(timeoutMs?: number): Promise<Exit>;
  output(): string;
}

/** A libpq URL whose sessions use `schema` (the store opens in the first schema on the search_path). */
export function urlWithSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

export function startNode(name: string, env: Readonly<Record<string, string>>, readyTimeoutMs = 60_000): NodeProcess {
  const child = spawn(process.execPath, [TEARLINE_BIN, 'serve'], {
    cwd: REPO_ROOT,
    env: { ...childEnv(), TEARLINE_PORT: '0', TEARLINE_HOST: '127.0.0.1', TEARLINE_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const exited = exitOf(child);
  let partial = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    chunks.push(text);
    partial += text;
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    lines.push(...complete);
    for (const wake of [...waiters]) wake();
  });
  const url = new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not listen within ${readyTimeoutMs} ms:\n${chunks.join('')}`)), readyTimeoutMs);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      chunks.push(text);
      stdout += text;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening (code ${exit.code}, signal ${exit.signal}):\n${chunks.join('')}`));
    });
  });
  url.catch(() => undefined);
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    name,
    pid: child.pid ?? -1,
    url,
    exited,
    stderrLines: () => [...lines],
    async waitForStderr(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find((line) => pattern.test(line));
        if (found !== undefined) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${name}: no stderr line matching ${pattern} within ${timeoutMs} ms:\n${chunks.join('')}`);
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, Math.min(left, 250));
          waiters.add(wake);
        });
      }
    },
    signal(signalName) {
      if (running()) child.kill(signalName);
    },
    async stop(timeoutMs = 15_000) {
      if (!running()) return exited;
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    output: () => chunks.join(''),
  };
}
