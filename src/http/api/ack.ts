// Acknowledgement links (issue 7): a partner acknowledges a delivery through the link in its
// email or webhook, without an account.
//   GET  /api/ack/:token   a page saying what would be acknowledged, with a button; it
//                          acknowledges nothing (mail scanners and link previews open links)
//   POST /api/ack/:token   acknowledges, once: JSON {acknowledgedBy?, note?} answers JSON,
//                          the page's form (application/x-www-form-urlencoded) answers a page
// Answers: 404 unknown or forged token, 410 expired or already used, 409 not yet delivered,
// 503 when this server has no acknowledgement secret. The token is the only credential:
// an HMAC of the delivery id and expiry under the server's secret (app/delivery/ackToken.ts).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock, Store } from '../../app/ports.ts';
import { acknowledgeWithToken, peekAckToken, type AckOutcome } from '../../app/delivery/acknowledge.ts';
import { escapeHtml } from '../../app/delivery/printable.ts';
import { PUBLIC } from '../auth/access.ts';
import { ApiError } from '../errors.ts';

export interface AckRouteOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Null: links are not configured here, and every token is refused with 503. */
  readonly ackSecret: string | null;
  readonly recorder: string | null;
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const FORM_TYPE = 'application/x-www-form-urlencoded';
const MAX_FORM_BYTES = 16 * 1024;

const STATUS: Readonly<Record<Exclude<AckOutcome, { ok: true }>['code'], number>> = {
  'invalid-token': 404,
  'not-found': 404,
  expired: 410,
  used: 410,
  'not-delivered': 409,
  'not-permitted': 403,
  'invalid-input': 400,
};

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
dt{font-weight:bold}label{display:block;margin-top:1rem}input,textarea{width:100%}button{margin-top:1rem;padding:.5rem 1rem}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

function sendPage(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).send(page(title, body));
}

function details(outcome: Extract<AckOutcome, { ok: true }>): string {
  const d = outcome.delivery;
  return `<dl>
<dt>For</dt><dd>${escapeHtml(d.partner)}</dd>
<dt>Delivered by</dt><dd>${escapeHtml(d.channel)}${d.sentAt === null ? '' : `, ${escapeHtml(d.sentAt)}`}</dd>
<dt>Product SHA-256</dt><dd><code>${escapeHtml(d.productSha256)}</code></dd>
<dt>Delivery</dt><dd><code>${escapeHtml(d.deliveryId)}</code></dd>
</dl>`;
}

export function registerAckRoutes(app: FastifyInstance, options: AckRouteOptions): void {
  const secret = (): string => {
    if (options.ackSecret === null) throw new ApiError(503, 'ack-not-configured', 'acknowledgement links are not configured on this server (TEARLINE_ACK_SECRET)');
    return options.ackSecret;
  };
  const ctx = () => ({ store: options.store, clock: options.clock, ackSecret: secret(), recorder: options.recorder });

  void app.register(async (scope) => {
    scope.addContentTypeParser(FORM_TYPE, { parseAs: 'string', bodyLimit: MAX_FORM_BYTES }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    scope.get('/api/ack/:token', { config: { access: PUBLIC } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const outcome = await peekAckToken(ctx(), token);
      if (!outcome.ok) return sendPage(reply, STATUS[outcome.code], 'This acknowledgement link cannot be used', `<p>${escapeHtml(outcome.message)}.</p>`);
      return sendPage(reply, 200, 'Acknowledge receipt of a warning', `${details(outcome)}
<form method="post" action="${escapeHtml(`/api/ack/${encodeURIComponent(token)}`)}">
<label>Your name and function (optional)<input name="acknowledgedBy" maxlength="200" autocomplete="name"></label>
<label>Note (optional)<textarea name="note" maxlength="4000" rows="4"></textarea></label>
<button type="submit">Acknowledge receipt</button>
</form>`);
    });

    scope.post('/api/ack/:token', { config: { access: PUBLIC } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const isForm = String(request.headers['content-type'] ?? '').startsWith(FORM_TYPE);
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
      const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
      const by = text(body.acknowledgedBy);
      const note = text(body.note);
      const outcome = await acknowledgeWithToken(ctx(), token, { ...(by === undefined ? {} : { acknowledgedBy: by }), ...(note === undefined ? {} : { note }) });
      if (!outcome.ok) {
        if (isForm) return sendPage(reply, STATUS[outcome.code], 'This acknowledgement link cannot be used', `<p>${escapeHtml(outcome.message)}.</p>`);
        throw new ApiError(STATUS[outcome.code], outcome.code, outcome.message);
      }
      if (isForm) return sendPage(reply, 200, 'Thank you: receipt acknowledged', details(outcome));
      return { acknowledged: true, delivery: outcome.delivery };
    });
  });
}
