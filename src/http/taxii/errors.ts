// TAXII's own errors: the error message resource (TAXII 2.1 §3.6.1) with the status the
// endpoint tables give, in the TAXII media type (§3.1), from a handler scoped to the TAXII
// routes so the REST API keeps its own format (src/http/errors.ts).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TAXII_MEDIA_TYPE } from './mediaTypes.ts';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class TaxiiError extends Error {
  constructor(
    readonly status: number,
    /** error_code: a stable, application-specific name of the condition. */
    readonly code: string,
    /** description: what went wrong, for a person. */
    readonly description: string,
    readonly headers: Readonly<Record<string, string | readonly string[]>> = {},
  ) {
    super(description);
    this.name = 'TaxiiError';
  }
}

/** §3.6.1 error: title required; http_status, when present, MUST match the HTTP status. */
export function errorBody(status: number, code: string, description: string): string {
  return JSON.stringify({ title: TITLES[status] ?? `HTTP ${status}`, description, error_code: code, http_status: String(status) });
}

export function sendTaxiiError(reply: FastifyReply, error: TaxiiError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
  return reply.code(error.status).type(TAXII_MEDIA_TYPE).send(errorBody(error.status, error.code, error.description));
}

/** Fastify's own client errors inside the TAXII scope, as TAXII errors. */
function fromFastify(error: FastifyError): TaxiiError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new TaxiiError(413, 'body-too-large', 'the request body is larger than the max_content_length of the API root');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new TaxiiError(error.statusCode === 415 ? 415 : 400, 'bad-body', error.message);
    default:
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        return new TaxiiError(error.statusCode, 'bad-request', error.message);
      }
      return null;
  }
}

/** Errors a Store reports carry a stable `code` (src/storage/errors.ts); http may not import storage. */
function fromStore(error: unknown): TaxiiError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'invalid_cursor') return new TaxiiError(400, 'invalid-next', 'the next parameter is not one this server issued (§3.4)');
  if (code === 'unknown_collection') return new TaxiiError(404, 'not-found', 'the collection was not found');
  return null;
}

export function installTaxiiErrorHandling(scope: FastifyInstance): void {
  scope.setErrorHandler((error: FastifyError | TaxiiError, request: FastifyRequest, reply: FastifyReply) => {
    const taxii = error instanceof TaxiiError ? error : fromStore(error) ?? fromFastify(error);
    if (taxii !== null) return sendTaxiiError(reply, taxii);
    request.log.error({ err: error }, 'unhandled TAXII error');
    return sendTaxiiError(reply, new TaxiiError(500, 'internal', 'internal error; the details are in the server log'));
  });
  scope.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    void sendTaxiiError(reply, new TaxiiError(404, 'not-found', `no TAXII endpoint at ${request.url.split('?')[0]}`));
  });
}
