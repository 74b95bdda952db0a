// The partner's side of deliveries, alive in the campaign's own process across every kill: a
// webhook endpoint over loopback HTTP (verifying each signature with the partner-side
// verifier, answering 503 to the first attempts of some deliveries so retries happen) and
// the real SMTP server (smtp-server) on loopback. Each keeps every copy it received with
// its idempotency key (the Idempotency-Key header; the Message-ID, derived from the key,
// for email) and the server process that sent it, so the deliveries check can count copies.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { verifyTearlineWebhook } from '../../src/delivery/verifyWebhook.ts';

export interface Reception {
  readonly channel: 'webhook' | 'email';
  /** The Idempotency-Key header, or the Message-ID of an email. */
  readonly key: string;
  /** X-Tearline-Delivery-Id (webhook only). */
  readonly deliveryId: string | null;
  /** The server process (life) running when it arrived. */
  readonly life: number;
  readonly at: number;
  /** What the receiver answered: 200 kept (or a copy of what it kept), 503 try later, 401 bad signature. */
  readonly status: number;
  /** SHA-256 of the body (webhook: the product bytes). */
  readonly bodySha256: string;
  /** X-Tearline-Product-SHA256 (webhook only). */
  readonly productSha256: string | null;
}

export interface Receivers {
  readonly webhookUrl: string;
  readonly smtpUrl: string;
  readonly receptions: Reception[];
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /** The life to stamp on what arrives now. */
  readonly life: () => number;
  readonly webhookSecret: string;
  /** 503s a webhook delivery gets before it is kept (decided per key, so a retry sees the same plan). */
  readonly refusalsFor: (key: string) => number;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function startReceivers(options: ReceiverOptions): Promise<Receivers> {
  const receptions: Reception[] = [];
  const refused = new Map<string, number>();
  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined); // the sender died mid-body: nothing arrived
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const key = String(req.headers['idempotency-key'] ?? '');
      const productSha256 = header(req.headers['x-tearline-product-sha256']);
      const verdict = verifyTearlineWebhook(body, { signature: header(req.headers['x-tearline-signature']) ?? undefined, productSha256: productSha256 ?? undefined }, options.webhookSecret, {
        nowSeconds: Math.floor(Date.now() / 1000),
      });
      let status = 200;
      if (!verdict.ok) status = 401;
      else if ((refused.get(key) ?? 0) < options.refusalsFor(key)) {
        refused.set(key, (refused.get(key) ?? 0) + 1);
        status = 503;
      }
      receptions.push({ channel: 'webhook', key, deliveryId: header(req.headers['x-tearline-delivery-id']), life: options.life(), at: Date.now(), status, bodySha256: sha256(body), productSha256 });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'kept' : status === 503 ? 'try later' : 'bad signature');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const key = /^message-id:\s*(<[^>\r\n]+>)/im.exec(raw)?.[1] ?? '';
        receptions.push({ channel: 'email', key, deliveryId: null, life: options.life(), at: Date.now(), status: 250, bodySha256: sha256(raw), productSha256: null });
        callback(null, `kept as m${receptions.length}`);
      });
    },
  });
  // A sender killed mid-session leaves a broken connection: that is the point, not an error.
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const webhookPort = (http.address() as AddressInfo).port;
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  return {
    webhookUrl: `http://127.0.0.1:${webhookPort}/partner/warnings`,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    receptions,
    async close() {
      http.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => http.close(() => resolve())), new Promise<void>((resolve) => smtp.close(() => resolve()))]);
    },
  };
}

function header(value: string | string[] | undefined): string | null {
  return typeof value === 'string' ? value : null;
}
