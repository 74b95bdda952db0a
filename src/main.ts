// Composition root: the only place that builds concrete adapters (SQLite store, Fastify
// server, system clock) and hands them to the CLI.
import { mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock, Store } from './app/ports.ts';
import type { Config } from './config/config.ts';
import type { CliDeps, RunningServer } from './cli/deps.ts';
import type { CliIo } from './cli/io.ts';
import { runCli } from './cli/run.ts';
import { openSqliteStore } from './storage/sqlite/index.ts';
import { openPostgresStore } from './storage/postgres/index.ts';
import { copyStore } from './storage/copy/index.ts';
import { buildServer } from './http/server.ts';
import { ingestObjects } from './app/ingest/ingestObjects.ts';
import { FeedScheduler } from './app/taxii/feedScheduler.ts';
import { feedConnector } from './ingest/taxii/connect.ts';
import { deliveryEnvironment } from './cli/commands/delivery.ts';
import type { EventBus } from './app/ports/events.ts';
import type { Leadership } from './app/ports/leadership.ts';
import { publishingStore } from './app/events/publishingStore.ts';
import { LeaderDuties } from './app/leadership/duties.ts';
import { inProcessEventBus } from './storage/sqlite/events.ts';
import { singleNodeLeadership } from './storage/sqlite/leader.ts';
import { postgresEventBus } from './storage/postgres/events.ts';
import { postgresLeadership } from './storage/postgres/leader.ts';

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
    copyStore,
    async openStore(config: Config) {
      if (config.databaseUrl !== undefined) return openPostgresNode(config.databaseUrl);
      if (config.dbPath !== ':memory:') mkdirSync(dirname(config.dbPath), { recursive: true });
      return openSqliteNode(config.dbPath);
    },
    async serve(config, store): Promise<RunningServer> {
      const auth = { sessionTtlMinutes: config.auth.sessionTtlMinutes, secureCookies: config.auth.secureCookies };
      const tls = config.tls === undefined ? undefined : await readTlsFiles(config.tls);
      // Issue 7: acknowledgement links and the recorder of machine deliveries (serve has validated them).
      const deliveryEnv = deliveryEnvironment(process.env);
      const delivery = deliveryEnv.ok ? { ackSecret: deliveryEnv.value.ackSecret, recorder: deliveryEnv.value.recorder } : { ackSecret: null, recorder: null };
      // Issue 10: live events from this store's bus; schedulers only while this node leads.
      const node = nodeSupport.get(store);
      const scheduler = new LeaderDuties(node?.leadership() ?? singleNodeLeadership(), { line: (text) => process.stderr.write(`tearline: ${text}\n`), announce: node?.severalNodes === true });
      const app = await buildServer({
        store, clock: systemClock, maxBodyBytes: config.maxBundleBytes, version, logger: false, auth, delivery, ...(tls === undefined ? {} : { tls }),
        ...(node === undefined ? {} : { events: node.events }),
        node: { scheduler: () => scheduler.state, duties: () => scheduler.running },
      });
      const address = await app.listen({ host: config.host, port: config.port });
      // TAXII polling feeds (tearline feed add): pulled on their interval while the server runs.
      scheduler.add('feeds', () => {
        const feeds = new FeedScheduler({
          store,
          clock: systemClock,
          ingest: ingestObjects,
          openSource: feedConnector({ userAgent: `Tearline/${version} (TAXII 2.1 client)`, env: process.env, maxResponseBytes: config.maxBundleBytes }),
          log: (line) => process.stderr.write(`tearline: ${line}\n`),
        });
        feeds.start();
        return feeds;
      });
      scheduler.begin();
      return {
        url: address.replace('[::1]', 'localhost'),
        scheduler,
        close: async () => {
          await scheduler.close();
          await app.close();
        },
      };
    },
  };
}

/**
 * Issue 10: what a store opened here brings for serving: the bus its writes publish to, and
 * how its nodes elect the one that runs the schedulers.
 */
interface NodeSupport {
  readonly events: EventBus;
  leadership(): Leadership;
  readonly severalNodes: boolean;
}
const nodeSupport = new WeakMap<Store, NodeSupport>();

function reportLine(text: string): void {
  process.stderr.write(`tearline: ${text}\n`);
}

async function openPostgresNode(url: string): Promise<Store> {
  const store = await openPostgresStore({ url });
  const events = postgresEventBus({ url, schema: store.schema, onError: (error) => reportLine(error.message) });
  const published = publishingStore(store, events, { onError: (error) => reportLine(`events not published: ${(error as Error).message}`) });
  nodeSupport.set(published, { events, severalNodes: true, leadership: () => postgresLeadership({ url, schema: store.schema, onError: (error) => reportLine(error.message) }) });
  return published;
}

function openSqliteNode(path: string): Store {
  const events = inProcessEventBus();
  const published = publishingStore(openSqliteStore({ path }), events, { onError: (error) => reportLine(`events not published: ${(error as Error).message}`) });
  nodeSupport.set(published, { events, severalNodes: false, leadership: singleNodeLeadership });
  return published;
}

async function readTlsFiles(files: { readonly certPath: string; readonly keyPath: string }): Promise<{ cert: Buffer; key: Buffer }> {
  const read = async (path: string, name: string): Promise<Buffer> => {
    try {
      return await readFile(path);
    } catch (error) {
      throw new Error(`cannot read ${name} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  return { cert: await read(files.certPath, 'TEARLINE_TLS_CERT'), key: await read(files.keyPath, 'TEARLINE_TLS_KEY') };
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
