import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentBundle, judgeWorkerEntry, SUPERSEDED_BUNDLE_GRACE_MS, type BundleSite } from './judgeWorkerBundle.ts';

function site(): BundleSite & { dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), 'tearline-bundle-'));
  writeFileSync(join(root, 'main.ts'), "import { answer } from './answer.ts';\nexport const result: number = answer * 2;\n");
  writeFileSync(join(root, 'answer.ts'), 'export const answer: number = 21;\n');
  return { entry: join(root, 'main.ts'), root, cache: join(root, 'cache'), name: 'probe', dispose: () => rmSync(root, { recursive: true, force: true }) };
}

test('builds a module graph into one plain module and reuses it while no input changed', async () => {
  const probe = site();
  try {
    const first = currentBundle(probe);
    assert.ok(first !== undefined);
    assert.equal(((await import(first.href)) as { result: number }).result, 42);
    const builtAt = statSync(fileURLToPath(first)).mtimeMs;
    const second = currentBundle(probe);
    assert.equal(second?.href, first.href);
    assert.equal(statSync(fileURLToPath(first)).mtimeMs, builtAt, 'an up-to-date bundle is not written again');
  } finally {
    probe.dispose();
  }
});

test('a changed input, even one only imported, gives a new bundle with the new code', async () => {
  const probe = site();
  try {
    const before = currentBundle(probe);
    writeFileSync(join(probe.root, 'answer.ts'), 'export const answer: number = 50;\n');
    const after = currentBundle(probe);
    assert.ok(before !== undefined && after !== undefined);
    assert.notEqual(after.href, before.href);
    assert.equal(((await import(after.href)) as { result: number }).result, 100);
  } finally {
    probe.dispose();
  }
});

test('a rebuild removes superseded bundles once past the grace period, and nothing else', () => {
  const probe = site();
  try {
    const first = currentBundle(probe);
    assert.ok(first !== undefined);
    const old = (Date.now() - SUPERSEDED_BUNDLE_GRACE_MS - 60_000) / 1000;
    const files = {
      oldBundle: join(probe.cache, 'probe-0123456789abcdef.mjs'),
      oldLeftover: join(probe.cache, 'probe-0123456789abcdef.mjs.4242.1700000000000.tmp'),
      oldManifestLeftover: join(probe.cache, 'probe.json.4242.1700000000000.tmp'),
      recentBundle: join(probe.cache, 'probe-fedcba9876543210.mjs'),
      otherSite: join(probe.cache, 'judge-worker-0123456789abcdef.mjs'),
      unrelated: join(probe.cache, 'notes.txt'),
    };
    for (const path of Object.values(files)) writeFileSync(path, 'x');
    for (const key of ['oldBundle', 'oldLeftover', 'oldManifestLeftover', 'otherSite', 'unrelated'] as const) utimesSync(files[key], old, old);

    writeFileSync(join(probe.root, 'answer.ts'), 'export const answer: number = 7;\n');
    const second = currentBundle(probe);
    assert.ok(second !== undefined && second.href !== first.href);
    assert.ok(existsSync(fileURLToPath(second)), 'the new bundle');
    assert.ok(existsSync(fileURLToPath(first)), 'the bundle it replaced: a process may be starting a thread from it');
    assert.ok(existsSync(files.recentBundle), 'a superseded bundle still within the grace period');
    assert.ok(!existsSync(files.oldBundle), 'a superseded bundle past the grace period');
    assert.ok(!existsSync(files.oldLeftover) && !existsSync(files.oldManifestLeftover), 'old temporary files of this site');
    assert.ok(existsSync(files.otherSite), "another site's bundle");
    assert.ok(existsSync(files.unrelated), 'a file that is not a bundle');
  } finally {
    probe.dispose();
  }
});

test('no bundle when the cache cannot be written, so the caller falls back to the sources', () => {
  const probe = site();
  try {
    // A file where the cache directory should be: nothing can be written there, even as root.
    writeFileSync(probe.cache, 'not a directory');
    assert.equal(currentBundle(probe), undefined);
  } finally {
    probe.dispose();
  }
});

test('no bundle for sources that do not build', () => {
  const probe = site();
  try {
    writeFileSync(join(probe.root, 'answer.ts'), 'export const answer: number = ;\n');
    assert.equal(currentBundle(probe), undefined);
  } finally {
    probe.dispose();
  }
});

test('the judge thread starts from a bundle of the current judge sources', () => {
  const entry = judgeWorkerEntry();
  assert.match(entry.pathname, /node_modules\/\.cache\/tearline\/judge-worker-[0-9a-f]{16}\.mjs$/);
  const code = readFileSync(entry, 'utf8');
  // The bundle holds the validator itself, not an import of the TypeScript sources.
  assert.match(code, /function validateObject\b/);
  assert.doesNotMatch(code, /from ['"][^'"]+\.ts['"]/);
});
