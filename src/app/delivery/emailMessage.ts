// The email of one delivery (issue 7 "Email over SMTP, text and attachment (the STIX bundle
// and the printable warning)"). The subject carries the portion mark, the body the banner
// at top and bottom (an email is a document too), the attachments the approved bundle
// (byte-exact: its SHA-256 is the approved hash) and the printable warning.
import { createHash } from 'node:crypto';
import type { DeliveryRow } from '../ports/deliveries.ts';
import type { MailMessage } from '../ports/mailer.ts';
import type { PartnerRoute } from './partnerRoute.ts';
import { paragraphsOf, portionMarkFor, renderPrintable } from './printable.ts';
import { DELIVERY_ID_HEADER, PRODUCT_HASH_HEADER, TEARLINE_IDEMPOTENCY_HEADER } from './webhookSignature.ts';

export interface BuiltEmail {
  readonly message: MailMessage;
  /** SHA-256 of the printable warning attached. */
  readonly documentSha256: string;
}

/** A Message-ID that is the same for every attempt of one idempotency key. */
export function messageIdFor(idempotencyKey: string, fromAddress: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(fromAddress)?.[1] ?? 'tearline.invalid';
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}

function fileStem(row: DeliveryRow): string {
  // Short enough that mail clients keep the name on one header line.
  return `warning-${row.productSha256.slice(0, 16)}`.replace(/[^A-Za-z0-9._-]+/g, '-');
}

export function buildEmail(row: DeliveryRow, route: PartnerRoute, from: string, ackUrl: string | null): BuiltEmail {
  const printable = renderPrintable({
    banner: row.banner,
    warningText: row.warningText,
    productId: row.productId,
    productSha256: row.productSha256,
    recipient: route.partner.name,
  });
  const body = paragraphsOf(row.warningText).map((p, i) => (p.startsWith('(') ? p : `${printable.portionMarks[i] ?? portionMarkFor(row.banner)} ${p}`));
  const text = [
    row.banner,
    '',
    `Warning for ${route.partner.name} (${route.partner.organization})`,
    '',
    ...body.flatMap((p) => [p, '']),
    `Product: ${row.productId}`,
    `SHA-256 of the attached STIX bundle: ${row.productSha256}`,
    `SHA-256 of the attached printable warning: ${printable.sha256}`,
    `Delivery: ${row.id}`,
    ...(ackUrl === null ? [] : ['', `Please acknowledge receipt: ${ackUrl}`]),
    '',
    row.banner,
    '',
  ].join('\n');
  const stem = fileStem(row);
  return {
    documentSha256: printable.sha256,
    message: {
      from,
      to: route.addresses,
      subject: `${portionMarkFor(row.banner)} Warning ${row.productId}`,
      text,
      attachments: [
        { filename: `${stem}.stix.json`, contentType: row.mediaType, content: Buffer.from(row.bundleJson, 'utf8') },
        { filename: `${stem}.html`, contentType: 'text/html; charset=utf-8', content: Buffer.from(printable.html, 'utf8') },
      ],
      messageId: messageIdFor(row.idempotencyKey, from),
      headers: {
        [TEARLINE_IDEMPOTENCY_HEADER]: row.idempotencyKey,
        [DELIVERY_ID_HEADER]: row.id,
        [PRODUCT_HASH_HEADER]: row.productSha256,
      },
    },
  };
}
