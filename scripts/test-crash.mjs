#!/usr/bin/env node
// npm run test:crash [-- --seed N --kills N --max-objects N --drain-ms N --keep --quiet]: the
// full crash campaign (test/crash/main.ts): `tearline serve` SIGKILLed 50+ times while it
// ingests (REST, CLI, TAXII), releases warnings and delivers them to loopback receivers; the
// database, the deliveries and the audit chain checked after every restart. Prints the
// verdict and writes test-output/suites/crash.json.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/crash/main.ts', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
