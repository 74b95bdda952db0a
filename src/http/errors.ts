// The one place where an error becomes an HTTP status and a body. Routes throw or return
// ApiError values; everything else that escapes is a 500 whose details stay in the log.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    void reply.code(404).send(body('not-found', `no route for ${request.method} ${request.url.split('?')[0]}`));
  });
  app.setErrorHandler((error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError) {
      return reply.code(error.status).send(body(error.code, error.message, error.details));
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send(body('internal', 'internal error; the details are in the server log'));
    }
    // Fastify's own client errors (body too large, bad content type, malformed JSON).
    return reply.code(status).send(body(clientCode(error), error.message));
  });
}

/**
 * Fastify answers a URL it cannot decode (`/api/objects/%zz`) or an over-long path parameter
 * before any route or error handler runs, with a body of its own; this gives those answers
 * our error body too (passed as Fastify's `frameworkErrors` option).
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply.code(tooLong ? 414 : 400).send(body(tooLong ? 'uri-too-long' : 'bad-url', tooLong ? 'a path segment is too long' : 'the URL is not valid (bad percent-encoding?)'));
}

function clientCode(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body-too-large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported-media-type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'malformed-json';
    default:
      return error.validation !== undefined ? 'invalid-request' : 'bad-request';
  }
}

function body(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}
