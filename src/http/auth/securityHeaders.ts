// Security headers on every response, API included (issue 8 "Hardening"; OWASP HTTP Security
// Response Headers Cheat Sheet). The UI's HTML gets its own content security policy from
// static.ts; everything else is data that must never be rendered, framed or cached.
import type { FastifyInstance, FastifyReply } from 'fastify';

const API_CSP = "default-src 'none'; frame-ancestors 'none'";
const ONE_YEAR = 365 * 24 * 60 * 60;

export function installSecurityHeaders(app: FastifyInstance): void {
  // A callback hook: nothing here waits, and an async one costs a promise on every response.
  app.addHook('onSend', (request, reply, payload, done) => {
    setIfAbsent(reply, 'x-content-type-options', 'nosniff');
    setIfAbsent(reply, 'referrer-policy', 'no-referrer');
    setIfAbsent(reply, 'x-frame-options', 'DENY');
    setIfAbsent(reply, 'cross-origin-resource-policy', 'same-origin');
    const type = String(reply.getHeader('content-type') ?? '');
    // A 304 carries no body: browsers merge its headers into the cached page, so the data
    // policy on it would replace the page's own policy and block its scripts on reload.
    if (reply.statusCode !== 304 && !type.startsWith('text/html')) setIfAbsent(reply, 'content-security-policy', API_CSP);
    // Answers about people and protected objects must not stay in shared or browser caches.
    if (request.url.startsWith('/api/')) setIfAbsent(reply, 'cache-control', 'no-store');
    // RFC 6797: only meaningful, and only allowed to be honoured, over TLS.
    if (request.protocol === 'https') setIfAbsent(reply, 'strict-transport-security', `max-age=${ONE_YEAR}`);
    done(null, payload);
  });
}

function setIfAbsent(reply: FastifyReply, name: string, value: string): void {
  if (!reply.hasHeader(name)) reply.header(name, value);
}
