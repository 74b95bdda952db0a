#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx's loader so that a fresh clone needs
// no build step; `npm install && npm start` is the whole quick start.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
