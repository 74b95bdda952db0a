#!/usr/bin/env node
// npm run test:fuzz [-- --seconds N --target a,b --seed N --runs N --record]: every fuzz target
// for a long budget (FUZZ_SECONDS, default 300 s), per-target counts printed (test/fuzz/main.ts).
// The figures it prints are also written to test-output/suites/fuzz.json for `npm run test:all`.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const started = new Date();
const child = spawn(process.execPath, ['--import', 'tsx', 'test/fuzz/main.ts', ...process.argv.slice(2)], { stdio: ['inherit', 'pipe', 'inherit'], cwd: root });
let printed = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  printed += chunk.toString('utf8');
});
const [code, signal] = await new Promise((resolve) => child.on('close', (...exit) => resolve(exit)));
const status = code ?? 1;
writeFigures(printed, status, signal);
process.exit(status);

/** What test/fuzz/main.ts printed, as figures; anything it did not print stays null. */
function writeFigures(text, exitCode, exitSignal) {
  const header = /^fuzz: (\d+) targets, (\d+) s, seed (\d+)/m.exec(text);
  const total = /^fuzz total: (\d+) runs, (\d+) failures, (\d+) worker restarts/m.exec(text);
  const targets = [...text.matchAll(/^(\S+)\s+runs:\s+(\d+)\s+failures: (\d+)\s+known-open hits: (\d+)\s+slow-then-fine: (\d+)\s+([\d.]+) s$/gm)].map((m) => ({
    target: m[1], runs: Number(m[2]), failures: Number(m[3]), knownOpenHits: Number(m[4]), slowThenFine: Number(m[5]), seconds: Number(m[6]),
  }));
  const figures = {
    suite: 'fuzz',
    passed: exitCode === 0,
    exitCode,
    signal: exitSignal,
    when: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 100) / 10,
    budgetSeconds: header === null ? null : Number(header[2]),
    seed: header === null ? null : Number(header[3]),
    // Each target is one property-based check (its properties are listed in test/fuzz/README.md).
    properties: header === null ? targets.length : Number(header[1]),
    runs: total === null ? targets.reduce((n, t) => n + t.runs, 0) : Number(total[1]),
    failures: total === null ? targets.reduce((n, t) => n + t.failures, 0) : Number(total[2]),
    workerRestarts: total === null ? null : Number(total[3]),
    targets,
    summary: total === null ? null : total[0],
  };
  const dir = join(root, 'test-output', 'suites');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fuzz.json'), `${JSON.stringify(figures, null, 2)}\n`);
}
