// The load run: a real `tearline serve` on a seeded store, pollers and an ingest stream for a
// warm-up, a pause to let the server settle (memory after warm-up), then the measured run
// (its first part clean, the rest with slow clients connected), a second settle (memory after
// the run), and the verdicts. Everything on loopback; the generator runs in this process.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT_TIMEOUTS } from '../../src/http/server.ts';
import { ObjectSource, type StixJson } from './bundles.ts';
import { LoadClient } from './client.ts';
import { IngestStream, REST_INGEST, TAXII_POST, type IngestSettings } from './ingestStream.ts';
import { POLL, PollerFleet, type PollerSettings } from './pollers.ts';
import { HealthProbe, PROBE } from './probe.ts';
import { Rng } from '../support/random.ts';
import { CONNECT, Recorder, type Phase } from './recorder.ts';
import { CpuMeter, RssSampler, type ResidentMemory } from './samplers.ts';
import { startLoadServer, type LoadServer } from './server.ts';
import { COLLECTION_ALIAS, createCredentials, type LoadCredentials } from './setup.ts';
import { SlowClients, slowReports, type SlowKind } from './slowClients.ts';
import { median, summarise } from './stats.ts';
import { judge, type LoadReport, type SettledMemory } from './report.ts';

export interface LoadSettings {
  readonly seed: number;
  /** The measured run, after the warm-up. */
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** The first part of the run has no slow clients: the pollers' latency to compare with. */
  readonly cleanShare: number;
  /** Pause with nothing in flight before each memory reading. */
  readonly settleSeconds: number;
  readonly seedObjects: number;
  readonly pollers: PollerSettings;
  readonly ingest: IngestSettings;
  readonly slowClients: number;
  readonly keep: boolean;
  readonly log?: (line: string) => void;
}

export const FULL_RUN: Omit<LoadSettings, 'seed' | 'keep'> = {
  seconds: 60,
  warmupSeconds: 20,
  cleanShare: 0.2,
  settleSeconds: 10,
  // Some 25 MB of database: a first full sync is real work, and SQLite's page caches are not
  // answering everything from a store that fits in a few pages.
  seedObjects: 20_000,
  pollers: { count: 200, thinkMs: [500, 3000], fullSyncShare: 0.05 },
  ingest: { everyMs: 200, bundleObjects: 100, maxInFlight: 10 },
  slowClients: 50,
};

const OBJECTS_PATH = `/taxii2/root/collections/${COLLECTION_ALIAS}/objects/`;
const TAXII = 'application/taxii+json;version=2.1';
/** Slack on top of the server's timeouts before a slow client counts as not cut off. */
const CUT_SLACK_MS = 2_000;

