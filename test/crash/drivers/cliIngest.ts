// `tearline ingest <file>` against the same database between restarts, as a bundle file or
// an NDJSON stream (the streaming path writes in batches inside one transaction). Some runs
// are killed with SIGKILL part-way: those writes stay unanswered and must be all or nothing.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { uuid4 } from '../bundles.ts';
import { childEnv, exitOf, REPO_ROOT, TEARLINE_BIN } from '../server.ts';
import type { CampaignState, CrashDriver } from '../plugins.ts';
import { bundleText, planWrite } from './writes.ts';

export interface CliIngestOptions {
  /** Chance that a run happens between two restarts. */
  readonly chance: number;
  /** Chance that a run is killed at a random moment. */
  readonly killChance: number;
}

export function cliIngestDriver(options: CliIngestOptions): CrashDriver {
  return {
    name: 'cli-ingest',
    async whileDown(state) {
      if (!state.rng.chance(options.chance)) return;
      await runOnce(state, options);
    },
  };
}

async function runOnce(state: CampaignState, options: CliIngestOptions): Promise<void> {
  const { record, objectJson } = planWrite(state, 'cli');
  const ndjson = state.rng.chance(0.5);
  const file = join(state.workDir, `${record.key.replace('#', '-')}-${record.attempts}.${ndjson ? 'ndjson' : 'json'}`);
  writeFileSync(file, ndjson ? `${objectJson.join('\n')}\n` : bundleText(`bundle--${uuid4(state.rng)}`, objectJson));
  const killAfter = state.rng.chance(options.killChance) ? state.rng.int(100, 3000) : undefined;
  const args = [TEARLINE_BIN, 'ingest', file, '--db', state.db, '--json', ...(ndjson ? ['--format', 'ndjson'] : [])];
  record.attempts += 1;
  state.tally.add('cli.runs');
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = exitOf(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const timer = killAfter === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfter);
  const exit = await exited;
  clearTimeout(timer);
  if (exit.signal === 'SIGKILL') {
    record.unanswered += 1;
    state.tally.add('kills.cli');
    state.log(`cli: killed ${record.key} (${objectJson.length} objects, ${ndjson ? 'ndjson' : 'bundle'}) after ${killAfter} ms`);
    return;
  }
  const summary = parseSummary(stdout);
  if (record.expectation === 'refused') {
    if (exit.code === 1 && summary?.committed === false) {
      record.refusals += 1;
      state.tally.add('cli.refused');
      return;
    }
    state.report({ kind: exit.code === 0 ? 'refused-stored' : 'wrong-answer', check: 'cli-ingest', message: `${record.key}: invalid input exited ${exit.code}: ${stdout.slice(0, 300)} ${stderr.slice(0, 300)}` });
    return;
  }
  if (exit.code === 0 && summary?.committed === true && summary.received === objectJson.length) {
    record.acknowledged = true;
    state.tally.add('cli.acknowledged');
    return;
  }
  state.report({ kind: 'wrong-answer', check: 'cli-ingest', message: `${record.key}: valid input exited ${exit.code}: ${stdout.slice(0, 300)} ${stderr.slice(0, 300)}` });
}

function parseSummary(stdout: string): { committed?: boolean; received?: number } | undefined {
  try {
    return JSON.parse(stdout.trim().split('\n').pop() ?? '') as { committed?: boolean; received?: number };
  } catch {
    return undefined;
  }
}
