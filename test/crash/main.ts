// `npm run test:crash`: the full crash campaign. Options: --seed N (replay a run's plan),
// --kills N, --max-objects N, --keep (keep the database directory), --quiet.
import { parseArgs } from 'node:util';
import { FULL_CAMPAIGN, formatReport, runCrashCampaign } from './campaign.ts';
import { freshSeed } from './random.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    kills: { type: 'string' },
    'max-objects': { type: 'string' },
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
const report = await runCrashCampaign({
  ...FULL_CAMPAIGN,
  seed,
  kills: whole(values.kills, FULL_CAMPAIGN.kills, 'kills'),
  maxObjects: whole(values['max-objects'], FULL_CAMPAIGN.maxObjects, 'max-objects'),
  keep: values.keep === true,
  log: values.quiet === true ? undefined : (line) => console.log(line),
});
console.log(formatReport(report));
process.exit(report.violations.length === 0 ? 0 : 1);
