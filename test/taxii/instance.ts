// A Tearline instance for TAXII tests over real sockets: its own database file, served by
// the composition root's `serve` (what `tearline serve` runs) on a free loopback port, and
// administered with the real CLI.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../src/app/ports.ts';
import { loadConfig } from '../../src/config/config.ts';
import { defaultDeps } from '../../src/main.ts';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import type { RunningServer } from '../../src/cli/deps.ts';
import { runTearline, tempDir, type CliRun } from '../support/cli.ts';

export interface Instance {
  readonly dir: string;
  readonly db: string;
  readonly url: string;
  readonly store: Store;
  /** `tearline <argv>` on this instance's database. */
  cli(argv: readonly string[], options?: { stdin?: string; env?: Record<string, string> }): Promise<CliRun>;
  /** Writes a file in the instance's directory; returns its path. */
  file(name: string, content: string): string;
  close(): Promise<void>;
}

type Cli = Instance['cli'];

/** `setup` runs CLI commands on the database before the server starts (e.g. a feed it should pull at once). */
export async function startInstance(name: string, env: Record<string, string> = {}, setup?: (cli: Cli) => Promise<void>): Promise<Instance> {
  const temp = tempDir(`tearline-${name}-`);
  const baseEnv = { TEARLINE_DB: temp.db, TEARLINE_DEMO: '0', TEARLINE_HOST: '127.0.0.1', TEARLINE_PORT: '0', ...env };
  const loaded = loadConfig(baseEnv, {}, temp.path);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const cli: Cli = (argv, options = {}) => runTearline(argv, { env: { ...baseEnv, ...(options.env ?? {}) }, cwd: temp.path, ...(options.stdin === undefined ? {} : { stdin: options.stdin }) });
  await setup?.(cli);
  const store = openSqliteStore({ path: temp.db });
  let server: RunningServer;
  try {
    server = await defaultDeps().serve(loaded.config, store);
  } catch (error) {
    await store.close();
    temp.cleanup();
    throw error;
  }
  return {
    dir: temp.path,
    db: temp.db,
    url: server.url,
    store,
    cli,
    file(fileName, content) {
      const path = join(temp.path, fileName);
      writeFileSync(path, content);
      return path;
    },
    async close() {
      await server.close();
      await store.close();
      temp.cleanup();
    },
  };
}

/** Runs a CLI command and fails the test with its output unless it exits with `code`. */
export async function expectCli(run: Promise<CliRun>, code = 0): Promise<CliRun> {
  const result = await run;
  if (result.code !== code) throw new Error(`exit ${result.code} (expected ${code})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}
