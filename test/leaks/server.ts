// A Tearline server for the leak suite: its own SQLite file, served by the composition
// root's `serve` (what `tearline serve` runs) on a free loopback port, with the delivery
// environment `serve` reads (SMTP relay, webhook secrets, acknowledgement links, the recorder
// of machine deliveries). Dispatch passes run the dispatcher `serve` runs on its timer, with
// the context `serve` builds from that environment, once per call instead of every 10 s.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/app/ports.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { defaultDeps, systemClock } from '../../src/main.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { dispatchDue, type DispatchReport } from '../../src/app/delivery/dispatch.ts';
import { deliveryEnvironment, dispatchContextFor } from '../../src/cli/commands/delivery.ts';
import type { RunningServer } from '../../src/cli/deps.ts';

export const ACK_SECRET = 'leak-suite-acknowledgement-secret-0123456789';
export const RECORDER = 'dan';

/**
 * `serve` reads the acknowledgement secret and the recorder from the process environment
 * (src/main.ts); this test process sets them once, before any server starts.
 */
export function useDeliveryEnvironment(): void {
  process.env.TEARLINE_ACK_SECRET = ACK_SECRET;
  process.env.TEARLINE_DELIVERY_RECORDER = RECORDER;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  json<T = unknown>(): T;
  text(): string;
}

export interface RequestOptions {
  readonly auth?: string;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly accept?: string;
}

export interface LeakServer {
  readonly url: string;
  readonly store: Store;
  readonly dbPath: string;
  request(method: string, path: string, options?: RequestOptions): Promise<HttpAnswer>;
  /** One dispatch pass now, as `serve`'s timer runs it. */
  dispatch(): Promise<DispatchReport>;
  close(): Promise<void>;
}

export interface TempDir {
  readonly path: string;
  readonly db: string;
  cleanup(): void;
}

export function tempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, db: join(path, 'tearline.db'), cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Copies a closed database (and any WAL left beside it) into a fresh directory. */
export function copyDatabase(from: string, prefix: string): TempDir {
  const to = tempDir(prefix);
  copyFileSync(from, to.db);
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${from}${suffix}`)) copyFileSync(`${from}${suffix}`, `${to.db}${suffix}`);
  return to;
}

export async function request(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (options.auth !== undefined) headers.authorization = options.auth;
  if (options.accept !== undefined) headers.accept = options.accept;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }), redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  const answerHeaders: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    answerHeaders[key] = value;
  });
  return {
    status: res.status,
    headers: answerHeaders,
    body: bytes,
    json: <T>() => JSON.parse(bytes.toString('utf8')) as T,
    text: () => bytes.toString('utf8'),
  };
}

export async function startLeakServer(dbPath: string, deliveryEnv: Readonly<Record<string, string>> = {}): Promise<LeakServer> {
  const baseEnv = { TEARLINE_DB: dbPath, TEARLINE_DEMO: '0', TEARLINE_HOST: '127.0.0.1', TEARLINE_PORT: '0' };
  const loaded = loadConfig(baseEnv, {}, tmpdir());
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const config: Config = loaded.config;
  const store = openSqliteStore({ path: dbPath });
  let server: RunningServer;
  try {
    server = await defaultDeps().serve(config, store);
  } catch (error) {
    await store.close();
    throw error;
  }
  const url = server.url;
  // As `serve` builds it (cli/commands/serve.ts), with this server's address as the links' base.
  const env = { ...deliveryEnv, TEARLINE_ACK_SECRET: ACK_SECRET, TEARLINE_DELIVERY_RECORDER: RECORDER, TEARLINE_PUBLIC_URL: url };
  const delivery = deliveryEnvironment(env);
  if (!delivery.ok) throw new Error(delivery.errors.join('; '));
  const dispatchContext = dispatchContextFor(delivery.value, env, config, store, systemClock);
  return {
    url,
    store,
    dbPath,
    request: (method, path, options) => request(url, method, path, options),
    dispatch: () => dispatchDue(dispatchContext),
    async close() {
      await server.close();
      await store.close();
    },
  };
}
