#!/usr/bin/env node
// npm run test:fuzz [-- --seconds N --target a,b --seed N --runs N --record]: every fuzz target
// for a long budget (FUZZ_SECONDS, default 300 s), per-target counts printed (test/fuzz/main.ts).
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/fuzz/main.ts', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
