// `npm run test:fuzz`: every target for a long budget (FUZZ_SECONDS, default 300 s, shared
// equally), per-target counts printed. Options: --seconds N, --target a,b, --seed N, --runs N
// (cap per target), --record (write each failing case to regressions/<target>/<hash>.json).
import { parseArgs } from 'node:util';
import { loadCorpus } from './corpus.ts';
import { openSignatures, saveCase } from './regressions.ts';
import { TARGETS, targetNamed } from './registry.ts';
import { FuzzWorker, fuzzTarget, signature, type TargetReport } from './runner.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string' }, target: { type: 'string' }, seed: { type: 'string' }, runs: { type: 'string' }, record: { type: 'boolean' } },
});
const number = (raw: string | undefined, fallback: number, name: string): number => {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    console.error(`test:fuzz: ${name} must be a whole number, got '${raw}'`);
    process.exit(2);
  }
  return Number(raw);
};
const seconds = number(values.seconds ?? process.env.FUZZ_SECONDS, 300, '--seconds / FUZZ_SECONDS');
const seed = number(values.seed, Math.floor(Math.random() * 2 ** 31), '--seed');
const maxRuns = values.runs === undefined ? undefined : number(values.runs, 0, '--runs');
const wanted = values.target?.split(',').map((t) => t.trim()).filter((t) => t !== '');
const targets = wanted === undefined ? TARGETS : TARGETS.filter((t) => wanted.includes(t.name));
if (wanted !== undefined && targets.length !== wanted.length) {
  console.error(`test:fuzz: unknown target in '${values.target}'; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

const corpus = loadCorpus();
const known = openSignatures((name, problems) => {
  const target = targetNamed(name);
  return target === undefined ? undefined : signature(target, problems);
});
console.log(`fuzz: ${targets.length} targets, ${seconds} s, seed ${seed}${corpus.shared ? '' : ' (shared data absent: built-in seeds only)'}${values.record === true ? ', recording failures' : ''}`);
const worker = new FuzzWorker();
const reports: TargetReport[] = [];
try {
  for (const [i, target] of targets.entries()) {
    const report = await fuzzTarget(target, corpus, worker, { ms: (seconds * 1000) / targets.length, seed: seed + i, continueAfterFailure: true, known, ...(maxRuns === undefined ? {} : { maxRuns }) });
    reports.push(report);
    console.log(`${target.name.padEnd(16)} runs: ${String(report.runs).padStart(7)}  failures: ${report.failures.length}  known-open hits: ${report.knownHits}  slow-then-fine: ${report.slowRetried}  ${(report.ms / 1000).toFixed(1)} s`);
    for (const found of report.failures) {
      const saved = values.record === true ? saveCase(found) : undefined;
      console.log(`  FAIL (seed ${found.seed}${found.path === undefined ? '' : `, path ${found.path}`}): ${found.problems.slice(0, 3).join(' | ').slice(0, 600)}`);
      console.log(saved === undefined ? `  input: ${JSON.stringify(found.encoded).slice(0, 400)}` : `  ${saved.isNew ? 'saved' : 'already saved'}: ${saved.path}`);
    }
  }
} finally {
  await worker.close();
}
const total = reports.reduce((n, r) => n + r.runs, 0);
const failures = reports.reduce((n, r) => n + r.failures.length, 0);
console.log(`fuzz total: ${total} runs, ${failures} failures, ${worker.restarts} worker restarts (seed ${seed})`);
process.exit(failures === 0 ? 0 : 1);
