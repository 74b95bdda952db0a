// The short fuzzing budget inside `npm test`: every target for a few seconds (FUZZ_TEST_SECONDS
// in all, default 12), on mutations of the real files in ../shared/data. Seeds differ per run
// (FUZZ_SEED fixes one); a failure prints the command that replays and records it. The long
// budget is `npm run test:fuzz`.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCorpus } from './corpus.ts';
import { TARGETS, targetNamed } from './registry.ts';
import { openSignatures } from './regressions.ts';
import { FuzzWorker, fuzzTarget, signature } from './runner.ts';
import { SHARED_DATA_ABSENT } from '../support/sharedData.ts';

const totalMs = Number(process.env.FUZZ_TEST_SECONDS ?? 12) * 1000;
const seed = process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);
const corpus = loadCorpus();
// Bugs recorded as open (regressions with status "open") do not fail this run again.
const known = openSignatures((name, problems) => {
  const target = targetNamed(name);
  return target === undefined ? undefined : signature(target, problems);
});

describe(`fuzzing, short budget (seed ${seed})`, () => {
  const worker = new FuzzWorker();
  after(() => worker.close());

  test('the corpus holds the shared data', (t) => {
    if (!corpus.shared) {
      t.skip(`${SHARED_DATA_ABSENT}; the targets run on built-in seeds only`);
      return;
    }
    assert.ok(corpus.stixObjects.length > 200 && corpus.mispEvents.length >= 6 && corpus.texts.length >= 70);
  });

  TARGETS.forEach((target, i) => {
    test(`${target.name}: ${target.description}`, async (t) => {
      const report = await fuzzTarget(target, corpus, worker, { ms: totalMs / TARGETS.length, seed: seed + i, continueAfterFailure: false, known });
      t.diagnostic(`${report.runs} runs in ${(report.ms / 1000).toFixed(1)} s${report.knownHits > 0 ? `, ${report.knownHits} hits of bugs recorded as open` : ''}`);
      assert.ok(report.runs > 0, 'no input was tried');
      const found = report.failures[0];
      if (found !== undefined) {
        assert.fail(
          `${found.problems.join('\n')}\ninput: ${JSON.stringify(found.encoded).slice(0, 500)}\n` +
            `record it: npm run test:fuzz -- --target ${target.name} --seed ${found.seed} --record`,
        );
      }
    });
  });
});
