// `tearline serve` as a real child process with the environment a deployment gives it
// (SMTP relay, acknowledgement secret…), and a signed-in HTTP client for its API, the way
// the workbench talks to it: cookie session, CSRF header on every change.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request, type IncomingHttpHeaders } from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEARLINE_BIN = fileURLToPath(new URL('../../bin/tearline.mjs', import.meta.url));

export interface ServedProcess {
  readonly url: string;
  /** Everything the process wrote so far (for failure messages). */
  output(): string;
  /** SIGTERM, the graceful path; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no handler runs, nothing is flushed or closed; resolves once it is gone. */
  kill(): Promise<number | null>;
}

/**
 * Starts `tearline serve --db DB --host 127.0.0.1 --port PORT` with `env` added to this
 * process's environment minus every TEARLINE_* variable (the test says what it sets).
 */
export async function serveProcess(db: string, port: number, env: Readonly<Record<string, string>>, readyTimeoutMs = 60_000): Promise<ServedProcess> {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('TEARLINE_')) base[key] = value;
  const child = spawn(process.execPath, [TEARLINE_BIN, 'serve', '--db', db, '--host', '127.0.0.1', '--port', String(port)], {
    cwd: REPO_ROOT,
    env: { ...base, TEARLINE_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`tearline serve did not listen within ${readyTimeoutMs} ms:\n${chunks.join('')}`)), readyTimeoutMs);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      chunks.push(text);
      stdout += text;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => chunks.push(text));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`tearline serve exited (code ${code}) before listening:\n${chunks.join('')}`));
    });
  });
  return {
    url,
    output: () => chunks.join(''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * One HTTP request on a connection of its own. fetch() keeps connections alive, and a step
 * that pauses longer than the server's keep-alive timeout (5 s) can race the server closing
 * the idle socket ("other side closed"); a fresh connection per request cannot.
 */
export function httpRequest<T = unknown>(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<ApiAnswer<T>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          if ((res.headers['content-type'] ?? '').includes('json') && text !== '') body = JSON.parse(text) as unknown;
        } catch (error) {
          reject(error as Error);
          return;
        }
        resolve({ status: res.statusCode ?? 0, body: body as T, text, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A person signed in to a Tearline server over HTTP. */
export interface Session {
  readonly username: string;
  get<T = unknown>(path: string): Promise<ApiAnswer<T>>;
  post<T = unknown>(path: string, body: unknown): Promise<ApiAnswer<T>>;
}

/** Signs in through POST /api/auth/login, as the workbench does. */
export async function signInOver(url: string, username: string, password: string): Promise<Session> {
  const signed = await httpRequest<{ csrfToken: string }>(`${url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  assert.equal(signed.status, 200, `${username} signs in: ${signed.text}`);
  const cookie = (signed.headers['set-cookie']?.[0] ?? '').split(';')[0] as string;
  assert.match(cookie, /=/, 'sign-in sets a session cookie');
  const headers = { cookie, 'x-csrf-token': signed.body.csrfToken };
  return {
    username,
    get: (path) => httpRequest(`${url}${path}`, { headers }),
    post: (path, body) => httpRequest(`${url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  };
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
