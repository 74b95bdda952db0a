// Mailer adapter over SMTP with nodemailer (issue 7 "Email over SMTP"). One connection per
// message (no pool): a dispatcher sends a handful of warnings, not a newsletter, and a fresh
// connection never fails on a socket the relay closed while idle.
//
// What a failure means for the retry policy (RFC 5321 §4.2.1): no connection, a timeout or
// a 4yz reply is transient (retry); a 5yz reply is permanent (dead letter at once).
import nodemailer from 'nodemailer';
import type { Mailer, MailMessage } from '../app/ports/mailer.ts';
import type { SendOutcome } from '../app/ports/webhook.ts';

export interface SmtpSettings {
  /** `smtp://user:pass@host:port` or `smtps://…` (TLS from the first byte). */
  readonly url: string;
  /** Connect, greeting and idle socket timeout, in ms. */
  readonly timeoutMs: number;
  /**
   * Require STARTTLS on smtp:// (default true). Only a relay on loopback may go without
   * (tests, a local MTA): warnings are not sent in clear text across a network.
   */
  readonly requireTls?: boolean;
  /** Extra CA (PEM) for a relay with a private certificate. */
  readonly ca?: string;
}

interface SmtpError {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly message: string;
}

export function smtpFailure(error: unknown): SendOutcome {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpError;
  const detail = e.response ?? e.message;
  if (typeof e.responseCode === 'number') {
    const permanent = e.responseCode >= 500 && e.responseCode < 600;
    return { ok: false, error: `smtp: ${e.responseCode} ${detail}`, retryable: !permanent };
  }
  return { ok: false, error: `smtp: ${e.code === undefined ? '' : `${e.code} `}${detail}`, retryable: true };
}

export function smtpMailer(settings: SmtpSettings): Mailer {
  const url = new URL(settings.url);
  const loopback = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname);
  const requireTls = settings.requireTls ?? !loopback;
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (url.protocol === 'smtps:' ? 465 : 587) : Number(url.port),
    secure: url.protocol === 'smtps:',
    requireTLS: requireTls,
    ignoreTLS: !requireTls && loopback,
    ...(url.username === '' ? {} : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    ...(settings.ca === undefined ? {} : { tls: { ca: settings.ca } }),
  });
  return {
    async send(message: MailMessage): Promise<SendOutcome> {
      try {
        const info = await transport.sendMail({
          from: message.from,
          to: [...message.to],
          subject: message.subject,
          text: message.text,
          messageId: message.messageId,
          headers: { ...message.headers },
          attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })),
        });
        const rejected = (info.rejected ?? []).map(String);
        if (rejected.length > 0 && rejected.length === message.to.length) {
          return { ok: false, error: `smtp: every recipient was refused (${rejected.join(', ')})`, retryable: false };
        }
        return { ok: true, receipt: `smtp: ${String(info.response)}${rejected.length > 0 ? ` (refused: ${rejected.join(', ')})` : ''}` };
      } catch (error) {
        return smtpFailure(error);
      }
    },
  };
}
