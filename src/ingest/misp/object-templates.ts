// MISP object templates we map, relation by relation, to one STIX Cyber-observable (and,
// with to_ids, to one indicator over the same paths). Templates not listed here are kept
// as a note and reported as unmapped: their attributes only make sense together (a PE
// section's MD5 is not a file's MD5), so they are not split into loose attributes.
import type { ValueKind } from '../common/values.ts';

export interface RelationSpec {
  readonly path: string;
  readonly kind: ValueKind;
  /** The MISP attribute type of the relation in the template (for export). */
  readonly type: string;
}

export interface TemplateSpec {
  readonly relations: Readonly<Record<string, RelationSpec>>;
  /**
   * Relations of which at least one must be present for the object to stand as one
   * observable (a domain-ip object without a domain is only addresses); otherwise its
   * attributes are imported one by one by their own types.
   */
  readonly requires?: readonly string[];
}

const r = (path: string, kind: ValueKind, type: string): RelationSpec => ({ path, kind, type });
const hash = (algorithm: string, kind: ValueKind): RelationSpec => r(`file:hashes.'${algorithm}'`, kind, kind);

export const OBJECT_TEMPLATES: Readonly<Record<string, TemplateSpec>> = {
  // STIX 2.1 §6.7 file.
  file: {
    relations: {
      filename: r('file:name', 'text', 'filename'),
      md5: hash('MD5', 'md5'),
      sha1: hash('SHA-1', 'sha1'),
      sha224: hash('SHA-224', 'sha224'),
      sha256: hash('SHA-256', 'sha256'),
      sha384: hash('SHA-384', 'sha384'),
      sha512: hash('SHA-512', 'sha512'),
      'sha3-256': hash('SHA3-256', 'sha3-256'),
      'sha3-512': hash('SHA3-512', 'sha3-512'),
      ssdeep: hash('SSDEEP', 'ssdeep'),
      tlsh: hash('TLSH', 'tlsh'),
      'size-in-bytes': r('file:size', 'size', 'size-in-bytes'),
      mimetype: r('file:mime_type', 'text', 'mime-type'),
    },
  },
  // §6.4 domain-name with resolves_to_refs.
  'domain-ip': {
    relations: {
      domain: r('domain-name:value', 'domain', 'domain'),
      hostname: r('domain-name:value', 'domain', 'hostname'),
      ip: r('domain-name:resolves_to_refs[*].value', 'ip', 'ip-dst'),
    },
    requires: ['domain', 'hostname'],
  },
  // §6.12 network-traffic.
  'ip-port': {
    relations: {
      ip: r('network-traffic:dst_ref.value', 'ip', 'ip-dst'),
      'ip-dst': r('network-traffic:dst_ref.value', 'ip', 'ip-dst'),
      'ip-src': r('network-traffic:src_ref.value', 'ip', 'ip-src'),
      'dst-port': r('network-traffic:dst_port', 'port', 'port'),
      'src-port': r('network-traffic:src_port', 'port', 'port'),
    },
    requires: ['ip', 'ip-dst', 'ip-src'],
  },
  // §6.14 url.
  url: { relations: { url: r('url:value', 'url', 'url') }, requires: ['url'] },
  // §6.6 email-message.
  email: {
    relations: {
      from: r('email-message:from_ref.value', 'email', 'email-src'),
      to: r('email-message:to_refs[*].value', 'email', 'email-dst'),
      cc: r('email-message:cc_refs[*].value', 'email', 'email-dst'),
      bcc: r('email-message:bcc_refs[*].value', 'email', 'email-dst'),
      subject: r('email-message:subject', 'text', 'email-subject'),
      'email-body': r('email-message:body', 'text', 'email-body'),
      'reply-to': r("email-message:additional_header_fields.'Reply-To'", 'email', 'email-reply-to'),
      'x-mailer': r("email-message:additional_header_fields.'X-Mailer'", 'text', 'email-x-mailer'),
      'message-id': r("email-message:additional_header_fields.'Message-ID'", 'text', 'email-message-id'),
    },
  },
  // §6.13 windows-registry-key.
  'registry-key': { relations: { key: r('windows-registry-key:key', 'text', 'regkey') }, requires: ['key'] },
  // §6.15 x509-certificate.
  x509: {
    relations: {
      'x509-fingerprint-md5': r("x509-certificate:hashes.'MD5'", 'md5', 'x509-fingerprint-md5'),
      'x509-fingerprint-sha1': r("x509-certificate:hashes.'SHA-1'", 'sha1', 'x509-fingerprint-sha1'),
      'x509-fingerprint-sha256': r("x509-certificate:hashes.'SHA-256'", 'sha256', 'x509-fingerprint-sha256'),
      'serial-number': r('x509-certificate:serial_number', 'text', 'text'),
      issuer: r('x509-certificate:issuer', 'text', 'text'),
      subject: r('x509-certificate:subject', 'text', 'text'),
    },
  },
  // §6.1 autonomous-system.
  asn: { relations: { asn: r('autonomous-system:number', 'asn', 'AS'), description: r('autonomous-system:name', 'text', 'text') }, requires: ['asn'] },
};
