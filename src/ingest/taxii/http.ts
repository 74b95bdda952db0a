// One HTTP exchange for the TAXII client, over node:https (or node:http to a loopback host),
// with its failures as values. TLS is always verified (TAXII 2.1 §8.5.2); there is no switch
// to turn that off. Extra certificate authorities (`ca`) are trusted in addition to the
// system's, for a partner with a private CA or a self-signed certificate pinned on purpose.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { RemoteResult } from '../../app/ports/taxii.ts';

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** PEM certificate authorities trusted besides the system's. */
  readonly ca?: string;
  readonly timeoutMs: number;
  /** A larger response is refused (and not read into memory). */
  readonly maxBytes: number;
}

/** TLS failures that no retry can fix: an untrusted, expired or misnamed certificate. */
const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_NOT_YET_VALID', 'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
]);

export function send(req: HttpRequest): Promise<RemoteResult<HttpResponse>> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: RemoteResult<HttpResponse>): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const https = req.url.protocol === 'https:';
    const options = {
      method: req.method,
      headers: { ...req.headers, ...(req.body === undefined ? {} : { 'content-length': String(req.body.byteLength) }) },
      timeout: req.timeoutMs,
      ...(https ? { ca: req.ca === undefined ? undefined : [...rootCertificates, req.ca], rejectUnauthorized: true, minVersion: 'TLSv1.2' as const } : {}),
    };
    const outgoing = (https ? httpsRequest : httpRequest)(req.url, options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > req.maxBytes) {
          response.destroy();
          finish({ ok: false, error: { kind: 'protocol', status: response.statusCode, message: `the response is larger than ${req.maxBytes} bytes` } });
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => finish({ ok: true, value: { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks, size) } }));
      response.on('error', (error) => finish({ ok: false, error: { kind: 'network', message: `the response broke off: ${error.message}` } }));
    });
    outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error(`no answer within ${req.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      const tls = TLS_CODES.has(code) || /certificate|ssl|tls/i.test(error.message);
      finish({ ok: false, error: { kind: tls ? 'tls' : 'network', message: `${req.url.origin}: ${error.message}${code === '' ? '' : ` (${code})`}` } });
    });
    outgoing.end(req.body);
  });
}
