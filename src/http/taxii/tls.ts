// TLS for the server when a certificate and key are configured (TAXII 2.1 §1.6.6: TAXII
// runs over HTTPS; §8.2.2: MUST accept TLS 1.2, SHOULD accept TLS 1.3, MUST NOT use TLS 1.3
// 0-RTT (Node's server never accepts early data), SHOULD NOT accept the TLS 1.2 cipher
// suites of RFC 7540 Appendix A: only ECDHE key exchange with AEAD ciphers remain).
import type { SecureContextOptions, TlsOptions } from 'node:tls';

const CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

export interface TlsFiles {
  /** PEM certificate chain. */
  readonly cert: string | Buffer;
  /** PEM private key. */
  readonly key: string | Buffer;
}

export function tlsServerOptions(files: TlsFiles): TlsOptions & SecureContextOptions {
  return { cert: files.cert, key: files.key, minVersion: 'TLSv1.2', ciphers: CIPHERS, honorCipherOrder: true };
}
