// `npm run test:crash`: the full crash campaign. Options: --seed N (replay a run's plan),
// --kills N, --max-objects N, --drain-ms N, --keep (keep the database directory), --quiet.
// Prints the report and writes its summary to test-output/suites/crash.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FULL_CAMPAIGN, formatReport, runCrashCampaign, summaryJson } from './campaign.ts';
import { freshSeed } from '../support/random.ts';
import { REPO_ROOT } from './server.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    kills: { type: 'string' },
    'max-objects': { type: 'string' },
    'drain-ms': { type: 'string' },
    keep: { type: 'boolean' },
    quiet: { type: 'boolean' },
  },
});
const whole = (raw: string | undefined, fallback: number, name: string): number => {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) {
    console.error(`test:crash: --${name} must be a whole number, got '${raw}'`);
    process.exit(2);
  }
  return Number(raw);
};
const seed = whole(values.seed, freshSeed(), 'seed');
console.log(`crash campaign: seed ${seed} (replay with --seed ${seed})`);
const out = join(REPO_ROOT, 'test-output', 'suites');
const writeSummary = (summary: Record<string, unknown>): void => {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'crash.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`summary: ${join(out, 'crash.json')}`);
};
const startedAt = new Date();
let report;
try {
  report = await runCrashCampaign({
    ...FULL_CAMPAIGN,
    seed,
    kills: whole(values.kills, FULL_CAMPAIGN.kills, 'kills'),
    maxObjects: whole(values['max-objects'], FULL_CAMPAIGN.maxObjects, 'max-objects'),
    drainMs: whole(values['drain-ms'], FULL_CAMPAIGN.drainMs, 'drain-ms'),
    keep: values.keep === true,
    log: values.quiet === true ? undefined : (line) => console.log(line),
  });
} catch (error) {
  // The harness itself failed: say so in the summary too, so no stale verdict is read.
  console.error(error);
  writeSummary({ suite: 'crash', seed, passed: false, error: String(error), startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime() });
  process.exit(1);
}
console.log(formatReport(report));
writeSummary(summaryJson(report));
process.exit(report.violations.length === 0 ? 0 : 1);