export async function runLoad(settings: LoadSettings): Promise<LoadReport> {
  const log = settings.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'tearline-load-'));
  const db = join(dir, 'load.db');
  const started = new Date();
  const loadBefore = loadavg();
  let server: LoadServer | undefined;
  let failedEarly = true;
  try {
    let t = performance.now();
    const credentials = await createCredentials(db);
    log(`setup: collection, 2 TAXII accounts, analyst and API token through the CLI in ${seconds(t)} s`);
    t = performance.now();
    server = startLoadServer(db);
    const url = await server.ready;
    const pid = server.pid;
    log(`server: pid ${pid}, ${url}, ready in ${seconds(t)} s`);
    const recorder = new Recorder();
    const client = new LoadClient({
      baseUrl: url,
      sockets: settings.pollers.count + settings.ingest.maxInFlight + 8,
      timeoutMs: 30_000,
      onConnect: (port, at, ms) => recorder.connected(port, at, ms),
    });
    const rng = new Rng(settings.seed);
    const source = new ObjectSource(new Rng(rng.seed()));
    t = performance.now();
    const startPoints = await seedCollection(client, source, credentials, settings.seedObjects);
    log(`seed: ${settings.seedObjects} objects in the collection in ${seconds(t)} s`);

    let phase: Phase | 'settle' = 'warmup';
    const rss = new RssSampler(pid, 500, () => phase);
    const fleet = new PollerFleet(client, recorder, new Rng(rng.seed()), OBJECTS_PATH, credentials.pollerAuth, settings.pollers.thinkMs[1]);
    const ingest = new IngestStream(client, recorder, source, { taxiiObjectsPath: OBJECTS_PATH, taxii: credentials.publisherAuth, rest: credentials.ingestAuth }, settings.ingest);
    const probeClient = new LoadClient({ baseUrl: url, sockets: 1, timeoutMs: 30_000 });
    const probe = new HealthProbe(probeClient, recorder, credentials.pollerAuth);
    const PROBE_EVERY_MS = 250;
    const pause = async (): Promise<void> => {
      await Promise.all([fleet.pause(), ingest.pause(), probe.stop()]);
    };
    const running = server;
    const settle = async (): Promise<SettledMemory> => {
      phase = 'settle';
      await pause();
      // Nothing in flight. Resident memory now still holds whatever garbage V8 has not yet
      // collected (a full collection may not have run for the whole phase), so it is read,
      // then a full collection is forced in the server and, after a quiet pause, memory is
      // read again: the median of nine readings over two seconds. Both readings are reported;
      // the criterion uses the second, which is what the server keeps.
      await sleep(2000);
      const before: ResidentMemory[] = [];
      for (let i = 0; i < 4; i += 1) {
        before.push(rss.sample());
        await sleep(250);
      }
      const collected = await running.collectGarbage();
      await sleep(Math.max(1, settings.settleSeconds - 5) * 1000);
      const readings: ResidentMemory[] = [];
      for (let i = 0; i < 9; i += 1) {
        readings.push(rss.sample());
        await sleep(250);
      }
      const part = (name: keyof ResidentMemory): number => median(readings.map((r) => r[name]));
      const mib = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
      return {
        rssBeforeGcMiB: median(before.map((r) => r.rss)),
        rssMiB: part('rss'),
        anonMiB: part('anon'),
        fileMiB: part('file'),
        shmemMiB: part('shmem'),
        heapUsedAfterGcMiB: mib(collected.heapUsed),
        externalAfterGcMiB: mib(collected.external),
        fullGcs: running.fullCollections().length,
      };
    };

    log(`warm-up: ${settings.warmupSeconds} s, ${settings.pollers.count} pollers, a ${settings.ingest.bundleObjects}-object bundle every ${settings.ingest.everyMs} ms`);
    const warmupCpu = new CpuMeter(pid);
    fleet.start(settings.pollers, startPoints);
    ingest.start();
    probe.start(PROBE_EVERY_MS);
    await sleep(settings.warmupSeconds * 1000);
    const warmupUnderLoad = median(rss.samples.filter((s) => s.phase === 'warmup').slice(-10).map((s) => s.mib));
    const warmupMachine = warmupCpu.read();
    const rssAfterWarmup = await settle();
    log(`settled after warm-up: ${describeMemory(rssAfterWarmup)} (RSS under load ${warmupUnderLoad.toFixed(1)} MiB)`);

    const cleanSeconds = settings.seconds * settings.cleanShare;
    const bounds: Record<SlowKind, number> = {
      headers: CLIENT_TIMEOUTS.headersMs + CLIENT_TIMEOUTS.checkEveryMs + CUT_SLACK_MS,
      silent: CLIENT_TIMEOUTS.headersMs + CLIENT_TIMEOUTS.checkEveryMs + CUT_SLACK_MS,
      body: CLIENT_TIMEOUTS.requestMs + CLIENT_TIMEOUTS.checkEveryMs + CUT_SLACK_MS,
    };
    const slow = new SlowClients(url, { count: settings.slowClients, trickleMs: 1000, ingestAuth: credentials.ingestAuth });
    const runCpu = new CpuMeter(pid);
    const runStart = performance.now();
    phase = 'clean';
    recorder.phase = 'clean';
    fleet.resume();
    ingest.resume();
    probe.start(PROBE_EVERY_MS);
    log(`run: ${settings.seconds} s (${cleanSeconds.toFixed(0)} s clean, then ${settings.slowClients} slow clients)`);
    await sleep(cleanSeconds * 1000);
    phase = 'attack';
    recorder.phase = 'attack';
    slow.start();
    await sleep((settings.seconds - cleanSeconds) * 1000);
    const runUnderLoad = median(rss.samples.filter((s) => s.phase === 'attack').slice(-10).map((s) => s.mib));
    const runSeconds = (performance.now() - runStart) / 1000;
    const runMachine = runCpu.read();
    await slow.stop();
    const rssAfterRun = await settle();
    log(`settled after the run: ${describeMemory(rssAfterRun)} (RSS under load ${runUnderLoad.toFixed(1)} MiB)`);
    await Promise.all([fleet.stop(), ingest.stop()]);
    rss.stop();
    client.close();
    probeClient.close();
    const aliveAtEnd = !(await exitedYet(server));
    const exit = await server.stop();
    failedEarly = false;
    const report = judge({
      settings,
      started,
      loadBefore,
      loadAfter: loadavg(),
      recorder,
      runSeconds,
      memory: { afterWarmup: rssAfterWarmup, afterRun: rssAfterRun, warmupUnderLoadMiB: warmupUnderLoad, runUnderLoadMiB: runUnderLoad, peakMiB: rss.peak(), samples: rss.samples },
      cpu: { warmup: warmupMachine, run: runMachine },
      slow: slowReports(slow.connections, bounds, (port, since) => running.acceptedAt(port, since)),
      slowRefused: slow.refused,
      acceptLagMs: acceptLags(recorder.newConnections, running),
      server: { aliveAtEnd, exit, output: server.output() },
      kinds: { poll: POLL, taxiiPost: TAXII_POST, restIngest: REST_INGEST, probe: PROBE, connect: CONNECT },
      dir,
    });
    if (report.passed && !settings.keep) rmSync(dir, { recursive: true, force: true });
    return report;
  } finally {
    if (failedEarly) {
      await server?.kill();
      log(`load run failed before it finished; server output:\n${server?.output() ?? '(not started)'}\nkept ${dir}`);
    }
  }
}

