// The partners' side of the wire, as real peers on loopback: a webhook endpoint (node:http)
// that keeps every raw body and header it is sent and checks the signature with the
// partner-side verifier, and an SMTP server (smtp-server) that keeps every raw message. What
// they keep is what a partner receives, byte for byte; the leak scan reads it from here.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { verifyTearlineWebhook, type WebhookVerdict } from '../../src/delivery/verifyWebhook.ts';

export interface ReceivedWebhook {
  /** The path posted to: one per partner (`/hooks/<handle>`). */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly verdict: WebhookVerdict;
}

export interface WebhookReceiver {
  readonly baseUrl: string;
  readonly received: ReceivedWebhook[];
  close(): Promise<void>;
}

/** Answers 200 to every signed POST (secrets by path), 401 to anything it cannot verify. */
export async function webhookReceiver(secretFor: (path: string) => string | undefined): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '';
      const secret = secretFor(path);
      const verdict: WebhookVerdict = secret === undefined
        ? { ok: false, reason: 'mismatch' }
        : verifyTearlineWebhook(body, {
          signature: req.headers['x-tearline-signature'] as string | undefined,
          productSha256: req.headers['x-tearline-product-sha256'] as string | undefined,
        }, secret);
      received.push({ path, headers: req.headers, body, verdict });
      res.writeHead(verdict.ok ? 200 : 401, { 'content-type': 'text/plain' }).end(verdict.ok ? 'stored' : 'refused');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  /** The message exactly as it came over SMTP (headers and encoded body). */
  readonly raw: Buffer;
}

export interface SmtpReceiver {
  readonly url: string;
  readonly messages: ReceivedMail[];
  close(): Promise<void>;
}

export async function smtpReceiver(): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback(null, `queued as m${messages.length}`);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
