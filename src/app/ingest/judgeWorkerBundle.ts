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
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
  return manifest;
}

function replaceFile(path: string, contents: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
