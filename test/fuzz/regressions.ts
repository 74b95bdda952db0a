// Found cases, saved as regression tests: test/fuzz/regressions/<target>/<hash>.json holds
// the input in the target's JSON form and what was wrong; regressions.test.ts replays every
// file on every `npm test`. `status: "open"` marks a case whose fix belongs to another module's
// owner: it is replayed and reported as a todo until fixed, then the marker comes off.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FoundCase } from './runner.ts';

export const REGRESSIONS_DIR = fileURLToPath(new URL('./regressions/', import.meta.url));

export interface RegressionCase {
  readonly target: string;
  readonly input: unknown;
  /** What was wrong when it was found. */
  readonly problems: readonly string[];
  readonly found: { readonly seed: number; readonly path?: string; readonly date: string };
  /** Present while the bug is not fixed yet. */
  readonly status?: 'open';
  readonly note?: string;
}

export function caseHash(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 16);
}

/** Writes the case unless the same input is already saved; returns the file path. */
export function saveCase(found: FoundCase): { path: string; isNew: boolean } {
  const dir = join(REGRESSIONS_DIR, found.target);
  const path = join(dir, `${caseHash(found.encoded)}.json`);
  if (existsSync(path)) return { path, isNew: false };
  mkdirSync(dir, { recursive: true });
  const record: RegressionCase = {
    target: found.target,
    input: found.encoded,
    problems: found.problems,
    found: { seed: found.seed, ...(found.path === undefined ? {} : { path: found.path }), date: new Date().toISOString().slice(0, 10) },
  };
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  return { path, isNew: true };
}

export function loadCases(): { readonly file: string; readonly regression: RegressionCase }[] {
  if (!existsSync(REGRESSIONS_DIR)) return [];
  const out: { file: string; regression: RegressionCase }[] = [];
  for (const target of readdirSync(REGRESSIONS_DIR).sort()) {
    const dir = join(REGRESSIONS_DIR, target);
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue; // a stray file, not a target folder
    }
    for (const name of names) out.push({ file: `${target}/${name}`, regression: JSON.parse(readFileSync(join(dir, name), 'utf8')) as RegressionCase });
  }
  return out;
}

/** Signatures of the cases still open, for runs that should not fail on bugs already recorded. */
export function openSignatures(signatureOf: (target: string, problems: readonly string[]) => string | undefined): Set<string> {
  const out = new Set<string>();
  for (const { regression } of loadCases()) {
    if (regression.status !== 'open') continue;
    const key = signatureOf(regression.target, regression.problems);
    if (key !== undefined) out.add(key);
  }
  return out;
}
