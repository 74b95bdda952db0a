// Composition root: the only place that builds concrete adapters (SQLite store, Fastify
// server, system clock) and hands them to the CLI.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from './app/ports.ts';
import type { Config } from './config/config.ts';
import type { CliDeps, RunningServer } from './cli/deps.ts';
import type { CliIo } from './cli/io.ts';
import { runCli } from './cli/run.ts';
import { openSqliteStore } from './storage/sqlite/index.ts';
import { buildServer } from './http/server.ts';
import { foundingScenario } from './demo/foundingScenario.ts';

export const systemClock: Clock = { now: () => new Date().toISOString() };

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function defaultDeps(): CliDeps {
  const version = packageVersion();
  return {
    version,
    clock: systemClock,
    async openStore(config: Config) {
      if (config.dbPath !== ':memory:') mkdirSync(dirname(config.dbPath), { recursive: true });
      return openSqliteStore({ path: config.dbPath });
    },
    async serve(config, store): Promise<RunningServer> {
      const app = await buildServer({ store, clock: systemClock, maxBodyBytes: config.maxBundleBytes, version, logger: false });
      const address = await app.listen({ host: config.host, port: config.port });
      return { url: address.replace('[::1]', 'localhost'), close: () => app.close() };
    },
    async demoBundle() {
      return JSON.stringify(foundingScenario(new Date(systemClock.now())));
    },
  };
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    isTty: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, processIo(), defaultDeps());
}
