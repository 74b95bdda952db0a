// npm run bench [-- --only NAME[,NAME]]: runs each scenario in its own process (so peak
// memory is per scenario), prints the figures and writes them to bench/results/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

interface Scenario {
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'foundation-attack', file: 'foundation.ts', args: ['attack'] },
  { name: 'foundation-synthetic', file: 'foundation.ts', args: ['synthetic'] },
  { name: 'foundation-baselines', file: 'foundation.ts', args: ['baselines'] },
  { name: 'extraction', file: 'extraction.ts', args: [] },
  { name: 'postgres-ingest', file: 'postgres.ts', args: [] },
  // Fusion and assessment on a seeded 1,000,000-object store (BENCH_FUSION_* env to resize).
  { name: 'fusion', file: 'fusion.ts', args: [] },
  // Issue 7: the system's share of time-to-warn, ingest of the triggering report to the partner's collection.
  { name: 'time-to-warn', file: 'timeToWarn.ts', args: [] },
  // Issue 3: TAXII GET pages against a bare node:http ceiling, and POST of 1,000-object envelopes (BENCH_TAXII_* env to resize).
  { name: 'taxii', file: 'taxii.ts', args: [] },
  // Issue 4: a 10,000-object package released to 50 partners, beside a bare structuredClone (BENCH_TEARLINE_* env to resize).
  { name: 'tearline', file: 'tearline.ts', args: [] },
];

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? (process.argv[onlyIndex + 1] ?? '').split(',') : undefined;
const root = fileURLToPath(new URL('..', import.meta.url));
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
};
let failed = false;
for (const scenario of SCENARIOS) {
  if (only !== undefined && !only.some((o) => scenario.name.startsWith(o))) continue;
  process.stderr.write(`bench: ${scenario.name}...\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/scenarios/${scenario.file}`, ...scenario.args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    env: process.env,
  });
  if (run.status !== 0) {
    failed = true;
    results[scenario.name] = { error: run.stderr.slice(-4000) };
    process.stderr.write(run.stderr);
    continue;
  }
  const lastLine = run.stdout.trim().split('\n').pop() ?? '{}';
  results[scenario.name] = JSON.parse(lastLine);
  process.stdout.write(`${scenario.name}: ${JSON.stringify(results[scenario.name], null, 2)}\n`);
}
summariseFoundation(results);
mkdirSync(`${root}/bench/results`, { recursive: true });
const file = `${root}/bench/results/bench-${(results.date as string).replace(/[:.]/g, '-')}.json`;
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`written: ${file}\n`);
process.exitCode = failed ? 1 : 0;

/** Ratios across the foundation scenarios, which ran in separate processes. */
function summariseFoundation(all: Record<string, unknown>): void {
  const synthetic = (all['foundation-synthetic'] as { synthetic?: { ingestObjectsPerSecond: number }; peakRssMiB?: number } | undefined);
  const baselines = (all['foundation-baselines'] as { baselines?: { bareParseObjectsPerSecond: number; bareInsertObjectsPerSecond: number } } | undefined)?.baselines;
  if (synthetic?.synthetic === undefined || baselines === undefined) return;
  const ingest = synthetic.synthetic.ingestObjectsPerSecond;
  const summary = {
    ingestObjectsPerSecond: ingest,
    ratioToBareInsert: ingest / baselines.bareInsertObjectsPerSecond,
    ratioToBareParse: ingest / baselines.bareParseObjectsPerSecond,
    peakRssMiB: synthetic.peakRssMiB,
    target: { ingestObjectsPerSecond: 15000, ratioToBareInsert: 0.45, peakRssMiB: 600 },
  };
  all['foundation-summary'] = summary;
  process.stdout.write(`foundation-summary: ${JSON.stringify(summary, null, 2)}\n`);
}
