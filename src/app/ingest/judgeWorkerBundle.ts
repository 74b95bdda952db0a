// The file a judge thread starts from: its TypeScript sources bundled into one plain module.
//
// Loading those ~46 modules one by one through tsx's loader made a thread ready only after
// ~480 ms, and the loader's own thread competed with the writing thread for the machine's two
// cores meanwhile; from one bundle a thread is ready in ~90 ms. The bundle is cached next to
// the dependencies and rebuilt (esbuild, ~50 ms) whenever any of its inputs changed: a judge
// thread never runs code older than the sources beside it.
//
// When the cache cannot be written (a read-only install) the thread loads the sources through
// tsx as before (judgeWorker.mjs): slower to start, same code.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

const FROM_SOURCES = new URL('./judgeWorker.mjs', import.meta.url);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const JUDGE_THREAD: BundleSite = {
  entry: fileURLToPath(new URL('./judgeWorkerMain.ts', import.meta.url)),
  root: ROOT,
  cache: join(ROOT, 'node_modules', '.cache', 'tearline'),
  name: 'judge-worker',
};

/** One bundle: its entry module, the directory its inputs are named from, where it is cached. */
export interface BundleSite {
  readonly entry: string;
  readonly root: string;
  readonly cache: string;
  readonly name: string;
}

/** What the cache records of the last build: each input's digest, and the bundle built from them. */
interface Manifest {
  readonly inputs: Record<string, string>;
  readonly bundle: string;
}

let chosen: URL | undefined;

/** The judge thread's entry: the cached bundle, rebuilt first when stale; the sources when it can't be. */
export function judgeWorkerEntry(): URL {
  chosen ??= currentBundle(JUDGE_THREAD) ?? FROM_SOURCES;
  return chosen;
}

/** The cached bundle of `site`, built first if missing or older than any input; undefined if it can't be. */
export function currentBundle(site: BundleSite): URL | undefined {
  const cached = readManifest(site);
  if (cached !== undefined && isCurrent(site, cached)) return pathToFileURL(join(site.cache, cached.bundle));
  try {
    return pathToFileURL(join(site.cache, build(site).bundle));
  } catch {
    return undefined;
  }
}

function manifestPath(site: BundleSite): string {
  return join(site.cache, `${site.name}.json`);
}

function readManifest(site: BundleSite): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(manifestPath(site), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

function isCurrent(site: BundleSite, manifest: Manifest): boolean {
  try {
    if (!existsSync(join(site.cache, manifest.bundle))) return false;
    return Object.entries(manifest.inputs).every(([path, digest]) => digestOf(readFileSync(join(site.root, path))) === digest);
  } catch {
    return false;
  }
}

function build(site: BundleSite): Manifest {
  const result = buildSync({
    entryPoints: [site.entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: site.root,
  });
  const code = result.outputFiles[0]?.contents;
  if (code === undefined) throw new Error(`esbuild produced no bundle for ${site.entry}`);
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = relative(site.root, join(site.root, input));
    inputs[path] = digestOf(readFileSync(join(site.root, path)));
  }
  const manifest: Manifest = { inputs, bundle: `${site.name}-${digestOf(code).slice(0, 16)}.mjs` };
  mkdirSync(site.cache, { recursive: true });
  // Written under a unique name, then renamed: a process starting at the same moment sees
  // the old files or the new ones, never half of either.
  replaceFile(join(site.cache, manifest.bundle), code);
  replaceFile(manifestPath(site), JSON.stringify(manifest));
  pruneSuperseded(site, manifest.bundle, Date.now());
  return manifest;
}

/**
 * How long a superseded bundle is kept. A process that read the previous manifest may be about
 * to start a thread from the bundle it names; an hour is far longer than that takes.
 */
export const SUPERSEDED_BUNDLE_GRACE_MS = 60 * 60 * 1000;

/**
 * Removes this site's bundles other than `current`, and temporary files a crash left behind,
 * once older than the grace period: each edit of a judge source builds a new bundle, and
 * without this a developer's cache grew by one for every edit. Best effort: a file that cannot
 * be removed stays.
 */
export function pruneSuperseded(site: BundleSite, current: string, now: number): void {
  let names: string[];
  try {
    names = readdirSync(site.cache);
  } catch {
    return;
  }
  const ours = new RegExp(`^${site.name}-[0-9a-f]{16}\\.mjs(\\..*\\.tmp)?$|^${site.name}\\.json\\..*\\.tmp$`);
  for (const name of names) {
    if (name === current || !ours.test(name)) continue;
    const path = join(site.cache, name);
    try {
      if (now - statSync(path).mtimeMs > SUPERSEDED_BUNDLE_GRACE_MS) rmSync(path, { force: true });
    } catch {
      // Removed meanwhile by another process, or not ours to remove: either way, left.
    }
  }
}

function replaceFile(path: string, contents: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
