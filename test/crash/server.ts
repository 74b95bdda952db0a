// `tearline serve` as a real child process: started, awaited until it prints its URL, and
// killed with SIGKILL (no handler runs, nothing is flushed) or stopped with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TEARLINE_BIN = fileURLToPath(new URL('../../bin/tearline.mjs', import.meta.url));

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  readonly pid: number;
  /** The base URL, once the server listens; rejects if it exits or stays silent first. */
  readonly ready: Promise<string>;
  readonly exited: Promise<Exit>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<Exit>;
  /** SIGTERM (the graceful path), then wait for the exit. */
  stop(): Promise<Exit>;
  /** SIGSTOP while `work` runs, then SIGCONT: the process commits nothing meanwhile. */
  paused<T>(work: () => Promise<T>): Promise<T>;
  /** Everything the process wrote, for a failure report. */
  output(): string;
}

export interface ServerOptions {
  readonly db: string;
  /** TEARLINE_* settings for the server (the delivery environment). */
  readonly env?: Readonly<Record<string, string>>;
  readonly readyTimeoutMs?: number;
}

/** Environment for child processes: no demo data, nothing from the caller's TEARLINE_* settings. */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('TEARLINE_')) env[key] = value;
  return { ...env, TEARLINE_DEMO: '0' };
}

export function startServer(options: ServerOptions): ServerProcess {
  // Port 0: the OS picks a free port; the server prints the URL it got.
  const child = spawn(process.execPath, [TEARLINE_BIN, 'serve', '--db', options.db, '--port', '0', '--host', '127.0.0.1'], {
    cwd: REPO_ROOT,
    env: { ...childEnv(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const exited = exitOf(child);
  const ready = new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server did not listen within ${options.readyTimeoutMs ?? 60_000} ms`)), options.readyTimeoutMs ?? 60_000);
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      chunks.push(text);
      stdout += text;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => chunks.push(text));
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${exit.code}, signal ${exit.signal})`));
    });
  });
  ready.catch(() => undefined); // observed by whoever awaits it; a killed starting server is normal
  const signal = async (name: NodeJS.Signals): Promise<Exit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    return exited;
  };
  return {
    pid: child.pid ?? -1,
    ready,
    exited,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    async paused(work) {
      const alive = (): boolean => child.exitCode === null && child.signalCode === null;
      if (alive()) child.kill('SIGSTOP');
      try {
        return await work();
      } finally {
        if (alive()) child.kill('SIGCONT');
      }
    },
    output: () => chunks.join(''),
  };
}

export function exitOf(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
}