/** The identities, then `count` objects as TAXII Add Objects of 1,000; answers the date_added of the latest 10,000 (from the manifest). */
async function seedCollection(client: LoadClient, source: ObjectSource, credentials: LoadCredentials, count: number): Promise<string[]> {
  const post = async (objects: StixJson[]): Promise<void> => {
    const answer = await client.request('POST', OBJECTS_PATH, { accept: TAXII, 'content-type': TAXII, authorization: credentials.publisherAuth }, JSON.stringify({ objects }));
    const status = answer.status === 202 ? (JSON.parse(answer.body) as { failure_count?: number }) : undefined;
    if (status?.failure_count !== 0) throw new Error(`seeding the collection failed: HTTP ${answer.status} ${answer.body.slice(0, 500)}`);
    source.acknowledged(objects);
  };
  await post(source.identities(20));
  for (let sent = 0; sent < count; sent += 1000) await post(source.bundle(Math.min(1000, count - sent)));
  const added: string[] = [];
  let next: string | undefined;
  do {
    const answer = await client.request('GET', `/taxii2/root/collections/${COLLECTION_ALIAS}/manifest/?limit=1000${next === undefined ? '' : `&next=${encodeURIComponent(next)}`}`, { accept: TAXII, authorization: credentials.pollerAuth });
    if (answer.status !== 200) throw new Error(`reading the manifest failed: HTTP ${answer.status} ${answer.body.slice(0, 500)}`);
    const page = JSON.parse(answer.body) as { more: boolean; next?: string; objects?: { date_added: string }[] };
    for (const record of page.objects ?? []) added.push(record.date_added);
    next = page.more ? page.next : undefined;
  } while (next !== undefined);
  return added.slice(-10_000);
}

/** How long the generator's new connections waited before the server accepted them. */
function acceptLags(connections: readonly { port: number; at: number }[], server: LoadServer): { connections: number; p50: number; p99: number; max: number; neverAccepted: number } {
  const lags: number[] = [];
  let neverAccepted = 0;
  for (const c of connections) {
    const accepted = server.acceptedAt(c.port, c.at);
    if (accepted === undefined) neverAccepted += 1;
    else lags.push(Math.max(0, accepted - c.at));
  }
  const summary = summarise(lags);
  return { connections: connections.length, p50: summary.p50, p99: summary.p99, max: summary.max, neverAccepted };
}

async function exitedYet(server: LoadServer): Promise<boolean> {
  return Promise.race([server.exited.then(() => true), sleep(10).then(() => false)]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

function describeMemory(m: SettledMemory): string {
  return `RSS ${m.rssBeforeGcMiB.toFixed(1)} MiB, after a full GC ${m.rssMiB.toFixed(1)} MiB (anon ${m.anonMiB.toFixed(1)}, file ${m.fileMiB.toFixed(1)}, shmem ${m.shmemMiB.toFixed(1)}; V8 heap ${m.heapUsedAfterGcMiB} MiB, external ${m.externalAfterGcMiB} MiB; ${m.fullGcs} full GCs so far)`;
}
