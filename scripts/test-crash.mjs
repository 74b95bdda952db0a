#!/usr/bin/env node
// npm run test:crash [-- --seed N --kills N --max-objects N --keep --quiet]: the full crash
// campaign (test/crash/main.ts): `tearline serve` SIGKILLed 50+ times during ingest.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/crash/main.ts', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
