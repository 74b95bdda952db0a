// The crash campaign's cheap version inside `npm test`: a real `tearline serve` child process,
// SIGKILLed 5 times at random moments while it ingests over REST (with CLI ingests between
// restarts), then the database checked after every restart. The full run (50+ kills) is
// `npm run test:crash`. CRASH_SEED replays a seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReport, runCrashCampaign } from './campaign.ts';
import { freshSeed } from './random.ts';

test('SIGKILL during ingest loses no acknowledged write and leaves no half-stored bundle (5 kills)', { timeout: 180_000 }, async (t) => {
  const seed = process.env.CRASH_SEED === undefined ? freshSeed() : Number(process.env.CRASH_SEED);
  const report = await runCrashCampaign({
    seed,
    kills: 5,
    maxObjects: 3000,
    upMs: [200, 1000],
    startupKillChance: 0.1,
    cli: { chance: 0.2, killChance: 0.5 },
  });
  t.diagnostic(formatReport(report).split('\n').slice(0, 3).join(' | '));
  assert.equal(report.serverKills, 5);
  assert.ok(report.writes > 0, 'the drivers wrote nothing');
  assert.deepEqual(report.violations, [], formatReport(report));
});
