// Replays every saved fuzz case (test/fuzz/regressions/<target>/<hash>.json): each was a crash,
// hang or broken property once, and must hold now. A case marked `"status": "open"` waits for
// a fix in a module another owner is changing; it is replayed and shown as a todo meanwhile.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTearline, tempDir } from '../support/cli.ts';
import { execute, warmUp } from './execute.ts';
import { loadCases } from './regressions.ts';

const cases = loadCases();

describe('fuzz regressions', () => {
  test('the saved cases are readable', () => {
    for (const { file, regression } of cases) {
      assert.equal(typeof regression.target, 'string', `${file}: no target`);
      assert.ok(file.startsWith(`${regression.target}/`), `${file} is filed under the wrong target ${regression.target}`);
      assert.ok(Array.isArray(regression.problems) && regression.problems.length > 0, `${file}: no problems recorded`);
    }
  });

  for (const { file, regression } of cases) {
    const open = regression.status === 'open';
    test(`${file}: ${regression.problems[0]?.slice(0, 100) ?? ''}`, open ? { todo: regression.note ?? 'open: not fixed yet' } : {}, async () => {
      await warmUp(regression.target); // dictionaries, a server: loaded outside the time bound
      let { problems } = await execute(regression.target, regression.input);
      // Over the time bound only: once more, as the fuzz runner does, since a busy machine is not a hang.
      if (problems.length > 0 && problems.every((p) => p.startsWith('took '))) ({ problems } = await execute(regression.target, regression.input));
      assert.deepEqual(problems, [], `${file} still fails:\n${problems.join('\n')}`);
    });
  }
});

// Found by the text-extractor target (published 2651-60-39): `tearline ingest --format text`
// took any NNNN-NN-NN as --published, and the report it built then had an invalid
// `published` timestamp, so the whole input was refused with a confusing validation error.
describe('fuzz regressions outside the targets', () => {
  test('tearline ingest refuses a --published that is not a calendar date', async (t) => {
    const dir = tempDir();
    t.after(() => dir.cleanup());
    const file = join(dir.path, 'report.txt');
    writeFileSync(file, 'APT28 struck Kyiv on 3 March 2024.\n');
    for (const date of ['2024-02-30', '2651-60-39', '0000-00-00']) {
      const run = await runTearline(['ingest', file, '--format', 'text', '--published', date, '--db', dir.db]);
      assert.equal(run.code, 2, `${date}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, /--published must be a date YYYY-MM-DD/);
    }
    const ok = await runTearline(['ingest', file, '--format', 'text', '--published', '2024-03-04', '--db', dir.db]);
    assert.equal(ok.code, 0, ok.stderr);
  });
});
