// Serves the analyst workbench (web/dist, built by `npm run build:web`) at `/`.
//
// Files are looked up per request, so a rebuild while the server runs is served at once, and
// a path with no file falls through to the JSON 404 of errors.ts (the /api routes are more
// specific and always win). The UI routes with the URL hash, so the server never needs to
// answer unknown paths with index.html.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { drawnBoard, firstLoadData, hasSessionCookie, streamWithFirstLoad, withoutModulePreloads } from './firstLoad.ts';
import { loadFirstViewDrawer, type DrawFirstView } from './firstView.ts';

/** Where `npm run build:web` writes the UI. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface StaticAssetOptions {
  /** Directory holding index.html and assets/; defaults to web/dist. */
  readonly root?: string;
  /** The server build of the first view (firstView.ts); defaults to web/dist-server's; null: draw nothing. */
  readonly firstViewModule?: string | null;
}

// The UI is one bundled script and one stylesheet from this origin: no inline script or
// style elements, no other origin, never framed (clickjacking), no plugins. (A signed-in
// page's first-load data is a JSON data block, which is never run: firstLoad.ts.)
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export function registerStaticAssets(app: FastifyInstance, options: StaticAssetOptions = {}): void {
  const root = options.root ?? WEB_DIST_DIR;
  // An encapsulated scope: the header hook applies to these routes only, not to the API.
  void app.register(async (scope) => {
    scope.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      applySecurityHeaders(reply);
      return payload;
    });
    const assetsDir = join(root, 'assets') + sep;
    await scope.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: true,
      index: false,
      dotfiles: 'ignore',
      cacheControl: false,
      // A missing web/dist is reported at `/` (below), not as a startup warning.
      suppressWarning: true,
      setHeaders: (reply: FastifyReply, path: string) => {
        reply.header('cache-control', cacheControlFor(path, assetsDir));
      },
    });
    const index = join(root, 'index.html');
    // Loaded in the background, so that start-up does not wait for it; the first signed-in
    // page does, if it comes first.
    const drawerLoad: Promise<DrawFirstView | null> = options.firstViewModule === null
      ? Promise.resolve(null)
      : loadFirstViewDrawer(options.firstViewModule).catch((error: unknown) => {
        app.log.warn({ err: error }, 'the first view cannot be drawn on the server: pages go without it');
        return null;
      });
    scope.get('/', async (request, reply) => {
      if (!existsSync(index)) return missingBuild(reply, root);
      // Without a session the page is the file as built; with one, the page also carries the
      // first load's data when the session is valid (firstLoad.ts).
      if (!hasSessionCookie(request.headers.cookie)) return reply.sendFile('index.html');
      // The file first, the reads after: the page's head (its stylesheet and scripts) then goes
      // out at once, before the reads take the event loop (measured: the stylesheet, which holds
      // back the first drawing, arrived 150-300 ms later when the file was read after them).
      const html = withoutModulePreloads(await readFile(index, 'utf8'));
      const drawer = await drawerLoad;
      const data = firstLoadData(app, request.headers.cookie).catch((error: unknown) => {
        request.log.warn({ err: error }, 'the first load data could not be read: the page goes without it');
        return null;
      });
      const draw = drawer === null ? undefined : (block: string): string | null => {
        try {
          return drawnBoard(drawer, block);
        } catch (error) {
          request.log.warn({ err: error }, 'the first view could not be drawn: the page goes without it');
          return null;
        }
      };
      const page = streamWithFirstLoad(html, data, draw);
      // This page may hold one person's data: never stored, by the browser or anyone between.
      return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
    });
  });
}

/**
 * Vite names everything under assets/ by content hash, so those never change and may be
 * cached for good; index.html names the current hashes, so it is revalidated every time.
 */
export function cacheControlFor(path: string, assetsDir: string): string {
  if (path.startsWith(assetsDir)) return `public, max-age=${ONE_YEAR_SECONDS}, immutable`;
  if (path.endsWith('.html')) return 'no-cache';
  return 'public, max-age=3600';
}

function applySecurityHeaders(reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-resource-policy', 'same-origin');
  const type = String(reply.getHeader('content-type') ?? '');
  if (type.startsWith('text/html')) {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
  }
}

function missingBuild(reply: FastifyReply, root: string): FastifyReply {
  return reply
    .code(503)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(missingBuildPage(root));
}

function missingBuildPage(root: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Tearline: web UI not built</title></head>
<body>
<h1>The Tearline web UI has not been built</h1>
<p>No <code>index.html</code> was found in <code>${escapeHtml(root)}</code>.</p>
<p>Run <code>npm run build:web</code> and restart the server. (<code>npm start</code> builds it for you.)</p>
<p>The API is up: <a href="/api/health">/api/health</a>.</p>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
