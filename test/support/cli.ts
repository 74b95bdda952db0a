// Runs `tearline ...` in-process with captured output, the real composition root and a
// throwaway database, the way a user's shell would (minus the process boundary).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { defaultDeps } from '../../src/main.ts';
import { runCli } from '../../src/cli/run.ts';
import type { CliDeps } from '../../src/cli/deps.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runTearline(
  argv: readonly string[],
  options: { stdin?: string | Buffer; env?: Record<string, string>; cwd?: string; deps?: CliDeps } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runCli(
    argv,
    {
      stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
      stdout,
      stderr,
      isTty: false,
      env: options.env ?? {},
      cwd: options.cwd ?? process.cwd(),
    },
    options.deps ?? defaultDeps(),
  );
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** A temporary directory removed after the test; the database file goes inside it. */
export function tempDir(prefix = 'tearline-test-'): { readonly path: string; readonly db: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, db: join(path, 'tearline.db'), cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
