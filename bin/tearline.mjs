#!/usr/bin/env -S node --max-semi-space-size=64 --min-semi-space-size=32
// The CLI runs the TypeScript sources through tsx's loader so that a fresh clone needs
// no build step; `npm install && npm start` is the whole quick start. The V8 flags of the
// shebang are explained in bin/v8-flags.mjs.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
