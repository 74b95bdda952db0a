#!/usr/bin/env node
// npm run test:load [-- --seconds N --warmup N --pollers N --slow N --seed N --keep --quiet]:
// 200 TAXII pollers, an ingest stream and slow clients against a real `tearline serve` for
// 60 s after a warm-up (test/load/main.ts); figures in test-output/suites/load.json.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/load/main.ts', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
