#!/usr/bin/env node
// Builds the web UI (web/dist, and the server's drawing of the first view in web/dist-server:
// src/http/firstView.ts) when it is missing or older than any of its sources, so
// `npm start` on a fresh clone and `npm test` always serve the current UI. An up-to-date
// build costs one directory walk. With --required a missing Vite is an error (tests need
// the UI); without it `npm start` goes on and the server explains what is missing at `/`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const required = process.argv.includes('--required');
const output = join(root, 'web', 'dist', 'index.html');
const serverOutput = join(root, 'web', 'dist-server', 'drawFirstView.js');
const inputs = [
  join(root, 'web', 'index.html'),
  join(root, 'web', 'vite.config.ts'),
  join(root, 'web', 'tsconfig.json'),
  join(root, 'web', 'src'),
  join(root, 'web', 'public'),
  join(root, 'src', 'http', 'wire.ts'),
  join(root, 'package-lock.json'),
];

function newestInput(paths) {
  let newest = { path: '', mtimeMs: 0 };
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (stat.mtimeMs > newest.mtimeMs) {
      newest = { path, mtimeMs: stat.mtimeMs };
    }
  };
  paths.forEach(visit);
  return newest;
}

function staleReason() {
  if (!existsSync(output)) return 'web/dist is missing';
  if (!existsSync(serverOutput)) return 'web/dist-server is missing';
  const built = Math.min(statSync(output).mtimeMs, statSync(serverOutput).mtimeMs);
  const newest = newestInput(inputs);
  return newest.mtimeMs > built ? `${relative(root, newest.path)} changed since the last build` : undefined;
}

const reason = staleReason();
if (reason === undefined) {
  console.error('web: web/dist is up to date');
  process.exit(0);
}

const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(vite)) {
  const message = `web: ${reason}, and Vite is not installed (run npm install) — the UI at / will say it is not built`;
  console.error(message);
  process.exit(required ? 1 : 0);
}

console.error(`web: building the UI (${reason})`);
const started = Date.now();
// The browser's build, then the server's (its entry relative to web/, Vite's root).
for (const extra of [[], ['--ssr', 'src/server/drawFirstView.tsx']]) {
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn', ...extra], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('web: the build failed');
    process.exit(result.status ?? 1);
  }
}
console.error(`web: built web/dist and web/dist-server in ${((Date.now() - started) / 1000).toFixed(1)} s`);
