// Port: sending one email (issue 7 "Email over SMTP"). The adapter (src/delivery/smtp.ts)
// speaks SMTP; the application builds the message and decides what a failure means.
import type { SendOutcome } from './webhook.ts';

export interface MailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface MailMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly attachments: readonly MailAttachment[];
  /**
   * RFC 5322 Message-ID, derived from the delivery's idempotency key: a message resent after
   * a crash carries the same id, so the partner's mail system (or the partner) can drop the copy.
   */
  readonly messageId: string;
  /** Extra headers (X-Tearline-Idempotency-Key, X-Tearline-Product-SHA256). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface Mailer {
  /** Never throws for a delivery failure: connection refused, timeouts and SMTP errors are outcomes. */
  send(message: MailMessage): Promise<SendOutcome>;
}
