// Tearline nodes for the multi-node tests: `tearline serve` as real child processes
// (bin/tearline.mjs, as an operator starts it) against one PostgreSQL database, each on a
// port the OS picks; and a fresh schema per test, dropped at the end.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { childEnv, exitOf, REPO_ROOT, TEARLINE_BIN, type Exit } from '../crash/server.ts';

export interface Node {
  readonly url: string;
  /** Everything the process wrote so far, for a failure message. */
  output(): string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<Exit>;
}

/** Starts `tearline serve` with these TEARLINE_* settings (no demo, loopback, port 0). */
export async function startNode(env: Record<string, string>, readyTimeoutMs = 120_000): Promise<Node> {
  const child = spawn(process.execPath, [TEARLINE_BIN, 'serve'], {
    cwd: REPO_ROOT,
    env: { ...childEnv(), TEARLINE_HOST: '127.0.0.1', TEARLINE_PORT: '0', TEARLINE_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const exited = exitOf(child);
  child.stderr?.setEncoding('utf8').on('data', (text: string) => chunks.push(text));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`node did not listen within ${readyTimeoutMs} ms:\n${chunks.join('')}`)), readyTimeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
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
      reject(new Error(`node exited before listening (code ${exit.code}, signal ${exit.signal}):\n${chunks.join('')}`));
    });
  }).catch(async (error: unknown) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    url,
    output: () => chunks.join(''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface FreshSchema {
  /** A URL whose connections use the schema (`options=-c search_path=...`), as TEARLINE_DATABASE_URL takes it. */
  readonly url: string;
  readonly schema: string;
  drop(): Promise<void>;
}

/** A URL whose connections put `schema` on the search_path. */
export function schemaUrl(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/**
 * A new, empty schema in the database TEARLINE_TEST_PG_URL names (as the other PostgreSQL
 * tests do: src/storage/postgres/test-database.ts), reachable by URL alone, so child
 * processes configured only by TEARLINE_DATABASE_URL use it.
 */
export async function freshSchema(adminUrl: string, prefix = 'tl_race'): Promise<FreshSchema> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = async (text: string): Promise<void> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  return { url: schemaUrl(adminUrl, schema), schema, drop: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}
