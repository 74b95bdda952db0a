// The crash campaign's cheap version inside `npm test`: a real `tearline serve` child process,
// SIGKILLed 5 times at random moments while it ingests over REST and TAXII and drives warning
// cases to release (CLI ingests and new cases between restarts), its dispatcher delivering
// to a loopback webhook endpoint and SMTP server; the database, the deliveries and the audit
// chain checked after every restart. The full run (50+ kills) is `npm run test:crash`.
// CRASH_SEED replays a seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReport, runCrashCampaign } from './campaign.ts';
import { freshSeed } from '../support/random.ts';

test('SIGKILL during ingest, TAXII posts, releases and deliveries loses, doubles and half-stores nothing (5 kills)', { timeout: 300_000 }, async (t) => {
  const seed = process.env.CRASH_SEED === undefined ? freshSeed() : Number(process.env.CRASH_SEED);
  const report = await runCrashCampaign({
    seed,
    kills: 5,
    maxObjects: 1500,
    upMs: [500, 1500],
    startupKillChance: 0.1,
    cli: { chance: 0.2, killChance: 0.5 },
    releases: { workers: 3, pool: 4, headStart: 2 },
    drainMs: 3_000,
  });
  t.diagnostic(formatReport(report).split('\n').slice(0, 4).join(' | '));
  assert.equal(report.serverKills, 5);
  assert.ok(report.writes > 0, 'the drivers wrote nothing');
  assert.ok(report.taxiiPosts > 0, 'the TAXII driver posted nothing');
  assert.ok((report.tally.get('release.steps') ?? 0) > 0, 'the release driver sent no workflow command');
  assert.ok(report.auditVerified >= 5, `the audit chain was verified ${report.auditVerified} times`);
  assert.deepEqual(report.violations, [], formatReport(report));
});
