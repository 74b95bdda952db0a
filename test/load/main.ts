// `npm run test:load`: the load and soak run. Options: --seconds N (the measured run, default
// 60, or LOAD_SECONDS), --warmup N, --pollers N, --slow N, --seed-objects N, --seed N, --keep (keep the
// database), --out FILE (default test-output/suites/load.json), --quiet.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { FULL_RUN, runLoad } from './campaign.ts';
import { detailLines, writeReport } from './report.ts';
import { REPO_ROOT } from '../crash/server.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    pollers: { type: 'string' },
    slow: { type: 'string' },
    'seed-objects': { type: 'string' },
    seed: { type: 'string' },
    keep: { type: 'boolean' },
    out: { type: 'string' },
    quiet: { type: 'boolean' },
  },
});
const whole = (raw: string | undefined, fallback: number, name: string): number => {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) {
    console.error(`test:load: --${name} must be a whole number, got '${raw}'`);
    process.exit(2);
  }
  return Number(raw);
};
const seed = whole(values.seed, Math.floor(Math.random() * 2 ** 31), 'seed');
const out = values.out ?? join(REPO_ROOT, 'test-output', 'suites', 'load.json');
const report = await runLoad({
  ...FULL_RUN,
  seed,
  seconds: whole(values.seconds ?? process.env.LOAD_SECONDS, FULL_RUN.seconds, 'seconds'),
  warmupSeconds: whole(values.warmup, FULL_RUN.warmupSeconds, 'warmup'),
  seedObjects: whole(values['seed-objects'], FULL_RUN.seedObjects, 'seed-objects'),
  pollers: { ...FULL_RUN.pollers, count: whole(values.pollers, FULL_RUN.pollers.count, 'pollers') },
  slowClients: whole(values.slow, FULL_RUN.slowClients, 'slow'),
  keep: values.keep === true,
  ...(values.quiet === true ? {} : { log: (line: string) => console.log(`  ${line}`) }),
});
writeReport(report, out);
for (const line of detailLines(report)) console.log(line);
console.log(report.summary);
console.log(`seed ${seed}; figures in ${out}`);
process.exit(report.passed ? 0 : 1);
