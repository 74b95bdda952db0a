// Builds the analyst workbench into web/dist, which `tearline serve` serves at `/`.
// Everything is bundled from this repository: no CDN, no web fonts, works offline.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = dirname(fileURLToPath(import.meta.url));
const webSrc = resolve(webRoot, 'src') + sep;
const wireTypes = resolve(webRoot, '../src/http/wire.ts');

/**
 * ARCHITECTURE.md: the UI talks to the HTTP API only. The one file it may share with the
 * server is src/http/wire.ts (types); any other import that leaves web/src fails the build.
 */
function onlyWireTypesFromServer(): Plugin {
  const specifier = /\b(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  return {
    name: 'tearline:only-wire-types-from-server',
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith(webSrc)) return null;
      for (const match of code.matchAll(specifier)) {
        const target = match[1] ?? match[2] ?? '';
        if (!target.startsWith('.')) continue;
        const absolute = resolve(dirname(id), target);
        if (absolute.startsWith(webSrc) || absolute === wireTypes) continue;
        this.error(`${relative(webRoot, id)} imports '${target}': web/ may import only ../src/http/wire.ts from the server`);
      }
      return null;
    },
  };
}

/**
 * The entry (main.tsx) is small: it begins the first load's requests, then imports the
 * workbench (start.tsx) dynamically. index.html names the workbench's chunks as modulepreload
 * links so the browser fetches and compiles them alongside the entry, not after it has run.
 */
function preloadWorkbench(): Plugin {
  return {
    name: 'tearline:preload-workbench',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        // The dev server has no bundle: it serves modules one by one.
        if (context.bundle === undefined) return [];
        const chunks = Object.values(context.bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
        const start = chunks.find((chunk) => chunk.facadeModuleId === resolve(webSrc, 'start.tsx'));
        if (start === undefined) throw new Error('tearline:preload-workbench: no chunk for src/start.tsx');
        const entryChunks = chunks.filter((chunk) => chunk.isEntry);
        // The entry runs before the workbench loads only while it is small: no React, no view.
        const heavy = entryChunks.flatMap((chunk) => chunk.moduleIds).filter((id) => id.includes('/node_modules/react') || id.startsWith(resolve(webSrc, 'views') + sep) && !id.endsWith('boardReads.ts'));
        if (heavy.length > 0) throw new Error(`tearline:preload-workbench: the entry chunk must not carry ${heavy.map((id) => relative(webRoot, id)).join(', ')}`);
        const entries = new Set(entryChunks.map((chunk) => chunk.fileName));
        const files = [start.fileName, ...start.imports.filter((file) => !entries.has(file))];
        return files.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

/**
 * The workbench chunk (start.tsx: React and the shell) runs at once on every load, so V8 is
 * told to compile all of it while the file streams in, on a background thread, instead of
 * function by function on the page's main thread as each is first called (V8's explicit
 * compile hints; a comment, so a browser without them loses nothing). Added once the chunk is
 * minified, which would drop it.
 */
function compileWorkbenchEagerly(): Plugin {
  return {
    name: 'tearline:compile-workbench-eagerly',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      // After Vite's own post-processing, which puts code before the chunk's first line: the
      // comment works only as the file's first line.
      order: 'post',
      handler(_options, bundle) {
        for (const output of Object.values(bundle)) {
          if (output.type === 'chunk' && output.facadeModuleId === resolve(webSrc, 'start.tsx')) output.code = `//# allFunctionsCalledOnLoad\n${output.code}`;
        }
      },
    },
  };
}

export default defineConfig(({ isSsrBuild }) => ({
  root: webRoot,
  base: '/',
  plugins: [onlyWireTypesFromServer(), react(), preloadWorkbench(), compileWorkbenchEagerly()],
  // The server's build carries React in it, in its production form: the server process does
  // not run with NODE_ENV=production, and React's development build renders several times slower.
  ...(isSsrBuild === true ? { ssr: { noExternal: true }, define: { 'process.env.NODE_ENV': JSON.stringify('production') }, publicDir: false } : {}),
  build: {
    outDir: resolve(webRoot, isSsrBuild === true ? 'dist-server' : 'dist'),
    emptyOutDir: true,
    // No data: URIs, so the Content-Security-Policy can allow images from 'self' only.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    target: 'es2022',
  },
  server: {
    // `npm run dev:web` proxies the API to a running `tearline serve`.
    proxy: { '/api': process.env.TEARLINE_API_URL ?? 'http://127.0.0.1:8414' },
  },
}));
